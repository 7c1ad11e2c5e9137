"""Persuasion techniques: taxonomy, the shipped ONNX model (no torch), windows, bad input, scoring.

The texts here are invented for the tests.
"""

from __future__ import annotations

import json

import pytest

from presswatch.analyzers import Resources, run
from presswatch.analyzers.techniques import NAME, TechniqueModel, TechniquesAnalyzer, default_model_dir, profile
from presswatch.analyzers.techniques.taxonomy import (
    BY_KEY,
    FROM_SEMEVAL2020,
    NEW_IN_2023,
    TECHNIQUE_KEYS,
    TECHNIQUES,
    TO_SEMEVAL2020,
    explain,
)
from presswatch.errors import ConfigError
from presswatch.eval.persuasion import score_multilabel
from presswatch.model import Document

MODEL_DIR = default_model_dir()
needs_model = pytest.mark.skipif(not (MODEL_DIR / "model.onnx").is_file(), reason="model not shipped")


def cli(argv: list[str]):
    """Run ``presswatch ARGV`` in process (errors come back as exit status and stderr, as on the command line)."""
    from typer.testing import CliRunner

    from presswatch.cli import app

    return CliRunner().invoke(app, argv)

INVENTED = (
    "Storm Over Riverton\n\n"
    "The corrupt clique running the council has once again betrayed every decent family in Riverton. "
    "How long will honest people put up with these parasites?\n\n"
    "   \n\n"
    "The council meets on Tuesday at ten o'clock in the town hall.\n\n"
    "Either we throw them out now, or our children will inherit a ruined, lawless town."
)


# --- taxonomy -------------------------------------------------------------------------------------


def test_taxonomy_has_the_23_techniques_with_explanations():
    assert len(TECHNIQUES) == 23 == len(set(TECHNIQUE_KEYS))
    for t in TECHNIQUES:
        assert len(t.explanation.split()) >= 30, t.key
        assert explain(t.key) == t.explanation
    assert len({t.explanation for t in TECHNIQUES}) == 23
    assert explain("No_Such_Technique") == ""


def test_mapping_from_semeval2020_covers_the_14_labels():
    assert len(FROM_SEMEVAL2020) == 14
    for targets in FROM_SEMEVAL2020.values():
        assert targets and all(k in BY_KEY for k in targets)
    mapped = {k for v in FROM_SEMEVAL2020.values() for k in v}
    assert mapped | set(NEW_IN_2023) == set(TECHNIQUE_KEYS)
    assert not mapped & set(NEW_IN_2023)
    assert TO_SEMEVAL2020["Straw_Man"] == "Whataboutism,Straw_Men,Red_Herring"
    assert TO_SEMEVAL2020["Conversation_Killer"] == "Thought-terminating_Cliches"


# --- scorer ---------------------------------------------------------------------------------------


def test_score_multilabel_matches_hand_computation():
    classes = ["A", "B", "C"]
    gold = [["A"], ["A", "B"], [], ["B"]]
    pred = [["A"], ["B"], ["A"], []]
    r = score_multilabel(gold, pred, classes)
    # A: tp1 fp1 fn1 -> F1 .5; B: tp1 fp0 fn1 -> 2/3; C: nothing anywhere -> 1 (zero_division=1)
    assert r["micro_f1"] == pytest.approx(2 * 2 / (2 * 2 + 1 + 2))
    assert r["macro_f1"] == pytest.approx((0.5 + 2 / 3 + 1.0) / 3)
    assert r["per_technique"]["B"]["support"] == 2


def test_calibrate_thresholds_separates_clean_scores():
    from presswatch.learn.calibration import calibrate_thresholds, split_articles

    labels = ["A", "B"]
    probs = [[0.9, 0.1]] * 10 + [[0.2, 0.8]] * 10 + [[0.1, 0.2]] * 10
    gold = [[1, 0]] * 10 + [[0, 1]] * 10 + [[0, 0]] * 10
    g, per, info = calibrate_thresholds(probs, gold, labels, min_pos=5)
    assert 0.2 < g <= 0.8
    assert info["holdout_micro_f1_global"] == pytest.approx(1.0)
    assert all(0.2 < per[k] <= 0.8 for k in labels)
    held = split_articles([str(i) for i in range(100)], 0.1, seed=1)
    assert len(held) == 10 and held == split_articles([str(i) for i in range(100)], 0.1, seed=1)


def test_training_module_imports_without_torch():
    import sys

    import presswatch.train.persuasion  # noqa: F401

    assert "torch" not in sys.modules or sys.modules["torch"] is not None


@pytest.mark.parametrize("argv, message", [
    (["--holdout", "0"], "--thresholds-from"),
    (["--holdout", "0", "--thresholds-from", "{ref}", "--best-epoch"], "no --best-epoch"),
    (["--holdout", "0", "--thresholds-from", "{empty}"], "no thresholds.json"),
    (["--epochs", "3", "--stop-epoch", "4"], "--stop-epoch must be between 1 and --epochs"),
])
def test_refit_options_are_checked_before_training(tmp_path, argv, message):
    """A refit on every train article has nothing to calibrate on: it must name the held-out run whose
    thresholds it takes, and these mistakes are reported before torch is even imported."""
    ref = tmp_path / "ref"
    ref.mkdir()
    (ref / "thresholds.json").write_text("{}", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    argv = [a.format(ref=ref, empty=tmp_path / "empty") for a in argv]
    res = cli(["train", "persuasion", "--out", str(tmp_path / "out"), *argv])
    assert res.exit_code == ConfigError.exit_code and message in res.stderr, res.output


# --- the shipped model ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def model() -> TechniqueModel:
    return TechniqueModel.load(MODEL_DIR, threads=1)


@needs_model
def test_model_files_and_metadata():
    meta = json.loads((MODEL_DIR / "thresholds.json").read_text())
    assert meta["labels"] == list(TECHNIQUE_KEYS)
    assert set(meta["thresholds"]) == set(TECHNIQUE_KEYS)
    assert all(0.0 < v < 1.0 for v in meta["thresholds"].values())
    for f in ("model.onnx", "tokenizer.json", "MODEL_CARD.md"):
        p = MODEL_DIR / f
        assert p.is_file() and p.stat().st_size < 30_000_000, f


@needs_model
def test_analyzer_gives_well_formed_paragraph_spans(model):
    doc = Document(text=INVENTED, language="en")
    spans = TechniquesAnalyzer(threads=1, span_tagger=False).annotate(doc, None)
    paras = set(doc.paragraphs)
    assert spans, "an invective-heavy invented text should trigger at least one technique"
    # without narrowing, a finding lies on its unit: the paragraph, or the sentence for a sentence model
    level = "sentence" if model.units == "sentences" else "paragraph"
    for s in spans:
        a, b = s.attrs["paragraph"]
        assert (a, b) in paras and a <= s.start < s.end <= b
        assert s.label in BY_KEY and s.attrs["technique"] == s.label
        assert 0.0 <= s.attrs["confidence"] <= 1.0
        assert s.attrs["confidence"] >= s.attrs["threshold"]
        assert s.attrs["explanation"] == explain(s.label)
        assert s.attrs["level"] == level and s.attrs.get(level, s.attrs["paragraph"]) == [s.start, s.end]
        json.dumps(s.to_dict())
    # the whitespace-only block is never labelled
    blank_at = INVENTED.index("   \n")
    assert not any(s.start <= blank_at < s.end for s in spans)
    flagged = {(s.start, s.end) for s in spans}
    insult = INVENTED.index("The corrupt clique")
    assert any(a == insult for a, _ in flagged)
    labels_on_insult = {s.label for s in spans if s.start == insult}
    assert labels_on_insult & {"Loaded_Language", "Name_Calling-Labeling", "Doubt",
                               "Questioning_the_Reputation"}


@needs_model
def test_probabilities_are_deterministic_and_ordered(model):
    texts = ["These traitors have sold out our great nation.", "The bus leaves at noon."]
    p1 = model.predict_proba(texts)
    p2 = model.predict_proba(list(reversed(texts)))
    assert p1[0].shape == (23,)
    assert abs(float((p1[0] - p2[1]).max())) < 1e-5
    ll = model.labels.index("Loaded_Language")
    assert p1[0][ll] > p1[1][ll]


NEIGHBOUR_SHORT = "These traitors have sold out our great nation."
NEIGHBOUR_LONG = ("After a long debate that ran well past midnight, the regional transport committee agreed, "
                  "with two abstentions and one member absent, to postpone the vote on the new timetable for "
                  "the northern bus routes until the engineers have reported on the state of the bridges.")


def _same_token_length(model: TechniqueModel, text: str) -> str:
    """An invented neutral sentence with exactly as many tokens as ``text``."""
    n = len(model.tokenizer.encode(text, add_special_tokens=False).ids)
    words = ("the bus leaves the depot at noon and returns in the evening on weekdays " * 4).split(" ")[:-1]
    out = ""
    for w in words:
        cand = f"{out} {w}".strip()
        if len(model.tokenizer.encode(cand, add_special_tokens=False).ids) > n:
            break
        out = cand
    assert len(model.tokenizer.encode(out, add_special_tokens=False).ids) == n
    return out


@needs_model
def test_a_sentence_scores_the_same_whatever_it_is_read_with(model):
    # the int8 model's activations are quantised with one scale per input tensor: read in a batch, a
    # sentence's scores moved with its neighbours and the padding (issue 13), even beside a sentence of
    # its own length; every window is now read alone, so the scores are exactly those of the sentence alone
    import numpy as np

    same = _same_token_length(model, NEIGHBOUR_SHORT)
    alone = model.predict_proba([NEIGHBOUR_SHORT])[0]
    probs_alone, toks_alone = model.sentence_and_token_probs([NEIGHBOUR_SHORT])
    (_, tp_alone), = model.token_probs([NEIGHBOUR_SHORT])
    for others in ([NEIGHBOUR_LONG], [same], [same, NEIGHBOUR_LONG] * 4):
        texts = [*others, NEIGHBOUR_SHORT]
        assert np.array_equal(model.predict_proba(texts)[-1], alone), others
        probs, toks = model.sentence_and_token_probs(texts)
        assert np.array_equal(probs[-1], probs_alone[0]) and np.array_equal(toks[-1], toks_alone[0])
        assert np.array_equal(model.token_probs(texts)[-1][1], tp_alone)


@needs_model
def test_a_documents_findings_do_not_depend_on_its_other_paragraphs():
    a = TechniquesAnalyzer(threads=1)
    base = Document(text=INVENTED, language="en")
    longer = Document(text=INVENTED + "\n\n" + NEIGHBOUR_LONG, language="en")

    def found(doc: Document) -> set[tuple[int, int, str, float]]:
        # Repetition is left out: whether a word repeats depends on the whole document by design
        return {(*s.attrs["sentence"], s.label, s.attrs["confidence"]) for s in a.annotate(doc)
                if s.end <= len(INVENTED) and s.label != "Repetition"}

    assert found(base) and found(base) == found(longer)


@needs_model
def test_long_paragraph_is_read_in_sliding_windows_not_truncated(model):
    # one long sentence (no full stops), so that a sentence-unit model reads it as one unit too
    filler = "the committee reviewed the minutes of the previous meeting and approved them, " * 60
    tail = "These bloodthirsty criminals and their lying puppets will destroy everything we love!"
    text = filler + tail
    wins = model.windows(text)
    n_tokens = len(model.tokenizer.encode(text, add_special_tokens=False).ids)
    assert n_tokens > model.max_length
    assert len(wins) >= 2
    assert all(len(w) <= model.max_length for w in wins)
    assert all(w[0] == model.cls_id and w[-1] == model.sep_id for w in wins)
    # every token is covered, in order, and the last window reaches the end of the paragraph
    inner = model.tokenizer.encode(text, add_special_tokens=False).ids
    assert wins[-1][1:-1] == inner[-(len(wins[-1]) - 2):]
    assert wins[0][1:-1] == inner[: model.max_length - 2]
    # the loaded wording at the very end still counts (max over windows)
    p_long = model.predict_proba([text])[0]
    p_first = model.predict_proba([model.tokenizer.decode(wins[0][1:-1])])[0]
    assert model.last_window_counts == [1]
    ll = model.labels.index("Loaded_Language")
    assert p_long[ll] >= p_first[ll]
    doc = Document(text="Short heading\n\n" + text, language="en")
    spans = TechniquesAnalyzer(threads=1).annotate(doc, None)
    assert all(s.attrs["windows"] >= 2 for s in spans if s.start > 0)


@needs_model
def test_empty_and_non_english_input():
    a = TechniquesAnalyzer(threads=1)
    assert a.annotate(Document(text="", language="en"), None) == []
    assert a.annotate(Document(text="***\n\n---\n\n   ", language="en"), None) == []
    hy = Document(text="Զինված խմբերը կրկին ահաբեկում են քաղաքը։ Որքա՞ն կարելի է համբերել։", language="hy")
    run([NAME], hy, Resources())
    assert hy.analyzers[NAME] == "skipped: language hy"
    assert hy.spans_by(NAME) == []
    prof = profile(hy)
    assert prof["analysed"] is False and "hy" in prof["reason"]


@needs_model
@pytest.mark.skipif(not (MODEL_DIR / "light" / "ru.npz").is_file(), reason="light models not shipped")
def test_russian_goes_to_the_light_model():
    text = ("Эти бандиты и предатели снова лгут народу! Позор! Позор! Позор!\n\n"
            "Заседание совета назначено на вторник.")
    ru = Document(text=text, language="ru")
    run([NAME], ru, Resources())
    assert ru.analyzers[NAME] == TechniquesAnalyzer.version
    spans = ru.spans_by(NAME)
    assert all(s.attrs["model"] == "light-ru" for s in spans)
    assert all((s.start, s.end) in set(ru.paragraphs) for s in spans)
    assert ru.summaries[NAME]["analysed"] is True
    # the light model is weak, but it must rank invective above a timetable
    from presswatch.analyzers.techniques.light import LightModel

    light = LightModel.load(MODEL_DIR, "ru")
    loaded, plain = light.predict_proba([ru.paragraph_texts()[0], ru.paragraph_texts()[1]])
    ll = light.labels.index("Loaded_Language")
    assert loaded[ll] > plain[ll] + 0.1
    assert light.decide(plain) == []


def test_light_ngrams_match_scikit_learn_char_wb_definition():
    from presswatch.nlp.charngram import char_wb_ngrams

    # sklearn's char_wb pads each word with one space; a word shorter than n gives one n-gram
    assert char_wb_ngrams("Ab  c", 3, 4) == [" ab", "ab ", " ab ", " c "]


@needs_model
def test_profile_counts_and_density():
    doc = Document(text=INVENTED, language="en")
    run([NAME], doc, Resources())
    prof = profile(doc)
    # one finding per (paragraph, technique), however many narrowed spans report it
    n = len({(tuple(s.attrs["paragraph"]), s.label) for s in doc.spans_by(NAME)})
    assert prof["analysed"] is True
    assert prof["findings"] == n == sum(prof["counts"].values())
    assert prof["spans"] == len(doc.spans_by(NAME)) >= n
    assert prof["paragraphs"] == 4  # the blank block is not a paragraph to analyse
    assert prof["density_per_100_words"] == pytest.approx(round(100 * n / prof["words"], 3))
    assert prof["words"] == len(INVENTED.split())  # plain words; "o'clock" counts once


def test_missing_model_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="persuasion model not found"):
        TechniqueModel.load(tmp_path)


@needs_model
def test_summary_has_density_and_no_genre():
    doc = Document(text=INVENTED, language="en")
    run([NAME], doc, Resources())
    summ = doc.summaries[NAME]
    assert "genre" not in summ  # the genre analyzer's own summary since issue 13 (summaries["genre"])
    assert summ["density_per_100_words"] >= 0
    json.dumps(summ)


@needs_model
def test_ensemble_members_are_averaged_and_checked(tmp_path):
    import shutil

    import numpy as np

    meta = json.loads((MODEL_DIR / "thresholds.json").read_text(encoding="utf-8"))
    meta.pop("light_weight", None)
    meta.pop("members", None)  # the primary model alone, whatever the shipped ensemble is
    bias = dict(meta.get("logit_bias") or {})
    texts = ["These parasites have betrayed every decent family.", "The council meets on Tuesday."]
    for name, members in (("single", []), ("both", [{"file": "model.onnx", "logit_bias": {}, "max_length": 64}])):
        # "both": a member with the primary's own weights but no bias: the mean of the two probabilities
        (tmp_path / name).mkdir()
        for f in ("model.onnx", "tokenizer.json"):
            shutil.copy(MODEL_DIR / f, tmp_path / name / f)
        (tmp_path / name / "thresholds.json").write_text(json.dumps({**meta, "members": members}), encoding="utf-8")
    single = TechniqueModel(tmp_path / "single", 1)
    both = TechniqueModel(tmp_path / "both", 1)
    p1 = np.asarray(single.predict_proba(texts))
    p2 = np.asarray(both.predict_proba(texts))
    b = np.asarray([float(bias.get(k, 0.0)) for k in single.labels])
    raw = 1 / (1 + np.exp(-(np.log(p1 / (1 - p1)) - b)))
    assert np.allclose(p2, (p1 + raw) / 2, atol=1e-4)
    meta["members"] = [{"file": "missing.onnx"}]
    (tmp_path / "both" / "thresholds.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ConfigError, match="missing"):
        TechniqueModel(tmp_path / "both", 1)


# --- token-level training labels (--head tokens) --------------------------------------------------


def _task3_tree(tmp_path, third="The corrupt clique lied again.", doubt=True):
    """A one-article SemEval-2023 train tree: a title, ``third`` (with the name-calling span) as
    paragraph 3 and one more paragraph; a Doubt span on the title unless ``doubt`` is false."""
    d = tmp_path / "semeval2023-task3" / "en"
    (d / "train-articles-subtask-3").mkdir(parents=True)
    (d / "train-labels-subtask-3-spans").mkdir()
    text = f"Storm Over Riverton\n\n  {third}\nCouncil meets Tuesday.\n"
    (d / "train-articles-subtask-3" / "article7.txt").write_text(text, encoding="utf-8")
    s = text.index("corrupt clique")
    (d / "train-labels-subtask-3-spans" / "article7-labels-subtask-3.txt").write_text(
        f"7\tName_Calling-Labeling\t{s}\t{s + len('corrupt clique')}\n" + ("7\tDoubt\t0\t5\n" if doubt else ""),
        encoding="utf-8")
    (d / "train-labels-subtask-3.template").write_text(
        f"7\t1\tStorm Over Riverton\n7\t3\t{third}\n7\t4\tCouncil meets Tuesday.\n", encoding="utf-8")
    (d / "train-labels-subtask-3.txt").write_text("7\t1\tDoubt\n7\t3\tName_Calling-Labeling\n7\t4\t\n",
                                                  encoding="utf-8")
    return text


@needs_model
def test_token_labels_follow_the_span_annotations(tmp_path):
    from tokenizers import Tokenizer

    from presswatch.corpora.semeval2023 import paragraph_starts, read_paragraphs, read_technique_spans
    from presswatch.train.persuasion import technique_token_labels

    text = _task3_tree(tmp_path)
    paras = read_paragraphs(tmp_path, "train", "en")
    starts = paragraph_starts(tmp_path, paras)
    assert [text[b : b + len(p.text)] for b, p in zip(starts, paras, strict=True)] == [p.text for p in paras]
    spans = read_technique_spans(tmp_path)
    lab_idx = {k: i for i, k in enumerate(TECHNIQUE_KEYS)}
    tok = Tokenizer.from_file(str(MODEL_DIR / "tokenizer.json"))
    tok.no_padding()  # as in training
    e = tok.encode(paras[1].text)
    y = technique_token_labels(e.offsets, e.special_tokens_mask, starts[1], spans["7"], lab_idx)
    assert y.shape == (len(e.ids), 23)
    assert (y[0] == -1).all() and (y[-1] == -1).all()  # [CLS] and [SEP] are not scored
    marked = [t for t, row in zip(e.tokens, y, strict=True) if row[lab_idx["Name_Calling-Labeling"]] == 1]
    assert marked == ["corrupt", "cl", "##ique"]
    assert y[1:-1, lab_idx["Doubt"]].sum() == 0  # the Doubt span lies in another paragraph
    e0 = tok.encode(paras[0].text)
    y0 = technique_token_labels(e0.offsets, e0.special_tokens_mask, starts[0], spans["7"], lab_idx)
    assert y0[1, lab_idx["Doubt"]] == 1 and y0[2:-1, lab_idx["Doubt"]].sum() == 0


def test_sentence_units_take_labels_from_the_spans_they_overlap(tmp_path):
    from presswatch.corpora.semeval2023 import read_paragraphs
    from presswatch.train.persuasion import sentence_units

    # paragraph 3 is two sentences, the name-calling span in the second one only
    new = _task3_tree(tmp_path, third="Rain fell. The corrupt clique lied again.", doubt=False)
    units, bases = sentence_units(tmp_path, read_paragraphs(tmp_path, "train", "en"))
    assert [(u.number, u.text, u.labels) for u in units] == [
        (1, "Storm Over Riverton", []), (3, "Rain fell.", []),
        (3, "The corrupt clique lied again.", ["Name_Calling-Labeling"]), (4, "Council meets Tuesday.", [])]
    assert [new[b : b + len(u.text)] for u, b in zip(units, bases, strict=True)] == [u.text for u in units]


@needs_model
def test_sentence_unit_model_takes_the_maximum_over_sentences(tmp_path):
    import shutil

    import numpy as np

    meta = json.loads((MODEL_DIR / "thresholds.json").read_text(encoding="utf-8"))
    meta.pop("light_weight", None)
    meta.pop("token_spans", None)
    for units in ("sentences", "paragraphs"):
        (tmp_path / units).mkdir()
        for f in MODEL_DIR.glob("*.onnx"):
            shutil.copy(f, tmp_path / units / f.name)
        shutil.copy(MODEL_DIR / "tokenizer.json", tmp_path / units / "tokenizer.json")
        (tmp_path / units / "thresholds.json").write_text(json.dumps({**meta, "units": units}), encoding="utf-8")
    one, two = "These parasites have betrayed every decent family.", "The council meets on Tuesday."
    per_sentence = TechniqueModel(tmp_path / "sentences", 1)
    whole = TechniqueModel(tmp_path / "paragraphs", 1)
    p = np.asarray(per_sentence.predict_proba([f"{one} {two}", one]))
    alone = np.asarray(whole.predict_proba([one, two]))
    assert np.allclose(p[0], alone.max(0), atol=1e-6)
    assert np.allclose(p[1], alone[0], atol=1e-6)
    assert per_sentence.last_window_counts == [2, 1]
    assert not np.allclose(np.asarray(whole.predict_proba([f"{one} {two}"]))[0], p[0], atol=1e-3)

    # the analyzer reports a sentence-unit model's findings on the sentences, inside their paragraphs
    doc = Document(text=INVENTED, language="en")
    spans = TechniquesAnalyzer(model_dir=tmp_path / "sentences", threads=1, span_tagger=False).annotate(doc, None)
    assert spans
    paras = set(doc.paragraphs)
    sentence_level = [s for s in spans if s.attrs["level"] == "sentence"]
    assert len(sentence_level) == len(spans)
    for s in spans:
        a, b = s.attrs["paragraph"]
        assert (a, b) in paras and a <= s.start < s.end <= b
        assert s.attrs["sentence"] == [s.start, s.end]
    # the second paragraph has two sentences: its findings lie on one of them, never on the whole
    q = INVENTED.index("How long will")
    p2 = next(p for p in paras if p[0] <= q < p[1])
    in_p2 = [s for s in spans if tuple(s.attrs["paragraph"]) == p2]
    assert in_p2 and all((s.start, s.end) in {(p2[0], q - 1), (q, p2[1])} for s in in_p2)


def test_calibrate_only_refuses_a_model_refit_on_every_train_article(tmp_path):
    """Its held-out articles were trained on: calibrating on them would be calibrating in-sample."""
    (tmp_path / "thresholds.json").write_text(json.dumps({"labels": ["Doubt"]}), encoding="utf-8")
    (tmp_path / "train-report.json").write_text(json.dumps({"args": {"holdout": "0.0"}}), encoding="utf-8")
    res = cli(["train", "persuasion", "--calibrate-only", "--out", str(tmp_path)])
    assert res.exit_code == ConfigError.exit_code and "refit on every train article" in res.stderr


def _task3_dev_tree(root):
    """A four-article SemEval-2023 English dev tree (labels and template), two paragraphs each."""
    d = root / "semeval2023-task3" / "en"
    d.mkdir(parents=True)
    rows = [("1", 1, "These traitors will destroy everything we love.", "Name_Calling-Labeling,Loaded_Language"),
            ("1", 2, "The council meets on Tuesday.", ""),
            ("2", 1, "Everyone knows the plan is a disaster waiting to happen.", "Appeal_to_Popularity"),
            ("2", 2, "The bridge reopens in May.", ""),
            ("3", 1, "Either we act now or our children are doomed.", "False_Dilemma-No_Choice"),
            ("3", 2, "Rain is expected later in the week.", ""),
            ("4", 1, "Why would anyone trust a man who lied before?", "Doubt"),
            ("4", 2, "The museum opens at nine.", "")]
    (d / "dev-labels-subtask-3.txt").write_text("".join(f"{a}\t{n}\t{lab}\n" for a, n, _, lab in rows),
                                                 encoding="utf-8")
    (d / "dev-labels-subtask-3.template").write_text("".join(f"{a}\t{n}\t{t}\n" for a, n, t, _ in rows),
                                                      encoding="utf-8")
    return root


@needs_model
def test_evaluating_never_writes_the_model_training_fits_dev_thresholds(tmp_path):
    """``eval persuasion --crossfit-thresholds`` leaves thresholds.json as it is (it can no longer ship
    them); ``train persuasion --dev-thresholds K`` is what writes the thresholds fitted on dev."""
    import shutil

    model = tmp_path / "model"
    model.mkdir()
    for f in [*MODEL_DIR.glob("*.onnx"), MODEL_DIR / "tokenizer.json", MODEL_DIR / "thresholds.json"]:
        shutil.copy(f, model / f.name)
    data = _task3_dev_tree(tmp_path / "data")
    shipped = (model / "thresholds.json").read_bytes()
    args = ["--data", str(data), "--model", str(model), "--threads", "1", "--crossfit-thresholds", "2", "--json"]
    assert cli(["eval", "persuasion", *args]).exit_code == 0
    assert (model / "thresholds.json").read_bytes() == shipped
    assert cli(["eval", "persuasion", *args, "--ship-dev-thresholds"]).exit_code == 2  # no such option
    res = cli(["train", "persuasion", "--data", str(data), "--out", str(model), "--threads", "1", "--dev-thresholds",
               "2"])
    assert res.exit_code == 0, res.output
    cal = json.loads((model / "thresholds.json").read_text(encoding="utf-8"))["calibration"]
    assert cal["fitted_on"].startswith("SemEval-2023 English dev")
    assert cal["honest_dev_estimate"]["what"].startswith("2-fold cross-fitting")


# --- ONNX threads -----------------------------------------------------------------------------------


def test_onnx_threads_default_and_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from presswatch.nlp.encoder import DEFAULT_THREADS, default_threads

    monkeypatch.delenv("PRESSWATCH_ONNX_THREADS", raising=False)
    assert default_threads() == DEFAULT_THREADS == 1
    monkeypatch.setenv("PRESSWATCH_ONNX_THREADS", " 3 ")
    assert default_threads() == 3
    for bad in ("two", "0", "-1", "1.5"):
        monkeypatch.setenv("PRESSWATCH_ONNX_THREADS", bad)
        with pytest.raises(ConfigError, match="PRESSWATCH_ONNX_THREADS"):
            default_threads()


@needs_model
def test_model_opened_with_the_threads_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without ``threads``, the model and the tagger take PRESSWATCH_ONNX_THREADS (default 1), and the scores do
    not depend on the number of threads."""
    monkeypatch.delenv("PRESSWATCH_ONNX_THREADS", raising=False)
    one = TechniqueModel.load(MODEL_DIR)
    assert one.threads == 1
    monkeypatch.setenv("PRESSWATCH_ONNX_THREADS", "2")
    two = TechniqueModel.load(MODEL_DIR)
    assert two.threads == 2 and two is not one
    texts = ["The corrupt elites will stop at nothing to destroy our great nation.",
             "The council met on Tuesday and approved the budget for the new school year."]
    assert [p.tolist() for p in one.predict_proba(texts)] == [p.tolist() for p in two.predict_proba(texts)]


@needs_model
def test_window_memo_gives_the_same_outputs_and_stays_bounded() -> None:
    """A window read before is taken from the memo: the same probabilities as reading it, token ones included,
    for repeated sentences within one call and across calls; the memo holds at most ``max_tokens`` token rows."""
    from presswatch.analyzers.techniques.sentence_model import WindowMemo

    m = TechniqueModel.load(MODEL_DIR, threads=1)
    texts = ["Read more: our newsletter brings you the news every morning.",
             "These reckless criminals have betrayed every single one of us!",
             "Read more: our newsletter brings you the news every morning."]
    m.memo.clear()
    first_p, first_t = m.sentence_and_token_probs(texts[:2])
    assert len(m.memo) == 2
    again_p, again_t = m.sentence_and_token_probs(texts)  # all three from the memo
    m.memo.clear()
    fresh_p, fresh_t = m.sentence_and_token_probs(texts)  # the repeated one read once, copied
    assert len(m.memo) == 2
    for got_p, got_t in ((again_p, again_t), (fresh_p, fresh_t)):
        assert [p.tolist() for p in got_p] == [p.tolist() for p in first_p + first_p[:1]]
        assert [t.tolist() for t in got_t] == [t.tolist() for t in first_t + first_t[:1]]
    memo = WindowMemo(max_tokens=20)
    import numpy as np

    memo.add([((1,) * 8, np.zeros(2), None), ((2,) * 8, np.zeros(2), None), ((3,) * 8, np.ones(2), None)])
    assert len(memo) == 2  # the oldest went
    sent, tok = np.full((3, 2), 9.0), [None, None, None]
    assert memo.fill([(1,) * 8, (3,) * 8, (2,) * 8], sent, tok) == [0]
    assert sent[1].tolist() == [1.0, 1.0] and sent[0].tolist() == [9.0, 9.0]
    m.memo.clear()
