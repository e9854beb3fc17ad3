"""Articles as rows: the columns the Dask and Spark helpers add.

Each article becomes one row of Arrow-friendly columns (strings, numbers and
lists of structs), the same whatever engine runs it, so a Spark job, a Dask
job and a single-process run give identical tables. Only what a table is
for is kept — the entities, people with their roles, quotes, places,
organizations and dates; the whole Article stays one `extract` away.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

from ._types import Article

Row = Dict[str, Any]

#: The columns added to every row, in order.
COLUMNS: List[str] = ["title", "published", "entities", "people", "quotes", "places", "organizations", "dates"]

#: The same columns as a Spark DDL schema (for ``mapInPandas``).
SPARK_DDL = ", ".join([
    "title string",
    "published string",
    "entities array<struct<start:int,end:int,text:string,label:string>>",
    "people array<struct<name:string,aliases:array<string>,count:int,country:string,"
    "roles:array<struct<title:string,organization:string,country:string,former:boolean>>,quotes:array<string>>>",
    "quotes array<struct<id:string,kind:string,text:string,speaker:string,start:int,end:int>>",
    "places array<struct<name:string,kind:string,country:string>>",
    "organizations array<struct<name:string,acronym:string,country:string>>",
    "dates array<struct<text:string,kind:string,value:string>>",
])


def row_of(article: Article) -> Row:
    """The added columns of one article (plain Python data)."""
    d = article._data
    return {
        "title": d.get("title"),
        "published": d.get("published"),
        "entities": [{"start": e["start"], "end": e["end"], "text": e["text"], "label": e["label"]} for e in d["entities"]],
        "people": [{
            "name": p["name"], "aliases": list(p["aliases"]), "count": p["count"], "country": p.get("country"),
            "roles": [{"title": r["title"], "organization": r.get("organization"), "country": r.get("country"),
                       "former": r["former"]} for r in p["roles"]],
            "quotes": list(p["quotes"]),
        } for p in d["people"]],
        "quotes": [{"id": q["id"], "kind": q["kind"], "text": q["text"], "speaker": q.get("speaker"),
                    "start": q["start"], "end": q["end"]} for q in d["quotes"]],
        "places": [{"name": p["name"], "kind": p.get("kind"), "country": p.get("country")} for p in d["places"]],
        "organizations": [{"name": o["name"], "acronym": o.get("acronym"), "country": o.get("country")}
                          for o in d["organizations"]],
        "dates": [{"text": x["text"], "kind": x["kind"], "value": x.get("value")} for x in d["dates"]],
    }


def rows_of(texts: Sequence[str], extractor: Optional[Any] = None, threads: Optional[int] = 1) -> List[Row]:
    """Rows for many texts, in order (``extractor``: a :class:`nutgraf.Extractor`)."""
    from . import Extractor

    ex = extractor if extractor is not None else Extractor()
    return [row_of(a) for a in ex.extract_many(list(texts), threads=threads)]


def extract_frame(frame: Any, text_column: str = "text", extractor: Optional[Any] = None,
                  threads: Optional[int] = 1) -> Any:
    """A pandas DataFrame with the article columns added to ``frame``'s own.

    The function Dask's ``map_partitions`` and Spark's ``mapInPandas`` call
    per partition; usable on its own on any pandas DataFrame.
    """
    texts = frame[text_column].tolist()
    rows = rows_of(texts, extractor, threads)
    out = frame.copy()
    for column in COLUMNS:
        out[column] = [r[column] for r in rows]
    return out
