"""The incident and comparison evaluations on tiny data written here (the shipped sets are for the eval commands)."""

from __future__ import annotations

from pathlib import Path

import pytest

from presswatch.eval.compare import evaluate as evaluate_compare
from presswatch.eval.compare import truth_omissions
from presswatch.eval.incidents import NONE, evaluate, f1_scores, read_sentences


def test_f1_scores_by_hand():
    gold = ["A", "A", "B", "B"]
    pred = ["A", "B", "B", NONE]
    r = f1_scores(gold, pred)
    # A: P 1/1, R 1/2 -> F1 .667; B: P 1/2, R 1/2 -> .5; micro: tp 2, fp 1, fn 2 -> P .667 R .5 -> .571
    assert r["per_label"]["A"]["f1"] == pytest.approx(0.667, abs=1e-3)
    assert r["per_label"]["B"]["f1"] == pytest.approx(0.5)
    assert r["micro_f1"] == pytest.approx(0.5714, abs=1e-4)
    assert r["macro_f1"] == pytest.approx((0.667 + 0.5) / 2, abs=1e-3)


def test_evaluate_incident_sentences(tmp_path):
    tsv = tmp_path / "s.tsv"
    tsv.write_text(
        "text\tacled_event_type\tacled_sub_event_type\n"
        "Artillery shells hit the outskirts of Velmora overnight.\tExplosions/Remote violence\t"
        "Shelling/artillery/missile attack\n"
        "Police arrested three journalists at the border crossing on Friday.\tStrategic developments\tArrests\n"
        "The weather was fine all week.\tStrategic developments\tOther\n",
        encoding="utf-8",
    )
    r = evaluate(read_sentences(tsv))
    assert r["sentences"] == 3 and r["accuracy"] == pytest.approx(2 / 3, abs=1e-3)
    assert r["found"] == pytest.approx(2 / 3, abs=1e-3)
    assert r["most_confused"] == [{"gold": "Other", "predicted": NONE, "count": 1}]


def _write(root: Path, name: str, text: str) -> None:
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text, encoding="utf-8")


@pytest.fixture
def mini_scenario(tmp_path) -> Path:
    root = tmp_path / "mini"
    _write(
        root, "a/2024-04-09.txt", "9 April 2024\nBulletin\n\nOver the past day, shooting was recorded near Askeran.\n"
    )
    _write(
        root,
        "b/2024-04-09.txt",
        "9 April 2024\nShooting near Askeran\n\nTroops exchanged fire near Askeran on "
        "Monday evening, officials said.\n",
    )
    _write(
        root,
        "b/2024-04-10.txt",
        "10 April 2024\nConvoy\n\nA convoy of 12 trucks carrying flour reached Khojaly today.\n",
    )
    _write(
        root,
        "truth.yaml",
        """
sources:
  - {folder: a, name: Mission, kind: mission, lang: en}
  - {folder: b, name: Outlet, kind: outlet, lang: en}
documents:
  - {file: a/2024-04-09.txt, source: a, published: '2024-04-09', lang: en}
  - {file: b/2024-04-09.txt, source: b, published: '2024-04-09', lang: en}
  - {file: b/2024-04-10.txt, source: b, published: '2024-04-10', lang: en}
incidents:
  - id: I1
    type: ceasefire_violation
    acled_sub_event_type: Armed clash
    date: 2024-04-08
    places: [gn:148450]
    reports:
      - {file: a/2024-04-09.txt, evidence: "shooting was recorded near Askeran"}
      - {file: b/2024-04-09.txt, evidence: "Troops exchanged fire near Askeran on Monday evening"}
  - id: I2
    type: aid_delivery
    acled_sub_event_type: Other
    date: 2024-04-10
    places: [gn:147774]
    reports:
      - {file: b/2024-04-10.txt, evidence: "A convoy of 12 trucks carrying flour reached Khojaly today"}
naming:
  - {file: a/2024-04-09.txt, part: body, text: Askeran, place_id: gn:148450}
  - {file: b/2024-04-09.txt, part: headline, text: Askeran, place_id: gn:148450}
""",
    )
    return root


def test_truth_omissions_follow_the_compare_rule(mini_scenario):
    import yaml

    truth = yaml.safe_load((mini_scenario / "truth.yaml").read_text(encoding="utf-8"))
    # the mission published on the 9th, the day before the convoy: within the window, so it omitted it
    assert truth_omissions(truth, ["Mission", "Outlet"], 3) == {("Mission", "I2")}


@pytest.mark.slow
def test_evaluate_compare_on_a_mini_scenario(mini_scenario):
    r = evaluate_compare(mini_scenario, embed=False)
    assert r["documents"] == 3 and r["truth_reports"] == 3
    assert r["reports"]["recall"] == 1.0 and r["reports"]["precision"] == 1.0
    assert r["linking"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 1, "fp": 0, "fn": 0}
    assert r["omissions"]["f1"] == 1.0
    assert r["naming"]["body"] == {"mentions": 1, "correct": 1, "accuracy": 1.0, "misses": []}
    # the headline is read too
    assert r["naming"]["headline"] == {"mentions": 1, "correct": 1, "accuracy": 1.0, "misses": []}


def test_a_place_within_the_unit_the_truth_lists_counts_as_it():
    from presswatch.eval.compare import _as_truth

    village = {"place_id": "cau:taghavard", "within": "gn:146969"}
    assert _as_truth(village, {"gn:146969"}) == "gn:146969"  # the truth lists the village by its district
    assert _as_truth(village, {"cau:taghavard", "gn:146969"}) == "cau:taghavard"  # ... or by its own id
    assert _as_truth(village, {"gn:147105"}) == "cau:taghavard"  # another district: no
    assert _as_truth({"place_id": "gn:146969"}, {"gn:146969"}) == "gn:146969"
