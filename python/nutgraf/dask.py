"""nutgraf on Dask: extract articles across a cluster.

    >>> import dask.bag as db
    >>> from nutgraf.dask import extract_bag, extract_dataframe
    >>> rows = extract_bag(db.from_sequence(texts, npartitions=8)).compute()
    >>> table = extract_dataframe(ddf, text_column="text").compute()

Every worker process loads the lexicons and the model once, on its first
article; the :class:`nutgraf.Extractor` that travels with the tasks holds
options only. The output equals a single-process run, row for row
(``nutgraf._frames.rows_of``). Needs ``pip install "dask[distributed]" pandas``.
"""
from __future__ import annotations

from typing import Any, List, Optional

from ._frames import COLUMNS, Row, extract_frame, rows_of

__all__ = ["extract_bag", "extract_dataframe", "COLUMNS"]


def _partition(texts: Any, extractor: Optional[Any], threads: Optional[int]) -> List[Row]:
    return rows_of(list(texts), extractor, threads)


def extract_bag(bag: Any, extractor: Optional[Any] = None, threads: Optional[int] = 1) -> Any:
    """A ``dask.bag`` of texts → a bag of rows (dicts with :data:`COLUMNS`), same order.

    ``threads`` is per task: keep 1 when each worker has one core, None for
    all of the worker's cores.
    """
    return bag.map_partitions(_partition, extractor, threads)


def extract_dataframe(frame: Any, text_column: str = "text", extractor: Optional[Any] = None,
                      threads: Optional[int] = 1) -> Any:
    """A ``dask.dataframe`` with a text column → the same with the article columns added."""
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

    meta = frame._meta.copy()
    for column in COLUMNS:
        meta[column] = pd.Series(dtype=object)
    return frame.map_partitions(extract_frame, text_column, extractor, threads, meta=meta)
