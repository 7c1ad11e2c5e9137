"""``presswatch train incident_detector`` on tiny invented sentence files: out-of-fold threshold, files written, the
analyzer's loader reads them, held-out files refused."""

from __future__ import annotations

import json

import pytest

from presswatch.analyzers.incidents.model import TypeModel

pytest.importorskip("sklearn")

EVENTS = ["Gunmen stormed the {p} depot and killed {n} guards.", "Rebels overran the {p} garrison at dawn.",
          "Police detained {n} protesters in {p} on Friday.", "A mortar round hit the {p} market, wounding {n}."]
QUIET = ["The {p} council will meet next month to discuss the budget.", "Tourism in {p} grew by {n} per cent.",
         "The {p} valley is known for its vineyards.", "Officials hope the {p} talks will resume in spring."]
PLACES = ["Arvel", "Bosk", "Carrin", "Dulmo", "Estra", "Forn", "Galt", "Hesk", "Ivro", "Jarn"]


def _write(path, templates) -> None:
    lines = ["text\tacled_event_type\tacled_sub_event_type"]
    for i, p in enumerate(PLACES):
        for t in templates:
            lines.append(f"{t.format(p=p, n=i + 2)}\tx\ty")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_train_writes_a_detector_with_a_threshold_that_keeps_false_incidents_down(tmp_path):
    from presswatch.train.incident_detector import run

    _write(tmp_path / "pos.tsv", EVENTS)
    _write(tmp_path / "neg.tsv", QUIET)
    out = tmp_path / "model"
    assert run(data=str(tmp_path / "pos.tsv"), negatives=str(tmp_path / "neg.tsv"), out=out, dim=2**14, folds=4,
               max_false=0.05) == 0
    meta = json.loads((out / "incident_detector.json").read_text(encoding="utf-8"))
    assert meta["sentences"] == {"incident": 40, "none": 40}
    cv = meta["cross_validation"]
    assert cv["threshold"] == meta["threshold"] and cv["false_incidents"] <= 0.05
    assert cv["recall"] > 0.5  # the two kinds of sentence are easy to tell apart
    m = TypeModel.load(out / "incident_detector.npz")
    assert m.proba("Gunmen stormed the Kelt depot and killed nine guards.")["incident"] > 0.5
    assert m.proba("The Kelt valley is known for its vineyards.")["incident"] < 0.5


def test_train_refuses_the_sets_that_eval_scores(tmp_path):
    from presswatch.train.incident_detector import run

    held = tmp_path / "incident-none-dev.tsv"
    _write(held, QUIET)
    _write(tmp_path / "pos.tsv", EVENTS)
    with pytest.raises(ValueError, match="never train on it"):
        run(data=str(tmp_path / "pos.tsv"), negatives=str(held), out=tmp_path / "m")
