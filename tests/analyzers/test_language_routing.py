"""Per-paragraph language routing (invented text): a page with English and Russian paragraphs sends each paragraph
to its own language's analyzers; a language presswatch does not read is stored and searchable and says why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presswatch.analyzers import Resources, masked, run
from presswatch.model import Document
from presswatch.nlp.lang import paragraph_languages, script

EN1 = "Officials in Baku said on Monday that the convoy had reached Khankendi without incident, the ministry added."
RU1 = ("По данным министерства обороны, колонна прошла через Шушу и к вечеру прибыла в Степанакерт. "
       "«Обстановка спокойная», — заявил представитель миссии.")
EN2 = "The mission's spokesman told reporters in Yerevan that the talks would resume next week."
MIXED = "\n\n".join([EN1, RU1, EN2])


def _inside(doc: Document, s, para: str) -> bool:
    a = doc.text.index(para)
    return a <= s.start and s.end <= a + len(para)


@pytest.fixture(scope="module")
def mixed() -> Document:
    return run(["entities", "sourcing", "places"], Document(MIXED, language="en"), Resources())


def test_script_and_paragraph_languages():
    assert script("Степанакерт, 13 июня") == "Cyrl" and script("Khankendi") == "Latn" and script("12 3") is None
    paras = Document(MIXED).paragraphs
    assert paragraph_languages(MIXED, paras, "en") == ["en", "ru", "en"]
    # a short Cyrillic line (a dateline) in an English page is read as Russian, a short Latin one stays English
    text = "Ханкенди, 13 июня\n\nTalks resumed in Geneva.\n\n" + EN1
    assert paragraph_languages(text, Document(text).paragraphs, "en") == ["ru", "en", "en"]


def test_masked_keeps_offsets_and_lines():
    keep = [(0, 3)]
    out = masked("abc\ndef\r\nghi", keep)
    assert out == "abc\n   \r\n   " and len(out) == len("abc\ndef\r\nghi")


def test_each_paragraph_goes_to_its_languages_analyzers(mixed):
    places = {mixed.text[s.start:s.end]: s for s in mixed.spans if s.label == "PLACE"}
    # Russian places resolved by the Russian layer (inflected "Шушу"), English ones by the English one
    assert places["Шушу"].attrs["place_id"] == "gn:147105" and places["Шушу"].attrs["language"] == "ru"
    assert places["Степанакерт"].attrs["language"] == "ru"
    assert places["Khankendi"].attrs["language"] == "en" and places["Yerevan"].attrs["language"] == "en"
    # Russian sourcing cues in the Russian paragraph, English ones in the English paragraphs; offsets are the page's
    cues = {mixed.text[s.start:s.end]: s for s in mixed.spans if s.analyzer == "sourcing" and s.label == "CUE"}
    assert {"По данным", "заявил"} <= set(cues) and {"added", "told"} <= set(cues)
    assert _inside(mixed, cues["заявил"], RU1) and _inside(mixed, cues["told"], EN2)
    for s in mixed.spans:  # no span crosses from one language's paragraph into another's
        para = RU1 if s.attrs["language"] == "ru" else (EN1 if s.start < len(EN1) else EN2)
        assert _inside(mixed, s, para), (s, mixed.text[s.start:s.end])


def test_languages_summary_of_a_mixed_page(mixed):
    langs = mixed.summaries["languages"]
    assert list(langs) == ["en", "ru"]
    assert langs["en"]["paragraphs"] == 2 and langs["ru"]["paragraphs"] == 1
    assert langs["ru"]["characters"] == len(RU1)
    assert langs["en"]["ran"] == ["entities", "sourcing", "places"] == langs["ru"]["ran"]
    assert mixed.analyzers["places"] != "" and not mixed.analyzers["places"].startswith("skipped")
    assert mixed.summaries["sourcing"]  # the profile over both languages' spans


def test_a_page_in_one_language_is_not_split():
    doc = run(["places"], Document(EN1 + "\n\n" + EN2, language="en"), Resources())
    assert list(doc.summaries["languages"]) == ["en"]
    assert all("language" not in s.attrs for s in doc.spans)


def test_unread_language_says_which_analyzers_did_not_run_and_why(tmp_path: Path):
    from presswatch.report.text import document_text
    from presswatch.store import open_store

    text = "Las delegaciones se reunieron en Ginebra el lunes y acordaron volver a reunirse pronto en Viena."
    doc = run(["entities", "sourcing", "places"], Document(text, language="es"), Resources())
    es = doc.summaries["languages"]["es"]
    assert es["ran"] == ["places"]
    assert es["not_run"] == {"entities": "does not read language 'es'", "sourcing": "does not read language 'es'"}
    assert "not read by entities (does not read language 'es')" in document_text(doc)
    json.dumps(doc.to_dict())
    store = open_store(tmp_path / "s.db")
    store.put(doc)
    assert [h.document_id for h in store.search("delegaciones")] == [doc.id]
    store.close()


def test_the_schema_describes_the_languages_summary(mixed):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((Path(__file__).parents[2] / "src/presswatch/schema/document.schema.json").read_text())
    jsonschema.validate(mixed.to_dict(), schema)
    bad = mixed.to_dict()
    bad["summaries"]["languages"]["ru"]["ran"] = "places"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_a_page_in_a_language_not_read_with_an_english_paragraph_keeps_its_headline_unread():
    # the English paragraph is analysed; the headline is read in the page's own language, which no analyzer reads
    # here, so it is left alone instead of failing the whole page
    other = ("Ing dina Senin, warga desa padha kumpul ing alun-alun kanggo ngrembug babagan dalan anyar sing "
             "bakal dibangun ing taun ngarep, lan para pinituwa desa menehi pitutur marang para mudha.")
    doc = Document("\n\n".join([other, other, EN1]), language="jv", title="Warga desa kumpul ing alun-alun")
    run(["entities"], doc, Resources())
    langs = doc.summaries["languages"]
    assert langs["en"]["ran"] == ["entities"] and "entities" in langs["jv"]["not_run"]
    assert all(s.field == "text" for s in doc.spans)
