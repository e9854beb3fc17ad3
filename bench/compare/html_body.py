"""Main-content (article body) extraction from saved HTML pages: nutgraf,
trafilatura and readability-lxml side by side, scored against gold body text.

    python bench/compare/html_body.py --nutgraf target/release/nutgraf [PATH ...]

(`bash scripts/eval-html` sets up a scratch virtualenv with pinned versions of
trafilatura and readability-lxml, builds the CLI and calls this.) Default
PATH: tests/fixtures/html.

Input. Each PATH is either
- a directory of `NAME.html` pages, each with its gold body in
  `NAME.expected.json` (key "body": list of strings, one per paragraph,
  heading or list item; a string is accepted too) or in `NAME.body.txt` /
  `NAME.txt` (plain text); a page without gold is skipped with a warning;
- one such `NAME.html` file;
- a `.jsonl` file, one page per line: the HTML in "html", the gold body in
  "body" (string or list of strings), else "text" or "articleBody"; the page
  is named by "id", else "url", else FILE:LINE.

Systems, each giving the page's body as plain text:
- nutgraf: `NUTGRAF extract --format html FILE` (the flag can be changed with
  --nutgraf-format-flag); the body is the "text" of every element of
  "blocks" whose "kind" is paragraph, heading or list_item, joined with
  newlines. One process per page, so its time includes process start. When
  the CLI fails (non-zero exit, bad JSON, timeout) the page counts as failed
  for nutgraf and the error text is kept. If every page succeeded it is also
  timed in one process with `NUTGRAF batch --threads 1 --format html`
  (lines {"id": ..., "text": html}), reported as the row "nutgraf (batch)".
- trafilatura: `trafilatura.extract(html, include_comments=False,
  include_tables=False, favor_precision=False)`, every other setting left at
  its default.
- readability-lxml: `readability.Document(html).summary(html_partial=True)`,
  the fragment parsed with lxml.html and turned into text with
  `text_content()`, block elements (p, div, h1-h6, li, br, ...) separated by
  newlines.

Metric: bag-of-tokens overlap. Tokens are `re.findall(r"\\w+", text.lower())`
(Unicode word characters, so "don't" is two tokens and punctuation is
ignored). Per page, with multiset (Counter) intersection
    P = |pred ∩ gold| / |pred|,   R = |pred ∩ gold| / |gold|,
    F1 = 2PR / (P + R)
An empty prediction, or a failure, has P = R = F1 = 0 (and counts in every
average). Pages whose gold has no token are skipped. Per system the report
gives macro averages (mean of the per-page P, R, F1), micro P/R/F1 (counts
summed over pages), the number of pages that failed or came back empty, and
the total extraction time and pages/s (wall clock, one thread; the HTML is
already in memory for the Python systems, nutgraf reads it from a file;
every system first gets one untimed warm-up call on the first page).

Output: a Markdown summary table, then a per-page F1 table (so weak pages are
visible), then the error messages. `--json OUT` also writes every figure.
Needs no network and is deterministic (the timings aside).
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PATH = ROOT / "tests" / "fixtures" / "html"
BODY_KINDS = {"paragraph", "heading", "list_item"}
TOKEN = re.compile(r"\w+")
SYSTEMS = ("nutgraf", "trafilatura", "readability")
LABELS = {"nutgraf": "nutgraf", "trafilatura": "trafilatura", "readability": "readability-lxml",
          "nutgraf_batch": "nutgraf (batch)"}


@dataclass
class Page:
    name: str
    html: bytes
    gold: str
    path: Path | None = None  # the .html file on disk, if there is one


@dataclass
class Result:
    text: str | None = None  # None: failed
    error: str | None = None
    seconds: float = 0.0


@dataclass
class Score:
    p: float
    r: float
    f1: float
    overlap: int
    n_pred: int
    n_gold: int


@dataclass
class SystemRun:
    results: dict[str, Result] = field(default_factory=dict)
    seconds: float = 0.0
    note: str = ""


# --------------------------------------------------------------------------- input

def warn(msg: str) -> None:
    print(f"html_body: {msg}", file=sys.stderr)


def gold_text(value) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n".join(value)
    return None


def gold_for(html_path: Path) -> str | None:
    stem = html_path.name[: -len(html_path.suffix)]
    exp = html_path.with_name(stem + ".expected.json")
    if exp.is_file():
        data = json.loads(exp.read_text(encoding="utf-8"))
        for key in ("body", "text", "articleBody"):
            if key in data and gold_text(data[key]) is not None:
                return gold_text(data[key])
        warn(f"{exp}: no \"body\" list of strings; skipped")
        return None
    for suffix in (".body.txt", ".txt"):
        txt = html_path.with_name(stem + suffix)
        if txt.is_file():
            return txt.read_text(encoding="utf-8")
    warn(f"{html_path}: no gold ({stem}.expected.json, {stem}.body.txt or {stem}.txt); skipped")
    return None


def load_html_file(path: Path, name: str) -> list[Page]:
    gold = gold_for(path)
    return [] if gold is None else [Page(name, path.read_bytes(), gold, path)]


def load_jsonl(path: Path) -> list[Page]:
    pages = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            warn(f"{where}: invalid JSON ({e}); skipped")
            continue
        html = obj.get("html")
        gold = None
        for key in ("body", "text", "articleBody"):
            if key in obj:
                gold = gold_text(obj[key])
                if gold is not None:
                    break
        if not isinstance(html, str) or gold is None:
            warn(f"{where}: needs \"html\" and \"body\" (or \"text\"/\"articleBody\"); skipped")
            continue
        name = str(obj.get("id") or obj.get("url") or f"{path.name}:{lineno}")
        pages.append(Page(name, html.encode("utf-8"), gold))
    return pages


def load(paths: list[Path]) -> list[Page]:
    pages: list[Page] = []
    for path in paths:
        if path.is_dir():
            for html in sorted(path.glob("*.html")):
                rel = html.name[: -len(".html")]
                prefix = "" if len(paths) == 1 else f"{path.name}/"
                pages.extend(load_html_file(html, prefix + rel))
        elif path.suffix == ".jsonl":
            pages.extend(load_jsonl(path))
        elif path.is_file() and path.suffix in (".html", ".htm"):
            pages.extend(load_html_file(path, path.stem))
        elif not path.exists():
            warn(f"{path}: does not exist; skipped")
        else:
            warn(f"{path}: not a directory, .html or .jsonl file; skipped")
    seen: Counter = Counter()
    for page in pages:  # names must be unique for the tables and JSON
        seen[page.name] += 1
        if seen[page.name] > 1:
            page.name = f"{page.name}#{seen[page.name]}"
    return pages


def decode(html: bytes) -> str:
    try:
        return html.decode("utf-8")
    except UnicodeDecodeError:
        return html.decode("cp1252", errors="replace")


# --------------------------------------------------------------------------- systems

def short_error(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def body_of_article(article: dict) -> str:
    blocks = article.get("blocks")
    if not isinstance(blocks, list):
        raise ValueError("no \"blocks\" list in the output")
    return "\n".join(b.get("text", "") for b in blocks
                     if isinstance(b, dict) and b.get("kind") in BODY_KINDS)


def run_nutgraf(pages: list[Page], binary: str, flag: list[str], timeout: float) -> SystemRun:
    run = SystemRun(note="one process per page (time includes process start)")
    warm = True
    with tempfile.TemporaryDirectory(prefix="html_body.") as tmp:
        for i, page in [(0, pages[0])] + list(enumerate(pages)):  # first: warm-up, not kept
            path = page.path
            if path is None:
                path = Path(tmp) / f"page{i}.html"
                path.write_bytes(page.html)
            cmd = [binary, "extract", *flag, str(path)]
            start = time.perf_counter()
            try:
                proc = subprocess.run(cmd, capture_output=True, timeout=timeout)
            except (OSError, subprocess.TimeoutExpired) as e:
                res = Result(error=short_error(f"{type(e).__name__}: {e}"))
            else:
                if proc.returncode != 0:
                    err = proc.stderr.decode("utf-8", "replace") or proc.stdout.decode("utf-8", "replace")
                    res = Result(error=short_error(f"exit {proc.returncode}: {err}"))
                else:
                    try:
                        res = Result(text=body_of_article(json.loads(proc.stdout)))
                    except (ValueError, AttributeError) as e:
                        res = Result(error=short_error(f"bad output: {e}"))
            res.seconds = time.perf_counter() - start
            if warm:
                warm = False
                continue
            run.results[page.name] = res
            run.seconds += res.seconds
    return run


def run_nutgraf_batch(pages: list[Page], binary: str, flag: list[str], timeout: float) -> SystemRun | None:
    """All pages through one `nutgraf batch --threads 1` process; None if it cannot run."""
    run = SystemRun(note="one process, one thread, all pages (`nutgraf batch`)")
    with tempfile.TemporaryDirectory(prefix="html_body.") as tmp:
        src = Path(tmp) / "in.jsonl"
        with src.open("w", encoding="utf-8") as f:
            for i, page in enumerate(pages):
                f.write(json.dumps({"id": str(i), "text": decode(page.html)}, ensure_ascii=False) + "\n")
        cmd = [binary, "batch", *flag, "--threads", "1", str(src)]
        start = time.perf_counter()
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout * max(1, len(pages)))
        except (OSError, subprocess.TimeoutExpired) as e:
            warn(f"nutgraf batch: {e}")
            return None
        run.seconds = time.perf_counter() - start
    lines = [l for l in proc.stdout.decode("utf-8", "replace").splitlines() if l.strip()]
    if proc.returncode not in (0, 1) or len(lines) != len(pages):
        warn(f"nutgraf batch: exit {proc.returncode}, {len(lines)} output lines for {len(pages)} pages: "
             + short_error(proc.stderr.decode("utf-8", "replace")))
        return None
    for page, line in zip(pages, lines):
        try:
            obj = json.loads(line)
            if "error" in obj:
                run.results[page.name] = Result(error=short_error(str(obj["error"])))
            else:
                run.results[page.name] = Result(text=body_of_article(obj))
        except (ValueError, AttributeError) as e:
            run.results[page.name] = Result(error=short_error(f"bad output: {e}"))
    return run


def run_python(pages: list[Page], name: str, extract) -> SystemRun:
    run = SystemRun(note="in-process, HTML already in memory")
    try:
        extract(decode(pages[0].html))  # warm-up (lazy imports, caches), not timed or kept
    except Exception:  # noqa: BLE001
        pass
    for page in pages:
        html = decode(page.html)
        start = time.perf_counter()
        try:
            text = extract(html)
            res = Result(text=text or "")
        except Exception as e:  # noqa: BLE001 - any library failure is a failed page
            res = Result(error=short_error(f"{type(e).__name__}: {e}"))
        res.seconds = time.perf_counter() - start
        run.results[page.name] = res
        run.seconds += res.seconds
    return run


def failed_run(pages: list[Page], error: str) -> SystemRun:
    run = SystemRun(note="not available")
    for page in pages:
        run.results[page.name] = Result(error=error)
    return run


def trafilatura_extractor():
    import trafilatura

    def extract(html: str) -> str:
        return trafilatura.extract(html, include_comments=False, include_tables=False,
                                   favor_precision=False) or ""
    return extract


BLOCK_TAGS = {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
              "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol",
              "p", "pre", "section", "table", "td", "th", "tr", "ul", "caption"}


def readability_extractor():
    import lxml.html
    from readability import Document

    def extract(html: str) -> str:
        summary = Document(html).summary(html_partial=True)
        if not summary.strip():
            return ""
        root = lxml.html.fragment_fromstring(summary, create_parent="div")
        for el in root.iter():
            if isinstance(el.tag, str) and el.tag.lower() in BLOCK_TAGS:
                el.text = "\n" + (el.text or "")
                el.tail = "\n" + (el.tail or "")
        text = root.text_content()
        return "\n".join(line.strip() for line in text.splitlines() if line.strip())
    return extract


# --------------------------------------------------------------------------- scoring

def tokens(text: str) -> Counter:
    return Counter(TOKEN.findall(text.lower()))


def score(pred: str | None, gold: Counter) -> Score:
    p_tok = tokens(pred or "")
    n_pred, n_gold = sum(p_tok.values()), sum(gold.values())
    overlap = sum((p_tok & gold).values())
    p = overlap / n_pred if n_pred else 0.0
    r = overlap / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return Score(p, r, f1, overlap, n_pred, n_gold)


def summarize(run: SystemRun, pages: list[Page], golds: dict[str, Counter]) -> dict:
    per_page = {}
    failed = empty = 0
    ov = npred = ngold = 0
    for page in pages:
        res = run.results[page.name]
        s = score(res.text, golds[page.name])
        if res.text is None:
            failed += 1
        elif s.n_pred == 0:
            empty += 1
        per_page[page.name] = {"p": s.p, "r": s.r, "f1": s.f1, "overlap": s.overlap, "pred_tokens": s.n_pred,
                               "gold_tokens": s.n_gold, "failed": res.text is None, "error": res.error,
                               "seconds": res.seconds}
        ov, npred, ngold = ov + s.overlap, npred + s.n_pred, ngold + s.n_gold
    n = len(pages)
    mp = ov / npred if npred else 0.0
    mr = ov / ngold if ngold else 0.0
    return {
        "pages": n,
        "failed": failed,
        "empty": empty,
        "macro": {k: sum(v[k] for v in per_page.values()) / n if n else 0.0 for k in ("p", "r", "f1")},
        "micro": {"p": mp, "r": mr, "f1": 2 * mp * mr / (mp + mr) if mp + mr else 0.0,
                  "overlap": ov, "pred_tokens": npred, "gold_tokens": ngold},
        "seconds": run.seconds,
        "pages_per_s": n / run.seconds if run.seconds > 0 else None,
        "timing": run.note,
        "per_page": per_page,
    }


# --------------------------------------------------------------------------- report

def pct(x: float) -> str:
    return f"{100 * x:.1f}"


def report(summary: dict[str, dict], pages: list[Page]) -> str:
    out = ["## Article body extraction from HTML (token P/R/F1, %)", ""]
    out.append("| system | pages | failed | macro P | macro R | macro F1 | micro F1 | pages/s |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for key, s in summary.items():
        bad = s["failed"] + s["empty"]
        bad_s = f"{bad}" + (f" ({s['empty']} empty)" if s["empty"] else "")
        rate = f"{s['pages_per_s']:.1f}" if s["pages_per_s"] and s["failed"] < s["pages"] else "–"
        out.append(f"| {LABELS[key]} | {s['pages']} | {bad_s} | {pct(s['macro']['p'])} | {pct(s['macro']['r'])} | "
                   f"{pct(s['macro']['f1'])} | {pct(s['micro']['f1'])} | {rate} |")
    out.append("")
    out.append("failed = the system errored or returned no token (such pages score 0 in every average).")
    for key, s in summary.items():
        out.append(f"- {LABELS[key]}: {1000 * s['seconds']:.1f} ms in all, {s['timing']}.")
    out.append("")
    cols = [k for k in summary if k != "nutgraf_batch"]
    out.append("## F1 per page (%; ERR = failed)")
    out.append("")
    out.append("| page | gold tokens | " + " | ".join(LABELS[k] for k in cols) + " |")
    out.append("| --- | ---: | " + " | ".join("---:" for _ in cols) + " |")
    for page in pages:
        cells = []
        for k in cols:
            pp = summary[k]["per_page"][page.name]
            cells.append("ERR" if pp["failed"] else pct(pp["f1"]))
        gold_n = summary[cols[0]]["per_page"][page.name]["gold_tokens"] if cols else 0
        out.append(f"| {page.name} | {gold_n} | " + " | ".join(cells) + " |")
    errors = []
    for key, s in summary.items():
        msgs = Counter(pp["error"] for pp in s["per_page"].values() if pp["failed"])
        for msg, count in sorted(msgs.items(), key=lambda kv: (-kv[1], kv[0])):
            errors.append(f"- {LABELS[key]}, {count} page(s): {msg}")
    if errors:
        out += ["", "## Errors", ""] + errors
    return "\n".join(out) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", type=Path, help=f"directories, .html or .jsonl files (default: {DEFAULT_PATH})")
    ap.add_argument("--nutgraf", default=str(ROOT / "target" / "release" / "nutgraf"), help="the nutgraf CLI binary")
    ap.add_argument("--nutgraf-format-flag", default="--format html",
                    help="how the HTML format is passed to `nutgraf extract`/`batch` (shell words; '' for none)")
    ap.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated subset of " + ",".join(SYSTEMS))
    ap.add_argument("--no-batch", action="store_true", help="skip the one-process `nutgraf batch` timing")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per page for a nutgraf process")
    ap.add_argument("--json", type=Path, metavar="OUT", help="also write every figure as JSON")
    args = ap.parse_args()

    logging.disable(logging.CRITICAL)  # trafilatura and readability log per page
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = set(systems) - set(SYSTEMS)
    if unknown:
        ap.error(f"unknown system(s): {', '.join(sorted(unknown))}")
    pages = load(args.paths or [DEFAULT_PATH])
    golds = {p.name: tokens(p.gold) for p in pages}
    skipped = [p.name for p in pages if not golds[p.name]]
    for name in skipped:
        warn(f"{name}: gold body has no token; skipped")
    pages = [p for p in pages if golds[p.name]]
    if not pages:
        warn("no page with gold body text found")
        return 1

    flag = shlex.split(args.nutgraf_format_flag)
    runs: dict[str, SystemRun] = {}
    for system in systems:
        if system == "nutgraf":
            runs["nutgraf"] = run_nutgraf(pages, args.nutgraf, flag, args.timeout)
            if not args.no_batch and all(r.text is not None for r in runs["nutgraf"].results.values()):
                batch = run_nutgraf_batch(pages, args.nutgraf, flag, args.timeout)
                if batch is not None:
                    runs["nutgraf_batch"] = batch
            continue
        factory = trafilatura_extractor if system == "trafilatura" else readability_extractor
        try:
            extract = factory()
        except ImportError as e:
            runs[system] = failed_run(pages, f"cannot import: {e}")
            continue
        runs[system] = run_python(pages, system, extract)

    summary = {k: summarize(r, pages, golds) for k, r in runs.items()}
    sys.stdout.write(report(summary, pages))
    if args.json:
        versions = {}
        for mod, dist in (("trafilatura", "trafilatura"), ("readability", "readability-lxml"), ("lxml", "lxml")):
            try:
                from importlib.metadata import version
                versions[dist] = version(dist)
            except Exception:  # noqa: BLE001
                versions[dist] = None
        doc = {"pages": [p.name for p in pages], "nutgraf": args.nutgraf,
               "nutgraf_format_flag": args.nutgraf_format_flag, "versions": versions,
               "python": sys.version.split()[0], "systems": summary}
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
