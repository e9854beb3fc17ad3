// The demo page: sends the text to the worker as the user types (debounced)
// and renders the Article it gets back.
//
// Safety: every piece of the article is put in the page with textContent or
// setAttribute, never as HTML, so pasted markup stays text. The page's
// Content-Security-Policy forbids inline scripts and any request to another
// origin besides.

const DEBOUNCE_MS = 150;
const LABELS = {
  PERSON: "person",
  ORG: "organization",
  GPE: "country, state or city",
  LOC: "other place",
  NORP: "nationality or group",
  MISC: "other name",
};

// How much of a result the page puts on screen. A paste of megabytes (a
// whole site, a book) made hundreds of thousands of elements: at 10 MB the
// browser's layout of them froze the page for 17 s. Past these bounds each
// list says how much more there is; Copy JSON and Download JSON have it all.
const SHOWN = {
  characters: 500_000, // of the article's blocks, highlighted
  highlights: 20_000, // entity mentions highlighted (the rest of the shown text is plain)
  people: 300,
  rolesPerPerson: 20,
  quotesPerPerson: 20,
  quotes: 1_000,
  items: 500, // per list: places, organizations, groups, dates
};

const $ = (id) => document.getElementById(id);
const textArea = $("text");
const published = $("published");
const status = $("status");

/** An element with a class and text (text is never parsed as HTML). */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/**
 * The first `limit` of `items`, and the note on what the bound left out
 * ("… and 1,234 more quotations (Copy JSON or …)"; null when nothing was).
 */
function firstOf(items, limit, noun) {
  const rest = items.length - limit;
  const note = rest > 0 ? `… and ${rest.toLocaleString("en")} more ${noun} (Copy JSON or Download JSON has them all)` : null;
  return [items.slice(0, limit), note];
}

const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
let latest = 0;
let shown = null; // { text, article }
let timer = 0;

// Rich paste: when the clipboard also carries text/html (a copy from a web
// page), nutgraf reads that HTML — real headings, lists, the page's
// metadata — while the text area shows the plain text as usual. Typing
// afterwards, or unticking the box, goes back to the plain text.
const richNote = $("rich");
const useHtml = $("use-html");
let pastedHtml = null;
let pasting = false;

function request() {
  latest += 1;
  const html = pastedHtml !== null && useHtml.checked;
  worker.postMessage({
    id: latest,
    text: html ? pastedHtml : textArea.value,
    format: html ? "html" : "auto",
    published: published.value || null,
  });
}

textArea.addEventListener("paste", (event) => {
  const html = event.clipboardData?.getData("text/html") ?? "";
  pasting = true;
  pastedHtml = html.trim() ? html : null;
  useHtml.checked = pastedHtml !== null;
  richNote.hidden = pastedHtml === null;
});

textArea.addEventListener("input", () => {
  if (!pasting) {
    // The text was edited: the pasted HTML no longer says what it holds.
    pastedHtml = null;
    richNote.hidden = true;
  }
  pasting = false;
});

useHtml.addEventListener("change", request);

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(request, DEBOUNCE_MS);
}

worker.onmessage = (event) => {
  const message = event.data;
  if (message.type === "ready") {
    $("version").textContent = message.version;
    request();
    return;
  }
  if (message.id !== latest) return; // a newer text is on its way
  if (message.error) {
    status.textContent = `error: ${message.error}`;
    status.classList.add("error");
    return;
  }
  status.classList.remove("error");
  // For HTML input the spans point into the page's clean text.
  const text = message.article.text ?? textArea.value;
  shown = { text, article: message.article };
  render(text, message.article);
  const a = message.article;
  status.textContent =
    `extracted in ${message.ms.toFixed(1)} ms · ${a.people.length} people · ` +
    `${a.quotes.length} quotes · ${a.places.length} places · ${text.length.toLocaleString("en")} characters` +
    (a.text != null ? " · read from the pasted HTML" : "");
};
worker.onerror = (event) => {
  status.textContent = `the extractor failed to load: ${event.message || "unknown error"}`;
  status.classList.add("error");
};

textArea.addEventListener("input", schedule);
published.addEventListener("change", request);

$("copy").addEventListener("click", async () => {
  if (!shown) return;
  try {
    await navigator.clipboard.writeText(JSON.stringify(shown.article, null, 2));
    status.textContent = "JSON copied to the clipboard";
  } catch {
    status.textContent = "the browser refused clipboard access; use Download JSON";
  }
});

$("download").addEventListener("click", () => {
  if (!shown) return;
  const blob = new Blob([JSON.stringify(shown.article, null, 2)], { type: "application/json" });
  const link = el("a");
  link.href = URL.createObjectURL(blob);
  link.download = "article.json";
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
});

/** Records by id (people, organizations, places, groups). */
function recordsById(a) {
  const byId = new Map();
  for (const list of [a.people, a.organizations, a.places, a.groups]) {
    for (const r of list) byId.set(r.id, r);
  }
  return byId;
}

function roleText(r) {
  const parts = [r.former ? "former" : "", r.title, r.organization ? `(${r.organization})` : "", r.country ?? ""];
  return parts.filter(Boolean).join(" ");
}

/** One line describing an entity mention's record, for the hover box. */
function describe(mention, record) {
  const label = LABELS[mention.label] ?? mention.label;
  if (!record) return `${label}: ${mention.text}`;
  const details = [];
  if (record.roles?.length) details.push(record.roles.map(roleText).join("; "));
  if (record.kind) details.push(record.kind);
  if (record.acronym) details.push(record.acronym);
  if (record.country) details.push(record.country);
  details.push(`${record.count} mention${record.count === 1 ? "" : "s"}`);
  return `${label}: ${record.name} — ${details.join(" · ")}`;
}

function render(text, a) {
  $("copy").disabled = false;
  $("download").disabled = false;
  const byId = recordsById(a);
  renderPeople(a);
  renderQuotes(a);
  renderList($("places"), a.places, "places", (p) => [p.name, [p.kind, p.country].filter(Boolean).join(", ")]);
  renderList($("organizations"), a.organizations, "organizations", (o) => [o.name, [o.acronym, o.country].filter(Boolean).join(", ")]);
  renderList($("groups"), a.groups, "groups", (g) => [g.name, [g.kind, g.country].filter(Boolean).join(", ")]);
  renderList($("dates"), a.dates, "dates", (d) => [d.text, [d.kind, d.value && `→ ${d.value}`].filter(Boolean).join(" ")]);
  renderArticle(text, a, byId);
}

function renderPeople(a) {
  const quotesById = new Map(a.quotes.map((q) => [q.id, q]));
  const box = clear($("people"));
  if (!a.people.length) box.appendChild(el("p", "empty", "No people found."));
  const [people, morePeople] = firstOf(a.people, SHOWN.people, "people");
  for (const p of people) {
    const card = el("article", "card");
    card.appendChild(el("h4", null, p.name));
    if (p.aliases.length) card.appendChild(el("p", "aliases", `also “${p.aliases.join("”, “")}”`));
    if (p.roles.length) {
      const roles = el("ul", "roles");
      const [shownRoles, moreRoles] = firstOf(p.roles, SHOWN.rolesPerPerson, "roles");
      for (const r of shownRoles) roles.appendChild(el("li", null, roleText(r)));
      if (moreRoles) roles.appendChild(el("li", "empty", moreRoles));
      card.appendChild(roles);
    }
    const facts = [`${p.count} mention${p.count === 1 ? "" : "s"}`];
    if (p.country) facts.push(p.country);
    if (p.author) facts.push("author");
    card.appendChild(el("p", "facts", facts.join(" · ")));
    const [quoteIds, moreQuotes] = firstOf(p.quotes, SHOWN.quotesPerPerson, "quotations");
    for (const id of quoteIds) {
      const q = quotesById.get(id);
      if (q) card.appendChild(el("blockquote", null, q.text));
    }
    if (moreQuotes) card.appendChild(el("p", "empty", moreQuotes));
    box.appendChild(card);
  }
  if (morePeople) box.appendChild(el("p", "empty", morePeople));
}

function renderQuotes(a) {
  const body = clear($("quotes").tBodies[0]);
  if (!a.quotes.length) {
    const row = body.insertRow();
    const cell = row.insertCell();
    cell.colSpan = 4;
    cell.textContent = "No quotations found.";
  }
  const [quotes, moreQuotes] = firstOf(a.quotes, SHOWN.quotes, "quotations");
  for (const q of quotes) {
    const row = body.insertRow();
    row.insertCell().textContent = q.speaker ?? "unknown";
    row.insertCell().textContent = q.text;
    row.insertCell().textContent = q.kind;
    row.insertCell().textContent = q.cue?.text ?? "";
  }
  if (moreQuotes) {
    const cell = body.insertRow().insertCell();
    cell.colSpan = 4;
    cell.className = "empty";
    cell.textContent = moreQuotes;
  }
}

function renderList(list, items, noun, parts) {
  clear(list);
  if (!items.length) list.appendChild(el("li", "empty", "none"));
  const [shownItems, moreItems] = firstOf(items, SHOWN.items, noun);
  for (const item of shownItems) {
    const [name, detail] = parts(item);
    const li = el("li");
    li.appendChild(el("span", "name", name));
    if (detail) li.appendChild(el("span", "detail", ` ${detail}`));
    list.appendChild(li);
  }
  if (moreItems) list.appendChild(el("li", "empty", moreItems));
}

function renderArticle(text, a, byId) {
  const legend = clear($("legend"));
  for (const [label, name] of Object.entries(LABELS)) {
    const li = el("li");
    li.appendChild(el("mark", `ent ent-${label}`, label));
    li.appendChild(el("span", null, ` ${name}`));
    legend.appendChild(li);
  }
  const box = clear($("article"));
  const mentions = a.entities;
  let k = 0;
  let budget = SHOWN.characters;
  let highlights = 0;
  let unhighlighted = false;
  for (const [b, block] of a.blocks.entries()) {
    while (k < mentions.length && mentions[k].end <= block.start) k++;
    // The block's text up to `end`: all of it, or as much as the budget
    // leaves, cut before a mention the cut would split and never inside a
    // surrogate pair.
    let end = Math.min(block.end, block.start + budget);
    if (end < block.end) {
      for (let j = k; j < mentions.length && mentions[j].start < end; j++) {
        if (mentions[j].end > end) end = Math.max(block.start, mentions[j].start);
      }
      const code = text.charCodeAt(end - 1);
      if (end > block.start && code >= 0xd800 && code <= 0xdbff) end -= 1;
    }
    budget -= end - block.start;
    const p = el("p", `block block-${block.kind}`);
    const note = block.cue ? ` · ${block.cue}` : block.duplicate_of != null ? " · repeated" : "";
    p.appendChild(el("span", "kind", block.kind.replace("_", " ") + note));
    // Boilerplate and repeats are set aside by nutgraf: shown struck through.
    const body = block.kind === "boilerplate" || block.duplicate_of != null ? el("del") : el("span");
    // Entity mentions inside the block, highlighted (offsets are UTF-16,
    // JavaScript's own string indices).
    let at = block.start;
    for (let j = k; j < mentions.length && mentions[j].start < end; j++) {
      const m = mentions[j];
      if (m.start < at || m.end > end) continue;
      if (highlights >= SHOWN.highlights) {
        unhighlighted = true;
        break;
      }
      body.appendChild(document.createTextNode(text.slice(at, m.start)));
      const mark = el("mark", `ent ent-${m.label}`, text.slice(m.start, m.end));
      mark.tabIndex = 0;
      const info = describe(m, m.entity ? byId.get(m.entity) : null);
      mark.setAttribute("data-info", info);
      mark.setAttribute("aria-label", info);
      body.appendChild(mark);
      highlights += 1;
      at = m.end;
    }
    body.appendChild(document.createTextNode(text.slice(at, end)));
    p.appendChild(body);
    box.appendChild(p);
    if (end < block.end || (budget <= 0 && b + 1 < a.blocks.length)) {
      // What is left: the rest of this block and the blocks after it.
      let characters = block.end - end;
      for (const later of a.blocks.slice(b + 1)) characters += later.end - later.start;
      const after = a.blocks.length - b - 1;
      const rest = `The text goes on for ${characters.toLocaleString("en")} more characters: ` +
        `${end < block.end ? "the rest of this block and " : ""}${after.toLocaleString("en")} more block${after === 1 ? "" : "s"}, ` +
        "not shown here (Copy JSON or Download JSON has them all).";
      box.appendChild(el("p", "empty", rest));
      break;
    }
  }
  if (unhighlighted) {
    box.insertBefore(el("p", "empty", `The first ${SHOWN.highlights.toLocaleString("en")} names are highlighted; the rest of the text shown is plain.`), box.firstChild);
  }
}
