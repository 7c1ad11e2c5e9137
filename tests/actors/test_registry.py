"""The actors registry: loading and validating files, a user file extending and overriding the shipped one,
and matching source phrases in English, Russian, Azerbaijani and Armenian, inflected. Every phrase here is
invented for these tests."""

from __future__ import annotations

import pytest

from presswatch.actors.normalize import fold, keys
from presswatch.actors.registry import ACTORS_ENV, default_registry, load_registry
from presswatch.errors import ConfigError


@pytest.fixture(scope="module")
def reg():
    return load_registry()


def who(reg, phrase: str, home: str | None = None) -> tuple[str, str | None]:
    m = reg.identify(phrase, home=home)
    return (m.affiliation, m.actor_id) if m else ("unknown", None)


def test_the_shipped_registry_loads_and_every_affiliation_is_documented(reg):
    assert len(reg.actors) > 50
    assert {a.affiliation for a in reg.actors.values()} <= set(reg.affiliations)
    for needed in (
        "az-mod",
        "am-mod",
        "nk-defence-army",
        "ru-peacekeepers",
        "osce-minsk-group",
        "icrc",
        "euma",
        "az-azertac",
        "az-apa",
        "az-trend",
        "am-armenpress",
        "am-newsam",
        "ru-tass",
        "ru-ria",
        "ru-interfax",
        "reuters",
        "ap",
        "afp",
        "bbc",
        "un",
    ):
        assert needed in reg.actors, needed
    assert reg.actors["nk-defence-army"].country is None and reg.actors["nk-defence-army"].polity == "NK"


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # English: possessive, plural, qualifier before or after, acronyms in their exact case
        ("Azerbaijan's defence ministry", ("az-state", "az-mod")),
        ("the Ministry of Defence of Armenia", ("am-state", "am-mod")),
        ("Armenian defence ministry officials", ("am-state", "am-mod")),
        ("the ICRC's", ("international", "icrc")),
        ("the OSCE Minsk Group co-chairs", ("mediator", "osce-minsk-group")),
        ("the Russian peacekeepers", ("ru-state", "ru-peacekeepers")),
        ("Officials in Stepanakert", ("nk-de-facto", None)),
        ("Azerbaijani media", ("az-media", None)),
        ("Moscow", ("ru-state", None)),
        ("YEREVAN", ("am-state", None)),
        ("President Vladimir Putin", ("ru-state", "ru-putin")),
        # Russian: case endings on each word
        ("Министерства обороны Азербайджана", ("az-state", "az-mod")),
        ("представителю Министерства обороны Армении", ("am-state", "am-mod")),
        ("сопредседателями Минской группы ОБСЕ", ("mediator", "osce-minsk-group")),
        ("российских миротворцев", ("ru-state", "ru-peacekeepers")),
        ("МИДа России", ("ru-state", "ru-mfa")),
        # Azerbaijani: stacked suffixes, k/y alternation, a case ending glued to an acronym
        ("Azərbaycan Respublikasının Müdafiə Nazirliyinin", ("az-state", "az-mod")),
        ("Ermənistan Müdafiə Nazirliyinə", ("am-state", "am-mod")),
        ("BMT-nin", ("international", "un")),
        ("Qırmızı Xaçın", ("international", "icrc")),
        # Armenian: articles and case endings
        ("Հայաստանի պաշտպանության նախարարությունը", ("am-state", "am-mod")),
        ("Ադրբեջանի պաշտպանության նախարարությունից", ("az-state", "az-mod")),
        ("Արցախի պաշտպանության բանակի", ("nk-de-facto", "nk-defence-army")),
        ("ՄԱԿ-ի", ("international", "un")),
    ],
)
def test_inflected_names_in_four_languages(reg, phrase, expected):
    assert who(reg, phrase) == expected


def test_folding_and_keys_are_general_not_per_name():
    assert fold("Azərbaycan") == "azerbaycan" and fold("Ёлка") == "елка" and fold("Минской")[-1] == "й"
    assert keys("Nazirliyinin", "az") == keys("Nazirliyi", "az") == keys("nazirlik", "az")
    assert keys("Министерству", "ru") == keys("Министерство", "ru")
    assert keys("forces'", "en") == keys("force", "en") == keys("Forces", "en")
    assert keys("UN", "en") != keys("un", "en")  # acronyms keep their case


def test_acronyms_match_only_in_their_exact_case(reg):
    assert who(reg, "UN") == ("international", "un")
    assert who(reg, "the un") == ("unknown", None)
    assert who(reg, "MoD", home="AZ") == ("az-state", "az-mod")
    assert who(reg, "mod", home="AZ") == ("unknown", None)


def test_the_longest_name_wins(reg):
    assert who(reg, "the OSCE Minsk Group") == ("mediator", "osce-minsk-group")  # not the OSCE
    assert who(reg, "the UN Security Council") == ("international", "un-security-council")  # not the UN
    m = reg.identify("members of the illegal Armenian armed formations", home="AZ")
    assert m.actor_id == "nk-defence-army" and m.how == "alias"


def test_a_bare_body_word_needs_a_side(reg):
    assert who(reg, "the Ministry of Defence") == ("unknown", None)  # whose ministry? the text does not say
    assert who(reg, "the Ministry of Defence", home="AZ") == ("az-state", "az-mod")  # an Azerbaijani outlet's
    assert who(reg, "the Ministry of Defence", home="AM") == ("am-state", "am-mod")
    assert who(reg, "the ministry", home="NK") == ("nk-de-facto", None)
    assert who(reg, "the peacekeeping mission", home="AZ") == ("unknown", None)  # no Azerbaijani one
    assert who(reg, "the international observer mission") == ("international", "international-unnamed")


def test_a_name_counts_only_as_the_head_of_the_phrase(reg):
    assert who(reg, "Analysts in Baku") == ("unknown", None)
    assert who(reg, "Residents of Stepanakert") == ("unknown", None)
    assert who(reg, "Military expert Farid Guliyev", home="AZ") == ("unknown", None)  # not the military
    assert who(reg, "Armenians") == ("unknown", None)  # a demonym is no government
    assert who(reg, "Farhad Aliyev") == ("unknown", None)  # another Aliyev
    assert who(reg, "President Aliyev") == ("az-state", "az-aliyev")
    assert who(reg, "Defence Army spokesman Artak Hovsepyan") == ("nk-de-facto", "nk-defence-army")
    assert who(reg, "Narine Avagyan, a spokeswoman for the Artsakh government") == ("nk-de-facto", "nk-authorities")
    assert who(reg, "Samir Jafarov, who heads the press office of the Azerbaijani border service") == (
        "az-state",
        "az-border-service",
    )
    assert who(reg, "TOVUZ, May 3 (Example Wire) - Azerbaijani officials") == ("az-state", None)


def test_outlets_are_found_by_name_domain_or_url(reg):
    assert reg.outlet("news.am").id == "am-newsam"
    assert reg.outlet(None, None, "https://www.reuters.com/world/some-story").id == "reuters"
    assert reg.outlet("TASS").affiliation == "ru-state"
    assert reg.outlet("Some Local Paper", "example.org") is None


def test_a_user_file_extends_and_overrides(tmp_path):
    user = tmp_path / "mine.yaml"
    user.write_text(
        """
affiliations:
  local-ngo: "a local civil-society organisation"
actors:
  - id: my-watchdog
    name: Lake Valley Watch
    affiliation: local-ngo
    country: AZ
    kind: ngo
    aliases: {en: [Lake Valley Watch], ru: [Озёрный дозор]}
    sources: [lakevalley.example]
  - id: reuters
    name: Reuters (reclassified by me)
    affiliation: media-international
    country: GB
    kind: outlet
    aliases: {en: [Reuters, Thomson Reuters]}
""",
        encoding="utf-8",
    )
    reg = load_registry(user)
    assert who(reg, "Lake Valley Watch's director") == ("local-ngo", "my-watchdog")
    assert who(reg, "Озёрного дозора") == ("local-ngo", "my-watchdog")
    assert reg.actors["reuters"].name == "Reuters (reclassified by me)"
    assert who(reg, "Thomson Reuters") == ("media-international", "reuters")
    assert reg.outlet("https://lakevalley.example/a").id == "my-watchdog"
    assert "az-mod" in reg.actors  # the shipped entries stay


def test_the_environment_names_the_user_file(tmp_path, monkeypatch):
    user = tmp_path / "env.yaml"
    user.write_text(
        "actors:\n  - {id: x-wire, name: Example Wire, affiliation: media-international, country: null, kind: outlet,"
        " aliases: {en: [Example Wire]}}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(ACTORS_ENV, str(user))
    assert default_registry().identify("an Example Wire reporter").actor_id == "x-wire"
    monkeypatch.delenv(ACTORS_ENV)
    assert default_registry().identify("an Example Wire reporter") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("actors: [{id: a, name: A, affiliation: no-such-label, kind: outlet}]", "is not listed under affiliations"),
        ("actors: [{id: a, name: A, kind: outlet}]", "missing affiliation"),
        ("actors: [{id: a, name: A, affiliation: az-state, kind: outlet, country: Azerbaijan}]", "ISO 3166-1"),
        ("actors: [{id: a, name: A, affiliation: az-state, kind: outlet, aliases: {fr: [A]}}]", "unknown language"),
        ("actors: {id: a}", "a list of entries"),
        ("[1, 2]", "is a mapping"),
        ("actors: [", "not valid YAML"),
    ],
)
def test_a_bad_user_file_is_one_clear_error(tmp_path, text, message):
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_registry(bad)


def test_a_missing_user_file_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="no such actors file"):
        load_registry(tmp_path / "nowhere.yaml")
