"""``presswatch eval geo`` reads the ranker's weights, never writes them: ``--train`` fits in memory (with
presswatch.train.geo), ``--weights FILE`` scores another file's. No corpus is read here."""

from __future__ import annotations

import json

import pytest

from presswatch.analyzers.places import FEATURES, PlacesAnalyzer
from presswatch.errors import ConfigError, DataMissingError
from presswatch.eval.geo import run


def test_train_and_weights_do_not_go_together(tmp_path):
    f = tmp_path / "ranker.json"
    f.write_text('{"weights": {}}', encoding="utf-8")
    with pytest.raises(ConfigError, match="not both"):
        run(data=tmp_path, train_first=True, weights=f)
    with pytest.raises(DataMissingError, match="not a file"):
        run(data=tmp_path, weights=tmp_path / "missing.json")


def test_the_analyzer_scores_the_weights_of_a_file(tmp_path):
    f = tmp_path / "ranker.json"
    f.write_text(json.dumps({"weights": {"logpop": 7.5, "is_country": -1.0}}), encoding="utf-8")
    mine = PlacesAnalyzer(f)
    assert mine.weights[FEATURES.index("logpop")] == 7.5
    assert mine.weights[FEATURES.index("is_country")] == -1.0
    assert sum(w != 0 for w in mine.weights) == 2  # features the file does not name weigh nothing
    assert mine.weights_pass1 == mine.weights  # no first-pass weights: the final ones serve both passes
    f.write_text(json.dumps({"weights": {"logpop": 7.5}, "weights_pass1": {"logpop": 2.0}}), encoding="utf-8")
    assert PlacesAnalyzer(f).weights_pass1[FEATURES.index("logpop")] == 2.0
    assert PlacesAnalyzer().weights != mine.weights  # the shipped ranker.json
