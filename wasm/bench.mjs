// Speed of the WebAssembly package, for the README and issue figures:
//
//   node wasm/bench.mjs [--browser]       (scripts/bench-wasm runs it)
//
// 1. Node: throughput on the texts of ../shared/eval/conll2003/dev.jsonl,
//    all layers, one thread, 20 timed passes after one warm-up (the same
//    protocol as `nutgraf-bench --stage extract`, for the native figure).
// 2. --browser: per-article time on the sample article in headless
//    Chromium (the demo's files served on 127.0.0.1, the package loaded in
//    the page), 200 timed extractions after 20 warm-ups: median and p90.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { extract } from "./pkg/node.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = path.join(root, "../shared/eval/conll2003/dev.jsonl");
const texts = readFileSync(dev, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l).text);
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
const chars = texts.reduce((n, t) => n + t.length, 0);

for (const t of texts) extract(t);
const passes = 20;
const start = performance.now();
for (let p = 0; p < passes; p++) for (const t of texts) extract(t);
const seconds = (performance.now() - start) / 1000;
console.log(`node ${process.version}: ${texts.length} articles, ${bytes} bytes, ${passes} passes`);
console.log(
  `node throughput  ${((bytes * passes) / seconds / 1e6).toFixed(2)} MB/s   ` +
    `${Math.round((chars * passes) / seconds)} characters/s   ${Math.round((texts.length * passes) / seconds)} articles/s`,
);

if (process.argv.includes("--browser")) {
  const { chromium } = await import("playwright-core");
  const { serve } = await import("../web-demo/serve.mjs");
  const { server, url } = await serve(0);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage();
    await page.goto(url);
    const sample = readFileSync(path.join(root, "tests/fixtures/paste/putin-zelenskyy.txt"), "utf8");
    const result = await page.evaluate(async (text) => {
      const m = await import("./pkg/nutgraf.js");
      const t0 = performance.now();
      await m.default();
      m.extract("Warm-up.");
      const initMs = performance.now() - t0;
      for (let i = 0; i < 20; i++) m.extract(text);
      const times = [];
      for (let i = 0; i < 200; i++) {
        const s = performance.now();
        m.extract(text);
        times.push(performance.now() - s);
      }
      times.sort((a, b) => a - b);
      return { initMs, median: times[100], p90: times[180], ua: navigator.userAgent };
    }, sample);
    console.log(`chromium: ${result.ua.match(/(?:Headless)?Chrome\/[\d.]+/)?.[0]}`);
    console.log(`chromium sample  median ${result.median.toFixed(2)} ms   p90 ${result.p90.toFixed(2)} ms   ` +
      `(${sample.length} characters; first load + unpack ${result.initMs.toFixed(0)} ms)`);
  } finally {
    await browser.close();
    server.close();
  }
}
