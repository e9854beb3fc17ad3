"""nutgraf: who said what in a news article.

    >>> import nutgraf
    >>> article = nutgraf.extract(open("article.txt").read(), published="2025-08-19")
    >>> [(p.name, [r.title for r in p.roles]) for p in article.people]
    >>> page = nutgraf.extract(open("saved-page.html").read(), format="html")
    >>> page.title, page.authors, page.published, page.site_name

All extraction happens in the Rust core (``nutgraf._nutgraf``), with the GIL
released; this package only converts types. Offsets are Python code points:
``article.text[e.start:e.end] == e.text`` for every span. For HTML input
``article.text`` is the clean text of the page and ``article.html`` the input;
each block's ``source`` is its ``(start, end)`` in the HTML.
"""
from __future__ import annotations

from typing import Iterable, List, Optional, Sequence, Tuple

from . import _nutgraf
from ._types import (
    Article, Block, Byline, Dateline, DateMention, EntityMention, ExtractionWarning, Group, NumberMention, Organization,
    Person, Place, Quote, Role, Sentence, Span, Summary,
)

__all__ = [
    "extract", "Extractor", "Article", "Block", "Byline", "Dateline", "DateMention", "EntityMention", "ExtractionWarning",
    "Group", "NumberMention", "Organization", "Person", "Place", "Quote", "Role", "Sentence", "Span", "Summary",
    "LAYERS", "SCHEMA_VERSION",
]

SCHEMA_VERSION: str = _nutgraf.SCHEMA_VERSION
LAYERS: List[str] = list(_nutgraf.LAYERS)


class Extractor:
    """Reusable extraction settings.

    Pickles cheaply (it holds options only; the lexicons and model are loaded
    once per process), so it ships to Spark, Dask or multiprocessing workers.
    """

    def __init__(self, *, published: Optional[str] = None, layers: Optional[Sequence[str]] = None,
                 max_input_bytes: Optional[int] = None, lexicon: Optional[Sequence[Tuple[str, str]]] = None,
                 format: str = "auto") -> None:
        """``lexicon``: (name, label) pairs to label wherever they occur, over the
        model (labels PERSON, ORG, GPE, LOC, NORP, MISC). ``format``: ``"html"``
        finds the article in a web page, ``"text"`` takes the input as pasted,
        ``"auto"`` reads HTML documents as HTML."""
        if format not in ("auto", "text", "html"):
            raise ValueError(f"format must be 'auto', 'text' or 'html', not {format!r}")
        if published is not None and not isinstance(published, str):
            raise TypeError("published must be a str 'YYYY-MM-DD' or None")
        if layers is not None:
            if isinstance(layers, str) or not all(isinstance(x, str) for x in layers):
                raise TypeError("layers must be a sequence of layer names")
            unknown = [x for x in layers if x not in LAYERS]
            if unknown:
                raise ValueError(f"unknown layers {unknown}; layers are {LAYERS}")
        if max_input_bytes is not None and (not isinstance(max_input_bytes, int) or max_input_bytes < 0):
            raise ValueError("max_input_bytes must be a non-negative int or None")
        entries: Optional[List[Tuple[str, str]]] = None
        if lexicon is not None:
            if isinstance(lexicon, str) or not all(
                    isinstance(e, (tuple, list)) and len(e) == 2 and all(isinstance(x, str) for x in e) for e in lexicon):
                raise TypeError("lexicon must be a sequence of (name, label) string pairs")
            entries = [(e[0], e[1]) for e in lexicon]
        self.published = published
        self.layers = list(layers) if layers is not None else None
        self.max_input_bytes = max_input_bytes
        self.lexicon = entries
        self.format = format
        if entries:
            _nutgraf.extract("", None, None, None, entries)  # core checks the labels and names now

    def extract(self, text: str) -> Article:
        """Extracts one article."""
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        data, clean = _nutgraf.extract(text, self.published, self.layers, self.max_input_bytes, self.lexicon,
                                       self.format)
        return Article.from_json(text, data, clean)

    def extract_many(self, texts: Iterable[str], threads: Optional[int] = None) -> List[Article]:
        """Extracts many articles in parallel (all cores by default), in input order."""
        items = list(texts)
        for k, t in enumerate(items):
            if not isinstance(t, str):
                raise TypeError(f"texts[{k}] must be str, not {type(t).__name__}")
        if threads is not None and (not isinstance(threads, int) or threads < 1):
            raise ValueError("threads must be a positive int or None")
        data = _nutgraf.extract_many(items, threads, self.published, self.layers, self.max_input_bytes, self.lexicon,
                                     self.format)
        return [Article.from_json(t, d, clean) for t, (d, clean) in zip(items, data)]

    def __repr__(self) -> str:
        return (f"Extractor(published={self.published!r}, layers={self.layers!r}, "
                f"max_input_bytes={self.max_input_bytes!r}, lexicon={self.lexicon!r}, format={self.format!r})")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Extractor) and vars(self) == vars(other)


def extract(text: str, *, published: Optional[str] = None, layers: Optional[Sequence[str]] = None,
            format: str = "auto") -> Article:
    """Extracts one article: ``nutgraf.extract(text, published="2025-08-19")``;
    ``format="html"`` for a web page (``"auto"`` detects HTML documents)."""
    return Extractor(published=published, layers=layers, format=format).extract(text)
