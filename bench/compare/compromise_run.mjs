// compromise on the comparison texts: timing and predictions for score.py.
//
//   node compromise_run.mjs GOLD.jsonl PRED.jsonl [--dates] [--passes N]
//
// For every document, one at a time: nlp(text) and what it offers of
// nutgraf's job — people, places, organizations, quotations (and dates with
// --dates, which loads compromise-dates). One warm-up pass; prints one JSON
// line of figures and writes the entities as predictions (offsets converted
// from UTF-16 units to code points, as score.py wants).
import { readFileSync, writeFileSync } from "node:fs";
const args = process.argv.slice(2);
const [goldPath, predPath] = args;
const withDates = args.includes("--dates");
const passes = args.includes("--passes") ? Number(args[args.indexOf("--passes") + 1]) : 1;

let nlp = (await import("compromise")).default;
if (withDates) nlp.plugin((await import("compromise-dates")).default);
const version = nlp.version;

const docs = readFileSync(goldPath, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));

function toCodePoints(text) {
  // UTF-16 index → code point index.
  const map = new Int32Array(text.length + 1);
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    map[i] = cp;
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      map[i + 1] = cp;
      i++;
    }
    cp++;
  }
  map[text.length] = cp;
  return map;
}

function run(text) {
  const doc = nlp(text);
  const out = [];
  for (const [view, label] of [[doc.people(), "PER"], [doc.places(), "LOC"], [doc.organizations(), "ORG"]]) {
    for (const m of view.json({ offset: true })) out.push({ start: m.offset.start, end: m.offset.start + m.offset.length, label });
  }
  doc.quotations().json();
  if (withDates) doc.dates().json();
  return out;
}

for (const d of docs) run(d.text);
const latencies = [];
let predictions = [];
const start = performance.now();
for (let p = 0; p < passes; p++) {
  predictions = [];
  for (const d of docs) {
    const t = performance.now();
    const ents = run(d.text);
    latencies.push(performance.now() - t);
    const map = toCodePoints(d.text);
    predictions.push({ id: d.id, entities: ents.map((e) => ({ start: map[e.start], end: map[e.end], label: e.label })) });
  }
}
const seconds = (performance.now() - start) / 1000;
writeFileSync(predPath, predictions.map((p) => JSON.stringify(p)).join("\n") + "\n");
const chars = docs.reduce((n, d) => n + d.text.length, 0) * passes;
latencies.sort((a, b) => a - b);
console.log(JSON.stringify({
  system: `compromise ${version}` + (withDates ? " + compromise-dates (people, places, organizations, quotations, dates)" : " (people, places, organizations, quotations)"),
  chars_per_s: chars / seconds,
  docs_per_s: (docs.length * passes) / seconds,
  p50_ms: latencies[Math.floor(latencies.length / 2)],
  p99_ms: latencies[Math.floor(latencies.length * 0.99)],
  peak_rss_mb: process.resourceUsage().maxRSS / 1024,
}));
