"""The Azerbaijani and Armenian layers (invented sentences): lower-casing, tokens, sentences, dates."""

from __future__ import annotations

from datetime import date

import pytest

from presswatch.analyzers.incidents.dates import find_dates
from presswatch.nlp import az, hy
from presswatch.nlp.sentences import split_sentences

PUB = date(2023, 6, 14)  # a Wednesday


def _dates(text: str, lang) -> list[tuple[str, date, str]]:
    return [(text[d.start : d.end], d.date, d.kind) for d in find_dates(text, 0, len(text), PUB, lang)]


def test_azerbaijani_lower_case_keeps_the_dotless_i():
    assert "İ".lower() != "i"  # why the language needs its own
    assert az.lower("İRƏVAN") == "irəvan"
    assert az.lower("ILISU") == "ılısu"
    assert az.lower("İyunun") == "iyunun"
    assert az.upper("iyun ılıq") == "İYUN ILIQ"
    assert az.capitalize("ismayıllı") == "İsmayıllı"


def test_azerbaijani_tokens_keep_offsets_and_suffixes():
    text = "Xankəndi'də və Şuşaya gedən yolda, 13-də atəş açılıb."
    p = az.parse(text)
    for t in p.tokens:
        assert text[t.start : t.end] == t.text
    words = [t.text for t in p.words()]
    assert words[:4] == ["Xankəndi'də", "və", "Şuşaya", "gedən"]
    assert "13-də" in words
    assert p.tokens[0].norm == "xankəndi'də"


def test_azerbaijani_sentences_skip_abbreviations_and_initials():
    text = "Prof. Ə. Məmmədov danışıb. İki hərbçi yaralanıb! Ölkədə sakitlikdir və s. bunlar məlumdur."
    got = [text[a:b] for a, b in az.sentences(text)]
    assert got == ["Prof. Ə. Məmmədov danışıb.", "İki hərbçi yaralanıb!", "Ölkədə sakitlikdir və s. bunlar məlumdur."]


def test_armenian_full_stop_question_and_emphasis_marks():
    text = "ՊՆ-ն հայտնել է, որ կրակոցներ են հնչել։ Ո՞վ է կրակել։ ք. Երևանում ժամը 18։30-ին հանգիստ էր:\nՆա ասաց՝ լավ։"
    p = hy.parse(text)
    got = [text[a:b] for a, b in p.sentence_spans()]
    assert got[0] == "ՊՆ-ն հայտնել է, որ կրակոցներ են հնչել։"
    assert got[1] == "Ո՞վ է կրակել։"
    assert "18։30-ին" in got[2]  # the full stop inside a time is no boundary
    assert got[2].endswith("հանգիստ էր:") and got[3] == "Նա ասաց՝ լավ։"  # ":" typed for "։" before a capital
    words = {t.text: t for t in p.words()}
    assert words["Ո՞վ"].norm == "ով"  # the question mark sits on the word
    assert "՝" not in [t.text for t in p.words()]  # the pause is punctuation
    assert hy.is_question(got[1]) and not hy.is_question(got[0])


def test_the_shared_splitter_reads_the_armenian_full_stop_and_azerbaijani_capitals():
    hy_text = "Կրակոցներ են հնչել։ Իրավիճակը հանգիստ է։"
    assert len(split_sentences(hy_text)) == 2
    az_text = "Atəş açılıb. İki hərbçi yaralanıb. Şuşada sakitlikdir."
    assert len(split_sentences(az_text)) == 3


@pytest.mark.parametrize(
    "text,expected",
    [
        ("13 iyun 2023-cü il tarixində", date(2023, 6, 13)),
        ("iyunun 12-də axşam", date(2023, 6, 12)),
        ("2023-cü il mayın 30-u", date(2023, 5, 30)),
        ("İyunun 11-də", date(2023, 6, 11)),
        ("10.06.2023", date(2023, 6, 10)),
        ("dünən axşam", date(2023, 6, 13)),
        ("ötən sutka ərzində", date(2023, 6, 13)),
        ("ötən çərşənbə", date(2023, 6, 7)),
        ("bazar ertəsi", date(2023, 6, 12)),
    ],
)
def test_azerbaijani_dates(text, expected):
    got = _dates(text, az)
    assert got and got[0][1] == expected, got


@pytest.mark.parametrize(
    "text,expected",
    [
        ("հունիսի 13-ին", date(2023, 6, 13)),
        ("2023 թ. հունիսի 10-ին", date(2023, 6, 10)),
        ("12 հունիսի 2023 թ.", date(2023, 6, 12)),
        ("Մայիսի 30-ին", date(2023, 5, 30)),
        ("երեկ երեկոյան", date(2023, 6, 13)),
        ("անցած օրվա ընթացքում", date(2023, 6, 13)),
        ("անցած չորեքշաբթի", date(2023, 6, 7)),
        ("շաբաթ օրը", date(2023, 6, 10)),
    ],
)
def test_armenian_dates(text, expected):
    got = _dates(text, hy)
    assert got and got[0][1] == expected, got


def test_no_date_where_none_is_said():
    assert _dates("Անցած շաբաթ հանդիպում եղավ երեկոյան", hy) == []  # "շաբաթ" alone is "week"
    assert _dates("Bazarda qiymətlər artıb", az) == []  # "bazar" with a suffix is the market


def test_without_a_model_armenian_has_no_entities(monkeypatch):
    monkeypatch.setattr(hy, "model_available", lambda path=None: False)
    assert hy.entities("Նիկոլ Փաշինյանը այցելել է Երևան։") == []
    assert hy.analyse("Նիկոլ Փաշինյանը այցելել է Երևան։").ents == []


@pytest.mark.skipif(not hy.model_available(), reason="models/ner-hy is not shipped in this checkout")
def test_the_shipped_armenian_model_finds_people_places_and_organisations():
    text = "Երեկ Նիկոլ Փաշինյանը Երևանում հանդիպել է Եվրոպական միության ներկայացուցիչների հետ։"
    got = {text[a:b]: label for a, b, label in hy.entities(text)}
    assert got.get("Նիկոլ Փաշինյանը") == "PER"
    assert got.get("Երևանում") == "LOC"
    p = hy.analyse(text)
    assert {(e.text, e.label) for e in p.ents} == set(got.items())
    for e in p.ents:  # offsets are the text's
        assert text[e.start : e.end] == e.text
