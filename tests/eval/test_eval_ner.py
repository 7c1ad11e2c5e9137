"""``presswatch eval ner``'s scoring on invented documents: token-level (naeval's tag F1), exact spans, forms."""

from __future__ import annotations

import json

import pytest

from presswatch.errors import DataMissingError
from presswatch.eval.ner import load, score

TEXT = "Мэр Ольга Ким посетила Тверь и завод «Восток»."


def _doc(entities, mentions=None):
    d = {"id": "x", "text": TEXT, "entities": [{"start": a, "end": b, "type": t} for a, b, t in entities]}
    if mentions is not None:
        d["mentions"] = mentions
    return d


def _span(word: str, t: str) -> tuple[int, int, str]:
    a = TEXT.index(word)
    return a, a + len(word), t


GOLD = [_span("Ольга Ким", "PER"), _span("Тверь", "LOC"), _span("Восток", "ORG")]


def test_a_perfect_prediction_scores_one():
    r = score([_doc(GOLD)], lambda text: GOLD)
    assert r["exact"]["micro"]["f1"] == 1.0 and r["token"]["micro"]["f1"] == 1.0


def test_a_partial_span_counts_its_tokens_but_not_as_exact():
    pred = [_span("Ким", "PER"), _span("Тверь", "LOC")]
    r = score([_doc(GOLD)], lambda text: pred)
    assert r["exact"]["PER"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "tp": 0, "fp": 1, "fn": 1}
    assert r["token"]["PER"]["tp"] == 1 and r["token"]["PER"]["fn"] == 1 and r["token"]["PER"]["p"] == 1.0
    assert r["exact"]["LOC"]["f1"] == 1.0
    assert r["exact"]["ORG"]["fn"] == 1 and r["token"]["ORG"]["fn"] == 1


def test_a_wrong_type_is_a_miss_and_a_false_alarm():
    r = score([_doc(GOLD)], lambda text: [_span("Тверь", "ORG")])
    assert r["exact"]["LOC"]["fn"] == 1 and r["exact"]["ORG"]["fp"] == 1


def test_document_level_forms_when_the_gold_lists_mentions():
    mentions = [
        {"text": "Тверь", "type": "LOC"},
        {"text": "Ольга Ким", "type": "PER"},
        {"text": "Брексит", "type": "EVT"},
    ]
    r = score([_doc(GOLD, mentions)], lambda text: [_span("Тверь", "LOC")])
    assert r["document"]["LOC"]["f1"] == 1.0 and r["document"]["PER"]["fn"] == 1
    assert r["document"]["micro"]["fn"] == 1  # EVT is left out


def test_load_reads_a_folder_or_a_file_and_says_what_is_missing(tmp_path):
    (tmp_path / "dev.jsonl").write_text(json.dumps(_doc(GOLD), ensure_ascii=False) + "\n", encoding="utf-8")
    assert len(load("factrueval", tmp_path)) == 1
    assert len(load("bsnlp", tmp_path / "dev.jsonl")) == 1
    with pytest.raises(DataMissingError, match="no such file"):
        load("factrueval", tmp_path / "nothing")


RU_PAGE = (
    "Министр обороны Армении Сурен Папикян прибыл в Ереван.\n\n"
    "По данным Министерства обороны Азербайджана, в Агдамском районе было тихо.\n\n"
    "The Foreign Ministry in Baku said on Monday that talks with Armenia would continue in Brussels next week."
)


def test_presswatch_russian_entities_equal_raw_slovnet_on_a_russian_text():
    from presswatch.eval.ner import presswatch_ru, raw_slovnet

    text = RU_PAGE.split("\n\nThe")[0]
    assert presswatch_ru(text) == raw_slovnet(text)
    assert {t for _, _, t in presswatch_ru(text)} <= {"PER", "LOC", "ORG"}


def test_a_page_in_two_languages_keeps_its_russian_entities_and_adds_the_english_ones():
    from presswatch.eval.ner import presswatch_ru, raw_slovnet

    ours = presswatch_ru(RU_PAGE)
    english = RU_PAGE.index("The Foreign")
    assert [e for e in ours if e[0] < english] == [e for e in raw_slovnet(RU_PAGE[:english]) if e[0] < english]
    assert any(RU_PAGE[a:b] == "Baku" and t == "LOC" for a, b, t in ours if a >= english)  # spaCy's GPE as LOC


def test_the_russian_run_prints_the_raw_slovnet_baseline(tmp_path, capsys):
    from presswatch.eval.ner import run

    (tmp_path / "dev.jsonl").write_text(json.dumps(_doc(GOLD), ensure_ascii=False) + "\n", encoding="utf-8")
    assert run(corpus="factrueval", data=tmp_path) == 0
    out = capsys.readouterr().out
    assert "presswatch" in out and "raw slovnet (baseline)" in out
    assert run(corpus="factrueval", data=tmp_path, as_json=True) == 0
    r = json.loads(capsys.readouterr().out)
    assert r["token"]["micro"]["f1"] >= 0 and "baseline_raw_slovnet" in r
