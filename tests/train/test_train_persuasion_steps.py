"""The steps of ``presswatch train persuasion`` that need neither torch nor the data: option checks, which units
train and which calibrate, the targets and what ``thresholds.json`` holds. Invented paragraphs only."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from presswatch.corpora.semeval2023 import Paragraph
from presswatch.errors import ConfigError
from presswatch.train import persuasion


def _args(**over: object) -> SimpleNamespace:
    base = dict(data=Path("nowhere"), out=Path("out"), epochs=3, holdout=0.5, seed=13, holdout_seed=None,
                head="mean", units="paragraphs", aux_memes=False, best_epoch=False, thresholds_from=None,
                stop_epoch=None, limit=0, neg_fraction=1.0, max_length=256, no_quantize=False, min_pos=25,
                calibrate_only=False, dev_thresholds=0)
    base.update(over)
    return SimpleNamespace(**base)


@pytest.mark.parametrize(("over", "message"), [
    ({"head": "tokens", "aux_memes": True}, "need span annotations"),
    ({"units": "sentences", "aux_memes": True}, "need span annotations"),
    ({"holdout": 0.0}, "give --thresholds-from"),
    ({"holdout": 0.0, "thresholds_from": Path("x"), "best_epoch": True}, "no --best-epoch"),
    ({"stop_epoch": 4}, "between 1 and --epochs"),
    ({"stop_epoch": 0}, "between 1 and --epochs"),
])
def test_options_that_cannot_train_are_refused(over, message):
    with pytest.raises(ConfigError, match=message):
        persuasion._check_options(_args(**over))


def test_a_refit_reads_the_reference_thresholds(tmp_path: Path):
    assert persuasion._check_options(_args(stop_epoch=3)) == {}
    with pytest.raises(ConfigError, match="no thresholds.json"):
        persuasion._check_options(_args(holdout=0.0, thresholds_from=tmp_path))
    (tmp_path / "thresholds.json").write_text(json.dumps({"global_threshold": 0.4}), encoding="utf-8")
    assert persuasion._check_options(_args(holdout=0.0, thresholds_from=tmp_path)) == {"global_threshold": 0.4}


def test_calibrate_only_and_dev_thresholds_exclude_each_other():
    with pytest.raises(ConfigError, match="exclude each other"):
        persuasion._run(_args(calibrate_only=True, dev_thresholds=5))


PARAS = [Paragraph(f"a{i // 2}", i % 2 + 1, f"Paragraph {i} of an invented article.",
                   ["Loaded_Language"] if i % 3 == 0 else []) for i in range(12)]


def test_training_units_hold_out_whole_articles(monkeypatch: pytest.MonkeyPatch):
    blank = Paragraph("a9", 3, "   ", ["Doubt"])
    monkeypatch.setattr(persuasion, "read_paragraphs", lambda data, split, lang: [*PARAS, blank])
    train, cal, hold, base_of = persuasion._training_units(_args())
    assert len(hold) == 3 and hold <= {p.article for p in PARAS}  # half of the six articles
    assert {p.article for p in cal} == hold and not {p.article for p in train} & hold
    assert len(train) + len(cal) == len(PARAS) and blank not in train + cal  # blank paragraphs are dropped
    assert set(base_of.values()) == {0}  # mean head on paragraphs: no character offsets needed
    # the same seed gives the same split; --holdout-seed moves it
    assert persuasion._training_units(_args())[2] == hold
    assert any(persuasion._training_units(_args(holdout_seed=s))[2] != hold for s in range(5))


def test_training_units_limit_and_negative_sampling(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(persuasion, "read_paragraphs", lambda data, split, lang: list(PARAS))
    train, cal, _, _ = persuasion._training_units(_args(limit=4))
    assert len(train) + len(cal) == 4
    train, _, _, _ = persuasion._training_units(_args(neg_fraction=0.0))
    assert train and all(p.labels for p in train)  # every unlabelled training unit dropped, none with labels


def test_multi_hot_marks_known_techniques_only():
    lab_idx = {"Doubt": 0, "Loaded_Language": 1, "Slogans": 2}
    units = [Paragraph("a", 1, "x", ["Slogans", "Doubt"]), Paragraph("a", 2, "y", []),
             Paragraph("a", 3, "z", ["Not_A_Technique", "Loaded_Language"])]
    y = persuasion.multi_hot(units, lab_idx)
    assert y.dtype == np.float32
    assert y.tolist() == [[1, 0, 1], [0, 0, 0], [0, 1, 0]]


def test_model_meta_describes_the_shipped_model():
    labels = ["Doubt", "Slogans"]
    info = {"holdout_micro_f1_global": 0.5}
    meta = persuasion.model_meta(_args(units="both", head="tokens"), labels, {"Doubt": 0.3, "Slogans": 0.6}, 0.4,
                                 ["logits", "token_logits"], np.log([2.0, 4.0]), 7, 40, info, {})
    assert list(meta) == ["labels", "thresholds", "global_threshold", "max_length", "window_stride", "pooling",
                          "outputs", "units", "logit_bias", "inputs", "quantized", "calibration", "base_model"]
    assert meta["window_stride"] == 128 and meta["pooling"] == "max over tokens" and meta["units"] == "sentences"
    assert meta["logit_bias"] == {"Doubt": 0.693147, "Slogans": 1.386294}
    assert meta["calibration"] == {"held_out_articles": 7, "held_out_paragraphs": 40, "min_pos": 25, "seed": 13,
                                   "holdout_micro_f1_global": 0.5}
    refit = persuasion.model_meta(_args(holdout_seed=5), labels, {}, 0.4, ["logits"], [0.0, 0.0], 0, 0, {},
                                  {"token_spans": {"min_words": 2}})
    assert refit["token_spans"] == {"min_words": 2} and refit["calibration"]["seed"] == 5
    assert refit["pooling"] == "mean" and list(refit)[-2:] == ["token_spans", "base_model"]
