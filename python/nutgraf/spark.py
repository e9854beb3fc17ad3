"""nutgraf on Spark: extract articles in a PySpark job.

    >>> from nutgraf.spark import extract_spark
    >>> articles = extract_spark(spark.read.json("articles.jsonl"), text_column="text")
    >>> articles.select("id", "people.name", "quotes").show()

``mapInPandas`` over Arrow batches: each Python worker loads the lexicons
and the model once; the output columns (:data:`SPARK_DDL`) are strings and
arrays of structs, appended to the input's. Rows equal a single-process run.
Needs ``pip install pyspark pyarrow pandas`` (and Java for Spark itself).
"""
from __future__ import annotations

from typing import Any, Iterator, Optional

from ._frames import COLUMNS, SPARK_DDL, extract_frame

__all__ = ["extract_spark", "COLUMNS", "SPARK_DDL"]


def extract_spark(frame: Any, text_column: str = "text", extractor: Optional[Any] = None,
                  threads: Optional[int] = 1) -> Any:
    """A Spark DataFrame with a string column → the same with the article columns added.

    ``threads`` is per Python worker (Spark runs one per task slot): keep 1
    unless executors have more cores than task slots.
    """
    own = ", ".join(f"`{f.name}` {f.dataType.simpleString()}" for f in frame.schema.fields)
    schema = f"{own}, {SPARK_DDL}" if own else SPARK_DDL

    def batches(frames: Iterator[Any]) -> Iterator[Any]:
        for f in frames:
            yield extract_frame(f, text_column, extractor, threads)

    return frame.mapInPandas(batches, schema=schema)
