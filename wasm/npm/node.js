// Node entry of the nutgraf package: the one `--target web` build,
// instantiated synchronously from the .wasm next to this file, so `extract`
// works as soon as the import resolves. `init()` is kept (a no-op that
// resolves) so code written for browsers, `await init(); extract(…)`, runs
// unchanged in Node.
import { readFileSync } from "node:fs";
import { initSync } from "./nutgraf.js";

const exports = initSync({ module: readFileSync(new URL("./nutgraf_bg.wasm", import.meta.url)) });

export * from "./nutgraf.js";
export default async function init() {
  return exports;
}
