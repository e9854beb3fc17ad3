// End-to-end tests of the demo page in a real browser: Debian's chromium
// driven by playwright-core, the built demo served on 127.0.0.1.
//
//   node --test web-demo/test/e2e.test.mjs     (after scripts/build-wasm)
//
// CHROMIUM overrides the browser path; SCREENSHOT where the screenshot of
// the sample article goes (default target/demo-screenshot.png; the whole
// page goes next to it as demo-screenshot-full.png).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

import { serve } from "../serve.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const sample = readFileSync(path.join(root, "tests/fixtures/paste/putin-zelenskyy.txt"), "utf8");
const screenshot = process.env.SCREENSHOT ?? path.join(root, "target/demo-screenshot.png");

let server;
let base;
let context;
let userDataDir;
const requests = [];
const problems = []; // console errors, page errors, dialogs

before(async () => {
  ({ server, url: base } = await serve(0));
  userDataDir = mkdtempSync(path.join(tmpdir(), "nutgraf-chromium-"));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1280, height: 900 },
  });
  context.on("request", (r) => requests.push(r.url()));
});

after(async () => {
  await context?.close();
  server?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

async function openDemo() {
  const page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("dialog", async (d) => {
    problems.push(`dialog: ${d.message()}`);
    await d.dismiss();
  });
  await page.goto(base);
  await page.locator("#status", { hasText: "extracted in" }).waitFor({ timeout: 20000 });
  return page;
}

/** Replaces the text as a paste would, and waits for the new result. */
async function paste(page, text) {
  const before = await page.locator("#status").textContent();
  await page.locator("#text").fill(text);
  await page.waitForFunction((old) => {
    const now = document.getElementById("status").textContent;
    return now !== old && now.startsWith("extracted in");
  }, before, { timeout: 20000 });
}

test("the sample article: Leavitt with her role, the quote, places; a screenshot", async () => {
  const page = await openDemo();
  // The textarea is prefilled with the sample; paste it again as a user would.
  await paste(page, `${sample}\n`);
  const leavitt = page.locator(".card", { has: page.locator("h4", { hasText: /^Karoline Leavitt$/ }) });
  await assert.doesNotReject(leavitt.waitFor());
  assert.match(await leavitt.textContent(), /Press Secretary \(White House\)/);
  assert.equal(await page.locator(".card").count(), 15);
  const rows = page.locator("#quotes tbody tr", { hasText: "I can assure you" });
  assert.equal(await rows.count(), 1);
  assert.equal((await rows.locator("td").first().textContent()).trim(), "Karoline Leavitt");
  assert.match(await page.locator("#places").textContent(), /Geneva city, CH/);
  assert.match(await page.locator("#status").textContent(), /^extracted in \d+\.\d ms · 15 people/);
  // Highlights carry their record; boilerplate is struck through.
  const mark = page.locator("mark.ent-PERSON", { hasText: "Karoline Leavitt" }).first();
  assert.match(await mark.getAttribute("data-info"), /Press Secretary/);
  assert.ok((await page.locator(".block-boilerplate del").count()) >= 1);
  mkdirSync(path.dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot });
  await page.screenshot({ path: screenshot.replace(/\.png$/, "-full.png"), fullPage: true });
  await page.close();
});

test("pasted markup is shown as text and runs no script", async () => {
  const page = await openDemo();
  const hostile =
    '<img src=x onerror=alert(1)> <script>alert(2)</script> <b onmouseover=alert(3)>bold</b>\n\n' +
    "Chancellor Friedrich Merz said “<img src=y onerror=alert(4)> is not a name,” in Berlin.";
  await paste(page, hostile);
  assert.equal(await page.locator("main img").count(), 0, "no image element was created");
  assert.equal(await page.locator("main script, main b").count(), 0);
  assert.match(await page.locator("#article").textContent(), /<img src=x onerror=alert\(1\)>/);
  assert.match(await page.locator("#quotes").textContent(), /<img src=y onerror=alert\(4\)> is not a name/);
  await page.locator("#article mark").first().hover();
  await page.close();
  assert.deepEqual(problems.filter((p) => p.startsWith("dialog")), [], "no alert ran");
});

test("rich paste: a copied web page is read as HTML, and plain text is one click away", async () => {
  const page = await openDemo();
  const html = readFileSync(path.join(root, "tests/fixtures/html/wordpress-comments.html"), "utf8");
  const expected = JSON.parse(readFileSync(path.join(root, "tests/fixtures/html/wordpress-comments.expected.json"), "utf8"));
  const plain = `${expected.title}\n\n${expected.body.join("\n\n")}`;
  const before = await page.locator("#status").textContent();
  // What a browser does on a paste from a web page: a paste event carrying
  // text/html and text/plain, then the plain text inserted (input event).
  await page.evaluate(({ html, plain }) => {
    const area = document.getElementById("text");
    const data = new DataTransfer();
    data.setData("text/html", html);
    data.setData("text/plain", plain);
    area.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    area.value = plain;
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }, { html, plain });
  await page.waitForFunction((old) => {
    const now = document.getElementById("status").textContent;
    return now !== old && now.includes("read from the pasted HTML");
  }, before, { timeout: 20000 });
  assert.ok(await page.locator("#rich").isVisible());
  const article = await page.locator("#article").textContent();
  assert.ok(article.includes(expected.title));
  for (const hidden of expected.not_in_text) assert.ok(!article.includes(hidden), hidden);
  // The page's comment form is there, set aside (struck through).
  assert.ok((await page.locator(".block-boilerplate del", { hasText: "Leave a Reply" }).count()) >= 1);
  // Untick: the plain text is read instead.
  await page.locator("#use-html").uncheck();
  await page.waitForFunction(() => {
    const now = document.getElementById("status").textContent;
    return now.startsWith("extracted in") && !now.includes("pasted HTML");
  }, null, { timeout: 20000 });
  assert.doesNotMatch(await page.locator("#article").textContent(), /Leave a Reply/);
  // Typing drops the pasted HTML.
  await paste(page, "Chancellor Friedrich Merz spoke in Berlin on Monday.");
  assert.ok(await page.locator("#rich").isHidden());
  await page.close();
});

test("keyboard: the highlights can be focused and show their record", async () => {
  const page = await openDemo();
  await page.bringToFront();
  // Tab from the last control before the article reaches the first highlight
  // (the headline's "Putin"), and its record shows.
  await page.locator("#download").focus();
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => {
    const m = document.activeElement;
    return { tag: m?.tagName, text: m?.textContent, after: m && getComputedStyle(m, "::after").content };
  });
  assert.equal(focused.tag, "MARK");
  assert.equal(focused.text, "Putin");
  assert.match(focused.after, /^"person: Vladimir Putin — President/);
  await page.close();
});

test("a paste whose result is too long for the browser says so, and the page keeps working", async () => {
  const page = await openDemo();
  // 16 MB of prices: about 600 MB of JSON, past the longest string V8 makes
  // (wasm/test/output-size.test.mjs checks the same in Node). Set directly:
  // `fill` types 16 MB far more slowly than a paste arrives.
  await page.evaluate(() => {
    const area = document.getElementById("text");
    area.value = "$5 ".repeat(5_400_000);
    area.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("error:"), null, {
    timeout: 120000,
  });
  assert.match(await page.locator("#status").textContent(), /^error: the result is \d+ MB of JSON, too long for this engine/);
  assert.ok(await page.locator("#status.error").isVisible());
  // The same worker (the module was not trapped) reads the next text.
  await paste(page, "White House Press Secretary Karoline Leavitt spoke in Washington.");
  assert.match(await page.locator("#status").textContent(), /^extracted in .* · 1 people/);
  assert.ok(await page.locator("#status.error").count() === 0);
  await page.close();
});

test("a very long paste: the page shows the first part of each list and says how much more there is", async () => {
  const page = await openDemo();
  // 400 senators with three quotations each (Anna Novak 25), then 6,000
  // dated paragraphs: about 650,000 characters, past the page's bounds of
  // 300 people, 20 quotations per person, 1,000 quotations, 500 dates and
  // 500,000 characters of text. Unbounded, 10 MB of text froze the page for
  // 17 s laying out the elements.
  const [blockCharacters, textLength] = await page.evaluate(() => {
    const first = ["Anna", "Boris", "Carla", "Dmitri", "Elena", "Felix", "Greta", "Hugo", "Irene", "Jonas", "Klara",
      "Lukas", "Marta", "Nikolai", "Olga", "Pavel", "Rosa", "Stefan", "Tanja", "Viktor", "Wanda", "Xavier", "Yvonne",
      "Zoran", "Agnes"];
    const last = ["Novak", "Berger", "Fischer", "Horvat", "Jansen", "Kowalski", "Lindqvist", "Moreau", "Petrov", "Rossi",
      "Schmidt", "Tanaka", "Varga", "Weber", "Yilmaz", "Dubois"];
    const parts = ["Bridge Plan Approved"];
    let n = 0;
    for (const l of last) for (const f of first) {
      const quotes = f === "Anna" && l === "Novak" ? 25 : 3;
      for (let k = 0; k < quotes; k++) parts.push(`“Bridge ${++n} will open soon,” Senator ${f} ${l} said in Denver.`);
    }
    const months = ["January", "February", "March", "April", "May", "June"];
    for (let j = 0; j < 6000; j++) {
      parts.push(`Section ${j} of the report, dated ${months[j % 6]} ${(j % 28) + 1}, covers the river crossing and its costs.`);
    }
    const area = document.getElementById("text");
    area.value = parts.join("\n\n");
    area.dispatchEvent(new Event("input", { bubbles: true }));
    return [parts.reduce((sum, part) => sum + part.length, 0), area.value.length];
  });
  const status = page.locator("#status", { hasText: /· [\d,]+ characters$/ });
  await page.waitForFunction((n) => document.getElementById("status").textContent.includes(`${n} characters`),
    textLength.toLocaleString("en"), { timeout: 30000 });
  const [, people, quotes] = (await status.textContent()).match(/ · (\d+) people · (\d+) quotes/).map(Number);
  assert.ok(people > 300 && quotes > 1000, `the text must pass the bounds: ${people} people, ${quotes} quotes`);
  assert.equal(await page.locator(".card").count(), 300);
  assert.equal(await page.locator("#people > p.empty").textContent(),
    `… and ${people - 300} more people (Copy JSON or Download JSON has them all)`);
  const novak = page.locator(".card", { has: page.locator("h4", { hasText: /^Anna Novak$/ }) });
  assert.equal(await novak.locator("blockquote").count(), 20);
  assert.match(await novak.locator("p.empty").textContent(), /^… and 5 more quotations/);
  assert.equal(await page.locator("#quotes tbody tr").count(), 1001);
  assert.match(await page.locator("#quotes tbody tr").last().textContent(), new RegExp(`^… and ${quotes - 1000} more quotations`));
  assert.equal(await page.locator("#dates li:not(.empty)").count(), 500);
  assert.match(await page.locator("#dates li.empty").textContent(), /^… and [\d,]+ more dates/);
  // The text shown and the characters the note counts add up to the blocks.
  const shown = await page.evaluate(() =>
    [...document.querySelectorAll("#article p.block > :not(.kind)")].reduce((n, body) => n + body.textContent.length, 0));
  assert.ok(shown <= 500000 && shown > 499900, `${shown} characters shown`);
  const rest = await page.locator("#article > p.empty").last().textContent();
  const [, more] = rest.match(/^The text goes on for ([\d,]+) more characters: (the rest of this block and )?[\d,]+ more blocks?, not shown here/);
  assert.equal(shown + Number(more.replaceAll(",", "")), blockCharacters);
  assert.equal(await page.locator("#article mark.ent-PERSON").first().textContent(), "Anna Novak");
  await page.close();
});

test("phone width: one column, nothing wider than the screen", async () => {
  const page = await openDemo();
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  const [input, results] = await Promise.all([
    page.locator("section.input").boundingBox(),
    page.locator("section.results").boundingBox(),
  ]);
  assert.ok(results.y >= input.y + input.height, "results below the input");
  await page.close();
});

test("no request left 127.0.0.1 and nothing was logged as an error", () => {
  const outside = requests.filter((u) => !u.startsWith(base) && !u.startsWith("data:") && !u.startsWith("blob:"));
  assert.deepEqual(outside, []);
  assert.ok(requests.some((u) => u.endsWith("/pkg/nutgraf_bg.wasm")), "the wasm came from the demo's own files");
  assert.deepEqual(problems, []);
});
