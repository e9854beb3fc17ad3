// Types of the Node entry: everything of the browser build, with an `init`
// that is already done.
export * from "./nutgraf.js";
import type { InitOutput } from "./nutgraf.js";
export default function init(): Promise<InitOutput>;
