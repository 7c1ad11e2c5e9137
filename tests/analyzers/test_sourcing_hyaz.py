"""Sourcing in Azerbaijani and Armenian texts (invented sentences): the English span structure."""

from __future__ import annotations

from presswatch.analyzers import Resources, run
from presswatch.model import Document


def attributions(text: str, lang: str) -> list[dict]:
    doc = run(["sourcing"], Document(text, language=lang), Resources())
    by: dict[int, dict] = {}
    for s in doc.spans:
        if s.label in ("CUE", "SOURCE", "CONTENT"):
            a = by.setdefault(s.attrs["attribution"], {})
            a[s.label] = text[s.start : s.end]
            a.update({k: v for k, v in s.attrs.items() if k in ("type", "kind", "speaker")})
    return [by[k] for k in sorted(by)]


def test_azerbaijani_cues_sources_and_contents():
    text = (
        "Müdafiə Nazirliyi bildirib ki, Ağdam istiqamətində atəşkəs pozulub. "
        "«Vəziyyət nəzarət altındadır», - deyə nazirliyin sözçüsü Anar Eyvazov qeyd edib. "
        "Mənbələrin məlumatına görə, iki hərbçi yaralanıb. Bildirilir ki, yol bağlanıb. "
        "Vəziyyət sabitdir, XİN məlumat verib."
    )
    a = attributions(text, "az")
    assert a[0] == {
        "SOURCE": "Müdafiə Nazirliyi",
        "CUE": "bildirib",
        "CONTENT": "Ağdam istiqamətində atəşkəs pozulub",
        "type": "indirect",
        "kind": "named_organisation",
        "speaker": "Müdafiə Nazirliyi",
    }
    assert a[1]["CONTENT"] == "«Vəziyyət nəzarət altındadır»" and a[1]["type"] == "direct"
    assert a[1]["kind"] == "named_person" and a[1]["speaker"] == "Anar Eyvazov"
    assert a[2]["CUE"] == "məlumatına görə" and a[2]["type"] == "according_to" and a[2]["kind"] == "anonymous"
    assert a[2]["CONTENT"] == "iki hərbçi yaralanıb"
    assert a[3]["type"] == "passive" and "SOURCE" not in a[3] and a[3]["CONTENT"] == "yol bağlanıb"
    assert a[4] == {
        "CONTENT": "Vəziyyət sabitdir",
        "CUE": "məlumat verib",
        "SOURCE": "XİN",
        "type": "indirect",
        "kind": "named_organisation",
        "speaker": "XİN",
    }


def test_armenian_cues_sources_and_contents():
    text = (
        "ՊՆ-ն հայտնել է, որ Մարտունու ուղղությամբ հրադադարի ռեժիմը խախտվել է։ "
        "«Իրավիճակը վերահսկելի է»,- ասել է ՊՆ խոսնակ Արծրուն Հովհաննիսյանը։ "
        "Աղբյուրների տվյալներով՝ երկու զինծառայող վիրավորվել է։ Ըստ ԱԳՆ-ի, հանդիպումը կկայանա Երևանում։ "
        "Իրավիճակը հանգիստ է, հայտնել է ՊՆ խոսնակը։"
    )
    a = attributions(text, "hy")
    assert a[0]["SOURCE"] == "ՊՆ-ն" and a[0]["CUE"] == "հայտնել է" and a[0]["kind"] == "named_organisation"
    assert a[0]["CONTENT"] == "Մարտունու ուղղությամբ հրադադարի ռեժիմը խախտվել է"
    assert a[1]["type"] == "direct" and a[1]["CONTENT"] == "«Իրավիճակը վերահսկելի է»"
    assert a[1]["SOURCE"] == "ՊՆ խոսնակ Արծրուն Հովհաննիսյանը" and a[1]["kind"] == "named_person"
    assert a[2]["CUE"] == "տվյալներով" and a[2]["kind"] == "anonymous"
    assert a[3]["CUE"] == "Ըստ" and a[3]["SOURCE"] == "ԱԳՆ-ի" and a[3]["CONTENT"] == "հանդիպումը կկայանա Երևանում"
    assert a[4]["SOURCE"] == "ՊՆ խոսնակը" and a[4]["kind"] == "role_only"  # the source after a final cue


def test_floating_quotes_and_unsourced_claims():
    text = "Nazir Zakir Həsənov bildirib ki, sərhəddə sakitlikdir. «Biz hazırıq.» Şübhəsiz, bu təxribatdır."
    doc = run(["sourcing"], Document(text, language="az"), Resources())
    cues = [s for s in doc.spans if s.label == "CUE"]
    floating = [s for s in doc.spans if s.label == "CONTENT" and text[s.start : s.end] == "«Biz hazırıq.»"]
    assert floating and floating[0].attrs["speaker"] == "Zakir Həsənov"
    assert not any(c.attrs["type"] == "floating" and c.end > c.start for c in cues)
    claims = [text[s.start : s.end] for s in doc.spans if s.label == "UNSOURCED_CLAIM"]
    assert claims == ["Şübhəsiz, bu təxribatdır."]
