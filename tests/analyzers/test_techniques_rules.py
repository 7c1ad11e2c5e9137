"""The general rules over technique spans (presswatch.analyzers.techniques.rules) and the single-pass analyzer.

Every text here is invented. The rule tests build token probabilities by hand (one token per word), so
they need no model; the last tests run the shipped model."""

from __future__ import annotations

import re

import numpy as np
import pytest

from presswatch.analyzers.techniques import TechniqueModel, TechniquesAnalyzer, default_model_dir
from presswatch.analyzers.techniques.rules import SENTENCE_LEVEL, document_counts, refine, repeated, trim, word_spans
from presswatch.analyzers.techniques.taxonomy import TECHNIQUE_KEYS
from presswatch.model import Document

LABELS = list(TECHNIQUE_KEYS)
IDX = {k: i for i, k in enumerate(LABELS)}
MODEL_DIR = default_model_dir()
needs_model = pytest.mark.skipif(not (MODEL_DIR / "model.onnx").is_file(), reason="model not shipped")


def _encode(sentence: str) -> tuple[list[tuple[int, int]], list[int | None]]:
    """One token per word (offsets, word ids), as a WordPiece encoding of plain words would give."""
    offs = [(m.start(), m.end()) for m in re.finditer(r"\w+", sentence)]
    return offs, list(range(len(offs)))


def _probs(sentence: str, marks: dict[str, dict[str, float]]) -> np.ndarray:
    """Token probabilities: 0.01 everywhere, ``marks[technique][word] = p`` on every token of that word."""
    offs, _ = _encode(sentence)
    p = np.full((len(offs), len(LABELS)), 0.01, dtype=np.float32)
    for key, words in marks.items():
        for t, (a, b) in enumerate(offs):
            if sentence[a:b] in words:
                p[t, IDX[key]] = words[sentence[a:b]]
    return p


def _span_of(sentence: str, phrase: str) -> tuple[int, int, float]:
    a = sentence.index(phrase)
    return a, a + len(phrase), 0.5


# --- Repetition needs repetition -------------------------------------------------------------------


def test_repeated_counts_content_words_in_the_whole_document():
    doc = "The tax is theft. Nobody voted for this tax. The tax must go."
    assert repeated("tax", doc) == 3
    assert repeated("theft", doc) == 1
    # stop words do not make a phrase repeated; its content word does
    assert repeated("the tax", doc) == 3
    assert repeated("for this", doc) == 1


def test_repetition_span_is_kept_only_when_its_words_recur_in_the_document():
    sent = "They promised a miracle and delivered a disaster."
    offs, wids = _encode(sent)
    tp = _probs(sent, {"Repetition": {"miracle": 0.6}})
    spans = {"Repetition": [_span_of(sent, "miracle")]}
    once = sent + " The roads are still broken."
    twice = sent + " A miracle, they said, a miracle for every town."
    assert refine(sent, spans, offs, wids, tp, LABELS, once, counts=document_counts(once)) == {}
    kept = refine(sent, spans, offs, wids, tp, LABELS, twice, counts=document_counts(twice))
    assert [(a, b) for a, b, _ in kept["Repetition"]] == [_span_of(sent, "miracle")[:2]]


def test_repetition_without_marked_words_does_not_stand_for_a_sentence_of_single_words():
    sent = "Officials opened the new bridge on Monday morning."
    offs, wids = _encode(sent)
    tp = _probs(sent, {})
    # flagged for the sentence but no word marked: the whole sentence would stand in, and it repeats nothing
    assert refine(sent, {"Repetition": []}, offs, wids, tp, LABELS, sent, {"Repetition": 5}) == {}


# --- length caps: a word-level technique never covers a whole long sentence ------------------------


def test_trim_keeps_the_head_phrase_of_a_long_span():
    sent = "Yesterday the committee of the regional assembly released a truly monstrous and vile report on housing."
    offs, wids = _encode(sent)
    tp = _probs(sent, {"Loaded_Language": {"monstrous": 0.9, "vile": 0.8, "and": 0.3}})
    col = tp[:, IDX["Loaded_Language"]]
    a, b, _ = trim((0, len(sent), 0.4), word_spans(offs, wids), col, 3)
    assert sent[a:b] == "monstrous and vile"
    short = _span_of(sent, "monstrous and vile")
    assert trim(short, word_spans(offs, wids), col, 3) == short


def test_word_level_finding_without_marked_words_is_cut_to_its_cap_sentence_level_keeps_the_sentence():
    sent = (
        "The long-awaited report from the regional housing commission finally arrived this week after "
        "several delays, and it described the situation in the northern districts as shameful."
    )
    offs, wids = _encode(sent)
    tp = _probs(sent, {"Loaded_Language": {"shameful": 0.2}})
    out = refine(sent, {"Loaded_Language": [], "Doubt": []}, offs, wids, tp, LABELS, sent, {"Loaded_Language": 4})
    ((a, b, _),) = out["Loaded_Language"]
    assert len(sent[a:b].split()) <= 4 and "shameful" in sent[a:b]
    assert "Doubt" in SENTENCE_LEVEL
    assert [(a, b) for a, b, _ in out["Doubt"]] == [(0, len(sent))]


def test_sentence_level_techniques_can_be_reported_on_the_whole_sentence():
    sent = "Can anyone really believe the minister did not know about the missing funds?"
    offs, wids = _encode(sent)
    tp = _probs(sent, {"Doubt": {"really": 0.7, "believe": 0.6}})
    spans = {"Doubt": [_span_of(sent, "really believe")]}
    own = refine(sent, spans, offs, wids, tp, LABELS, sent)
    assert [(a, b) for a, b, _ in own["Doubt"]] == [_span_of(sent, "really believe")[:2]]
    whole = refine(sent, spans, offs, wids, tp, LABELS, sent, sentence_level_whole=True)
    assert [(a, b) for a, b, _ in whole["Doubt"]] == [(0, len(sent))]


# --- the words' own technique ----------------------------------------------------------------------


def test_loaded_phrase_goes_to_loaded_language_not_flag_waving():
    sent = "The national budget plan is a disgraceful scandal."
    offs, wids = _encode(sent)
    # both techniques flagged; the head marks "disgraceful scandal" weakly for Flag_Waving and strongly
    # for Loaded_Language
    tp = _probs(
        sent,
        {
            "Loaded_Language": {"disgraceful": 0.85, "scandal": 0.7},
            "Flag_Waving": {"disgraceful": 0.3, "scandal": 0.26},
        },
    )
    phrase = _span_of(sent, "disgraceful scandal")
    out = refine(sent, {"Flag_Waving": [phrase], "Loaded_Language": [phrase]}, offs, wids, tp, LABELS, sent)
    assert set(out) == {"Loaded_Language"}
    assert [(a, b) for a, b, _ in out["Loaded_Language"]] == [phrase[:2]]


def test_a_technique_keeps_words_rated_close_to_another():
    sent = "Our proud nation will never bow to foreign bullies."
    offs, wids = _encode(sent)
    tp = _probs(sent, {"Flag_Waving": {"proud": 0.5, "nation": 0.55}, "Loaded_Language": {"proud": 0.6, "nation": 0.4}})
    phrase = _span_of(sent, "proud nation")
    out = refine(sent, {"Flag_Waving": [phrase], "Loaded_Language": [phrase]}, offs, wids, tp, LABELS, sent)
    # not twice as high: both stay (the same words often carry two techniques)
    assert set(out) == {"Flag_Waving", "Loaded_Language"}


# --- the shipped model: one pass, the rules on -----------------------------------------------------


@needs_model
def test_single_pass_gives_the_same_probabilities_as_the_separate_runs():
    model = TechniqueModel.load(MODEL_DIR, threads=1)
    assert model.single_pass and not model.members
    # every window is read alone (int8 activations are quantised per input tensor), so the runs agree
    texts = ["The council's budget plan is a disgraceful, outrageous scandal.", "The bus leaves at noon."]
    probs, toks = model.sentence_and_token_probs(texts)
    ref = model.predict_proba(texts)
    assert np.allclose(np.asarray(probs), np.asarray(ref), atol=1e-5)
    for (_, tp_ref), tp in zip(model.token_probs(texts), toks, strict=True):
        assert tp.shape == tp_ref.shape and np.allclose(tp, tp_ref, atol=1e-5)
    _, empty = model.sentence_and_token_probs([""])
    assert empty[0].shape == (0, len(model.labels))


@needs_model
def test_analyzer_names_a_loaded_phrase_loaded_language():
    text = "The council's budget plan is a disgraceful, outrageous scandal."
    spans = TechniquesAnalyzer(threads=1).annotate(Document(text=text, language="en"))
    on_phrase = {s.label for s in spans if "disgraceful" in text[s.start : s.end]}
    assert "Loaded_Language" in on_phrase and "Flag_Waving" not in on_phrase


@needs_model
def test_analyzer_spans_respect_the_rules():
    model = TechniqueModel.load(MODEL_DIR, threads=1)
    text = (
        "They lie. They lie about the budget, they lie about the roads, and they lie about the schools.\n\n"
        "The cowardly, corrupt clique that runs this town has betrayed every honest family, and its shameless "
        "leaders, who never answer a single question from the press, now want even more of our money.\n\n"
        "Our heroic soldiers defend the sacred homeland while the traitors in parliament sell it off."
    )
    doc = Document(text=text, language="en")
    spans = TechniquesAnalyzer(threads=1).annotate(doc)
    assert spans
    counts = document_counts(text)
    for s in spans:
        words = len(re.findall(r"\w+(?:[-'’]\w+)*", text[s.start : s.end]))
        cap = model.span_max_words.get(s.label)
        if s.label not in SENTENCE_LEVEL and cap is not None:
            assert words <= cap + 1, (s.label, text[s.start : s.end])  # +1: a hyphenated word may split in two
        if s.label == "Repetition":
            assert repeated(text[s.start : s.end], text, counts) >= 2


def test_evaluation_leaves_out_a_technique_the_rules_dropped():
    from presswatch.eval.persuasion import FlaggedUnit, technique_spans

    unit = FlaggedUnit("a1", 10, "They promised a miracle.", ["Repetition", "Loaded_Language"])
    # the rules kept Loaded_Language on "miracle" and dropped Repetition: no whole-unit span stands in for it
    pred = technique_spans([unit], [{"Loaded_Language": [(16, 23, 0.8)]}], "keep")
    assert pred == {("a1", "Loaded_Language"): [(26, 33)]}


def test_span_word_caps_come_from_the_train_span_lengths(tmp_path):
    from presswatch.train.persuasion import span_word_caps

    d = tmp_path / "semeval2023-task3" / "en"
    (d / "train-articles-subtask-3").mkdir(parents=True)
    (d / "train-labels-subtask-3-spans").mkdir()
    (d / "train-labels-subtask-3.txt").write_text("5\t1\tName_Calling-Labeling,Doubt\n", encoding="utf-8")
    text = "Those corrupt crooks ruined the town. Will anyone really believe the mayor now, after all this?\n"
    (d / "train-articles-subtask-3" / "article5.txt").write_text(text, encoding="utf-8")
    crooks, doubt = text.index("corrupt crooks"), text.index("Will anyone")
    (d / "train-labels-subtask-3-spans" / "article5-labels-subtask-3.txt").write_text(
        f"5\tName_Calling-Labeling\t{crooks}\t{crooks + len('corrupt crooks')}\n5\tDoubt\t{doubt}\t{len(text) - 1}\n",
        encoding="utf-8",
    )
    caps = span_word_caps(tmp_path, minimum=1)
    assert caps["Name_Calling-Labeling"] == 2
    assert "Doubt" not in caps  # sentence-level: no cap
    assert caps["Slogans"] == 1  # no gold span: the minimum
