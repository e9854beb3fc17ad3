"""Scale-out: Dask (a LocalCluster of 2 worker processes) and PySpark (local
mode, 2 cores) give exactly the rows of a single-process run.

The texts are the CoNLL-2003 dev texts when ../shared/eval is there, else
the project's own evaluation sets (tests/eval/).
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, List

import pytest

import nutgraf
from nutgraf._frames import COLUMNS, extract_frame, rows_of

ROOT = Path(__file__).resolve().parents[2]


def texts() -> List[str]:
    conll = ROOT.parent / "shared" / "eval" / "conll2003" / "dev.jsonl"
    files = [conll] if conll.exists() else [ROOT / "tests/eval/modern-news.jsonl", ROOT / "tests/eval/quotes-news.jsonl"]
    return [json.loads(line)["text"] for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def corpus() -> List[str]:
    found = texts()
    assert len(found) >= 100
    return found


@pytest.fixture(scope="module")
def expected(corpus: List[str]) -> List[dict]:
    return rows_of(corpus, nutgraf.Extractor(published="2025-08-19"), threads=1)


def test_rows_have_every_column_and_match_the_article(corpus: List[str]) -> None:
    article = nutgraf.extract(corpus[0], published="2025-08-19")
    [row] = rows_of(corpus[:1], nutgraf.Extractor(published="2025-08-19"))
    assert list(row) == COLUMNS
    assert [e["text"] for e in row["entities"]] == [e.text for e in article.entities]
    assert [p["name"] for p in row["people"]] == [p.name for p in article.people]


def test_extract_frame_keeps_the_input_columns(corpus: List[str]) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"id": range(5), "text": corpus[:5]})
    out = extract_frame(frame)
    assert list(out.columns) == ["id", "text", *COLUMNS]
    assert out["id"].tolist() == list(range(5))
    with pytest.raises(TypeError):
        extract_frame(pd.DataFrame({"text": ["ok", None]}))


def test_dask_cluster_of_two_processes_equals_one_process(corpus: List[str], expected: List[dict]) -> None:
    distributed = pytest.importorskip("distributed")
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd

    from nutgraf.dask import extract_bag, extract_dataframe

    extractor = nutgraf.Extractor(published="2025-08-19")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        bag = db.from_sequence(corpus, npartitions=8)
        rows = extract_bag(bag, extractor).compute()
        assert rows == expected
        frame = dd.from_pandas(pd.DataFrame({"id": range(len(corpus)), "text": corpus}), npartitions=6)
        table = extract_dataframe(frame, "text", extractor).compute()
        assert table["id"].tolist() == list(range(len(corpus)))
        assert [{c: r[c] for c in COLUMNS} for r in table.to_dict("records")] == expected
        # Both workers did some of the work.
        assert len(client.scheduler_info()["workers"]) == 2


def test_spark_local_mode_equals_one_process(corpus: List[str], expected: List[dict]) -> None:
    pytest.importorskip("pyspark")
    pytest.importorskip("pyarrow")
    from pyspark.sql import SparkSession

    from nutgraf.spark import extract_spark

    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    spark = (SparkSession.builder.master("local[2]").appName("nutgraf-test")
             .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
             .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate())
    try:
        frame = spark.createDataFrame([(i, t) for i, t in enumerate(corpus)], "id long, text string").repartition(4)
        out = extract_spark(frame, "text", nutgraf.Extractor(published="2025-08-19"))
        assert out.columns == ["id", "text", *COLUMNS]
        rows = sorted(out.collect(), key=lambda r: r["id"])
        got = [{c: _plain(r[c]) for c in COLUMNS} for r in rows]
        assert [r["id"] for r in rows] == list(range(len(corpus)))
        assert got == expected
    finally:
        spark.stop()


def _plain(value: Any) -> Any:
    """Spark Rows and lists → plain dicts and lists."""
    if hasattr(value, "asDict"):
        return {k: _plain(v) for k, v in value.asDict().items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def test_one_extractor_shared_by_threads_pickles_small(corpus: List[str], expected: List[dict]) -> None:
    import pickle
    from concurrent.futures import ThreadPoolExecutor

    extractor = nutgraf.Extractor(published="2025-08-19")
    assert len(pickle.dumps(extractor)) < 300  # options only: no lexicons or model travel
    with ThreadPoolExecutor(max_workers=4) as pool:
        rows = list(pool.map(lambda t: rows_of([t], extractor)[0], corpus[:200]))
    assert rows == expected[:200]
