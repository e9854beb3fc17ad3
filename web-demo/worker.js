// Runs the extractor off the main thread, so typing never waits for it.
// Messages in: { id, text, format, published }. Out: { type: "ready", version },
// then per request { id, article, ms } or { id, error }.
import init, { extract, version } from "./pkg/nutgraf.js";

const ready = init().then(() => {
  // The first extraction unpacks the gazetteers and the model (once);
  // do it now rather than on the user's first keystroke.
  extract("Warm-up.");
  postMessage({ type: "ready", version: version() });
});

onmessage = async (event) => {
  const { id, text, format, published } = event.data;
  try {
    await ready;
    const options = { format: format ?? "auto" };
    if (published) options.published = published;
    const start = performance.now();
    const article = extract(text, options);
    const ms = performance.now() - start;
    postMessage({ type: "result", id, article, ms });
  } catch (error) {
    postMessage({ type: "result", id, error: String(error && error.message ? error.message : error) });
  }
};
