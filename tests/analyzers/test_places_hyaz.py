"""Places in Azerbaijani and Armenian texts (invented sentences): case endings, articles, heads, countries,
and naming policies applied in the text's script."""

from __future__ import annotations

import pytest

from presswatch.analyzers import Resources, run
from presswatch.analyzers.places_hyaz import base_forms
from presswatch.gazetteer.policy import check, load_policy
from presswatch.model import Document


def places(text: str, lang: str) -> dict[str, dict]:
    doc = run(["places"], Document(text, language=lang), Resources())
    return {text[s.start : s.end]: s.attrs for s in doc.spans if s.label == "PLACE"}


def test_azerbaijani_case_suffixes_land_on_the_place():
    text = "Karvan Xankəndidən çıxıb, Şuşaya çatıb və Ağdamın yaxınlığında dayanıb. Sonra Xankəndi'də görüş olub."
    got = places(text, "az")
    assert got["Xankəndidən"]["place_id"] == "gn:146970"
    assert got["Xankəndi'də"]["place_id"] == "gn:146970"
    assert got["Şuşaya"]["place_id"] == "gn:147105"
    assert got["Ağdamın"]["place_id"] in ("gn:148619", "gn:148617")  # the town or its district
    assert got["Xankəndidən"]["matched_name"] == "Xankəndi"  # the name, not its case ending
    assert got["Xankəndidən"]["name_lang"] == "az"


def test_azerbaijani_heads_countries_and_multiword_names():
    text = "Yük maşınları Laçın dəhlizində dayanıb. Ermənistan və Azərbaycan nümayəndələri Dağlıq Qarabağda görüşüb."
    got = places(text, "az")
    assert got["Laçın dəhlizində"]["place_id"] == "cau:lachin-corridor"
    assert got["Ermənistan"]["feature"] == "PCLI" and got["Azərbaycan"]["feature"] == "PCLI"
    assert got["Dağlıq Qarabağda"]["place_id"] == "cau:nagorno-karabakh"


def test_armenian_case_endings_and_articles():
    text = "Ստեփանակերտում և Շուշիի մոտակայքում կրակոցներ են հնչել։ Հայաստանը դիմել է Գորիսից եկած բժիշկներին։"
    got = places(text, "hy")
    assert got["Ստեփանակերտում"]["place_id"] == "gn:146970"
    assert got["Շուշիի"]["place_id"] == "gn:147105"
    assert got["Հայաստանը"]["feature"] == "PCLI"
    assert got["Գորիսից"]["place_id"] == "gn:174895"
    assert got["Ստեփանակերտում"]["matched_name"] == "Ստեփանակերտ"


def test_armenian_genitive_before_a_head_and_the_u_genitive():
    text = "Բեռնատարները չեն անցնում Լաչինի միջանցքով։ Գնդակոծվել է Մարտունու շրջանը։"
    got = places(text, "hy")
    assert got["Լաչինի միջանցքով"]["place_id"] == "cau:lachin-corridor"
    assert "Մարտունու շրջանը" in got


def test_abbreviations_and_months_are_no_places():
    got = places("ՄԱԿ-ը կոչ է արել։ Հունիսի 13-ին ԱՄՆ-ը հայտարարություն է տարածել։", "hy")
    assert not any(k.startswith("ՄԱԿ") or k.startswith("Հունիս") for k in got)
    assert got["ԱՄՆ-ը"]["feature"] == "PCLI"  # a country's abbreviation in the language's own list
    assert "Oktyabrın" not in places("Oktyabrın 5-də Bakıda görüş olub.", "az")


@pytest.mark.parametrize(
    "word,lang,base",
    [
        ("Şuşaya", "az", "Şuşa"),
        ("Füzulinin", "az", "Füzuli"),
        ("rayonunda", "az", "rayonu"),
        ("Մարտունու", "hy", "Մարտունի"),
        ("Ստեփանակերտում", "hy", "Ստեփանակերտ"),
        ("Շուշիի", "hy", "Շուշի"),
    ],
)
def test_base_forms(word, lang, base):
    assert base in base_forms(word, lang)


def _violations(text: str, lang: str, policy: str) -> dict[str, str | None]:
    doc = run(["sourcing", "places"], Document(text, language=lang), Resources())
    return {v.text: v.suggestion for v in check(doc, load_policy(policy))}


def test_policies_suggest_the_name_in_the_texts_script():
    assert _violations("Երեկ Խանքենդիում նոր շուկա է բացվել։", "hy", "am-official") == {"Խանքենդիում": "Ստեփանակերտ"}
    assert _violations("Երեկ Ստեփանակերտում նոր շուկա է բացվել։", "hy", "az-official") == {"Ստեփանակերտում": "Խանքենդի"}
    assert _violations("Dünən Şuşada yeni bazar açılıb.", "az", "am-official") == {"Şuşada": "Şuşi"}
