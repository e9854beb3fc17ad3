// wink-nlp on the comparison texts: timing and predictions for score.py.
//
//   node wink_run.mjs GOLD.jsonl PRED.jsonl [--passes N] [--minimal]
//
// For every document, one at a time: nlp.readDoc(text) (wink's default
// pipeline: tokens, sentences, negation, sentiment, part of speech, its
// entities; with --minimal only what the output below needs: sentences
// and entities) and what it offers of nutgraf's job — its entities and its
// sentences. The English "lite" model's entities are dates, times,
// numbers, money, percentages, e-mails, URLs and the like: no people,
// organizations or places, so score.py (which scores PER, ORG, LOC and
// MISC and ignores other labels) gives it no entity found. One warm-up
// pass; prints one JSON line of figures and writes the entities (character
// offsets rebuilt from the tokens and their preceding spaces, converted
// from UTF-16 units to code points) as predictions.
import { readFileSync, writeFileSync } from "node:fs";

import { codePointMap, readDocs, timePasses } from "./runner.mjs";

const args = process.argv.slice(2);
const [goldPath, predPath] = args;
const passes = args.includes("--passes") ? Number(args[args.indexOf("--passes") + 1]) : 1;
const minimal = args.includes("--minimal");

const winkNLP = (await import("wink-nlp")).default;
const model = (await import("wink-eng-lite-web-model")).default;
const nlp = minimal ? winkNLP(model, ["sbd", "ner"]) : winkNLP(model);
const its = nlp.its;
const version = JSON.parse(readFileSync(new URL("./node_modules/wink-nlp/package.json", import.meta.url), "utf8")).version;
const modelVersion = JSON.parse(readFileSync(new URL("./node_modules/wink-eng-lite-web-model/package.json", import.meta.url), "utf8")).version;

const docs = readDocs(goldPath);

function run(text) {
  const doc = nlp.readDoc(text);
  const entities = doc.entities();
  const spans = entities.out(its.span);
  const types = entities.out(its.type);
  doc.sentences().out();
  return { doc, spans, types };
}

// Code point offset of every token start and end (outside the timed part).
// Each token is found in the text where its preceding spaces end; one that
// is not there (wink changed its text) is counted, and the search goes on
// from where the last one ended.
let misaligned = 0;
function offsets(text, doc) {
  const values = doc.tokens().out();
  const spaces = doc.tokens().out(its.precedingSpaces);
  const starts = [];
  const ends = [];
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    at += spaces[i].length;
    if (!text.startsWith(values[i], at)) {
      misaligned++;
      const found = text.indexOf(values[i], at);
      if (found >= 0) at = found;
    }
    starts.push(at);
    at += values[i].length;
    ends.push(at);
  }
  const map = codePointMap(text);
  const clamp = (u) => map[Math.min(u, text.length)];
  return { start: (i) => clamp(starts[i]), end: (i) => clamp(ends[i]) };
}

const { results, figures } = timePasses(docs, passes, run);
const predictions = docs.map((d, k) => {
  const { doc, spans, types } = results[k];
  const at = offsets(d.text, doc);
  return { id: d.id, entities: spans.map(([a, b], i) => ({ start: at.start(a), end: at.end(b), label: types[i] })) };
});
writeFileSync(predPath, predictions.map((p) => JSON.stringify(p)).join("\n") + "\n");
if (misaligned) console.error(`wink_run: ${misaligned} tokens not found where their spaces put them; offsets after them may be off`);
console.log(JSON.stringify({
  system: `wink-nlp ${version} + wink-eng-lite-web-model ${modelVersion} (` +
    (minimal ? "sentences and entities only" : "full pipeline, entities, sentences") + "; no names)",
  ...figures,
}));
