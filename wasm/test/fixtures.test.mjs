// The shared golden fixtures through the WebAssembly package, in Node:
// the same expectations as core/tests/fixtures.rs and python/tests, the
// UTF-16 slicing invariant on every span, and byte-for-byte agreement with
// the native CLI (`nutgraf extract --offsets utf16`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import { extract } from "../pkg/node.js";
import { fixtureMismatches, pasteFixtures, root, sampleArticle, spanMismatches } from "./helpers.mjs";

const fixtures = pasteFixtures();

test("there are paste fixtures to run", () => {
  assert.ok(fixtures.length >= 25, `found ${fixtures.length}`);
});

test("paste fixtures: cleaning and segmentation as the expectations say", () => {
  const failures = [];
  for (const f of fixtures) {
    const problems = fixtureMismatches(f.expected, extract(f.text));
    if (problems.length) failures.push(`${f.name}:\n  ${problems.join("\n  ")}`);
  }
  assert.deepEqual(failures, [], `${failures.length} of ${fixtures.length} fixtures fail`);
});

test("paste fixtures: every span slices the JavaScript string to its text", () => {
  let total = 0;
  for (const f of fixtures) {
    const { mismatches, spans } = spanMismatches(f.text, extract(f.text));
    assert.deepEqual(mismatches, [], f.name);
    total += spans;
  }
  assert.ok(total > 1000, `only ${total} spans checked`);
});

// The CLI built by `cargo build --release -p nutgraf-cli` (scripts/test does).
const cli = process.env.NUTGRAF_CLI ?? path.join(root, "target/release/nutgraf");

test("the package gives exactly what the native build gives", () => {
  assert.ok(existsSync(cli), `native CLI not found at ${cli}: cargo build --release -p nutgraf-cli`);
  const sample = path.join(root, "tests/fixtures/paste/putin-zelenskyy.txt");
  const files = [sample, ...fixtures.map((f) => path.join(root, "tests/fixtures/paste", f.name))];
  for (const file of files) {
    const native = JSON.parse(execFileSync(cli, ["extract", file, "--offsets", "utf16"], { encoding: "utf8" }));
    const wasm = extract(readFileSync(file, "utf8"));
    assert.deepEqual(wasm, native, path.basename(file));
  }
});

test("sample article: people with roles and the quotes of the brief", () => {
  const a = extract(sampleArticle());
  const leavitt = a.people.find((p) => p.name === "Karoline Leavitt");
  assert.ok(leavitt, "Karoline Leavitt is a person");
  assert.ok(leavitt.roles.some((r) => r.title === "Press Secretary" && r.organization === "White House"), JSON.stringify(leavitt.roles));
  assert.equal(a.people.length, 15);
  const assure = a.quotes.find((q) => q.text.startsWith("I can assure you"));
  assert.ok(assure, "the “I can assure you…” quote is found");
  assert.equal(assure.speaker, "Karoline Leavitt");
  assert.ok(leavitt.quotes.includes(assure.id));
  const codes = Object.fromEntries(a.places.map((p) => [p.name, p.country]));
  assert.equal(codes["Geneva"], "CH");
  assert.equal(codes["Alaska"], "US");
  assert.equal(a.title, "Putin Agrees to Meet Zelenskyy in Bilateral Talks, White House Confirms");
  assert.equal(a.offset_unit, "utf16");
});
