"""Search stemming in Azerbaijani and Armenian (invented words and sentences), and the choice of stemmer."""

from __future__ import annotations

import pytest

from presswatch.nlp.stem import MIN_STEM, language_of, search_stem, stem_az, stem_hy


@pytest.mark.parametrize(
    ("forms", "stem"),
    [
        (["Xankəndidə", "Xankəndiyə", "Xankəndinin", "Xankəndi'də", "XANKƏNDİDƏ"], "xankənd"),
        (["Şuşaya", "Şuşada", "Şuşanın", "Şuşadan"], "şuşa"),
        (["kəndlərdə", "kəndlərin", "kəndlər", "kəndləri"], "kənd"),
        (["hərbçilər", "hərbçiləri", "hərbçilərə"], "hərbçi"),
        (["mövqelərimizə", "mövqelər"], "mövqe"),
    ],
)
def test_azerbaijani_forms_find_each_other(forms, stem):
    """A query in any of the forms, looked up by its stem as a prefix, meets every form (as the index lower-cases
    them), and the stem keeps the word: at most one letter shorter than its base."""
    for q in forms:
        s = stem_az(q)
        assert len(s) >= len(stem) - 1 and stem.startswith(s[: len(stem)]), q
        for f in forms:
            assert f.replace("İ", "i").lower().startswith(s), (q, f)


def test_azerbaijani_keeps_short_words_and_the_stem_floor():
    assert stem_az("Bakı") == "bakı"  # "ı" off would leave three letters
    assert stem_az("Laçın") == "laçın"
    assert stem_az("yol") == "yol"
    assert all(len(stem_az(w)) >= MIN_STEM for w in ("Laçından", "Ağdamda", "Gəncədə"))
    assert stem_az("İrəvan") == "irəvan" and "irəvan".startswith(stem_az("İRƏVANDA"))  # İ is i, no combining dot


@pytest.mark.parametrize(
    ("forms", "stem"),
    [
        (["Ստեփանակերտում", "Ստեփանակերտի", "Ստեփանակերտից", "Ստեփանակերտը", "ՍՏԵՓԱՆԱԿԵՐՏՈՒՄ"], "ստեփանակերտ"),
        (["զինծառայողները", "զինծառայողներին", "զինծառայողներից", "զինծառայողի", "զինծառայողով"], "զինծառայող"),
        (["Գորիսից", "Գորիսում", "Գորիսի"], "գորիս"),
        (["գյուղերում", "գյուղերի", "գյուղը"], "գյուղ"),
        (["դիրքերը", "դիրքերից", "դիրքում"], "դիրք"),
    ],
)
def test_armenian_forms_find_each_other(forms, stem):
    for q in forms:
        s = stem_hy(q)
        assert len(s) >= len(stem) - 1 and stem.startswith(s[: len(stem)]), q
        for f in forms:
            assert f.lower().startswith(s), (q, f)


def test_armenian_drops_the_marks_inside_a_word():
    assert stem_hy("Ստեփանակե՞րտում") == "ստեփանակերտ"  # a question mark sits over the vowel


def test_which_stemmer_reads_a_word():
    assert language_of("Степанакерта") == "ru"
    assert language_of("Ստեփանակերտում") == "hy"
    assert language_of("Xankəndidə") == "az" and language_of("Şuşaya") == "az"
    assert language_of("Khankendi") is None and language_of("peacekeepers") is None
    assert search_stem("peacekeepers") is None  # left to the index's English stemmer
    assert search_stem("Степанакерта") == "степанакерт"
    assert search_stem("Ստեփանակերտում") == "ստեփանակերտ"
    assert search_stem("Şuşaya") == "şuşa"
    assert search_stem("yol") is None and search_stem("Bakı") == "bakı"
