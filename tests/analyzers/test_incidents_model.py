"""The learned incident-type classifier: features, storage, the combination with the word lists, the shipped model."""

from __future__ import annotations

import json

import numpy as np
import pytest

from presswatch.analyzers import Resources, run
from presswatch.analyzers.incidents import model as type_model
from presswatch.analyzers.incidents.analyzer import retype_with
from presswatch.analyzers.incidents.model import TypeModel, combine, feature_ids, quantize, shipped
from presswatch.analyzers.incidents.taxonomy import ACLED_SUB_EVENT_TYPES
from presswatch.model import Document
from presswatch.resources import model_candidates

DIM = 2**18


def test_features_are_sorted_distinct_buckets_and_the_same_every_time():
    a = feature_ids("Gunmen abducted a teacher near the market.", DIM)
    assert list(a) == sorted(set(a.tolist())) and a.min() >= 0 and a.max() < DIM
    assert np.array_equal(a, feature_ids("Gunmen abducted a teacher near the market.", DIM))
    assert np.array_equal(a, feature_ids("GUNMEN ABDUCTED A TEACHER NEAR THE MARKET", DIM))  # case and punctuation
    assert not np.array_equal(a, feature_ids("Gunmen abducted a pupil near the market.", DIM))
    assert len(feature_ids("", DIM)) == 0


def _toy(tmp_path, meta=None) -> TypeModel:
    """A model that says ``Grenade`` for sentences with "pomegranate" and ``Attack`` otherwise."""
    labels = ["Attack", "Grenade"]
    dense = np.zeros((DIM, 2))
    dense[feature_ids("pomegranate", DIM), 1] = 8.0
    m = quantize(dense, np.array([1.0, -1.0]), labels, DIM, meta or {"weight": 0.0})
    m.save(tmp_path)
    return m


def test_quantized_model_round_trips_and_scores_like_the_dense_one(tmp_path):
    m = _toy(tmp_path)
    assert len(m.rows) == len(feature_ids("pomegranate", DIM)) and m.weights.dtype == np.int8
    back = TypeModel.load(tmp_path / "incident_types.npz")
    p = back.proba("A pomegranate was thrown at the post.")
    assert max(p, key=lambda k: p[k]) == "Grenade" and abs(sum(p.values()) - 1) < 1e-9
    q = back.proba("Soldiers fired shots.")
    assert max(q, key=lambda k: q[k]) == "Attack"
    # the dense computation of the same logits
    ids = feature_ids("A pomegranate was thrown at the post.", DIM)
    dense = np.zeros((DIM, 2))
    dense[feature_ids("pomegranate", DIM), 1] = 8.0
    z = np.array([1.0, -1.0]) + dense[ids].sum(axis=0) / np.sqrt(len(ids))
    assert np.allclose(back.logits("A pomegranate was thrown at the post."), z, atol=0.05)


def test_combine_breaks_ties_among_the_types_the_words_name_and_decides_alone_only_when_they_are_unsure():
    proba = {"Grenade": 0.7, "Attack": 0.2, "Armed clash": 0.1}
    # weight 0: the lexicon's type stands
    assert combine("Attack", {"Attack": 1.0, "Grenade": 0.9}, proba, {"weight": 0.0}) is None
    # with weight, the model lifts the other type the words name above the lexicon's
    assert combine("Attack", {"Attack": 1.0, "Grenade": 0.9}, proba, {"weight": 0.5}) == "Grenade"
    # a type the words do not name is not reached by the weight ...
    assert combine("Attack", {"Attack": 1.0}, proba, {"weight": 0.5}) is None
    # ... only by the fallback, when the words are unsure and the model sure enough
    meta = {"weight": 0.0, "lexicon_sure": 1.0, "min_proba": 0.6}
    assert combine("Attack", {"Attack": 0.8}, proba, meta) == "Grenade"
    assert combine("Attack", {"Attack": 1.1}, proba, meta) is None
    assert combine("Attack", {"Attack": 0.8}, proba, {**meta, "min_proba": 0.8}) is None


def test_retype_maps_the_sub_event_type_to_the_presswatch_type_the_words_scored():
    meta = {"weight": 1.0}
    proba = {"Air/drone strike": 0.9, "Shelling/artillery/missile attack": 0.1}
    scores = {"shelling": 1.05, "air_or_drone_strike": 0.95}
    assert retype_with("shelling", scores, proba, meta) == "air_or_drone_strike"
    # "Other" names several presswatch types: the one the words scored
    other = {"Other": 0.9, "Armed clash": 0.1}
    assert retype_with("ceasefire_violation", {"ceasefire_violation": 0.9, "patrol_or_escort": 0.85}, other,
                       meta) == "patrol_or_escort"
    # a type refine_type made from a combination of words (fire at farmers: an attack on civilians) stands
    assert retype_with("attack_on_civilians", {"ceasefire_violation": 1.0}, {"Armed clash": 1.0}, meta) == (
        "attack_on_civilians")


def test_the_analyzer_asks_the_model_only_about_english_sentences_the_words_call_an_incident(tmp_path, monkeypatch):
    _toy(tmp_path, {"weight": 0.0, "lexicon_sure": 1.5, "min_proba": 0.6})
    monkeypatch.setenv(type_model.ENV, str(tmp_path))
    doc = Document(text="Gunmen shot dead a pomegranate seller near the market.", language="en",
                   published="2024-04-10")
    run(["incidents"], doc, Resources())
    (span,) = doc.spans_by("incidents")
    assert span.attrs["acled_sub_event_type"] == "Grenade"  # unsure words (1.0 < 1.5), a sure model
    doc = Document(text="A pomegranate seller opened his stall.", language="en", published="2024-04-10")
    run(["incidents"], doc, Resources())
    assert doc.spans_by("incidents") == []  # no incident by the words: the model is not asked
    monkeypatch.setenv(type_model.ENV, str(tmp_path / "none"))
    doc = Document(text="Gunmen shot dead a pomegranate seller near the market.", language="en",
                   published="2024-04-10")
    run(["incidents"], doc, Resources())
    assert doc.spans_by("incidents")[0].attrs["acled_sub_event_type"] == "Attack"  # no model: the words alone


def test_the_shipped_model_is_small_numpy_and_names_acled_sub_event_types():
    folder = model_candidates("incident-types")[0]
    files = list(folder.glob("incident_types.*"))
    assert {f.name for f in files} == {"incident_types.npz", "incident_types.json"}
    assert sum(f.stat().st_size for f in files) < 1_000_000
    assert (folder / "MODEL_CARD.md").is_file()
    m = shipped()
    assert m is not None and set(m.labels) == set(ACLED_SUB_EVENT_TYPES) and len(m.labels) == 25
    meta = json.loads((folder / "incident_types.json").read_text())
    assert not {"incident-types-dev.tsv", "incident-types-test.tsv"} & set(meta["trained_on"])
    p = m.proba("A roadside bomb exploded under an army truck, killing three soldiers.")
    assert max(p, key=lambda k: p[k]) == "Remote explosive/landmine/IED"


@pytest.mark.parametrize("name", ["incident-types-dev.tsv", "incident-types-test.tsv"])
def test_training_refuses_the_scored_sets(tmp_path, name):
    from presswatch.train.incident_types import run as train

    (tmp_path / name).write_text("text\tacled_event_type\tacled_sub_event_type\n", encoding="utf-8")
    with pytest.raises(ValueError, match="never train on it"):
        train(data=str(tmp_path / name), out=tmp_path / "out")


def test_features_are_the_crc32_of_the_feature_strings_for_ascii_and_other_letters():
    import zlib

    def reference(text: str, dim: int) -> set[int]:
        words = type_model._WORD.findall(text.lower())
        grams = [f"w {w}" for w in words] + [f"b {a} {b}" for a, b in zip(words, words[1:], strict=False)]
        for w in set(words):
            p = f" {w} "
            grams += [f"c{p[i : i + n]}" for n in (3, 4, 5) for i in range(len(p) - n + 1)]
        return {zlib.crc32(g.encode()) & (dim - 1) for g in grams}

    for text in ("Gunmen abducted a teacher near the market.", "Снаряд разорвался у Степанакерта", "naïve café – Ağdam",
                 "x", ""):
        for dim in (DIM, 2**10):
            assert set(feature_ids(text, dim).tolist()) == reference(text, dim), text
