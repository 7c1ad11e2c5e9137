"""Sourcing in Russian (invented sentences): the same SOURCE / CUE / CONTENT structure and kinds as in English."""

from __future__ import annotations

from presswatch.analyzers import Resources, run
from presswatch.model import Document


def attributions(text: str) -> list[dict[str, object]]:
    """One dict per attribution: its cue, source, contents (as text) and kind."""
    doc = run(["sourcing"], Document(text, language="ru"), Resources())
    out: dict[int, dict[str, object]] = {}
    for s in doc.spans:
        if s.label == "UNSOURCED_CLAIM":
            continue
        a = out.setdefault(s.attrs["attribution"], {"content": []})
        words = text[s.start : s.end]
        if s.label == "CUE":
            a.update(cue=words, type=s.attrs["type"], kind=s.attrs["source_kind"])
        elif s.label == "SOURCE":
            a.update(source=words, kind=s.attrs["kind"], speaker=s.attrs["speaker"])
        else:
            a["content"].append(words)
    return [out[k] for k in sorted(out)]


def test_reporting_verb_with_named_person_and_a_direct_quote():
    text = "Глава района Марат Алиев заявил, что мост откроют в среду. «Работы почти закончены», — добавил он."
    first, second = attributions(text)
    assert first["cue"] == "заявил" and first["kind"] == "named_person"
    assert first["speaker"] == "Марат Алиев"
    assert first["content"] == ["мост откроют в среду"]
    assert second["cue"] == "добавил" and second["type"] == "direct"
    assert second["content"] == ["«Работы почти закончены»"]
    assert second["speaker"] == "Марат Алиев"  # "он" is the speaker named before


def test_according_to_cues_and_their_sources():
    text = (
        "По данным пограничной службы, граница закрыта на сутки. "
        "Как сообщает телеканал «Горизонт», паром отменили из-за шторма."
    )
    first, second = attributions(text)
    assert (first["cue"], first["type"], first["kind"]) == ("По данным", "according_to", "named_organisation")
    assert first["source"] == "пограничной службы"
    assert first["content"] == ["граница закрыта на сутки"]
    assert (second["cue"], second["kind"]) == ("Как сообщает", "media_outlet")
    assert second["source"] == "телеканал «Горизонт»"
    assert second["content"] == ["паром отменили из-за шторма"]


def test_anonymous_and_document_sources():
    text = (
        "По информации источников в порту, судно задержано. Сообщается, что экипаж не пострадал. "
        "Согласно докладу комиссии, ремонт займёт месяц."
    )
    first, second, third = attributions(text)
    assert first["kind"] == "anonymous" and first["source"] == "источников в порту"
    assert second["type"] == "passive" and second["kind"] == "anonymous" and "source" not in second
    assert second["content"] == ["экипаж не пострадал"]
    assert third["kind"] == "document"


def test_guillemets_and_low_high_quotes_are_direct_quotes():
    text = "По словам Ольги Смирновой, „цены вырастут к зиме“."
    (only,) = attributions(text)
    assert only["content"] == ["„цены вырастут к зиме“"]
    assert only["speaker"] == "Ольга Смирнова"


def test_a_cue_after_its_content():
    (only,) = attributions("Погода на перевале остаётся плохой, отметил представитель спасателей.")
    assert only["content"] == ["Погода на перевале остаётся плохой"]
    assert only["kind"] == "role_only"


def test_unsourced_claims_and_the_profile():
    text = "Очевидно, что дорогу строили с нарушениями и без надзора. Инженер Павел Орлов считает, что сроки сорвут."
    doc = run(["sourcing"], Document(text, language="ru"), Resources())
    claims = [s for s in doc.spans if s.label == "UNSOURCED_CLAIM"]
    assert [text[s.start : s.end] for s in claims] == ["Очевидно, что дорогу строили с нарушениями и без надзора."]
    assert claims[0].attrs["markers"] == ["очевидно"]
    assert doc.summaries["sourcing"]["by_kind"]["named_person"] == 1
