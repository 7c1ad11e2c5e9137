"""``presswatch train incident_detector`` on tiny invented sentence files: out-of-fold veto, files written, the
analyzer's loader reads them, held-out files refused."""

from __future__ import annotations

import json

import pytest

from presswatch.analyzers.incidents.model import TypeModel

pytest.importorskip("sklearn")

EVENTS = ["Gunmen stormed the {p} depot and killed {n} guards.", "Rebels overran the {p} garrison at dawn.",
          "Police detained {n} protesters in {p} on Friday.", "A mortar round hit the {p} market, wounding {n}."]
# everyday sentences, two of them with words the word lists take for incidents ("agreement", "blast")
QUIET = ["The {p} council will meet next month to discuss the budget.", "Tourism in {p} grew by {n} per cent.",
         "The {p} trade agreement lowers tariffs on wine.", "Children had a blast at the {p} fair."]
PLACES = ["Arvel", "Bosk", "Carrin", "Dulmo", "Estra", "Forn", "Galt", "Hesk", "Ivro", "Jarn"]


def _write(path, templates) -> None:
    lines = ["text\tacled_event_type\tacled_sub_event_type"]
    for i, p in enumerate(PLACES):
        for t in templates:
            lines.append(f"{t.format(p=p, n=i + 2)}\tx\ty")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_train_writes_a_detector_whose_veto_keeps_the_incidents_the_word_lists_find(tmp_path):
    from presswatch.train.incident_detector import VETOES, run

    _write(tmp_path / "pos.tsv", EVENTS)
    _write(tmp_path / "neg.tsv", QUIET)
    out = tmp_path / "model"
    assert run(data=str(tmp_path / "pos.tsv"), negatives=str(tmp_path / "neg.tsv"), out=out, dim=2**14, folds=4,
               max_lost=0.0) == 0
    meta = json.loads((out / "incident_detector.json").read_text(encoding="utf-8"))
    assert meta["sentences"] == {"incident": 40, "none": 40}
    cv = meta["cross_validation"]
    assert cv["auc"] > 0.9  # the two kinds of sentence are easy to tell apart
    assert meta["veto"] in VETOES and cv["incidents_lost"] == 0.0
    assert cv["asked_false"] == 20  # the "agreement" and "blast" sentences reach the detector ...
    assert cv["false_removed"] > 0.5  # ... and most are overruled out of fold
    assert [v["veto"] for v in meta["veto_grid"]] == list(VETOES)
    m = TypeModel.load(out / "incident_detector.npz")
    assert m.proba("Gunmen stormed the Kelt depot and killed nine guards.")["incident"] > 0.5
    assert m.proba("The Kelt trade agreement lowers tariffs on cheese.")["incident"] < 0.5


def test_train_refuses_the_sets_that_eval_scores(tmp_path):
    from presswatch.train.incident_detector import run

    held = tmp_path / "incident-none-dev.tsv"
    _write(held, QUIET)
    _write(tmp_path / "pos.tsv", EVENTS)
    with pytest.raises(ValueError, match="never train on it"):
        run(data=str(tmp_path / "pos.tsv"), negatives=str(held), out=tmp_path / "m")


@pytest.mark.parametrize("trainer", ["incident_detector", "incident_types"])
def test_train_refuses_the_held_out_dev3_set(tmp_path, trainer):
    import importlib

    run = importlib.import_module(f"presswatch.train.{trainer}").run
    held = tmp_path / "incident-types-dev3.tsv"
    _write(held, EVENTS)
    with pytest.raises(ValueError, match="never train on it"):
        run(data=str(held), out=tmp_path / "m")
