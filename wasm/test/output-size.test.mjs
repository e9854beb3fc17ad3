// A result too long for the engine: its own file, so its own process under
// `node --test` (wasm memory never shrinks: the 2.4 GB this takes would
// stay with every later test in the same process).
import { test } from "node:test";
import assert from "node:assert/strict";

import { extract } from "../pkg/node.js";
import { sampleArticle, throwsKind } from "./helpers.mjs";

test("a result longer than the engine's longest string is an output_too_large error", () => {
  // 16 MB of prices: about 590 MB of JSON, past V8's longest string
  // (2^29 − 24 characters). The module must say so and keep working.
  throwsKind(() => extract("$5 ".repeat(5_400_000)), "output_too_large", /\d+ MB of JSON/);
  assert.equal(extract(sampleArticle()).people.length, 15);
});
