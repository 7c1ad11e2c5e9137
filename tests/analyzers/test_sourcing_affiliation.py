"""The sourcing analyzer's SOURCE spans carry the affiliation the actors registry gives them, and the
sourcing profile shares attributions out by affiliation. The texts are invented for these tests."""

from __future__ import annotations

import pytest

from presswatch.actors.registry import ACTORS_ENV
from presswatch.analyzers import Resources, get
from presswatch.analyzers.sourcing import profile
from presswatch.model import Document

TEXT = (
    "The Ministry of Defence said on Monday that its positions near Tovuz had come under fire overnight. "
    '"The provocation was stopped," the ministry said in a statement.\n\n'
    "Officials in Stepanakert said the report was false. "
    "According to the ICRC, two families left the area.\n\n"
    "Farhad Aliyev, a local historian, said the shooting was the worst in months. "
    '"Nobody slept," he said.'
)


def analysed(source: str | None, url: str | None = None) -> Document:
    doc = Document(text=TEXT, language="en", source=source, url=url)
    spans = get("sourcing").annotate(doc, Resources())
    for s in spans:
        s.analyzer = "sourcing"
    doc.spans = spans
    return doc


def by_words(doc: Document) -> dict[str, dict]:
    return {doc.text[s.start : s.end]: s.attrs for s in doc.spans if s.label == "SOURCE"}


@pytest.fixture(autouse=True)
def no_user_file(monkeypatch):
    monkeypatch.delenv(ACTORS_ENV, raising=False)


def test_source_spans_carry_affiliation_actor_and_country():
    doc = analysed("APA")  # an Azerbaijani agency: its bare "Ministry of Defence" is Azerbaijan's
    got = by_words(doc)
    assert got["The Ministry of Defence"]["affiliation"] == "az-state"
    assert (
        got["The Ministry of Defence"]["actor"] == "az-mod" and got["The Ministry of Defence"]["actor_country"] == "AZ"
    )
    assert got["the ministry"]["actor"] == "az-mod"  # through its speaker
    assert got["Officials in Stepanakert"]["affiliation"] == "nk-de-facto"
    assert got["the ICRC"]["affiliation"] == "international" and got["the ICRC"]["actor"] == "icrc"
    historian = next(a for w, a in got.items() if w.startswith("Farhad Aliyev"))
    assert historian["affiliation"] == "unknown" and historian["actor"] is None  # not the president
    assert got["he"]["affiliation"] == "unknown"


def test_without_a_known_outlet_a_bare_ministry_is_unknown():
    got = by_words(analysed("Some Blog"))
    assert got["The Ministry of Defence"]["affiliation"] == "unknown"
    assert got["Officials in Stepanakert"]["affiliation"] == "nk-de-facto"  # the phrase says whose
    got = by_words(analysed(None, url="https://news.am/eng/news/1.html"))  # an Armenian outlet, by its URL
    assert got["The Ministry of Defence"]["affiliation"] == "am-state"


def test_the_profile_shares_attributions_by_affiliation():
    prof = profile(analysed("APA"))
    by = prof["by_affiliation"]
    assert by["az-state"] == 2 and by["nk-de-facto"] == 1 and by["international"] == 1 and by["unknown"] >= 1
    assert sum(by.values()) <= prof["attributions"]
    assert abs(sum(prof["affiliation_shares"].values()) - 1) < 0.01
    assert prof["affiliation_shares"]["az-state"] == round(2 / sum(by.values()), 3)


def test_a_user_file_places_a_source_the_shipped_registry_cannot(tmp_path, monkeypatch):
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "affiliations: {academia: 'universities and their staff'}\n"
        "actors:\n  - {id: my-historian, name: Farhad Aliyev (historian), affiliation: academia, country: AZ,"
        " kind: person, aliases: {en: [Farhad Aliyev]}}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(ACTORS_ENV, str(mine))
    got = by_words(analysed("APA"))
    historian = next(a for w, a in got.items() if w.startswith("Farhad Aliyev"))
    assert historian["affiliation"] == "academia" and got["he"]["affiliation"] == "academia"
