"""Tests of the Python package, over the fixtures shared with the Rust and
Node tests (``tests/`` at the repository root; see ``tests/README.md``)."""
from __future__ import annotations

import json
import pickle
import random
import subprocess
import sys
from pathlib import Path
from typing import Any, List

import pytest

import nutgraf

ROOT = Path(__file__).resolve().parents[2]
PASTE = sorted((ROOT / "tests/fixtures/paste").glob("*.txt"))
CLI = ROOT / "target/release/nutgraf"


def read(path: Path) -> str:
    """The file exactly as stored (CRLF kept: no newline translation)."""
    return path.read_bytes().decode("utf-8")


def subset_mismatches(expected: Any, actual: Any, path: str = "$") -> List[str]:
    """The subset semantics of tests/README.md."""
    if isinstance(expected, dict):
        out: List[str] = []
        for k, v in expected.items():
            if k.startswith("_"):
                continue
            if k not in actual:
                if v is not None:
                    out.append(f"{path}.{k}: missing")
                continue
            out += subset_mismatches(v, actual[k], f"{path}.{k}")
        return out
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(expected) != len(actual):
            return [f"{path}: expected {len(expected)} elements, got {len(actual) if isinstance(actual, list) else actual!r}"]
        return [m for i, (e, a) in enumerate(zip(expected, actual)) for m in subset_mismatches(e, a, f"{path}[{i}]")]
    return [] if expected == actual else [f"{path}: expected {expected!r}, got {actual!r}"]


def all_spans(d: Any) -> List[Any]:
    """Every {start, end, text} object in the Article data."""
    found = []
    if isinstance(d, dict):
        if {"start", "end", "text"} <= d.keys() and isinstance(d["start"], int):
            found.append(d)
        for v in d.values():
            found += all_spans(v)
    elif isinstance(d, list):
        for v in d:
            found += all_spans(v)
    return found


@pytest.mark.parametrize("path", PASTE, ids=[p.stem for p in PASTE])
def test_paste_fixture(path: Path) -> None:
    text = read(path)
    expected = json.loads(read(path.with_suffix(".expected.json")))
    article = nutgraf.extract(text)
    data = article.to_dict()
    problems = []
    if "sentences" in expected:
        problems += subset_mismatches(expected.pop("sentences"), [s.text for s in article.sentences], "$.sentences")
    problems += subset_mismatches(expected, data)
    for span in all_spans(data):
        if text[span["start"]:span["end"]] != span["text"]:
            problems.append(f"span {span['start']}..{span['end']} does not slice to {span['text']!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.skipif(not CLI.exists(), reason="the release CLI is built by scripts/eval before the tests")
@pytest.mark.parametrize("path", PASTE, ids=[p.stem for p in PASTE])
def test_same_output_as_the_cli(path: Path) -> None:
    cli = subprocess.run([str(CLI), "extract", str(path)], capture_output=True, check=True)
    assert json.loads(cli.stdout) == nutgraf.extract(read(path)).to_dict()


def test_sample_article_people_quotes_dates() -> None:
    text = (ROOT / "tests/fixtures/paste/putin-zelenskyy.txt").read_text(encoding="utf-8")
    article = nutgraf.extract(text, published="2025-08-19")
    assert len(article.people) == 15
    leavitt = next(p for p in article.people if p.name == "Karoline Leavitt")
    assert (leavitt.roles[0].title, leavitt.roles[0].organization) == ("Press Secretary", "White House")
    direct = [q for q in article.quotes if q.kind != "indirect"]
    assert [q.speaker for q in direct] == ["Karoline Leavitt", "Karoline Leavitt"]
    assert set(leavitt.quotes) >= {q.id for q in direct}
    tuesday = next(d for d in article.dates if d.text == "Tuesday")
    assert tuesday.value == "2025-08-19"
    assert article.places[0].country == "US"


def load_cases(name: str) -> List[Any]:
    return json.loads((ROOT / "tests/cases" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", load_cases("entities.json"), ids=lambda c: c["name"])
def test_entity_case(case: Any) -> None:
    article = nutgraf.extract(case["text"])
    assert [[e.text, e.label] for e in article.entities] == case["entities"]


@pytest.mark.parametrize("case", load_cases("people.json"), ids=lambda c: c["name"])
def test_people_case(case: Any) -> None:
    article = nutgraf.extract(case["text"])
    actual = [dict(name=p.name, aliases=p.aliases,
                   roles=[dict(title=r.title, organization=r.organization, country=r.country, former=r.former) for r in p.roles])
              for p in article.people]
    assert len(actual) == len(case["people"]), [p["name"] for p in actual]
    problems = subset_mismatches(case["people"], actual)
    assert not problems, problems


def test_offsets_are_code_points_everywhere() -> None:
    rng = random.Random(7)
    pieces = ["Putin", " said ", "“we will win,”", " Zelensky", "😀", "東京", "é", "e\u0301", "👨‍👩‍👧", "\n\n", ". ", "U.S.",
              "$5 billion", " on Tuesday", "\u00a0", "Merz", " and ", "Macron"]
    for _ in range(200):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        data = nutgraf.extract(text, published="2025-08-19").to_dict()
        for span in all_spans(data):
            assert text[span["start"]:span["end"]] == span["text"], (text, span)


def test_extract_many_keeps_order_and_matches_extract() -> None:
    texts = [f"Headline {i}\n\nPresident Emmanuel Macron met Olaf Scholz {i} times." for i in range(40)]
    many = nutgraf.Extractor().extract_many(texts, threads=2)
    assert [a.title for a in many] == [f"Headline {i}" for i in range(40)]
    assert many[7].to_dict() == nutgraf.extract(texts[7]).to_dict()
    assert nutgraf.Extractor().extract_many([]) == []


def test_extractor_pickles() -> None:
    extractor = nutgraf.Extractor(published="2025-08-19", layers=["people", "dates"])
    copy = pickle.loads(pickle.dumps(extractor))
    assert copy == extractor
    assert copy.extract("Talks\n\nPutin spoke on Tuesday.").dates[0].value == "2025-08-19"


def test_clear_errors() -> None:
    with pytest.raises(TypeError):
        nutgraf.extract(b"bytes are not text")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        nutgraf.Extractor().extract_many(["ok", 3])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        nutgraf.extract("text", published="19/08/2025")
    with pytest.raises(ValueError, match="unknown layers"):
        nutgraf.extract("text", layers=["sentiment"])
    with pytest.raises(ValueError, match="input_too_large"):
        nutgraf.Extractor(max_input_bytes=3).extract("too long")


def test_bad_input_does_not_crash() -> None:
    for text in ["", " \n", "\x00\x07", "“" * 10_000, "no capitals here at all.", "A" * 100_000]:
        nutgraf.extract(text)


def test_layers() -> None:
    article = nutgraf.extract("Talks\n\nPutin said $5 billion was needed on Tuesday.", layers=["numbers"])
    assert article.entities == [] and article.numbers[0].currency == "USD"


def test_html_repr_escapes() -> None:
    article = nutgraf.extract("Title\n\n<img src=x onerror=alert(1)> Putin said “<script>x</script>,” Putin said.")
    page = article._repr_html_()
    assert "<img" not in page and "<script>" not in page
    assert "&lt;img" in page


def test_frames() -> None:
    pytest.importorskip("pandas")
    article = nutgraf.extract((ROOT / "tests/fixtures/paste/putin-zelenskyy.txt").read_text(encoding="utf-8"))
    assert len(article.people_frame()) == 15
    assert list(article.quotes_frame().columns)[:3] == ["id", "kind", "speaker"]
    assert len(article.entities_frame()) == len(article.entities)


def test_module_cli(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Headline\n\nPutin spoke.", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "nutgraf", str(f)], capture_output=True, check=True, text=True)
    assert json.loads(out.stdout)["title"] == "Headline"
    bad = subprocess.run([sys.executable, "-m", "nutgraf", str(tmp_path / "missing.txt")], capture_output=True, text=True)
    assert bad.returncode == 3
    page = subprocess.run([sys.executable, "-m", "nutgraf", "--format", "html", str(HTML_PAGES[0])],
                          capture_output=True, check=True, text=True)
    assert json.loads(page.stdout)["title"] == json.loads(read(HTML_PAGES[0].with_name(HTML_PAGES[0].stem + ".expected.json")))["title"]


def test_custom_lexicon_labels_the_callers_names() -> None:
    extractor = nutgraf.Extractor(lexicon=[("Zorblat Industries", "ORG"), ("Qwex Brandolino", "PERSON")])
    text = "Zorblat Industries hired Qwex Brandolino. “We will grow,” Brandolino said."
    article = extractor.extract(text)
    assert [(e.text, e.label) for e in article.entities if e.text == "Zorblat Industries"] == [("Zorblat Industries", "ORG")]
    assert [p.name for p in article.people] == ["Qwex Brandolino"]
    assert article.quotes[0].speaker == "Qwex Brandolino"
    assert [a.people[0].name for a in extractor.extract_many([text, text])] == ["Qwex Brandolino"] * 2
    assert pickle.loads(pickle.dumps(extractor)) == extractor
    with pytest.raises(ValueError, match="label"):
        nutgraf.Extractor(lexicon=[("Acme", "COMPANY")])
    with pytest.raises(TypeError):
        nutgraf.Extractor(lexicon=["Acme"])  # type: ignore[list-item]


HTML_PAGES = sorted((ROOT / "tests/fixtures/html").glob("*.html"))
BODY_KINDS = {"paragraph", "heading", "list_item"}


@pytest.mark.parametrize("path", HTML_PAGES, ids=[p.stem for p in HTML_PAGES])
def test_html_fixture(path: Path) -> None:
    page = read(path)
    expected = json.loads(read(path.with_name(path.stem + ".expected.json")))
    article = nutgraf.extract(page, format="html")
    assert article.html == page
    assert (article.title, article.authors, article.published, article.site_name) == (
        expected["title"], expected["authors"], expected["published"], expected["site_name"])
    assert [b.text for b in article.blocks if b.kind in BODY_KINDS] == expected["body"]
    # Spans index the clean text in code points; sources index the HTML.
    for span in all_spans(article.to_dict()):
        assert article.text[span["start"]:span["end"]] == span["text"]
    for block in article.blocks:
        assert block.source is not None
        start, end = block.source
        assert 0 <= start <= end <= len(page)
    for hidden in expected["not_in_text"]:
        assert hidden not in article.text


def test_html_auto_detection_format_option_and_many() -> None:
    page = read(HTML_PAGES[0])
    auto = nutgraf.extract(page)
    assert auto.html == page and auto.to_dict() == nutgraf.extract(page, format="html").to_dict()
    as_text = nutgraf.extract(page, format="text")
    assert as_text.html is None and as_text.text == page
    extractor = nutgraf.Extractor(format="html")
    assert pickle.loads(pickle.dumps(extractor)) == extractor
    many = extractor.extract_many([read(p) for p in HTML_PAGES[:3]], threads=2)
    assert [a.title for a in many] == [nutgraf.extract(read(p), format="html").title for p in HTML_PAGES[:3]]
    with pytest.raises(ValueError, match="format"):
        nutgraf.extract("text", format="pdf")
    snippet = nutgraf.extract("Putin said <b>no</b> on Tuesday.")
    assert snippet.html is None and "<b>no</b>" in snippet.blocks[0].text


@pytest.mark.skipif(not CLI.exists(), reason="the release CLI is built by scripts/eval before the tests")
@pytest.mark.parametrize("path", HTML_PAGES[:4], ids=[p.stem for p in HTML_PAGES[:4]])
def test_html_same_output_as_the_cli(path: Path) -> None:
    cli = subprocess.run([str(CLI), "extract", "--format", "html", str(path)], capture_output=True, check=True)
    assert json.loads(cli.stdout) == nutgraf.extract(read(path), format="html").to_dict()
