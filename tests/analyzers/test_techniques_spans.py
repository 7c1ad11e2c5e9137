"""Span tagger (windows, decoding, narrowing), cross-fitted thresholds, SI helpers. Invented inputs only."""

from __future__ import annotations

import json

import pytest

from presswatch.analyzers.techniques import NAME, TechniquesAnalyzer, default_model_dir, profile
from presswatch.analyzers.techniques.span_tagger import (
    SpanTagger,
    combine_windows,
    decode_spans,
    narrow,
    window_starts,
)
from presswatch.corpora.ptc import article_lines
from presswatch.eval.persuasion import crossfit_folds, crossfit_thresholds, score_si
from presswatch.model import Document
from presswatch.train.persuasion_spans import token_labels

MODEL_DIR = default_model_dir()
needs_tagger = pytest.mark.skipif(not (MODEL_DIR / "spans" / "model.onnx").is_file(), reason="tagger not shipped")


# --- sliding windows ------------------------------------------------------------------------------


@pytest.mark.parametrize("n,width,stride", [(1, 4, 2), (4, 4, 2), (5, 4, 2), (10, 4, 2), (11, 4, 3), (300, 126, 64)])
def test_windows_cover_every_token_and_end_at_the_end(n, width, stride):
    starts = window_starts(n, width, stride)
    covered = set()
    for s in starts:
        assert s >= 0 and s + width <= max(n, width)
        covered |= set(range(s, min(n, s + width)))
    assert covered == set(range(n))
    assert min(n, starts[-1] + width) == n
    assert starts == sorted(set(starts))
    if n <= width:
        assert starts == [0]


def test_no_windows_for_no_tokens():
    assert window_starts(0, 4, 2) == []


def test_combine_windows_averages_overlaps():
    # 6 tokens, windows of 4 at 0 and 2: tokens 2 and 3 are seen twice
    probs = combine_windows(6, [0, 2], [[0.1, 0.2, 0.4, 0.6], [0.8, 1.0, 0.3, 0.5]])
    assert probs == pytest.approx([0.1, 0.2, 0.6, 0.8, 0.3, 0.5])


# --- decoding and narrowing -----------------------------------------------------------------------


def _words(text):
    """Whitespace tokens as (offsets, word ids), one token per word except 'un##fair' split in two."""
    offs, wids = [], []
    pos = 0
    for w_i, w in enumerate(text.split(" ")):
        if w == "unfair":
            offs += [(pos, pos + 2), (pos + 2, pos + 6)]
            wids += [w_i, w_i]
        else:
            offs.append((pos, pos + len(w)))
            wids.append(w_i)
        pos += len(w) + 1
    return offs, wids


def test_decode_joins_words_fills_gaps_and_takes_word_max():
    text = "a b unfair c d e f"
    offs, wids = _words(text)
    #        a    b    un   fair c    d    e    f
    probs = [0.1, 0.9, 0.2, 0.7, 0.1, 0.8, 0.1, 0.1]
    spans = decode_spans(offs, wids, probs, 0.5, gap=0)
    assert [(text[s:e]) for s, e, _ in spans] == ["b unfair", "d"]
    assert spans[0][2] == pytest.approx((0.9 + 0.7) / 2)  # mean of the words' max probabilities
    spans = decode_spans(offs, wids, probs, 0.5, gap=1)
    assert [(text[s:e]) for s, e, _ in spans] == ["b unfair c d"]
    assert decode_spans(offs, wids, probs, 0.95) == []
    # special tokens (word id None) and empty offsets are ignored
    assert decode_spans([(0, 0), (0, 1)], [None, 0], [1.0, 0.9], 0.5) == [(0, 1, pytest.approx(0.9))]


def test_narrow_moves_clips_and_falls_back():
    para = (100, 150)
    assert narrow(para, [(5, 10, 0.7), (45, 60, 0.6)]) == [(105, 110, 0.7), (145, 150, 0.6)]
    assert narrow(para, [], "keep") == [(100, 150, None)]
    assert narrow(para, [], "drop") == []
    assert narrow(para, [(60, 70, 0.9)], "drop") == []


def test_narrowing_raises_si_precision_on_a_toy_article():
    gold = {"1": [(10, 20)]}
    line = {"1": [(0, 100)]}
    narrowed = {"1": [s[:2] for s in narrow((0, 100), [(8, 20, 0.9)])]}
    a, b = score_si(gold, line), score_si(gold, narrowed)
    assert a["si_recall"] == b["si_recall"] == pytest.approx(1.0)
    assert a["si_precision"] == pytest.approx(0.1) and b["si_precision"] == pytest.approx(10 / 12)


# --- PTC helpers of the trainer -------------------------------------------------------------------


def test_article_lines_and_token_labels():
    text = "Title here\n\n  First line.  \nSecond one\n"
    lines = article_lines(text)
    assert [text[a:b] for a, b in lines] == ["Title here", "First line.", "Second one"]
    a, _ = lines[1]
    # tokens "First" (0,5), "line" (6,10), "." (10,11) of the line; gold span covers "line"
    assert token_labels([(0, 5), (6, 10), (10, 11)], [(a + 6, a + 10)], a) == [0, 1, 0]


# --- cross-fitted thresholds ----------------------------------------------------------------------


def test_crossfit_folds_never_split_an_article():
    arts = [f"a{i // 7}" for i in range(7 * 23)]  # 23 articles of 7 paragraphs
    folds = crossfit_folds(arts, 5, seed=3)
    assert set(folds) == set(arts) and set(folds.values()) == set(range(5))
    sizes = sorted(list(folds.values()).count(f) for f in range(5))
    assert sizes[-1] - sizes[0] <= 1
    assert folds == crossfit_folds(list(reversed(arts)), 5, seed=3)  # order of paragraphs does not matter
    assert folds != crossfit_folds(arts, 5, seed=4)
    with pytest.raises(ValueError):
        crossfit_folds(["x", "y"], 3)


def test_crossfit_predicts_each_article_with_thresholds_from_the_others():
    # technique A: positives at 0.9, negatives at 0.01, except one article whose negatives sit at 0.5.
    # The folds without it learn the lowest perfect threshold (0.05), so out of fold that article's
    # negatives are predicted positive; fitted on all articles, a threshold above 0.5 is perfect
    arts, probs, gold = [], [], []
    for k in range(10):
        for j in range(20):
            pos = j % 2 == 0
            p = 0.9 if pos else (0.5 if k == 0 else 0.01)
            arts.append(f"art{k}")
            probs.append([p, 0.01])
            gold.append(["A"] if pos else [])
    cf = crossfit_thresholds(arts, probs, gold, ["A", "B"], 5, seed=1, min_pos=5)
    pred = cf["pred"]
    for i, a in enumerate(arts):
        assert pred[i] == (["A"] if a == "art0" else gold[i])
    assert len(cf["folds"]) == 5 and sum(f["paragraphs"] for f in cf["folds"]) == len(arts)
    assert cf["all_dev"]["global_threshold"] > 0.5
    assert cf["all_dev"]["in_sample_micro_f1"] == pytest.approx(1.0)


# --- the shipped tagger ---------------------------------------------------------------------------

INVENTED = (
    "Harbour News\n\n"
    "The council approved the budget for road repairs on Tuesday after a two-hour meeting in the town hall, "
    "and the mayor said the work would start in May. These corrupt parasites have betrayed every decent "
    "family in the town!\n\n"
    "The council meets on Tuesday at ten o'clock in the town hall."
)


@needs_tagger
def test_tagger_files_and_options():
    meta = json.loads((MODEL_DIR / "spans" / "tagger.json").read_text(encoding="utf-8"))
    assert 0 < meta["threshold"] < 1 and meta["gap"] >= 0
    assert meta["mode"] in {"narrow", "all"} and meta["if_none"] in {"keep", "drop"}
    assert (MODEL_DIR / "spans" / "model.onnx").stat().st_size < 30_000_000


@needs_tagger
def test_tagger_long_text_is_windowed_and_deterministic():
    t = SpanTagger.load(MODEL_DIR, 1)
    assert t is not None
    long = "The committee approved the minutes of the previous meeting without comment. " * 30 + \
        "These bloodthirsty traitors are destroying our beloved homeland!"
    (enc, probs), (enc2, probs2) = t.token_probs([long, long])
    assert len(enc.ids) > t.max_length and len(probs) == len(enc.ids)
    assert probs == pytest.approx(probs2)
    frags = t.fragments([long])[0]
    assert all(0 <= s < e <= len(long) for s, e, _ in frags)
    tail = long.index("These bloodthirsty")
    assert max(probs[i] for i, (a, _) in enumerate(enc.offsets) if a >= tail) > \
        max(probs[i] for i, (a, _) in enumerate(enc.offsets) if a < 80)


@needs_tagger
def test_analyzer_narrows_flagged_paragraphs_and_keeps_labels():
    doc = Document(text=INVENTED, language="en")
    wide = TechniquesAnalyzer(threads=1, span_tagger=False).annotate(doc, None)
    narrow_spans = TechniquesAnalyzer(threads=1).annotate(doc, None)
    assert wide
    paras = set(doc.paragraphs)
    # the paragraph's (paragraph, technique) findings, each reported on spans inside its paragraph; a
    # flagged paragraph where nothing is marked keeps its finding at paragraph level. The span rules
    # (techniques.rules) may drop a finding: Repetition without a repeated word, or a technique whose marked
    # words all belong to another technique found in the same sentence
    wide_f = {(tuple(s.attrs["paragraph"]), s.label) for s in wide}
    narrow_f = {(tuple(s.attrs["paragraph"]), s.label) for s in narrow_spans}
    assert narrow_f <= wide_f
    for para, label in wide_f - narrow_f:
        assert label == "Repetition" or any(p == para for p, _ in narrow_f), label
    for s in narrow_spans:
        a, b = s.attrs["paragraph"]
        assert (a, b) in paras and a <= s.start < s.end <= b
        assert (s.attrs["level"] == "span") == ("span_score" in s.attrs)
        json.dumps(s.to_dict())
    # the invective is found and the neutral report before it is left out
    insult = INVENTED.index("These corrupt")
    assert any(s.attrs["level"] == "span" and s.start <= insult + 6 < s.end for s in narrow_spans)
    assert not any(s.start < INVENTED.index("the mayor") for s in narrow_spans if s.attrs["level"] == "span")
    doc.spans.extend(narrow_spans)
    doc.analyzers[NAME] = TechniquesAnalyzer.version
    prof = profile(doc)
    assert prof["findings"] == len(narrow_f) and prof["spans"] == len(narrow_spans)


# --- spans per technique for the evaluations ----------------------------------------------------


class _KeywordModel:
    """A stand-in paragraph model: a unit gets Loaded_Language when it says "parasites"."""

    labels = ["Loaded_Language"]

    def __init__(self, units: str) -> None:
        self.units = units

    def predict_proba(self, texts):
        return [[1.0 if "parasites" in t else 0.0] for t in texts]

    def decide(self, probs):
        return [("Loaded_Language", probs[0])] if probs[0] >= 0.5 else []


def test_flag_units_reads_sentences_for_a_sentence_model_and_keeps_offsets():
    from presswatch.eval.persuasion import flag_units

    text = "Intro line.\nRain fell. These parasites lied. Sun rose."
    units = [("a1", 0, text[:11]), ("a1", 12, text[12:])]
    flagged, n = flag_units(_KeywordModel("sentences"), units)
    assert n == 4
    assert [(u.start, u.text, u.techniques) for u in flagged] == [
        (text.index("These"), "These parasites lied.", ["Loaded_Language"])]
    whole, n2 = flag_units(_KeywordModel("paragraphs"), units)
    assert n2 == 2 and [(u.start, u.text) for u in whole] == [(12, text[12:])]


def test_technique_spans_keys_keep_and_drop():
    from presswatch.eval.persuasion import FlaggedUnit, technique_spans

    u1 = FlaggedUnit("a1", 100, "These parasites lied.", ["Loaded_Language", "Name_Calling-Labeling"])
    u2 = FlaggedUnit("a2", 0, "Nothing marked here.", ["Doubt"])
    frags = [{"Loaded_Language": [(6, 15, 0.9)], "Name_Calling-Labeling": []}, {"Doubt": []}]
    keep = technique_spans([u1, u2], frags, "keep")
    assert keep == {("a1", "Loaded_Language"): [(106, 115)], ("a1", "Name_Calling-Labeling"): [(100, 121)],
                    ("a2", "Doubt"): [(0, 20)]}
    drop = technique_spans([u1, u2], frags, "drop")
    assert drop == {("a1", "Loaded_Language"): [(106, 115)]}
    # technique-blind: the same fragments for every technique of a unit, keyed by article
    blind = technique_spans([u1], [[(0, 5, 0.7)]], "keep", by_technique=False)
    assert blind == {"a1": [(100, 105), (100, 105)]}


def test_combine_windows_per_technique_and_without_windows():
    import numpy as np

    probs = combine_windows(3, [0, 1], [[[0.2, 0.4], [0.6, 0.0]], [[1.0, 1.0], [0.5, 0.5]]])
    assert np.allclose(probs, [[0.2, 0.4], [0.8, 0.5], [0.5, 0.5]])
    assert combine_windows(0, [], [], (23,)).shape == (0, 23)


def test_label_fragments_gives_each_fragment_to_the_likeliest_technique():
    import numpy as np

    from presswatch.analyzers.techniques.span_tagger import label_fragments

    offsets = [(0, 5), (6, 15), (16, 21), (22, 30)]
    idx = {"Doubt": 0, "Loaded_Language": 1, "Slogans": 2}
    probs = np.array([[0.9, 0.1, 0.0], [0.8, 0.2, 0.0], [0.1, 0.7, 0.0], [0.2, 0.9, 0.0]])
    frags = [(0, 15, 0.8), (16, 30, 0.6)]
    own = {"Slogans": [(22, 30, 0.4)], "Doubt": [(0, 5, 0.9)]}
    out = label_fragments(frags, offsets, probs, idx, ["Doubt", "Loaded_Language", "Slogans"], own)
    assert out == {"Doubt": [(0, 15, 0.8)], "Loaded_Language": [(16, 30, 0.6)], "Slogans": [(22, 30, 0.4)]}
    # one hit technique takes every fragment; no hits, nothing
    assert label_fragments(frags, offsets, probs, idx, ["Slogans"], {}) == {"Slogans": frags}
    assert label_fragments(frags, offsets, probs, idx, [], {}) == {}
