"""Texts longer than one parse: cut at paragraph boundaries, parsed piecewise, offsets kept."""

from __future__ import annotations

import pytest

from presswatch.model import Document
from presswatch.nlp import pipelines
from presswatch.nlp.pipelines import get_nlp, parse, split_for_parsing
from presswatch.pipeline import process


@pytest.mark.parametrize("limit", [40, 100, 1000])
def test_pieces_concatenate_to_the_text_and_respect_the_limit(limit):
    text = ("The mayor said the bridge reopens.\n\nTraffic resumed on Monday. " * 30) + "x" * 250
    pieces = split_for_parsing(text, limit)
    assert "".join(pieces) == text
    assert all(0 < len(p) <= limit for p in pieces)
    # cuts fall after a paragraph break where the window has one
    if limit >= 100:
        assert all(p.endswith("\n\n") for p in pieces[:-3])


def test_a_window_without_any_break_is_cut_at_the_limit():
    assert split_for_parsing("a" * 25, 10) == ["a" * 10, "a" * 10, "a" * 5]


def test_piecewise_parse_keeps_characters_offsets_and_entities(monkeypatch):
    monkeypatch.setattr(pipelines, "CHUNK_CHARS", 120)
    text = "".join(f"Paragraph {i}: Maria Lopez visited Paris on Monday.\n\n" for i in range(12))
    doc = parse(get_nlp("en"), text)
    assert doc.text == text
    assert [t.idx for t in doc] == [t.idx for t in get_nlp("en")(text)]
    assert sum(1 for e in doc.ents if e.text == "Paris" and text[e.start_char:e.end_char] == "Paris") == 12


def test_a_text_over_spacy_max_length_is_analysed_not_fatal(tmp_path, monkeypatch):
    """A batch with a text longer than spaCy's max_length stores every document (it used to end the run)."""
    nlp = get_nlp("en")
    monkeypatch.setattr(nlp, "max_length", 3000)
    monkeypatch.setattr(pipelines, "CHUNK_CHARS", 1000)
    (tmp_path / "long.txt").write_text("Minister Ana Reyes said talks resume in Lisbon.\n\n" * 200, encoding="utf-8")
    (tmp_path / "short.txt").write_text("Officials said the road to Tarvik was closed on Monday.", encoding="utf-8")
    outcomes = list(process([str(tmp_path / "long.txt"), str(tmp_path / "short.txt")]))
    docs = [o for o in outcomes if isinstance(o, Document)]
    assert len(docs) == 2 == len(outcomes)
    long_doc = max(docs, key=lambda d: len(d.text))
    assert len(long_doc.text) > nlp.max_length
    lisbon = [s for s in long_doc.spans if s.analyzer == "places" and long_doc.text[s.start:s.end] == "Lisbon"]
    assert len(lisbon) == 200


def test_a_text_over_the_analysis_limit_is_stored_and_searchable_but_not_analysed(tmp_path):
    from typer.testing import CliRunner

    from presswatch.cli import app
    from presswatch.store import open_store

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "long.txt").write_text("The observers in Tarvik counted the convoys again.\n\n" * 20)
    (tmp_path / "in" / "short.txt").write_text("The observers in Tarvik said the road was open.")
    db = str(tmp_path / "s.sqlite")
    res = CliRunner().invoke(app, ["ingest", str(tmp_path / "in"), "--db", db, "--max-chars", "500"])
    assert res.exit_code == 0, res.output
    assert "not analysed: the text has 1,038 characters, over the analysis limit of 500" in res.stderr
    with open_store(db) as store:
        (hit,) = store.search("convoys")
        long_doc = store.get(hit.document_id)
        assert long_doc.analyzers and all(v.startswith("skipped: the text has") for v in long_doc.analyzers.values())
        assert not long_doc.spans
        (short,) = store.search("road")
        assert store.get(short.document_id).spans  # the short one was analysed
