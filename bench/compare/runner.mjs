// What the Node runners of the comparison share (compromise_run.mjs,
// wink_run.mjs): reading the texts, the timing protocol, offsets in code
// points and the figures line. compare.py copies this file next to them.
import { readFileSync } from "node:fs";

/** The documents of a JSONL file (each with `id` and `text`). */
export function readDocs(path) {
  return readFileSync(path, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
}

/** UTF-16 index → code point index, for every index of `text` and its end. */
export function codePointMap(text) {
  const map = new Int32Array(text.length + 1);
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    map[i] = cp;
    const c = text.charCodeAt(i);
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) map[++i] = cp;
    cp++;
  }
  map[text.length] = cp;
  return map;
}

/**
 * Runs `run` on every text once (warm-up), then `passes` timed times, one
 * text at a time. Returns the last pass's results and the figures that
 * compare.py reads (characters are UTF-16 units, as the engine counts).
 */
export function timePasses(docs, passes, run) {
  for (const d of docs) run(d.text);
  const latencies = [];
  let results = [];
  const start = performance.now();
  for (let p = 0; p < passes; p++) {
    results = [];
    for (const d of docs) {
      const t = performance.now();
      results.push(run(d.text));
      latencies.push(performance.now() - t);
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const chars = docs.reduce((n, d) => n + d.text.length, 0) * passes;
  latencies.sort((a, b) => a - b);
  return {
    results,
    figures: {
      chars_per_s: chars / seconds,
      docs_per_s: (docs.length * passes) / seconds,
      p50_ms: latencies[Math.floor(latencies.length / 2)],
      p99_ms: latencies[Math.floor(latencies.length * 0.99)],
      peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    },
  };
}
