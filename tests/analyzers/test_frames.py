"""Framing (SemEval-2023 subtask 2): the shipped per-language models on invented texts, and the training
and cross-validation code on a small synthetic corpus (no shared data)."""

from __future__ import annotations

import numpy as np
import pytest

from presswatch.analyzers import Resources, run
from presswatch.analyzers.frames import FramesModel
from presswatch.model import Document
from presswatch.train import frames as tf

ECONOMY = ("The central bank raised interest rates again as inflation ate into wages. Factories cut jobs, "
           "exports fell and the budget deficit widened; economists expect the recession to cost the country "
           "billions in lost output and tax revenue, while markets and investors wait for the finance ministry.")


def test_shipped_english_model_reads_an_economy_story():
    if FramesModel.load("en") is None:
        pytest.skip("frames model not shipped in this checkout")
    doc = run(["frames"], Document(ECONOMY, language="en"), Resources())
    s = doc.summaries["frames"]
    assert s["analysed"] and s["model"] == "frames-en"
    assert s["frames"] and all(f["explanation"] for f in s["frames"])
    assert set(s["scores"]) == set(tf.FRAMES)
    assert s["scores"]["Economic"] > s["scores"]["Health_and_safety"]
    assert s["labels"].split("; ")[0] == s["frames"][0]["frame"]


def test_language_without_a_model_is_marked_not_guessed():
    doc = run(["frames"], Document("Ein kurzer Text.", language="xx"), Resources())
    assert doc.summaries["frames"]["analysed"] is False
    assert "xx" in doc.summaries["frames"]["reason"]
    empty = run(["frames"], Document(" ", language="en"), Resources())
    assert empty.summaries["frames"]["analysed"] is False


def test_folds_cover_every_article_once():
    fs = tf.folds(23, 5, seed=3)
    allidx = np.concatenate(fs)
    assert sorted(allidx.tolist()) == list(range(23))
    assert len(fs) == 5 and all(len(f) in (4, 5) for f in fs)


def test_f1_measures():
    from presswatch.learn.metrics import multilabel_macro_f1, multilabel_micro_f1

    Y = np.array([[1, 0, 0], [1, 1, 0]], dtype=np.float32)
    assert multilabel_micro_f1(Y, Y) == 1.0
    P = np.array([[1, 0, 0], [0, 1, 0]], dtype=np.float32)
    assert multilabel_micro_f1(Y, P) == pytest.approx(2 * 2 / (2 * 2 + 0 + 1))
    # frame 3 is neither in the gold nor predicted: counts 1, as in the task's scorer
    assert multilabel_macro_f1(Y, P) == pytest.approx((2 / 3 + 1.0 + 1.0) / 3)
    assert multilabel_micro_f1(np.zeros((2, 3)), np.zeros((2, 3))) == 0.0


def test_cross_validation_beats_the_prior_on_a_learnable_corpus():
    rng = np.random.default_rng(0)
    econ = ["prices", "wages", "budget", "markets", "taxes", "inflation", "jobs"]
    war = ["troops", "missiles", "border", "shelling", "army", "defence", "soldiers"]
    filler = ["the", "a", "said", "on", "monday", "city", "people", "report", "new", "year"]
    texts, labels = [], []
    for i in range(60):
        kind = i % 3  # economy only, security only, both
        words = list(rng.choice(filler, 30))
        if kind in (0, 2):
            words += list(rng.choice(econ, 8))
        if kind in (1, 2):
            words += list(rng.choice(war, 8))
        rng.shuffle(words)
        texts.append(" ".join(words))
        labels.append(["Economic"] * (kind in (0, 2)) + ["Security_and_defense"] * (kind in (1, 2)))
    r = tf.cross_validate(texts, labels, k=3, seed=1, max_features=2000, progress=False)
    assert r["micro_f1"] > 0.9
    assert r["micro_f1"] > r["baseline_most_frequent"]["micro_f1"] + 0.1


def test_text_report_shows_the_frames_found():
    from presswatch.report.text import document_text

    if FramesModel.load("en") is None:
        pytest.skip("frames model not shipped in this checkout")
    doc = run(["frames"], Document(ECONOMY, language="en"), Resources())
    line = next(ln for ln in document_text(doc).splitlines() if ln.strip().startswith("frames"))
    assert doc.summaries["frames"]["labels"] in line and "nothing found" not in line
