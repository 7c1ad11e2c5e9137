"""Search across languages: Russian words by their stem, and documents by the places they name (invented texts)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from presswatch.cli import app
from presswatch.model import Document, Span
from presswatch.nlp.ru import stem
from presswatch.store import open_store
from presswatch.store.sqlite import fts_query


def _doc(text: str, title: str, lang: str, places: list[tuple[str, str]]) -> Document:
    """A document with PLACE spans over the given (surface, place id) pairs, as the places analyzer writes them."""
    d = Document(text=text, title=title, language=lang, kind="text", source="Test")
    for surface, pid in places:
        a = text.index(surface)
        d.spans.append(Span(a, a + len(surface), "PLACE", "places", {"place_id": pid, "matched_name": surface}))
    d.analyzers["places"] = "3"
    return d


@pytest.fixture()
def store(target):
    with open_store(target) as s:
        s.put(_doc("Колонна прибыла в Степанакерт вечером.", "Колонна", "ru", [("Степанакерт", "gn:146970")]))
        s.put(
            _doc(
                "The market in Khankendi reopened, and Khankendi's bakers were back.",
                "Market",
                "en",
                [("Khankendi", "gn:146970"), ("Khankendi", "gn:146970")],
            )
        )
        s.put(_doc("Под Шушой чинили дорогу.", "Дорога", "ru", [("Шушой", "gn:147105")]))
        yield s


def test_russian_stems():
    assert stem("Степанакерта") == stem("Степанакертом") == "степанакерт"
    assert stem("миротворческой") == stem("миротворческие")
    assert stem("мир") == "мир"  # too short to cut
    assert fts_query("Степанакерта") == '"степанакерт"*'
    assert fts_query("lachin мир") == '"lachin" "мир"'


def test_inflected_russian_words_are_found(store):
    assert [h.title for h in store.search("Степанакерта")] == ["Колонна"]
    assert [h.title for h in store.search("колонну прибывшую")] == []  # every word must occur
    assert [h.title for h in store.search("колонны прибыла")] == ["Колонна"]


def test_search_by_place_finds_every_language_and_name(store):
    hits = store.search_places(["gn:146970"])
    assert [h.title for h in hits] == ["Market", "Колонна"]  # two mentions rank first
    assert "[Khankendi]" in hits[0].snippet and "[Степанакерт]" in hits[1].snippet
    assert store.search_places(["gn:0"]) == []


def test_a_place_in_the_query_expands_to_documents_that_name_it(store):
    plain = store.search("Khankendi")
    assert [h.title for h in plain] == ["Market"]
    both = store.search("Khankendi", place_ids=["gn:146970"])
    assert [h.title for h in both] == ["Market", "Колонна"]


def test_cli_search_by_place(tmp_path, store):
    db = str(store.location) if hasattr(store, "location") else None
    runner = CliRunner()
    res = runner.invoke(app, ["search", "--place", "Ханкенди", "--db", db, "--json"])
    assert res.exit_code == 0, res.output
    assert "Колонна" in res.stdout and "Market" in res.stdout and "Дорога" not in res.stdout
    res = runner.invoke(app, ["search", "Ханкенди", "--db", db])
    assert res.exit_code == 0 and "Колонна" in res.stdout and "Market" in res.stdout
    res = runner.invoke(app, ["search", "--place", "Nowhereville Xq", "--db", db])
    assert res.exit_code != 0 and "no place in the gazetteer" in res.stderr
    res = runner.invoke(app, ["search", "--db", db])
    assert res.exit_code != 0 and "--place" in res.stderr
