"""Stance of an incident report: stated, a claim relayed, a denial in the source's own voice or one it relays, doubt."""

from __future__ import annotations

import pytest

from presswatch.analyzers import Resources, run
from presswatch.model import Document


def analysed(text: str, source: str | None = None):
    """The INCIDENT spans of ``text`` after the analyzers the incidents analyzer reads."""
    doc = Document(text=text, language="en", published="2024-04-10", source=source)
    run(["places", "sourcing", "incidents"], doc, Resources())
    return doc.spans_by("incidents")


def stances(text: str, source: str | None = None) -> list[str]:
    return [s.attrs["stance"] for s in analysed(text, source)]


def test_the_subject_of_an_act_of_violence_is_no_speaker():
    (s,) = analysed("Rebel gunners fired mortars at positions in Kalbajar on Sunday.")
    assert s.attrs["stance"] == "asserts" and s.attrs["attribution"]["kind"] == "own_voice"


def test_an_accusation_relays_a_claim():
    (s,) = analysed("Yerevan accused Baku on Sunday of shelling Tartar.")
    assert s.attrs["stance"] == "reports_claim" and s.attrs["attribution"]["speaker"] == "Yerevan"


@pytest.mark.parametrize(
    "text",
    [
        "Soldiers shelled Aghdam on Sunday; Yerevan denied the accusation.",
        "The report that drones struck Tartar on Sunday was refuted by Baku, which said no drones had flown.",
    ],
)
def test_a_party_s_denial_is_relayed(text):
    assert stances(text) == ["reports_denial"]


def test_a_party_s_denial_is_its_own_in_its_own_bulletin():
    text = "Soldiers shelled Aghdam on Sunday; the Defence Ministry denied the accusation."
    assert stances(text, source="Defence Ministry of the Republic") == ["denies"]


def test_the_document_s_own_refutation_is_a_denial():
    text = "The claims spread by some media that troops shelled Tartar on Sunday are groundless."
    assert stances(text) == ["denies"]


@pytest.mark.parametrize(
    "text",
    [
        "A shepherd was wounded near Aghdam on Sunday, which Yerevan denies, the ministry said.",
        "The week also saw a death in what Yerevan says was a drone strike near Tartar on Sunday, denied by Baku.",
        "Baku accused Armenian units on Sunday of shelling Tartar, a charge Yerevan rejected as a lie.",
        "Baku said troops fired at its posts near Kalbajar on Sunday, and Yerevan said a soldier was wounded near"
        " Goris; each side denied the other's account.",
    ],
)
def test_a_denial_told_aside_leaves_the_claim_disputed(text):
    found = analysed(text)
    assert found and all(s.attrs["stance"] == "reports_claim" for s in found)
    assert found[-1].attrs.get("disputed")  # the clause the denial hangs on


def test_the_incident_a_claim_is_said_to_hide_is_stated():
    (s,) = analysed("The ministry called the reports disinformation meant to divert attention from the shelling of"
                    " Tartar on Sunday.")
    assert s.attrs["stance"] == "reports_claim" and not s.attrs.get("disputed") and "stance_cue" not in s.attrs


@pytest.mark.parametrize(
    "text",
    [
        "Two sappers were injured on Sunday when a mine went off near Aghdam, the agency said. Separately, the ministry"
        " refuted claims that a resident of Tartar had been wounded by gunfire on Sunday.",
        "A mortar round fired from the direction of Tartar landed near Aghdam on Sunday night, the ministry said. The"
        " ministry also rejected as disinformation reports that a drone had struck a post near Tartar on Sunday.",
    ],
)
def test_a_refutation_of_another_kind_of_event_elsewhere_is_its_own_incident(text):
    found = analysed(text)
    assert [s.attrs["stance"] in ("denies", "reports_denial") for s in found] == [False, True]
    assert not found[0].attrs.get("disputed")


def test_a_denial_of_the_incident_just_told_joins_it():
    text = ("Troops fired on posts near Aghdam on Sunday, Yerevan said. "
            "Baku denied that its troops had fired on Sunday.")
    (s,) = analysed(text)
    assert s.attrs["stance"] == "reports_claim" and s.attrs.get("disputed")


@pytest.mark.parametrize(
    "text",
    [
        "Yerevan flatly denied that its troops had shelled Tartar on Sunday.",
        "The Defence Ministry has rejected as disinformation claims that troops shelled Tartar on Sunday.",
        "Claims that troops shelled Tartar on Sunday were refuted by the Defence Ministry, which said no shot was"
        " fired.",
    ],
)
def test_a_denial_said_by_a_named_party_is_relayed_unless_the_party_is_the_source(text):
    assert stances(text) == ["reports_denial"]
    assert stances(text, source="Defence Ministry Press Service") == (
        ["reports_denial"] if text.startswith("Yerevan") else ["denies"])


def test_a_denial_in_the_first_person_is_the_document_s_own():
    assert stances("We categorically deny that our units shelled Tartar on Sunday.") == ["denies"]
