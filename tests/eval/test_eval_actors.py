"""``presswatch eval actors``: the scenario's affiliation truth is consistent with its texts, the scorer counts
what it says, and a truth file without affiliations or with a wrong offset is one clear error."""

from __future__ import annotations

import shutil

import pytest

from presswatch.comparison.scenario import SCENARIO
from presswatch.errors import DataMissingError
from presswatch.eval.actors import evaluate


def test_the_dev_scenario_is_scored_against_its_truth():
    r = evaluate(SCENARIO)
    assert r["registry_files"] == ["actors.yaml", "actors.yaml"]  # the shipped registry and the scenario's
    assert r["entries"] == r["found"] > 100
    assert r["correct"] == r["found"] - len(r["errors"])
    assert r["accuracy"] == round(r["correct"] / r["found"], 4)
    assert sum(r["confusion"].values()) == r["found"]
    assert all(e["predicted"] != e["truth"] for e in r["errors"])


def _scenario_copy(tmp_path, truth: str):
    root = tmp_path / "scn"
    (root / "wire").mkdir(parents=True)
    shutil.copy(SCENARIO / "wire" / "2023-06-16.txt", root / "wire" / "2023-06-16.txt")
    (root / "truth.yaml").write_text(
        "sources: [{folder: wire, name: Caucasus Wire Service, kind: wire, lang: en}]\n"
        "documents: [{file: wire/2023-06-16.txt, source: wire, published: 2023-06-16, lang: en}]\n" + truth,
        encoding="utf-8",
    )
    return root


def test_a_truth_without_affiliations_or_with_a_wrong_offset_is_an_error(tmp_path):
    with pytest.raises(DataMissingError, match="no source_affiliations"):
        evaluate(_scenario_copy(tmp_path / "a", ""))
    bad = "source_affiliations: [{file: wire/2023-06-16.txt, start: 0, text: Nothing here, affiliation: az-state}]\n"
    with pytest.raises(DataMissingError, match="the text is not"):
        evaluate(_scenario_copy(tmp_path / "b", bad))


def test_a_small_scenario_without_its_own_actors_file(tmp_path):
    text = (SCENARIO / "wire" / "2023-06-16.txt").read_text(encoding="utf-8").split("\n", 3)[3]
    at = text.index("Azerbaijan's defence ministry")
    truth = (
        f'source_affiliations: [{{file: wire/2023-06-16.txt, start: {at}, text: "Azerbaijan\'s defence ministry",'
        " affiliation: az-state}]\n"
    )
    r = evaluate(_scenario_copy(tmp_path, truth))
    assert r["registry_files"] == ["actors.yaml"] and r["found"] == 1 and r["accuracy"] == 1.0
