"""The sample article as tables: people, quotes and entities.

    python python/examples/sample_tables.py [ARTICLE.txt]

Needs the nutgraf wheel installed (and pandas for the tables; without pandas
it prints plain lists).
"""
from __future__ import annotations

import sys
from pathlib import Path

import nutgraf

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests/fixtures/paste/putin-zelenskyy.txt"
    article = nutgraf.extract(path.read_bytes().decode("utf-8"), published="2025-08-19")
    print(article.title, "\n")
    try:
        import pandas  # noqa: F401
    except ImportError:
        for p in article.people:
            print(p.name, "|", "; ".join(r.title for r in p.roles), "|", len(p.quotes), "quotes")
        for q in article.quotes:
            print(f"{q.speaker}: {q.kind}: {q.text[:70]}")
        return
    print(article.people_frame().to_string(index=False), "\n")
    print(article.quotes_frame()[["speaker", "kind", "cue", "text"]].to_string(index=False), "\n")
    print(article.entities_frame().groupby("label").size().to_string())


if __name__ == "__main__":
    main()
