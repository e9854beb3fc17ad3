"""Throughput of the Python package on the CoNLL-2003 dev texts.

    python python/examples/benchmark.py [FILE.jsonl] [--json]

Prints: `extract` one at a time (one thread), `extract_many` on 1 and on 2
threads, and the per-call overhead on a 3 KB article against the native
`nutgraf-bench --stage json` figure (same work: extract, code-point offsets,
JSON), measured by running that binary when it is built.

With --json it prints one JSON line instead, for bench/compare/compare.py:
`extract` (throughput, p50/p99 latency) and `extract_many` on every core,
with the process's peak memory.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import nutgraf

ROOT = Path(__file__).resolve().parents[2]


def rate(label: str, seconds: float, chars: int, n: int) -> float:
    print(f"{label:<34} {chars / seconds / 1e6:6.2f} M chars/s   {n / seconds:8.0f} articles/s")
    return chars / seconds


def figures(texts: list[str]) -> dict[str, dict[str, float]]:
    """Throughput and latency of `extract` and `extract_many` (all cores)."""
    chars = sum(len(t) for t in texts)
    extractor = nutgraf.Extractor()
    extractor.extract_many(texts)  # warm up
    rounds = max(5, 2_000_000 // max(chars, 1))
    latencies = []
    start = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            t = time.perf_counter()
            extractor.extract(text)
            latencies.append(time.perf_counter() - t)
    seconds = time.perf_counter() - start
    latencies.sort()
    one = {"chars_per_s": chars * rounds / seconds, "docs_per_s": len(texts) * rounds / seconds,
           "p50_ms": latencies[len(latencies) // 2] * 1000, "p99_ms": latencies[int(len(latencies) * 0.99)] * 1000}
    threads = os.cpu_count() or 1
    start = time.perf_counter()
    for _ in range(rounds):
        extractor.extract_many(texts, threads=threads)
    seconds = time.perf_counter() - start
    many = {"chars_per_s": chars * rounds / seconds, "docs_per_s": len(texts) * rounds / seconds}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    one["peak_rss_mb"] = many["peak_rss_mb"] = peak
    return {"extract": one, "extract_many": many}


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--json"]
    path = Path(args[0]) if args else ROOT.parent / "shared/eval/conll2003/dev.jsonl"
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if "--json" in sys.argv:
        print(json.dumps(figures(texts)))
        return
    chars = sum(len(t) for t in texts)
    extractor = nutgraf.Extractor()
    extractor.extract_many(texts)  # warm up: lexicons and model load once
    rounds = 5
    t = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            extractor.extract(text)
    rate("extract, one at a time", time.perf_counter() - t, chars * rounds, len(texts) * rounds)
    single = multi = 0.0
    for threads in (1, 2):
        t = time.perf_counter()
        for _ in range(rounds):
            extractor.extract_many(texts, threads=threads)
        r = rate(f"extract_many, threads={threads}", time.perf_counter() - t, chars * rounds, len(texts) * rounds)
        single, multi = (r, multi) if threads == 1 else (single, r)
    print(f"{'extract_many speed-up on 2 threads':<34} {multi / single:6.2f}x")
    # Per-call overhead on a ~3 KB article against the native binary.
    article = next((t for t in texts if 2800 <= len(t.encode()) <= 3500), texts[0])
    n = 2000
    t = time.perf_counter()
    for _ in range(n):
        extractor.extract(article)
    python_us = (time.perf_counter() - t) / n * 1e6
    print(f"{'3 KB article via Python':<34} {python_us:8.1f} µs per call ({len(article.encode())} bytes)")
    bench = ROOT / "target/release/nutgraf-bench"
    if bench.exists():
        sample = Path("/tmp/nutgraf-3kb.jsonl")
        sample.write_text(json.dumps({"text": article}) + "\n", encoding="utf-8")
        out = subprocess.run([str(bench), "--stage", "json", "--iterations", str(n), str(sample)],
                             capture_output=True, text=True, check=True).stdout
        line = next(l for l in out.splitlines() if l.startswith("latency"))
        native_us = float(line.split("p50")[1].split("µs")[0])
        print(f"{'3 KB article native (p50)':<34} {native_us:8.1f} µs per call")
        print(f"{'per-call overhead of Python':<34} {100 * (python_us / native_us - 1):6.1f} %")


if __name__ == "__main__":
    main()
