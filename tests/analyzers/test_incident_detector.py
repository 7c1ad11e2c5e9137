"""The incident detector: an ambiguous trigger word in a sentence that reads as no report of an event is overruled."""

from __future__ import annotations

import numpy as np
import pytest

from presswatch.analyzers import Resources, run
from presswatch.analyzers.incidents.analyzer import classify, lexicon, vetoed
from presswatch.analyzers.incidents.model import detector, feature_ids, incident_probability, quantize
from presswatch.model import Document

DIM = 2**18
# "agreement" is a trigger of the word lists (ceasefire_agreement, weight below 1.2) in both sentences
TREATY = "The climate agreement asks every country to cut its emissions."
DEAL = "Rebel commanders signed an agreement with the army on Monday to withdraw from Velmar."


def _toy_detector(folder, *, veto=0.3):
    """A detector that reads "climate" as the mark of a sentence reporting no incident."""
    dense = np.zeros((DIM, 2))
    dense[feature_ids("climate", DIM), 1] = 12.0  # column 1: none
    det = quantize(dense, np.array([0.0, -1.0]), ["incident", "none"], DIM, {"veto": veto, "veto_below_score": 1.2})
    det.save(folder, "incident_detector")
    return det


def _incidents(text: str) -> list:
    doc = Document(text=text, language="en", published="2023-06-15")
    run(["incidents"], doc, Resources())
    return doc.spans_by("incidents")


@pytest.fixture()
def toy(tmp_path, monkeypatch):
    _toy_detector(tmp_path)
    monkeypatch.setenv("PRESSWATCH_INCIDENT_DETECTOR", str(tmp_path))
    return tmp_path


def test_both_sentences_hold_an_ambiguous_trigger():
    for s in (TREATY, DEAL):
        kind, _, scores = classify(s, lexicon("en"))
        assert kind == "ceasefire_agreement" and max(scores.values()) < 1.2


def test_an_ambiguous_trigger_in_a_sentence_the_detector_reads_as_no_event_is_dropped(toy):
    assert _incidents(TREATY) == []
    spans = _incidents(DEAL)
    assert [s.attrs["type"] for s in spans] == ["ceasefire_agreement"]
    assert spans[0].attrs["date"] == "2023-06-12"


def test_without_a_detector_the_word_lists_alone_decide(toy, monkeypatch):
    monkeypatch.setenv("PRESSWATCH_INCIDENT_DETECTOR", str(toy / "nowhere"))
    assert detector() is None
    assert [s.attrs["type"] for s in _incidents(TREATY)] == ["ceasefire_agreement"]


def test_an_unambiguous_trigger_is_never_overruled(tmp_path):
    det = _toy_detector(tmp_path)
    sentence = "Climate activists said a ceasefire violation was recorded near Velmar."
    kind, _, scores = classify(sentence, lexicon("en"))
    assert kind == "ceasefire_violation" and max(scores.values()) >= 1.2
    assert incident_probability(det, sentence) < 0.3  # the detector would drop it ...
    assert not vetoed(sentence, scores, det)  # ... but the word is unambiguous
    kind, _, scores = classify(TREATY, lexicon("en"))
    assert vetoed(TREATY, scores, det)
    det.meta["veto"] = 0.0  # a veto of 0 overrules nothing
    assert not vetoed(TREATY, scores, det)


def test_a_vetoed_sentence_still_adds_its_counts_to_the_incident_just_told(toy):
    text = ("Gunmen abducted a teacher near Velmar on Sunday. The climate agreement talks stalled as three more "
            "people were reported missing.")
    spans = _incidents(text)
    assert [s.attrs["type"] for s in spans] == ["abduction"]
    assert spans[0].attrs["counts"].get("missing") == 3 and len(spans[0].attrs["mentions"]) == 2


def test_the_shipped_detector_overrules_everyday_uses_of_incident_words_but_not_reports():
    det = detector()
    if det is None:
        pytest.skip("no shipped detector")
    assert 0.0 < det.meta["veto"] < 0.5 and det.meta["veto_below_score"] >= 1.0
    # written for this test: trigger words of the word lists in sentences about other things ...
    everyday = [
        "The free trade agreement will lower tariffs on cheese and wine.",
        "Critics say the lockdown rules for pubs make little sense.",
        "The software update fixes a bug that let apps crash during execution.",
        "Shares in the carmaker rallied after the results beat forecasts.",
        "Fans had a blast at the festival, which ended with fireworks over the lake.",
        "Scientists detected blasts of radio waves from a distant galaxy.",
    ]
    # ... and reports of incidents with the same kind of words
    reports = [
        "A blast at a roadside checkpoint near Kandor killed two policemen on Tuesday.",
        "Government and rebel delegates signed an agreement in Arusha to exchange prisoners next week.",
    ]
    dropped = [s for s in everyday if classify(s, lexicon("en"))[0] and not _incidents(s)]
    assert len(dropped) >= 3, dropped  # a conservative veto: it does not catch every one
    assert all(_incidents(s) for s in reports)


class _Stub:
    """A detector whose probability of an incident is given (duck-typed like a TypeModel)."""

    def __init__(self, p: float, **meta: float) -> None:
        self.p = p
        self.meta = {"veto": 0.1, "veto_below_score": 1.2, "veto_unanchored": 0.3, **meta}

    def proba(self, text: str) -> dict[str, float]:
        return {"incident": self.p, "none": 1.0 - self.p}


def _doc(text: str) -> tuple[Document, list]:
    doc = Document(text=text, language="en", published="2023-06-15")
    run(["places", "sourcing"], doc, Resources())
    return doc, [s for s in doc.spans if s.analyzer == "places" and s.attrs.get("place_id")]


def test_an_ambiguous_word_with_nothing_around_it_needs_a_surer_detector():
    from presswatch.analyzers.incidents.analyzer import unanchored_veto

    text = "The league has suspended all activity until further notice."
    kind, _, scores = classify(text, lexicon("en"))
    assert kind is not None and max(scores.values()) < 1.2  # an ambiguous word of the word lists
    doc, places = _doc(text)
    whole = (0, len(text))

    def veto(p: float, *, dated: bool = False, **meta: float) -> bool:
        return unanchored_veto(doc, 0, whole, {}, places, dated, scores, _Stub(p, **meta), lexicon("en"))

    assert veto(0.2)  # above the veto of every sentence (0.1), below the one of a sentence with no anchor (0.3)
    assert not veto(0.35)
    assert not veto(0.2, dated=True)  # a date or a count anchors it
    assert not veto(0.2, veto_below_score=0.5)  # an unambiguous word is never dropped
    assert not unanchored_veto(doc, 0, whole, {}, places, False, scores, None, lexicon("en"))
    stub = _Stub(0.2)
    del stub.meta["veto_unanchored"]
    assert not unanchored_veto(doc, 0, whole, {}, places, False, scores, stub, lexicon("en"))  # an older detector
    # a place in the paragraph or an actor in the sentence anchors it
    for anchored in ("The army has suspended all activity in Stepanakert until further notice.",
                     "Azerbaijani border guards have suspended all activity until further notice."):
        doc, places = _doc(anchored)
        _, _, sc = classify(anchored, lexicon("en"))
        assert not unanchored_veto(doc, 0, (0, len(anchored)), {}, places, False, sc, _Stub(0.2), lexicon("en"))


def test_the_two_models_find_an_incident_the_word_lists_do_not_know():
    from presswatch.analyzers.incidents.model import found_by_models, shipped

    det, types = detector(), shipped()
    if det is None or types is None or "find" not in det.meta:
        pytest.skip("no shipped models with a finder")
    # written for this test: no trigger word of the word lists
    text = "A man on a scooter lobbed a homemade explosive into a packed cafe in Gitega, wounding six customers."
    assert classify(text, lexicon("en"))[0] is None
    sub, (a, b) = found_by_models(text, types, det)
    assert sub == "Grenade" and text[a:b] == "explosive"
    (span,) = _incidents(text)
    assert span.attrs["type"] == "grenade_attack" and span.attrs["found_by"] == "models"
    assert span.attrs["trigger"]["text"] == "explosive"
    # the finder is off with a detector that has no `find` threshold, and an everyday sentence finds nothing
    off = _Stub(0.99, find_min_proba=0.5)
    assert found_by_models(text, types, off) is None
    assert found_by_models("Shares in the carmaker rose after the results beat forecasts.", types, det) is None
