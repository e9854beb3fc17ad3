"""Typed views of the Article JSON that the Rust core produces.

Type conversion only: every class mirrors a type of `nutgraf-core`'s
`model` module, with offsets in Python code points (``text[start:end]``).
The lists of an :class:`Article` are built on first access, so extracting
many articles does not pay for objects nobody reads.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Dict, List, Optional, Tuple

JSON = Dict[str, Any]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str

    @staticmethod
    def of(d: JSON) -> "Span":
        return Span(d["start"], d["end"], d["text"])


@dataclass(frozen=True)
class Block:
    kind: str
    start: int
    end: int
    text: str
    duplicate_of: Optional[int]
    cue: Optional[str]
    marker: Optional[str]
    #: For HTML input: ``(start, end)`` of the block's text in the HTML (code points).
    source: Optional[Tuple[int, int]] = None


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    block: int


@dataclass(frozen=True)
class Byline:
    start: int
    end: int
    text: str
    authors: List[str]
    source: Optional[str]


@dataclass(frozen=True)
class Dateline:
    start: int
    end: int
    text: str
    place: str
    source: Optional[str]
    date: Optional[str]


@dataclass(frozen=True)
class EntityMention:
    start: int
    end: int
    text: str
    label: str
    entity: Optional[str]


@dataclass(frozen=True)
class Role:
    title: str
    organization: Optional[str]
    country: Optional[str]
    former: bool
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Record:
    """The fields every record shares (people, organizations, places,
    groups), as in the core's record; built by `_record`."""

    id: str
    name: str
    aliases: List[str]
    mentions: List[Span]
    count: int
    first_mention: int
    salience: float


@dataclass(frozen=True)
class Person(Record):
    roles: List[Role]
    country: Optional[str]
    author: bool
    quotes: List[str]


@dataclass(frozen=True)
class Organization(Record):
    acronym: Optional[str]
    country: Optional[str]


@dataclass(frozen=True)
class Place(Record):
    kind: Optional[str]
    country: Optional[str]


@dataclass(frozen=True)
class Group(Record):
    kind: Optional[str]
    country: Optional[str]


@dataclass(frozen=True)
class Quote:
    id: str
    kind: str
    start: int
    end: int
    text: str
    speaker: Optional[str]
    speaker_id: Optional[str]
    speaker_mention: Optional[Span]
    cue: Optional[Span]


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    kind: str
    value: Optional[str]


@dataclass(frozen=True)
class NumberMention:
    start: int
    end: int
    text: str
    kind: str
    amount: float
    currency: Optional[str]
    unit: Optional[str]


@dataclass(frozen=True)
class Summary:
    sentences: List[Span]
    keyphrases: List[str]


@dataclass(frozen=True)
class ExtractionWarning:
    code: str
    message: str


def _record(d: JSON) -> Dict[str, Any]:
    """The fields every record shares."""
    return dict(
        id=d["id"], name=d["name"], aliases=list(d["aliases"]), mentions=[Span.of(m) for m in d["mentions"]],
        count=d["count"], first_mention=d["first_mention"], salience=d["salience"],
    )


def _opt_span(d: Optional[JSON]) -> Optional[Span]:
    return None if d is None else Span.of(d)


_LABEL_COLOURS = {
    "PERSON": "#ffd8a8", "ORG": "#a5d8ff", "GPE": "#b2f2bb", "LOC": "#c3fae8", "NORP": "#eebefa", "MISC": "#dee2e6",
}


class Article:
    """One extracted article. ``text`` is what every span indexes: the input,
    or for HTML input the page's clean text (then ``html`` is the input)."""

    def __init__(self, text: str, data: JSON) -> None:
        self.html: Optional[str] = None
        self.text = text
        self._json: Optional[str] = None
        self.__dict__["_data"] = data
        if data.get("text") is not None:
            self.html, self.text = text, data["text"]

    @classmethod
    def from_json(cls, text: str, data: str, clean: Optional[str] = None) -> "Article":
        """An article over the core's JSON, parsed on first use: extraction
        returns as soon as the Rust work is done, and batch jobs that only
        store the JSON (``to_json``) never parse it. ``clean``: for HTML
        input, the clean text the spans index."""
        article = cls.__new__(cls)
        article.html = None if clean is None else text
        article.text = text if clean is None else clean
        article._json = data
        return article

    @cached_property
    def _data(self) -> JSON:
        parsed: JSON = json.loads(self._json or "{}")
        return parsed

    # Scalars
    @property
    def schema_version(self) -> str:
        return str(self._data["schema_version"])

    @property
    def title(self) -> Optional[str]:
        return self._data.get("title")

    @property
    def subtitle(self) -> Optional[str]:
        return self._data.get("subtitle")

    @property
    def authors(self) -> List[str]:
        return list(self._data.get("authors", []))

    @property
    def published(self) -> Optional[str]:
        return self._data.get("published")

    @property
    def reference_date(self) -> Optional[str]:
        return self._data.get("reference_date")

    @property
    def site_name(self) -> Optional[str]:
        """The site's name, when an HTML page states it."""
        return self._data.get("site_name")

    @property
    def url(self) -> Optional[str]:
        """The article's address, when an HTML page states it."""
        return self._data.get("url")

    # Lists, built on first access
    @cached_property
    def blocks(self) -> List[Block]:
        return [Block(b["kind"], b["start"], b["end"], b["text"], b.get("duplicate_of"), b.get("cue"), b.get("marker"),
                      (b["source"]["start"], b["source"]["end"]) if b.get("source") else None)
                for b in self._data["blocks"]]

    @cached_property
    def sentences(self) -> List[Sentence]:
        return [Sentence(s["start"], s["end"], s["text"], s["block"]) for s in self._data["sentences"]]

    @cached_property
    def byline(self) -> Optional[Byline]:
        b = self._data.get("byline")
        return None if b is None else Byline(b["start"], b["end"], b["text"], list(b["authors"]), b.get("source"))

    @cached_property
    def dateline(self) -> Optional[Dateline]:
        d = self._data.get("dateline")
        return None if d is None else Dateline(d["start"], d["end"], d["text"], d["place"], d.get("source"), d.get("date"))

    @cached_property
    def entities(self) -> List[EntityMention]:
        return [EntityMention(e["start"], e["end"], e["text"], e["label"], e.get("entity")) for e in self._data["entities"]]

    @cached_property
    def people(self) -> List[Person]:
        return [Person(**_record(p),
                       roles=[Role(r["title"], r.get("organization"), r.get("country"), r["former"], r["start"], r["end"], r["text"])
                              for r in p["roles"]],
                       country=p.get("country"), author=bool(p.get("author", False)), quotes=list(p["quotes"]))
                for p in self._data["people"]]

    @cached_property
    def organizations(self) -> List[Organization]:
        return [Organization(**_record(o), acronym=o.get("acronym"), country=o.get("country")) for o in self._data["organizations"]]

    @cached_property
    def places(self) -> List[Place]:
        return [Place(**_record(p), kind=p.get("kind"), country=p.get("country")) for p in self._data["places"]]

    @cached_property
    def groups(self) -> List[Group]:
        return [Group(**_record(g), kind=g.get("kind"), country=g.get("country")) for g in self._data["groups"]]

    @cached_property
    def quotes(self) -> List[Quote]:
        return [Quote(q["id"], q["kind"], q["start"], q["end"], q["text"], q.get("speaker"), q.get("speaker_id"),
                      _opt_span(q.get("speaker_mention")), _opt_span(q.get("cue")))
                for q in self._data["quotes"]]

    @cached_property
    def dates(self) -> List[DateMention]:
        return [DateMention(d["start"], d["end"], d["text"], d["kind"], d.get("value")) for d in self._data["dates"]]

    @cached_property
    def numbers(self) -> List[NumberMention]:
        return [NumberMention(n["start"], n["end"], n["text"], n["kind"], float(n["amount"]), n.get("currency"), n.get("unit"))
                for n in self._data["numbers"]]

    @cached_property
    def summary(self) -> Summary:
        s = self._data["summary"]
        return Summary([Span.of(x) for x in s["sentences"]], list(s["keyphrases"]))

    @cached_property
    def warnings(self) -> List[ExtractionWarning]:
        return [ExtractionWarning(w["code"], w["message"]) for w in self._data["warnings"]]

    # Conversions
    def to_dict(self) -> JSON:
        """The Article as plain JSON data (a copy)."""
        copy: JSON = json.loads(json.dumps(self._data))
        return copy

    def to_json(self, indent: Optional[int] = None) -> str:
        if indent is None and self._json is not None:
            return self._json
        return json.dumps(self._data, ensure_ascii=False, indent=indent)

    def __repr__(self) -> str:
        return (f"<nutgraf.Article title={self.title!r} people={len(self._data['people'])} "
                f"quotes={len(self._data['quotes'])} entities={len(self._data['entities'])}>")

    # pandas
    def entities_frame(self) -> Any:
        """Entity mentions as a pandas DataFrame (pandas must be installed)."""
        pd = _pandas()
        return pd.DataFrame([dict(start=e.start, end=e.end, text=e.text, label=e.label, entity=e.entity) for e in self.entities],
                            columns=["start", "end", "text", "label", "entity"])

    def quotes_frame(self) -> Any:
        """Quotes as a pandas DataFrame: who said what."""
        pd = _pandas()
        return pd.DataFrame([dict(id=q.id, kind=q.kind, speaker=q.speaker, speaker_id=q.speaker_id, text=q.text,
                                  cue=q.cue.text if q.cue else None, start=q.start, end=q.end) for q in self.quotes],
                            columns=["id", "kind", "speaker", "speaker_id", "text", "cue", "start", "end"])

    def people_frame(self) -> Any:
        """People as a pandas DataFrame, one row per person."""
        pd = _pandas()
        rows = [dict(id=p.id, name=p.name, aliases=", ".join(p.aliases), count=p.count, salience=p.salience,
                     roles="; ".join(_role_text(r) for r in p.roles), country=p.country, quotes=len(p.quotes))
                for p in self.people]
        return pd.DataFrame(rows, columns=["id", "name", "aliases", "count", "salience", "roles", "country", "quotes"])

    # Notebooks
    def _repr_html_(self) -> str:
        """The article with entities highlighted, then people and quotes; all text escaped."""
        parts: List[str] = ["<div class='nutgraf'>"]
        spans = sorted(self.entities, key=lambda e: e.start)
        for b in self.blocks:
            if b.kind == "boilerplate":
                parts.append(f"<p style='color:#868e96'><s>{html.escape(b.text)}</s></p>")
                continue
            out: List[str] = []
            pos = b.start
            for e in spans:
                if e.start < b.start or e.end > b.end:
                    continue
                out.append(html.escape(self.text[pos:e.start]))
                colour = _LABEL_COLOURS.get(e.label, "#dee2e6")
                out.append(f"<mark style='background:{colour}' title='{html.escape(e.label)}'>{html.escape(e.text)}</mark>")
                pos = e.end
            out.append(html.escape(self.text[pos:b.end]))
            tag = "h3" if b.kind in ("headline", "heading") else "p"
            parts.append(f"<{tag}>{''.join(out)}</{tag}>")
        if self.people:
            parts.append("<h4>People</h4><ul>")
            for p in self.people:
                roles = "; ".join(_role_text(r) for r in p.roles)
                parts.append(f"<li><b>{html.escape(p.name)}</b>{' — ' + html.escape(roles) if roles else ''}"
                             f" ({p.count} mentions, {len(p.quotes)} quotes)</li>")
            parts.append("</ul>")
        if self.quotes:
            parts.append("<h4>Who said what</h4><table><tr><th>speaker</th><th>kind</th><th>quote</th></tr>")
            for q in self.quotes:
                parts.append(f"<tr><td>{html.escape(q.speaker or '?')}</td><td>{html.escape(q.kind)}</td>"
                             f"<td>{html.escape(q.text)}</td></tr>")
            parts.append("</table>")
        parts.append("</div>")
        return "".join(parts)


def _role_text(r: Role) -> str:
    where = ", ".join(x for x in (r.organization, r.country) if x)
    return ("former " if r.former else "") + r.title + (f" ({where})" if where else "")


def _pandas() -> Any:
    try:
        import pandas  # type: ignore[import-untyped,unused-ignore]
    except ImportError as e:  # pandas stays optional
        raise ImportError("this needs pandas: pip install pandas") from e
    return pandas
