"""Incidents in Azerbaijani and Armenian texts (invented sentences): types, dates, places, counts, negation."""

from __future__ import annotations

from presswatch.analyzers import Resources, run
from presswatch.model import Document


def incidents(text: str, lang: str) -> list[dict]:
    doc = run(["sourcing", "places", "incidents"], Document(text, language=lang, published="2023-06-14"), Resources())
    return [s.attrs for s in doc.spans if s.label == "INCIDENT"]


def test_azerbaijani_bulletin():
    text = (
        "Müdafiə Nazirliyi bildirib ki, iyunun 13-də erməni silahlı birləşmələri Ağdam rayonu istiqamətində "
        "atəşkəs rejimini pozub. Dünən Tərtər rayonunun kəndləri minaatanlardan atəşə tutulub, iki hərbçi "
        "yaralanıb.\n\nLaçın dəhlizində vəziyyət sabitdir.\n\nƏgər təxribat davam edərsə, cavab veriləcək."
    )
    got = incidents(text, "az")
    assert [g["type"] for g in got] == ["ceasefire_violation", "shelling"]
    assert got[0]["date"] == "2023-06-13" and got[0]["date_from"] == "explicit"
    assert got[0]["attribution"]["speaker"] == "Müdafiə Nazirliyi"
    assert got[0]["places"][0]["place"] == "Ağdam"
    assert got[1]["date_from"] == "relative" and got[1]["counts"] == {"wounded": 2}
    assert got[0]["actors"][0]["text"] == "erməni silahlı birləşmələri"


def test_armenian_bulletin():
    text = (
        "ՊՆ-ն հայտնել է, որ հունիսի 13-ին ադրբեջանական կողմը խախտել է հրադադարի ռեժիմը Մարտունու ուղղությամբ։ "
        "Երեկ Ստեփանակերտում հրետակոծվել են խաղաղ բնակավայրերը, երկու զինծառայող վիրավորվել է։\n\n"
        "Իրավիճակը շփման գծում հանգիստ է։\n\nՈ՞վ է կրակ բացել։"
    )
    got = incidents(text, "hy")
    assert [g["type"] for g in got] == ["ceasefire_violation", "attack_on_civilians"]
    assert got[0]["date"] == "2023-06-13" and got[0]["attribution"]["kind"] == "named_organisation"
    assert got[1]["places"][0]["place_id"] == "gn:146970"
    assert got[1]["counts"] == {"wounded": 2}


def test_denials_are_read_in_both_languages():
    az = incidents("Ermənistan Müdafiə Nazirliyinin Ağdamın atəşə tutulması barədə yaydığı məlumat yalandır.", "az")
    hy = incidents("Ադրբեջանի ՊՆ-ի տարածած տեղեկությունը Մարտունու գնդակոծման մասին ապատեղեկատվություն է։", "hy")
    assert az and az[0]["stance"] in ("denies", "reports_denial")
    assert hy and hy[0]["stance"] in ("denies", "reports_denial")
