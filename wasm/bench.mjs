// Speed of the WebAssembly package, for the README and issue figures:
//
//   node wasm/bench.mjs [--browser] [--file FILE.jsonl]
//
// 1. Node: throughput and per-article latency on the texts of FILE (default
//    ../shared/eval/conll2003/dev.jsonl), all layers, one thread, timed
//    passes after one warm-up pass (the protocol of `nutgraf-bench`).
// 2. --browser: the same in headless Chromium (the demo's files served on
//    127.0.0.1, the package loaded in the page), plus the per-extraction
//    median on the sample article (200 runs, after the JIT is warm).
//
// Besides the readable lines it prints `NODE {json}` and `CHROMIUM {json}`
// (chars_per_s, docs_per_s, p50_ms, p99_ms, peak_rss_mb: Node's own, and
// for Chromium the peak of the renderer that ran the page) for
// bench/compare/compare.py.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { extract } from "./pkg/node.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const file = args.includes("--file") ? args[args.indexOf("--file") + 1] : path.join(root, "../shared/eval/conll2003/dev.jsonl");
const texts = readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l).text);
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
const chars = [...texts.join("")].length;
// Enough passes for about 5 MB of text, at least 20.
const passes = Math.max(20, Math.ceil(5e6 / bytes));

/**
 * Peak resident memory (VmHWM) in MB of the largest renderer process among
 * the descendants of process `root` (Chromium's renderers are children of
 * its zygote, a child of the browser), read from /proc: the renderer that
 * ran the page. `null` where there is no /proc.
 */
function rendererPeakMb(root) {
  try {
    const parent = new Map();
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        // Fields after the command name, which may hold spaces: state, ppid, …
        parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
      } catch {
        // The process ended while we looked.
      }
    }
    const descends = (pid) => {
      for (let p = pid, hops = 0; p > 1 && hops < 16; p = parent.get(p) ?? 0, hops++) if (p === root) return true;
      return false;
    };
    let peak = null;
    for (const pid of parent.keys()) {
      if (pid === root || !descends(pid)) continue;
      try {
        if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("--type=renderer")) continue;
        const kb = Number(readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmHWM:\s+(\d+) kB/m)?.[1]);
        if (kb && (peak === null || kb / 1024 > peak)) peak = kb / 1024;
      } catch {
        // The process ended while we looked.
      }
    }
    return peak;
  } catch {
    return null;
  }
}

/** Times `run` over the texts: one warm-up pass, then `passes` timed ones. */
function measure(run, texts, passes) {
  for (const t of texts) run(t);
  const latencies = [];
  const start = performance.now();
  for (let p = 0; p < passes; p++) {
    for (const t of texts) {
      const s = performance.now();
      run(t);
      latencies.push(performance.now() - s);
    }
  }
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    seconds,
    docs_per_s: (texts.length * passes) / seconds,
    p50_ms: latencies[Math.floor(latencies.length / 2)],
    p99_ms: latencies[Math.floor(latencies.length * 0.99)],
  };
}

const node = measure((t) => extract(t), texts, passes);
node.chars_per_s = (chars * passes) / node.seconds;
node.peak_rss_mb = process.resourceUsage().maxRSS / 1024;
console.log(`node ${process.version}: ${texts.length} articles, ${bytes} bytes, ${passes} passes (${path.basename(file)})`);
console.log(
  `node throughput  ${((bytes * passes) / node.seconds / 1e6).toFixed(2)} MB/s   ` +
    `${Math.round(node.chars_per_s)} characters/s   ${Math.round(node.docs_per_s)} articles/s   ` +
    `p50 ${node.p50_ms.toFixed(2)} ms   p99 ${node.p99_ms.toFixed(2)} ms`,
);
console.log(`NODE ${JSON.stringify(node)}`);

if (args.includes("--browser")) {
  const { chromium } = await import("playwright-core");
  const { serve } = await import("../web-demo/serve.mjs");
  const { server, url } = await serve(0);
  // A browser server, not `launch`: it gives the browser's process, whose
  // renderer's memory is read at the end.
  const browserServer = await chromium.launchServer({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  let browser;
  try {
    browser = await chromium.connect(browserServer.wsEndpoint());
    const page = await browser.newPage();
    await page.goto(url);
    const sample = readFileSync(path.join(root, "tests/fixtures/paste/putin-zelenskyy.txt"), "utf8");
    const result = await page.evaluate(
      async ({ texts, passes, sample, measureSource }) => {
        const measure = new Function(`return (${measureSource})`)();
        const m = await import("./pkg/nutgraf.js");
        const t0 = performance.now();
        await m.default();
        m.extract("Warm-up.");
        const initMs = performance.now() - t0;
        const all = measure((t) => m.extract(t), texts, passes);
        const one = measure((t) => m.extract(t), [sample], 200);
        return { all, sampleMedian: one.p50_ms, initMs, ua: navigator.userAgent };
      },
      { texts, passes, sample, measureSource: measure.toString() },
    );
    const c = result.all;
    c.chars_per_s = (chars * passes) / c.seconds;
    // The page's renderer, read while the browser still runs.
    c.peak_rss_mb = rendererPeakMb(browserServer.process().pid ?? -1);
    console.log(`chromium: ${result.ua.match(/(?:Headless)?Chrome\/[\d.]+/)?.[0]}`);
    console.log(
      `chromium throughput  ${((bytes * passes) / c.seconds / 1e6).toFixed(2)} MB/s   ${Math.round(c.chars_per_s)} characters/s   ` +
        `p50 ${c.p50_ms.toFixed(2)} ms   p99 ${c.p99_ms.toFixed(2)} ms   ` +
        `renderer peak RSS ${c.peak_rss_mb === null ? "unknown" : `${c.peak_rss_mb.toFixed(0)} MB`}`,
    );
    console.log(
      `chromium sample  median ${result.sampleMedian.toFixed(2)} ms per extraction ` +
        `(${sample.length} characters, 200 runs; first load + unpack ${result.initMs.toFixed(0)} ms)`,
    );
    console.log(`CHROMIUM ${JSON.stringify(c)}`);
  } finally {
    try {
      await browser?.close();
    } finally {
      await browserServer.close();
      server.close();
    }
  }
}
