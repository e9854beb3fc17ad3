"""nutgraf against spaCy, compromise and wink-nlp, side by side, in one run.

    python3 bench/compare/compare.py --spacy-python PY --compromise-dir DIR [--passes N]

(`bash scripts/bench-compare` sets up the scratch environments and calls
this.) On the CoNLL-2003 dev texts (1996 Reuters, dense with sports tables),
on modern-news (tests/eval: 60 articles in the style of 2020s wire copy,
annotated by hand without looking at nutgraf) and on the sample article it
measures throughput (characters/s, articles/s), latency per article (p50,
p99) and peak memory for

- nutgraf native, one thread (`nutgraf-bench --stage json`: extraction with
  every layer, offsets and JSON), the same with only the layers another
  system also computes (entities: names, what spaCy NER gives; entities +
  people + quotes, what compromise gives, + dates with its dates plugin;
  dates + numbers, what wink-nlp's entities are), with no layer (cleaning,
  sentences and JSON: what is left if names, people and quotes cost
  nothing) and all threads (`nutgraf batch`);
- nutgraf in Node and in headless Chromium (the WebAssembly package);
- nutgraf from Python (`extract` one at a time and `extract_many`);
- spaCy `en_core_web_sm`, full pipeline and NER only;
- compromise, without and with its dates plugin;
- wink-nlp with its English lite model, full pipeline and only sentences
  and entities (its entities are dates and numbers, not names: it is here
  for speed, and scores 0 on names);

then scores every system's entities with ../shared/eval/score.py and prints
a Markdown table with the ratios against nutgraf with every layer, and a
list of like-for-like ratios: each other system against nutgraf computing
what it computes. Timings are one thread unless the row
says otherwise; every system gets one warm-up pass. spaCy, compromise and
wink-nlp then get N timed passes (`--passes`, default 5), nutgraf native
4N; the WebAssembly and Python rows take their own benchmarks' counts. The
like-for-like ratios against compromise and wink-nlp are the median of R
rounds (`--rounds`, default 3): the table's figures, then R - 1 rounds that
each time nutgraf and the other system one right after the other (one run of
these pairs has swung by 15 % with the machine's speed).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SCORE = SHARED / "eval" / "score.py"
CONLL = SHARED / "eval" / "conll2003" / "dev.jsonl"
MODERN = ROOT / "tests" / "eval" / "modern-news.jsonl"
SAMPLE = ROOT / "tests" / "eval" / "putin-zelenskyy.gold.jsonl"
NUTGRAF = ROOT / "target" / "release" / "nutgraf"
BENCH = ROOT / "target" / "release" / "nutgraf-bench"


def run(cmd: list[str], **kw) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout


def score(gold: Path, pred: Path) -> dict:
    s = json.loads(run([sys.executable, str(SCORE), str(gold), str(pred), "--json"]))
    return s.get("entities", {}).get("micro", {})


def chars_of(gold: Path) -> tuple[int, int]:
    docs = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    return sum(len(d["text"]) for d in docs), len(docs)


def nutgraf_native(gold: Path, passes: int, layers: str | None = None) -> dict:
    extra = ["--layers", layers] if layers is not None else []
    out = run([str(BENCH), "--stage", "json", "--iterations", str(passes), *extra, str(gold)])
    chars = float(re.search(r"throughput\s+\S+ MB/s\s+(\d+) characters/s", out).group(1))
    articles = float(re.search(r"(\d+) articles/s", out).group(1))
    p50, p99 = re.search(r"p50 ([\d.]+) µs\s+p99 ([\d.]+) µs", out).groups()
    peak = float(re.search(r"peak memory\s+(\d+) kB", out).group(1)) / 1024
    return {"chars_per_s": chars, "docs_per_s": articles, "p50_ms": float(p50) / 1000, "p99_ms": float(p99) / 1000,
            "peak_rss_mb": peak}


def nutgraf_batch(gold: Path, passes: int, threads: int, pred: Path) -> dict:
    """`nutgraf batch` over the texts repeated `passes` times, wall clock."""
    lines = [line for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        f.write("\n".join(lines * passes) + "\n")
        big = f.name
    try:
        run([str(NUTGRAF), "batch", str(gold), "-o", str(pred), "--threads", str(threads)])  # warm-up, predictions
        start = time.perf_counter()
        timed = subprocess.run(["/usr/bin/time", "-v", str(NUTGRAF), "batch", big, "-o", os.devnull, "--threads", str(threads)],
                               check=True, capture_output=True, text=True)
        seconds = time.perf_counter() - start
    finally:
        os.unlink(big)
    chars, n = chars_of(gold)
    peak = float(re.search(r"Maximum resident set size \(kbytes\): (\d+)", timed.stderr).group(1)) / 1024
    return {"chars_per_s": chars * passes / seconds, "docs_per_s": n * passes / seconds, "peak_rss_mb": peak}


def nutgraf_wasm(gold: Path) -> tuple[dict, dict]:
    out = run(["node", str(ROOT / "wasm" / "bench.mjs"), "--browser", "--file", str(gold)])
    node = json.loads(re.search(r"^NODE (.*)$", out, re.M).group(1))
    chromium = json.loads(re.search(r"^CHROMIUM (.*)$", out, re.M).group(1))
    return node, chromium


def nutgraf_python(gold: Path, python: str) -> tuple[dict, dict]:
    out = run([python, str(ROOT / "python" / "examples" / "benchmark.py"), str(gold), "--json"])
    figures = json.loads(out.strip().splitlines()[-1])
    return figures["extract"], figures["extract_many"]


def spacy(gold: Path, python: str, pred: Path, passes: int, ner_only: bool) -> dict:
    cmd = [python, str(ROOT / "bench" / "compare" / "spacy_run.py"), str(gold), str(pred), "--passes", str(passes)]
    return json.loads(run(cmd + (["--ner-only"] if ner_only else [])).strip().splitlines()[-1])


def node_runner(name: str, gold: Path, directory: str, pred: Path, flags: list[str]) -> dict:
    """Runs bench/compare/NAME in DIRECTORY, where the npm packages are
    (`flags` should hold `--passes N`)."""
    for file in (name, "runner.mjs"):  # must sit next to node_modules to import them
        (Path(directory) / file).write_text((ROOT / "bench" / "compare" / file).read_text(encoding="utf-8"), encoding="utf-8")
    script = Path(directory) / name
    env = dict(os.environ, NODE_PATH=str(Path(directory) / "node_modules"))
    return json.loads(run(["node", str(script), str(gold), str(pred)] + flags, env=env).strip().splitlines()[-1])


def compromise(gold: Path, directory: str, pred: Path, passes: int, dates: bool) -> dict:
    flags = ["--passes", str(passes)] + (["--dates"] if dates else [])
    return node_runner("compromise_run.mjs", gold, directory, pred, flags)


def wink(gold: Path, directory: str, pred: Path, passes: int, minimal: bool) -> dict:
    flags = ["--passes", str(passes)] + (["--minimal"] if minimal else [])
    return node_runner("wink_run.mjs", gold, directory, pred, flags)


def fmt(x: float | None, digits: int = 0) -> str:
    return "—" if x is None else f"{x:,.{digits}f}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--spacy-python", required=True)
    ap.add_argument("--nutgraf-python", required=True)
    ap.add_argument("--compromise-dir", required=True)
    ap.add_argument("--passes", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=3,
                    help="rounds of each compromise and wink-nlp pair, nutgraf and the other system one after the other")
    a = ap.parse_args()
    out = ROOT / "target" / "compare" / "predictions"
    out.mkdir(parents=True, exist_ok=True)
    for name, gold in [("CoNLL-2003 dev", CONLL), ("modern-news", MODERN), ("sample article", SAMPLE)]:
        chars, n = chars_of(gold)
        # (label, figures, predictions, what the system computes: a key of
        # `nutgraf_doing` for the like-for-like list, None for nutgraf's rows)
        rows: list[tuple[str, dict, Path | None, str | None]] = []
        pred = out / f"{gold.stem}.nutgraf.jsonl"
        # nutgraf native, one thread, with every layer and with only the
        # layers another system computes: names (spaCy NER); names and
        # quotations, whose speakers need the people layer (compromise);
        # + dates (compromise with compromise-dates); dates and numbers
        # (wink-nlp's entities: dates, times, numbers, money, no names).
        nutgraf_doing: dict[str, float] = {}
        for layers, label in [
            (None, "nutgraf native, one thread (extract + JSON)"),
            ("entities", "nutgraf native, one thread, entities layer only"),
            ("entities,people,quotes", None),
            ("entities,people,quotes,dates", None),
            ("dates,numbers", None),
            # No extraction layer: cleaning, sentences and the article's
            # JSON, the part of every row above that no recognizer can
            # shorten (the ceiling line after the like-for-like list).
            ("", "nutgraf native, one thread, no layer (cleaning, sentences, JSON)"),
        ]:
            label = label or f"nutgraf native, one thread, layers {layers.replace(',', ' + ')}"
            r = nutgraf_native(gold, a.passes * 4, layers)
            nutgraf_doing["every layer" if layers is None else layers] = r["chars_per_s"]
            rows.append((label, r, pred if layers is None or "entities" in layers else None, None))
        threads = os.cpu_count() or 1
        rows.append((f"nutgraf native, batch --threads {threads}", nutgraf_batch(gold, a.passes * 4, threads, pred), pred, None))
        node, chromium = nutgraf_wasm(gold)
        rows.append(("nutgraf WebAssembly, Node", node, pred, None))
        rows.append(("nutgraf WebAssembly, headless Chromium", chromium, pred, None))
        one, many = nutgraf_python(gold, a.nutgraf_python)
        rows.append(("nutgraf Python, extract()", one, pred, None))
        rows.append((f"nutgraf Python, extract_many(threads={threads})", many, pred, None))
        for ner_only in (False, True):
            p = out / f"{gold.stem}.spacy{'-ner' if ner_only else ''}.jsonl"
            r = spacy(gold, a.spacy_python, p, a.passes, ner_only)
            # spaCy's full pipeline (tags, parse, lemmas, names) is not
            # nutgraf's; it is paired with nutgraf's full pipeline.
            rows.append((r.pop("system"), r, p, "entities" if ner_only else "every layer"))
        # The compromise and wink-nlp pairs are close enough to a bar (100×
        # compromise) or to each other that one run can mislead: after the
        # table's figures each gets `--rounds` - 1 more rounds, nutgraf and
        # the other system timed one right after the other, and the list
        # gives the median ratio and every round's.
        reruns: dict[str, Callable[[], float]] = {}
        for dates in (False, True):
            p = out / f"{gold.stem}.compromise{'-dates' if dates else ''}.jsonl"
            r = compromise(gold, a.compromise_dir, p, a.passes, dates)
            label = r.pop("system")
            rows.append((label, r, p, "entities,people,quotes" + (",dates" if dates else "")))
            reruns[label] = lambda p=p, dates=dates: compromise(gold, a.compromise_dir, p, a.passes, dates)["chars_per_s"]
        for minimal in (False, True):
            p = out / f"{gold.stem}.wink{'-minimal' if minimal else ''}.jsonl"
            r = wink(gold, a.compromise_dir, p, a.passes, minimal)
            label = r.pop("system")
            rows.append((label, r, p, "dates,numbers"))
            reruns[label] = lambda p=p, minimal=minimal: wink(gold, a.compromise_dir, p, a.passes, minimal)["chars_per_s"]
        base = nutgraf_doing["every layer"]
        print(f"\n### {name} ({n} articles, {chars:,} characters)\n")
        print("| system | characters/s | articles/s | p50 ms | p99 ms | peak RSS MB | nutgraf one thread is × faster | entity F1 |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for label, r, p, _ in rows:
            f1 = score(gold, p).get("f1") if p else None
            ratio = base / r["chars_per_s"]
            print(f"| {label} | {fmt(r['chars_per_s'])} | {fmt(r.get('docs_per_s'), 1)} | {fmt(r.get('p50_ms'), 2)} | "
                  f"{fmt(r.get('p99_ms'), 2)} | {fmt(r.get('peak_rss_mb'))} | {ratio:,.1f} | {fmt(f1, 3)} |")
        # Like for like: each other system against nutgraf doing the same
        # jobs (the table's ratios are against nutgraf doing all of its own).
        print("\nLike for like (nutgraf native, one thread, computing what the other system computes):\n")
        for label, r, _, jobs in rows:
            if jobs is None:
                continue
            mine = "every layer" if jobs == "every layer" else jobs.replace(",", " + ")
            ratio = nutgraf_doing[jobs] / r["chars_per_s"]
            if label not in reruns or a.rounds < 2:
                print(f"- {label}: nutgraf ({mine}) is {ratio:,.1f}× faster")
                continue
            ratios = [ratio]  # the table's round, then the others
            for _ in range(a.rounds - 1):
                ratios.append(nutgraf_native(gold, a.passes * 4, jobs)["chars_per_s"] / reruns[label]())
            ratios.sort()
            print(f"- {label}: nutgraf ({mine}) is {statistics.median(ratios):,.1f}× faster "
                  f"(median of {len(ratios)} rounds: {', '.join(f'{x:,.1f}' for x in ratios)})")
        # How far the entity layer alone moves nutgraf from the bar: the
        # ceiling nutgraf would reach against compromise if names, people
        # and quotes cost nothing, and the entities layer alone.
        compromise_rate = next((r["chars_per_s"] for _, r, _, jobs in rows if jobs == "entities,people,quotes"), None)
        if compromise_rate:
            print(f"\nAgainst compromise without its dates plugin ({fmt(compromise_rate)} characters/s): nutgraf with no "
                  f"layer (cleaning, sentences, JSON) is {nutgraf_doing[''] / compromise_rate:,.1f}×, the entities layer "
                  f"alone {nutgraf_doing['entities'] / compromise_rate:,.1f}×, entities + people + quotes "
                  f"{nutgraf_doing['entities,people,quotes'] / compromise_rate:,.1f}× (the table's round).")
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown CPU")
    print(f"\nmachine: {os.cpu_count()} cores, {cpu}, {run(['uname', '-srm']).strip()}")


if __name__ == "__main__":
    main()
