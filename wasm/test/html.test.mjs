// HTML input through the WebAssembly package, in Node: the saved pages of
// tests/fixtures/html give the expected title, authors, date, site and
// body; every span slices `article.text` (the clean text) in UTF-16 and
// every block's `source` slices the HTML; the package agrees exactly with
// the native CLI (`nutgraf extract --format html --offsets utf16`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

import { extract, Extractor } from "../pkg/node.js";
import { root, spanMismatches } from "./helpers.mjs";

const dir = path.join(root, "tests/fixtures/html");
const pages = readdirSync(dir).filter((f) => f.endsWith(".html")).sort();
const cli = process.env.NUTGRAF_CLI ?? path.join(root, "target/release/nutgraf");
const bodyKinds = new Set(["paragraph", "heading", "list_item"]);

test("at least 15 differently built pages", () => {
  assert.ok(pages.length >= 15, `found ${pages.length}`);
});

for (const name of pages) {
  test(`html page ${name}`, () => {
    const html = readFileSync(path.join(dir, name), "utf8");
    const expected = JSON.parse(readFileSync(path.join(dir, name.replace(/\.html$/, ".expected.json")), "utf8"));
    const a = extract(html, { format: "html" });
    assert.equal(a.title, expected.title);
    assert.deepEqual(a.authors, expected.authors);
    assert.equal(a.published, expected.published);
    assert.equal(a.site_name ?? null, expected.site_name);
    assert.deepEqual(a.blocks.filter((b) => bodyKinds.has(b.kind)).map((b) => b.text), expected.body);
    const { mismatches, spans } = spanMismatches(a.text, { ...a, text: undefined });
    assert.deepEqual(mismatches, []);
    assert.ok(spans > 10);
    for (const b of a.blocks) {
      assert.ok(b.source && b.source.start <= b.source.end && b.source.end <= html.length, JSON.stringify(b.source));
    }
    for (const hidden of expected.not_in_text) assert.ok(!a.text.includes(hidden), hidden);
    const native = JSON.parse(execFileSync(cli, ["extract", "--format", "html", "--offsets", "utf16", path.join(dir, name)], { encoding: "utf8", maxBuffer: 1 << 26 }));
    assert.deepEqual(a, native);
  });
}

test("block sources slice the HTML in UTF-16 units", () => {
  const html = "<html><body><article><h1>Émile’s 😀 day</h1><p>“Ça va,” said Émile Zola, the mayor, on Monday in Paris 🇫🇷.</p></article></body></html>";
  const a = extract(html);
  assert.ok(a.text, "auto-detected as HTML");
  const para = a.blocks.find((b) => b.kind === "paragraph");
  assert.equal(html.slice(para.source.start, para.source.end), para.text);
  assert.equal(a.text.slice(para.start, para.end), para.text);
});

test("format option: text keeps markup, bad values are clear errors", () => {
  const page = "<!DOCTYPE html><html><body><p>Hello there, this is a page.</p></body></html>";
  assert.equal(extract(page, { format: "text" }).text ?? null, null);
  assert.ok(extract(page, { format: "text" }).blocks[0].text.includes("<p>"));
  assert.ok(new Extractor({ format: "html" }).extract(page).text.includes("Hello there"));
  assert.throws(() => extract(page, { format: "pdf" }), (e) => e.kind === "invalid_argument" && /format/.test(e.message));
});
