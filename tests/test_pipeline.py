"""analyze/extract through the public API, with the real spaCy model."""

import re
from pathlib import Path

import pytest

import presswatch
from pages import ARTICLE_HTML
from presswatch import analyzers as registry
from presswatch.errors import ConfigError, NoArticleTextError
from presswatch.model import Document, Span
from presswatch.pipeline import Duplicate, process


def test_extract_has_no_spans_and_metadata(article_html):
    doc = presswatch.extract(article_html.encode(), url="https://observer.example/news/ceasefire")
    assert doc.spans == [] and doc.analyzers == {}
    assert doc.title == "Ceasefire holds along the river, officials say"
    assert doc.source == "Valley Observer"
    assert doc.published == "2023-05-14" and doc.published_from == "meta"
    assert doc.language == "en"
    assert "Follow us on Twitter" not in doc.text and "View more" not in doc.text
    assert doc.text.startswith("The ceasefire along the river")


def test_analyze_html_adds_entities(article_html):
    doc = presswatch.analyze(article_html.encode())
    ents = {(doc.text[s.start:s.end], s.label) for s in doc.spans if s.analyzer == "entities"}
    assert ("Maria Lindqvist", "PERSON") in ents
    assert ("Tallinn", "GPE") in ents
    assert doc.analyzers["entities"]
    for s in doc.spans_by("entities"):
        assert s.attrs["text"] == doc.text[s.start:s.end]


def test_analyze_text_string_and_path(tmp_path):
    text = "Talks in Geneva\n\nThe delegations met in Geneva on Monday and agreed to meet again in March."
    doc = presswatch.analyze(text)
    assert doc.kind == "text" and doc.title == "Talks in Geneva"
    assert any(s.label == "GPE" and doc.text[s.start:s.end] == "Geneva" for s in doc.spans)
    p = tmp_path / "talks.txt"
    p.write_text(text, encoding="utf-8")
    assert presswatch.analyze(str(p)).id == doc.id
    assert presswatch.analyze(Path(p), analyzers=[]).spans == []


def test_non_english_is_marked_skipped():
    # Spanish: a language presswatch does not analyse (Russian is analysed since the Russian layer landed)
    doc = presswatch.analyze("Las delegaciones se reunieron en Ginebra el lunes y acordaron volver a reunirse pronto.")
    assert doc.language == "es"
    assert doc.analyzers["entities"].startswith("skipped")
    assert doc.spans_by("entities") == [] and doc.spans_by("sourcing") == []


def test_unknown_analyzer():
    with pytest.raises(ConfigError, match="unknown analyzer 'nope'"):
        presswatch.analyze("Some text that is long enough to analyse here.", analyzers=["nope"])


def test_registering_an_analyzer(monkeypatch):
    class Shouting:
        name = "shouting"
        version = "0"
        languages = None

        def annotate(self, doc: Document, resources: registry.Resources) -> list[Span]:
            caps = re.finditer(r"\b[A-Z]{3,}\b", doc.text)
            return [Span(m.start(), m.end(), "CAPS", attrs={}) for m in caps]

    monkeypatch.setitem(registry.BUILTIN, "shouting", f"{__name__}:Shouting")
    monkeypatch.setattr(registry, "_instances", {})
    globals()["Shouting"] = Shouting
    text = "The ministry said NOTHING about the LATEST incident, again."
    doc = presswatch.analyze(text, analyzers=["shouting"])
    assert [doc.text[s.start:s.end] for s in doc.spans] == ["NOTHING", "LATEST"]
    assert all(s.analyzer == "shouting" for s in doc.spans)


def test_process_batch_duplicates_and_failures(tmp_path):
    (tmp_path / "a.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (tmp_path / "copy.html").write_text(ARTICLE_HTML.replace("<nav>", "<nav class='x'>"), encoding="utf-8")
    (tmp_path / "empty.html").write_text("<html><body><nav>Home</nav></body></html>")
    (tmp_path / "note.txt").write_text("Observers in Vienna said the report would be published on Friday.")
    specs = [str(p) for p in sorted(tmp_path.iterdir())] + [str(tmp_path / "missing.html")]
    outcomes = list(process(specs, batch_size=2))
    docs = [o for o in outcomes if isinstance(o, Document)]
    dups = [o for o in outcomes if isinstance(o, Duplicate)]
    fails = [o for o in outcomes if not isinstance(o, Document | Duplicate)]
    assert len(docs) == 2 and len(dups) == 1 and len(fails) == 2
    assert {type(f.error) for f in fails} >= {NoArticleTextError}
    assert all(d.analyzers.get("entities") for d in docs)


def test_an_analyzer_crashing_on_one_document_does_not_end_the_batch(tmp_path, monkeypatch):
    class Fragile:
        name = "fragile"
        version = "0"
        languages = None

        def annotate(self, doc: Document, resources: registry.Resources) -> list[Span]:
            if "Zorvan" in doc.text:
                raise KeyError("an odd page")
            return []

    monkeypatch.setitem(registry.BUILTIN, "fragile", f"{__name__}:Fragile")
    monkeypatch.setattr(registry, "_instances", {})
    globals()["Fragile"] = Fragile
    (tmp_path / "a.txt").write_text("The council of Zorvan met on Monday to discuss the budget.")
    (tmp_path / "b.txt").write_text("The council of Riverton met on Tuesday to discuss the roads.")
    outcomes = list(process([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], analyzers=["fragile"]))
    docs = [o for o in outcomes if isinstance(o, Document)]
    fails = [o for o in outcomes if not isinstance(o, Document | Duplicate)]
    assert len(docs) == 1 and "Riverton" in docs[0].text
    assert len(fails) == 1 and "analysis failed (KeyError" in str(fails[0].error)


def test_a_long_batch_is_parsed_a_few_documents_at_a_time():
    # the watcher hands over 32 items: their parses are made and dropped a PARSE_BATCH at a time, not held together
    from presswatch import analyzers as analyzers_mod
    from presswatch.model import Document
    from presswatch.pipeline import analyse_batch

    res = analyzers_mod.Resources(batch_size=2)
    held: list[int] = []
    prepare = res.prepare

    def spy(docs, names=None):
        prepare(docs, names)
        held.append(len(res._parses))

    res.prepare = spy  # type: ignore[method-assign]
    docs = [Document(f"Officials met in Paris on day {i} to discuss the talks.", language="en") for i in range(5)]
    out = list(analyse_batch(docs, ["entities"], res))
    assert [e for _, e in out] == [None] * 5 and all(d.spans_by("entities") for d, _ in out)
    assert held == [2, 2, 1] and res._parses == {}
    assert analyzers_mod.Resources().batch_size == analyzers_mod.PARSE_BATCH == 8


def test_headlines_and_language_parts_are_parsed_with_the_batch(monkeypatch):
    # the headline, the standfirst and a two-language page's English paragraphs are parsed in the batch's nlp.pipe
    # call (Resources.prepare), not one nlp() call each, and the spans are those of each document analysed alone
    import json

    from presswatch.analyzers import run
    from presswatch.nlp import pipelines
    from presswatch.pipeline import analyze_documents

    def make() -> list[Document]:
        return [
            Document("Officials met in Paris on Monday to discuss the talks. Nothing was agreed.", language="en",
                     title="Talks in Geneva stall", description="Diplomats from Berlin left early."),
            Document("\n\n".join([
                "Officials in Baku said on Monday that the convoy had reached Khankendi without incident.",
                "По данным министерства обороны, колонна прошла через Шушу и к вечеру прибыла в Степанакерт.",
                "The mission's spokesman told reporters in Yerevan that the talks would resume next week.",
            ]), language="en", title="Minister visits Baku"),
        ]

    names = ["entities", "sourcing", "places"]
    alone = [run(names, d, registry.Resources()) for d in make()]
    calls: list[str] = []
    parse = pipelines.parse

    def spy(nlp, text):
        calls.append(text)
        return parse(nlp, text)

    monkeypatch.setattr(pipelines, "parse", spy)
    batched = list(analyze_documents(make(), analyzers=names))
    assert calls == []
    assert [json.dumps(d.to_dict(), sort_keys=True) for d in batched] == \
        [json.dumps(d.to_dict(), sort_keys=True) for d in alone]
    assert any(s.field == "title" for s in batched[0].spans_by("entities", field=None))
    assert len(registry.Resources().segments(make()[1])) == 2  # the second page is read in two languages
