// Shared by the Node tests: the shared fixtures of tests/ and the checks
// every host runs on them (see tests/README.md).
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const pkg = path.join(root, "wasm/pkg");

/** Asserts that `fn` throws a JS Error of this `kind` whose message matches `pattern`. */
export const throwsKind = (fn, kind, pattern) =>
  assert.throws(fn, (e) => {
    assert.ok(e instanceof Error, "a JS Error");
    assert.equal(e.kind, kind);
    assert.match(e.message, pattern);
    return true;
  });

/** The paste fixtures: [{ name, text, expected }]. */
export function pasteFixtures() {
  const dir = path.join(root, "tests/fixtures/paste");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => ({
      name: f,
      text: readFileSync(path.join(dir, f), "utf8"),
      expected: JSON.parse(readFileSync(path.join(dir, f.replace(/\.txt$/, ".expected.json")), "utf8")),
    }));
}

/** The sample article, as committed in the demo (same text as ../shared/examples). */
export function sampleArticle() {
  return readFileSync(path.join(root, "tests/fixtures/paste/putin-zelenskyy.txt"), "utf8");
}

/**
 * Mismatches between `expected` (a subset, tests/README.md) and `actual`,
 * as readable lines.
 */
export function subsetMismatches(expected, actual, where = "$", out = []) {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || expected.length !== actual.length) {
      out.push(`${where}: expected ${expected.length} elements, got ${Array.isArray(actual) ? actual.length : typeof actual}`);
      return out;
    }
    expected.forEach((e, i) => subsetMismatches(e, actual[i], `${where}[${i}]`, out));
  } else if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object") {
      out.push(`${where}: expected an object, got ${JSON.stringify(actual)}`);
      return out;
    }
    for (const [key, value] of Object.entries(expected)) {
      if (key.startsWith("_")) continue;
      if (!(key in actual)) {
        if (value !== null) out.push(`${where}.${key}: missing, expected ${JSON.stringify(value)}`);
        continue;
      }
      subsetMismatches(value, actual[key], `${where}.${key}`, out);
    }
  } else if (expected !== actual) {
    out.push(`${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
  return out;
}

/** Checks a fixture's expectation against an article; sentences are listed as strings. */
export function fixtureMismatches(expected, article) {
  const { sentences, ...rest } = expected;
  const out = subsetMismatches(rest, article);
  if (sentences) subsetMismatches(sentences, article.sentences.map((s) => s.text), "$.sentences", out);
  return out;
}

/**
 * Every span of the article (any object with numeric start and end and a
 * string text, at any depth) that does not slice `text` to its text.
 */
export function spanMismatches(text, article) {
  const out = [];
  let spans = 0;
  const walk = (value, where) => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${where}[${i}]`));
    } else if (value !== null && typeof value === "object") {
      if (typeof value.start === "number" && typeof value.end === "number" && typeof value.text === "string") {
        spans += 1;
        if (text.slice(value.start, value.end) !== value.text) {
          out.push(`${where} ${value.start}..${value.end} slices to ${JSON.stringify(text.slice(value.start, value.end))}, not ${JSON.stringify(value.text)}`);
        }
      }
      for (const [k, v] of Object.entries(value)) walk(v, `${where}.${k}`);
    }
  };
  walk(article, "$");
  return { mismatches: out, spans };
}
