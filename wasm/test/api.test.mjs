// The JavaScript API of the package: options, errors, the Extractor,
// UTF-16 offsets on hard text, hostile input, and the package layout.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, symlinkSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import init, { extract, Extractor, schemaVersion, version } from "../pkg/node.js";
import { pkg, sampleArticle, spanMismatches, throwsKind } from "./helpers.mjs";

test("versions", () => {
  assert.equal(version(), JSON.parse(readFileSync(path.join(pkg, "package.json"), "utf8")).version);
  assert.equal(schemaVersion(), "1.1");
  assert.equal(extract("Hello.").schema_version, "1.1");
});

test("init() resolves in Node, so browser code runs unchanged", async () => {
  const exports = await init();
  assert.ok(exports.memory instanceof WebAssembly.Memory);
});

test("offsets are UTF-16 code units after emoji, CJK and combining marks", () => {
  const texts = [
    "🇺🇦 President Volodymyr Zelenskyy met 😀 Chancellor Friedrich Merz in Berlin on Monday.",
    "東京 — Prime Minister Shigeru Ishiba said “we will respond,” Japan’s NHK reported. 日本語 Angela Merkel.",
    "Jose\u0301 Antonio Kast, 👩‍👩‍👧 Chile’s president-elect, said: “Chile will change.” He spoke in Santiago.",
    "𝐁𝐨𝐥𝐝 text 𝔉𝔯𝔞𝔨𝔱𝔲𝔯. Emmanuel Macron visited Kyiv on 24 February 2025, pledging €3 billion.",
  ];
  for (const text of texts) {
    const a = extract(text);
    const { mismatches, spans } = spanMismatches(text, a);
    assert.deepEqual(mismatches, [], text);
    assert.ok(spans > 3, `few spans in ${text}`);
    assert.ok(a.entities.length > 0, `no entities in ${text}`);
  }
});

test("layers: only what is asked for (and what it needs)", () => {
  const text = sampleArticle();
  const onlyDates = extract(text, { layers: ["dates"] });
  assert.ok(onlyDates.dates.length > 0);
  assert.equal(onlyDates.entities.length, 0);
  assert.equal(onlyDates.quotes.length, 0);
  const quotes = extract(text, { layers: ["quotes"] });
  assert.ok(quotes.quotes.length > 0 && quotes.people.length > 0 && quotes.entities.length > 0);
  assert.equal(quotes.dates.length, 0);
  assert.ok(extract(text, { layers: [] }).sentences.length > 0, "blocks and sentences always come");
});

test("published resolves relative dates", () => {
  const a = extract("The talks took place on Tuesday, officials said.", { published: "2025-08-21" });
  assert.equal(a.reference_date, "2025-08-21");
  assert.ok(a.dates.some((d) => d.text === "Tuesday" && d.value === "2025-08-19"), JSON.stringify(a.dates));
  assert.equal(extract("The talks took place on Tuesday.").reference_date, null);
});

test("bad options are JS Errors with a kind and a clear message", () => {
  throwsKind(() => extract("x", { layers: ["people", "gossip"] }), "invalid_argument", /unknown layer "gossip"/);
  throwsKind(() => extract("x", { layer: ["people"] }), "invalid_argument", /unknown option "layer"/);
  throwsKind(() => extract("x", { layers: "people" }), "invalid_argument", /"layers" must be an array/);
  throwsKind(() => extract("x", { published: "2025-02-30" }), "invalid_argument", /YYYY-MM-DD/);
  throwsKind(() => extract("x", { published: 20250801 }), "invalid_argument", /"published" must be a string, not 20250801/);
  throwsKind(() => extract("x", { maxInputBytes: -1 }), "invalid_argument", /maxInputBytes/);
  throwsKind(() => extract("x", [1, 2]), "invalid_argument", /must be an object/);
  throwsKind(() => extract("x", { lexicon: [{ name: "Acme", label: "COMPANY" }] }), "invalid_argument", /label "COMPANY"/);
  throwsKind(() => extract("x", { lexicon: [{ name: " ", label: "ORG" }] }), "invalid_argument", /1 to 200 bytes/);
  throwsKind(() => extract("x", { lexicon: [{ name: "Acme" }] }), "invalid_argument", /lexicon\[0\]: missing field `label`/);
  throwsKind(() => extract("x", { lexicon: ["Acme"] }), "invalid_argument", /lexicon\[0\] must be an object, not a string/);
  throwsKind(() => extract("x", { layers: ["people", 7] }), "invalid_argument", /layers\[1\] must be a string, not 7/);
  throwsKind(() => extract("x", { format: true }), "invalid_argument", /"format" must be a string, not a boolean/);
  throwsKind(() => extract("x", { maxInputBytes: "5" }), "invalid_argument", /finite number ≥ 0, not a string$/);
  throwsKind(() => extract("x", { maxInputBytes: Infinity }), "invalid_argument", /"maxInputBytes" must be a finite number ≥ 0, not Infinity/);
  throwsKind(() => extract("x", { maxInputBytes: -1.5 }), "invalid_argument", /not -1\.5$/);
  throwsKind(() => extract("x", { layers: [undefined] }), "invalid_argument", /layers\[0\] must be a string, not undefined/);
  throwsKind(() => extract("x", { lexicon: [{ name: null, label: "ORG" }] }), "invalid_argument", /lexicon\[0\]: missing field `name`/);
  const throwing = { label: "ORG", get name() { throw new Error("no"); } };
  throwsKind(() => extract("x", { lexicon: [throwing] }), "invalid_argument", /lexicon\[0\]\.name could not be read/);
  throwsKind(() => extract("x", 5), "invalid_argument", /options must be an object, not 5/);
  throwsKind(() => extract("x", { get published() { throw new Error("no"); } }), "invalid_argument", /could not be read/);
  throwsKind(() => extract("héllo", { maxInputBytes: 5 }), "input_too_large", /6 bytes, over the limit of 5/);
  assert.equal(extract("hello", { maxInputBytes: 5 }).sentences.length, 1);
  assert.ok(extract("Hello.", null) && extract("Hello.", undefined) && extract("Hello.", {}));
});

test("the module keeps working after errors", () => {
  for (let i = 0; i < 50; i++) assert.throws(() => extract("x", { layers: ["nope"] }));
  assert.ok(extract(sampleArticle()).people.length === 15);
});

test("Extractor checks options once and reuses them", () => {
  assert.throws(() => new Extractor({ layers: ["nope"] }), /unknown layer/);
  assert.throws(() => new Extractor({ published: "yesterday" }), /YYYY-MM-DD/);
  const extractor = new Extractor({
    layers: ["people", "quotes"],
    lexicon: [
      // Keys besides name and label (a caller's own records) are ignored.
      { name: "Zorblat Industries", label: "ORG", id: 17 },
      { name: "Qwex Brandolino", label: "PERSON" },
    ],
  });
  const text = "Zorblat Industries hired Qwex Brandolino as chief executive. “We will grow,” Brandolino said.";
  const a = extractor.extract(text);
  assert.deepEqual(a.entities.filter((e) => e.label === "ORG").map((e) => e.text), ["Zorblat Industries"]);
  assert.ok(a.people.some((p) => p.name === "Qwex Brandolino"), JSON.stringify(a.people));
  assert.equal(a.quotes[0]?.speaker, "Qwex Brandolino");
  assert.equal(a.dates.length, 0, "layers are kept");
  assert.equal(extractor.extract(text).people.length, a.people.length, "reusable");
  extractor.free();
});

test("hostile input: markup, controls, lone surrogates, huge and empty texts", () => {
  const a = extract('<img src=x onerror=alert(1)> <script>alert("x")</script> Angela Merkel said "hi".');
  assert.ok(a.blocks.length > 0);
  const b = extract("\u0000\u0007\u001b[31m text \ud800 and \udfff, Kyiv\r\n\r\n\u2028\u2029\ufeff");
  assert.ok(b.warnings.some((w) => w.code === "control_characters"), JSON.stringify(b.warnings));
  const empty = extract("");
  assert.equal(empty.blocks.length, 0);
  assert.equal(empty.title, null);
  // ~0.7 MB of the sample's paragraphs (not its comment form, after which
  // everything is page furniture), numbered so that none repeats.
  const paragraphs = extract(sampleArticle()).blocks.filter((b) => b.kind === "paragraph").map((b) => b.text);
  const big = Array.from({ length: 300 }, (_, i) => paragraphs.map((p) => `${p} Item ${i}.`).join("\n\n")).join("\n\n");
  const t0 = performance.now();
  const article = extract(big);
  assert.ok(article.sentences.length > 5000, `${article.sentences.length} sentences`);
  assert.ok(performance.now() - t0 < 30000);
  let random = "";
  let seed = 7;
  for (let i = 0; i < 20000; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    random += String.fromCharCode(seed % 0x3000);
  }
  assert.ok(extract(random).offset_unit === "utf16");
});

test("the package resolves by name in Node through its exports map", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "nutgraf-pkg-"));
  try {
    mkdirSync(path.join(dir, "node_modules"));
    symlinkSync(pkg, path.join(dir, "node_modules/nutgraf"), "dir");
    writeFileSync(
      path.join(dir, "main.mjs"),
      `import init, { extract } from "nutgraf";
       await init();
       const a = extract("Chancellor Friedrich Merz spoke in Berlin.");
       console.log(JSON.stringify(a.people.map((p) => [p.name, p.roles[0]?.title])));`,
    );
    const out = execFileSync(process.execPath, ["--preserve-symlinks", path.join(dir, "main.mjs")], { cwd: dir, encoding: "utf8" });
    assert.deepEqual(JSON.parse(out), [["Friedrich Merz", "Chancellor"]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("package layout: one web build, a Node entry, typed", () => {
  const manifest = JSON.parse(readFileSync(path.join(pkg, "package.json"), "utf8"));
  for (const f of manifest.files) readFileSync(path.join(pkg, f)); // every listed file exists
  assert.equal(manifest.exports["."].node.default, "./node.js");
  assert.equal(manifest.exports["."].default, "./nutgraf.js");
  const dts = readFileSync(path.join(pkg, "nutgraf.d.ts"), "utf8");
  assert.match(dts, /export function extract\(text: string, options\?: ExtractOptions \| null\): Article;/);
  assert.match(dts, /export interface Article \{/);
  assert.match(dts, /export interface Person extends RecordCore \{/);
  assert.doesNotMatch(dts, /:\s*any\b/, "no any in the declarations");
});
