// compromise on the comparison texts: timing and predictions for score.py.
//
//   node compromise_run.mjs GOLD.jsonl PRED.jsonl [--dates] [--passes N]
//
// For every document, one at a time: nlp(text) and what it offers of
// nutgraf's job — people, places, organizations, quotations (and dates with
// --dates, which loads compromise-dates). One warm-up pass; prints one JSON
// line of figures and writes the entities as predictions (the span of each
// match's words: see nameSpan; offsets converted from UTF-16 units to code
// points, as score.py wants).
import { writeFileSync } from "node:fs";

import { codePointMap, readDocs, timePasses } from "./runner.mjs";

const args = process.argv.slice(2);
const [goldPath, predPath] = args;
const withDates = args.includes("--dates");
const passes = args.includes("--passes") ? Number(args[args.indexOf("--passes") + 1]) : 1;

let nlp = (await import("compromise")).default;
if (withDates) nlp.plugin((await import("compromise-dates")).default);
const version = nlp.version;

const docs = readDocs(goldPath);

/**
 * The span of a match's words. A match's own offset also covers the
 * punctuation after its last word ("Vance," "Alaska."), which no annotation
 * includes; its terms' offsets do not. A possessive ending ("Russia’s") is
 * left out too, as the gold annotation and nutgraf do. `null` for an empty
 * match.
 */
function nameSpan(text, match) {
  const terms = match.terms ?? [];
  if (terms.length === 0) return null;
  const first = terms[0].offset;
  const last = terms[terms.length - 1].offset;
  let end = last.start + last.length;
  if (/['’]s$/i.test(text.slice(first.start, end)) && end - 2 > first.start) end -= 2;
  return { start: first.start, end };
}

function run(text) {
  const doc = nlp(text);
  const out = [];
  for (const [view, label] of [[doc.people(), "PER"], [doc.places(), "LOC"], [doc.organizations(), "ORG"]]) {
    for (const m of view.json({ offset: true })) {
      const span = nameSpan(text, m);
      if (span) out.push({ ...span, label });
    }
  }
  doc.quotations().json();
  if (withDates) doc.dates().json();
  return out;
}

const { results, figures } = timePasses(docs, passes, run);
const predictions = docs.map((d, k) => {
  const map = codePointMap(d.text);
  return { id: d.id, entities: results[k].map((e) => ({ start: map[e.start], end: map[e.end], label: e.label })) };
});
writeFileSync(predPath, predictions.map((p) => JSON.stringify(p)).join("\n") + "\n");
console.log(JSON.stringify({
  system: `compromise ${version}` + (withDates ? " + compromise-dates (people, places, organizations, quotations, dates)" : " (people, places, organizations, quotations)"),
  ...figures,
}));
