"""The incident detector: a sentence without a trigger word that still reports an incident."""

from __future__ import annotations

import numpy as np
import pytest

from presswatch.analyzers import Resources, run
from presswatch.analyzers.incidents.analyzer import classify, detect, lexicon
from presswatch.analyzers.incidents.model import detector, evidence, feature_ids, incident_probability, quantize
from presswatch.model import Document

DIM = 2**18
SENTENCE = "Villagers said masked men emptied the granary at Velmar on Sunday."


def _toy_models(tmp_path, *, threshold=0.6, other=False):
    """A detector that calls a sentence with "emptied" an incident, and a type classifier that says looting (or
    ``Other``) whatever it reads; saved under ``tmp_path``."""
    dense = np.zeros((DIM, 2))
    dense[feature_ids("emptied", DIM), 0] = 9.0  # column 0: incident
    det = quantize(dense, np.array([-1.0, 1.0]), ["incident", "none"], DIM, {"threshold": threshold})
    det.save(tmp_path / "det", "incident_detector")
    labels = ["Other", "Looting/property destruction"]
    weights = np.zeros((DIM, 2))
    weights[feature_ids("zzyzx", DIM), 0] = 1.0  # a word no test sentence holds
    types = quantize(weights, np.array([1.0, 0.0] if other else [0.0, 1.0]), labels, DIM, {})
    types.save(tmp_path / "types")
    return det, types


def _incidents(text: str) -> list:
    doc = Document(text=text, language="en", published="2023-06-15")
    run(["incidents"], doc, Resources())
    return doc.spans_by("incidents")


@pytest.fixture()
def toy(tmp_path, monkeypatch):
    _toy_models(tmp_path)
    monkeypatch.setenv("PRESSWATCH_INCIDENT_DETECTOR", str(tmp_path / "det"))
    monkeypatch.setenv("PRESSWATCH_INCIDENT_TYPES_MODEL", str(tmp_path / "types"))
    return tmp_path


def test_the_word_lists_find_nothing_in_the_test_sentence():
    assert classify(SENTENCE, lexicon("en"))[0] is None


def test_a_sentence_without_trigger_words_is_taken_when_the_detector_is_sure(toy):
    spans = _incidents(SENTENCE)
    assert len(spans) == 1
    a = spans[0].attrs
    assert a["type"] == "property_destruction" and a["acled_sub_event_type"] == "Looting/property destruction"
    assert a["trigger"]["text"] == "emptied"  # the word that speaks for an incident
    assert SENTENCE[slice(*a["trigger"]["span"])] == "emptied"
    assert 0.6 <= a["detected"] <= 1.0
    assert a["date"] == "2023-06-11"  # the rest of the analysis applies as to any incident: "on Sunday"


def test_without_the_detector_the_word_lists_alone_decide(toy, monkeypatch):
    monkeypatch.setenv("PRESSWATCH_INCIDENT_DETECTOR", str(toy / "nowhere"))
    assert detector() is None
    assert _incidents(SENTENCE) == []


def test_negated_and_questioned_sentences_and_unsure_or_other_answers_give_no_incident(toy, tmp_path, monkeypatch):
    assert _incidents("No masked men emptied the granary at Velmar.") == []
    assert _incidents("Masked men emptied the granary at Velmar?") == []
    assert _incidents("Masked men guarded the granary at Velmar.") == []  # the detector is not sure
    _toy_models(tmp_path / "other", other=True)  # the type classifier says "Other": too vague to type
    monkeypatch.setenv("PRESSWATCH_INCIDENT_TYPES_MODEL", str(tmp_path / "other" / "types"))
    assert _incidents(SENTENCE) == []


def test_detect_and_evidence_on_the_toy_models(tmp_path):
    det, types = _toy_models(tmp_path, threshold=1.0)
    assert incident_probability(det, SENTENCE) > 0.6
    assert detect(SENTENCE, det, types) is None  # below its threshold
    det.meta["threshold"] = 0.6
    kind, trig, p = detect(SENTENCE, det, types)
    assert kind == "property_destruction" and SENTENCE[trig[0] : trig[1]] == "emptied" and p >= 0.6
    assert evidence(det, "The granary is large.") is None  # no word shares a letter piece with "emptied"


def test_the_shipped_detector_finds_incidents_the_word_lists_miss_and_leaves_plain_news_alone():
    if detector() is None:
        pytest.skip("no shipped detector")
    # written for this test: incidents told without any of the word lists' triggers ...
    told = [
        "Gunmen on motorbikes sprayed a wedding party with bullets outside Dambo, killing nine guests.",
        "Militiamen torched the granaries of two villages near Ossun and drove off the livestock.",
    ]
    # ... and sentences of the same outlets that report nothing that happened
    quiet = [
        "The finance ministry expects the harvest to lift exports by a tenth next year.",
        "Historians trace the dispute over the valley back to a border drawn in 1921.",
        "The mission's headquarters occupies a former school on the edge of the town.",
    ]
    for s in told:
        assert classify(s, lexicon("en"))[0] is None, s
    assert sum(bool(_incidents(s)) for s in told) >= 1
    assert not any(_incidents(s) for s in quiet)
