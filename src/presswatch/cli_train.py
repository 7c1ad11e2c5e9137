"""``presswatch train TARGET``: train a shipped model again.

One command per module of :mod:`presswatch.train`; each calls that module's ``run`` with its options (same
names, same defaults: ``tests/test_cli_help.py`` checks it). The module is imported only when the command
runs: torch and the other training-only libraries load only then.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from presswatch.cli_common import (
    EXTRA_DATA,
    GEO_DATA,
    PERSUASION_DATA,
    ExtraCap,
    ExtraData,
    ExtraReporting,
    ExtraWeight,
    GeoCorpus,
    GeoData,
    PersuasionData,
    Targets,
    run_target,
)

train_app = typer.Typer(
    name="train",
    cls=Targets,
    help="Train a shipped model again (needs the train extra: torch, transformers and onnx for the persuasion models, "
    "scikit-learn for the linear ones).",
    no_args_is_help=True,
)

Seed = Annotated[int, typer.Option(help="Random seed.")]
Threads = Annotated[int, typer.Option(help="CPU threads (torch and onnxruntime).")]


class Head(StrEnum):
    mean = "mean"
    tokens = "tokens"


class StanceFolds(StrEnum):
    bodies = "bodies"
    claims = "claims"


class Units(StrEnum):
    paragraphs = "paragraphs"
    sentences = "sentences"
    both = "both"


@train_app.command()
def sourcing(
    data: Annotated[Path, typer.Option(help="The PolNeAR folder.")] = Path("../shared/data/quotes/polnear"),
    out: Annotated[Path, typer.Option(help="Where cue_model.json and train-report.json go.")]
    = Path("models/sourcing"),
    parses: Annotated[Path | None, typer.Option(help="spaCy DocBin of the train articles (read if it exists, else "
                      "written after parsing).")] = None,
    seed: Seed = 13,
    min_count: Annotated[int, typer.Option(help="Keep the features seen at least this often.")] = 5,
    l2: Annotated[float, typer.Option(help="L2 regularisation of the logistic regression.")] = 1e-4,
    max_iter: Annotated[int, typer.Option(help="Most L-BFGS iterations of the logistic regression.")] = 1000,
    prune: Annotated[float, typer.Option(help="Drop weights smaller than this in magnitude.")] = 0.02,
    limit: Annotated[int | None, typer.Option(help="Use only the first N train articles (smoke runs).")] = None,
) -> None:
    """The sourcing analyzer's cue scorer, on PolNeAR train (scikit-learn; a few minutes)."""
    run_target("presswatch.train.sourcing", locals())


@train_app.command()
def geo(
    data: GeoData = GEO_DATA,
    held_out: Annotated[GeoCorpus, typer.Option(help="The corpus left out of fitting (the shipped weights hold "
                        "out trnews).")] = GeoCorpus.trnews,
    points: Annotated[bool, typer.Option("--derive-points", help="Instead of fitting: collect the annotated "
                      "GeoNames points (annotated_points.json).")] = False,
    out: Annotated[Path | None, typer.Option(help="Write here instead of the shipped file "
                   "(gazetteer/data/ranker.json or annotated_points.json).")] = None,
) -> None:
    """The places ranker's weights (or the annotated GeoNames points) from the geoparsing corpora (scipy)."""
    run_target("presswatch.train.geo", locals())


@train_app.command()
def frames(
    data: PersuasionData = PERSUASION_DATA,
    out: Annotated[Path, typer.Option(help="Where the framing models go.")] = Path("models/frames"),
    langs: Annotated[str, typer.Option(help="Comma-separated SemEval folders (en, fr, ge, it, po, ru).")]
    = "en,fr,ge,it,po,ru",
    max_features: Annotated[int, typer.Option(help="Character n-gram features kept per model.")] = 20000,
    seed: Seed = 13,
) -> None:
    """The framing models, one per language (SemEval-2023 Task 3 subtask 2; scikit-learn)."""
    run_target("presswatch.train.frames", locals())


@train_app.command()
def genre(
    data: PersuasionData = PERSUASION_DATA,
    out: Annotated[Path, typer.Option(help="Where the genre models and their card go.")] = Path("models/genre"),
    langs: Annotated[str, typer.Option(help="Comma-separated SemEval folders to write a model for (every folder's "
                     "articles train every model).")] = "en,fr,ge,it,po,ru",
    other_weight: Annotated[float, typer.Option(help="Weight of the other languages' articles.")] = 0.3,
    register_weight: Annotated[float, typer.Option(help="Scale of the standardised register features next to the "
                               "e5 vector.")] = 0.3,
    l2: Annotated[float, typer.Option(help="L2 regularisation.")] = 1e-3,
    story_words: Annotated[int, typer.Option(help="Words of title and lead the e5 vector is made of (0: the "
                           "analyzer's default, 60).")] = 0,
    folds: Annotated[int, typer.Option(help="Cross-validation folds for the decision offsets and the card's "
                     "scores.")] = 5,
    seed: Seed = 13,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not read or write the on-disk embedding "
                        "cache.")] = False,
    extra_reporting: ExtraReporting = "",
    extra_data: ExtraData = EXTRA_DATA,
    extra_weight: ExtraWeight = 0.3,
    extra_cap: ExtraCap = 0,
) -> None:
    """The genre models, one per language (SemEval-2023 Task 3 subtask 1; scikit-learn and the shipped e5 model)."""
    run_target("presswatch.train.genre", locals())


@train_app.command()
def persuasion(
    data: PersuasionData = PERSUASION_DATA,
    out: Annotated[Path, typer.Option(help="Where to write the model.")] = Path("models/persuasion"),
    epochs: Annotated[int, typer.Option(help="Training epochs (the learning-rate schedule's length).")] = 3,
    batch_size: Annotated[int, typer.Option(help="Paragraphs per batch.")] = 16,
    lr: Annotated[float, typer.Option(help="Encoder learning rate.")] = 8e-5,
    head_lr: Annotated[float, typer.Option(help="Learning rate of the output layer.")] = 2e-3,
    max_length: Annotated[int, typer.Option(help="Training truncation (tokens).")] = 256,
    holdout: Annotated[float, typer.Option(help="Fraction of train articles kept for calibration (0: refit on "
                       "all, with --thresholds-from).")] = 0.1,
    seed: Seed = 13,
    holdout_seed: Annotated[int | None, typer.Option(help="Seed of the held-out article sample (default: --seed); "
                            "fix it to train further seeds of a model against the same held-out articles "
                            "(ensembles).")] = None,
    threads: Threads = 2,
    neg_fraction: Annotated[float, typer.Option(help="Keep this seeded fraction of technique-free training "
                            "paragraphs (speed).")] = 1.0,
    freeze_layers: Annotated[int, typer.Option(help="Freeze the embeddings and the first N encoder layers "
                             "(speed).")] = 0,
    aux_memes: Annotated[bool, typer.Option("--aux-memes", help="Add the SemEval-2021 Task 6 meme texts (mapped "
                         "techniques) to the training part.")] = False,
    best_epoch: Annotated[bool, typer.Option("--best-epoch", help="Export the epoch with the best held-out "
                          "micro-F1 (else the last one).")] = False,
    keep_torch: Annotated[bool, typer.Option("--keep-torch", help="Also save the torch state dict "
                          "(model.torch.pt; not shipped).")] = False,
    limit: Annotated[int, typer.Option(help="Use only the first N train paragraphs (smoke test; 0: all).")] = 0,
    no_quantize: Annotated[bool, typer.Option("--no-quantize", help="Ship the fp32 ONNX model, not int8.")]
    = False,
    min_pos: Annotated[int, typer.Option(help="Held-out positives a technique needs for its own threshold (else "
                       "the global one).")] = 25,
    blend_light: Annotated[bool, typer.Option("--blend-light", help="Blend in light/en.npz (train "
                           "persuasion_light --langs en) with a held-out weight; off by default: it helped on "
                           "held-out train articles but not on dev.")] = False,
    head: Annotated[Head, typer.Option(help="mean: mean pooling and a linear head (paragraph labels only); tokens: "
                    "a linear layer per token over the techniques, trained on the span annotations too, the "
                    "paragraph's logit being the maximum over its tokens (the ONNX also outputs token_logits).")]
    = Head.mean,
    units: Annotated[Units, typer.Option(help="Training and calibration unit: the corpus's paragraphs, or their "
                     "sentences labelled from the span annotations (the model then reads a text sentence by "
                     "sentence); both: train on the sentences and the multi-sentence paragraphs, calibrate on "
                     "sentences.")] = Units.paragraphs,
    token_loss_weight: Annotated[float, typer.Option(help="Weight of the token-level loss with --head tokens.")]
    = 1.0,
    thresholds_from: Annotated[Path | None, typer.Option(help="With --holdout 0 (a refit on all train articles): "
                               "take thresholds.json's thresholds and token-span options from this held-out run "
                               "of the same recipe.")] = None,
    stop_epoch: Annotated[int | None, typer.Option(help="Stop after this epoch of the --epochs learning-rate "
                          "schedule (refit of a --best-epoch run).")] = None,
    calibrate_only: Annotated[bool, typer.Option("--calibrate-only", help="Only recompute thresholds.json for the "
                              "model in --out (needs no torch).")] = False,
    dev_thresholds: Annotated[int, typer.Option(help="K: only fit the thresholds of the model in --out "
                              "on ALL the English dev articles and write them into its thresholds.json, with the "
                              "K-fold cross-fitted dev figure (folds dealt with --seed) as the honest estimate: "
                              "for a model refit with --holdout 0, which --calibrate-only cannot calibrate (needs "
                              "no torch; dev scores of later runs are then in-sample).")] = 0,
) -> None:
    """The persuasion-technique model: fine-tune all-MiniLM-L6-v2, export int8 ONNX, calibrate (torch)."""
    run_target("presswatch.train.persuasion", locals())


@train_app.command("persuasion_light")
def persuasion_light(
    data: PersuasionData = PERSUASION_DATA,
    out: Annotated[Path, typer.Option(help="Where the light models go.")] = Path("models/persuasion/light"),
    langs: Annotated[str, typer.Option(help="Comma-separated dataset language folders (en: optional, for train "
                     "persuasion --blend-light).")] = "fr,ge,it,po,ru",
    max_features: Annotated[int, typer.Option(help="Character n-gram features of the technique models.")] = 20000,
    C: Annotated[float, typer.Option("--C", help="Inverse regularisation strength of the logistic regressions.")]
    = 2.0,
    holdout: Annotated[float, typer.Option(help="Fraction of train articles kept for calibration.")] = 0.1,
    min_pos: Annotated[int, typer.Option(help="Held-out positives a technique needs for its own threshold.")] = 25,
    seed: Seed = 13,
) -> None:
    """The light per-language technique models (scikit-learn)."""
    run_target("presswatch.train.persuasion_light", locals())


@train_app.command("persuasion_spans")
def persuasion_spans(
    data: PersuasionData = PERSUASION_DATA,
    out: Annotated[Path, typer.Option(help="Where to write the tagger.")] = Path("models/persuasion/spans"),
    epochs: Annotated[int, typer.Option(help="Training epochs.")] = 2,
    batch_size: Annotated[int, typer.Option(help="Windows per batch.")] = 16,
    lr: Annotated[float, typer.Option(help="Encoder learning rate.")] = 5e-5,
    head_lr: Annotated[float, typer.Option(help="Learning rate of the output layer.")] = 1e-3,
    max_length: Annotated[int, typer.Option(help="Window length in tokens (with [CLS]/[SEP]).")] = 128,
    neg_fraction: Annotated[float, typer.Option(help="Seeded fraction of span-free lines kept.")] = 0.3,
    pos_weight: Annotated[float, typer.Option(help="BCE weight of span tokens.")] = 1.0,
    no_dev: Annotated[bool, typer.Option("--no-dev", help="Train on PTC train only (not PTC dev).")] = False,
    seed: Seed = 13,
    threads: Threads = 1,
    max_steps: Annotated[int, typer.Option(help="Stop after N steps (timing runs; 0: no limit).")] = 0,
    select_only: Annotated[bool, typer.Option("--select-only", help="Only redo the held-out option selection.")]
    = False,
) -> None:
    """The propaganda-span tagger (token-level) on the PTC: fine-tune, export int8 ONNX, select options (torch)."""
    run_target("presswatch.train.persuasion_spans", locals())


@train_app.command("ner_hy")
def ner_hy(
    data: Annotated[Path, typer.Option(help="The NER data folder holding pioner/ and armtdp-ner/.")]
    = Path("../shared/data/ner"),
    out: Annotated[Path, typer.Option(help="Where the model, its figures and card go.")] = Path("models/ner-hy"),
    epochs: Annotated[int, typer.Option(help="Most passes over the training sentences.")] = 12,
    width: Annotated[int, typer.Option(help="Width of the token vectors (the model's size grows with it).")] = 96,
    seed: Seed = 13,
    max_minutes: Annotated[float, typer.Option(help="Stop after the epoch that passes this many minutes.")] = 12.0,
) -> None:
    """The Armenian entity model (PER, LOC, ORG; spaCy) on pioNER silver train and 70 % of ArmTDP-NER dev."""
    run_target("presswatch.train.ner_hy", locals())


@train_app.command()
def stance(
    data: Annotated[Path, typer.Option(help="The FNC-1 folder (train_bodies.csv, train_stances.csv).")]
    = Path("../shared/data/stance/fnc1"),
    out: Annotated[Path, typer.Option(help="Where stance.npz and stance.json go.")] = Path("models/stance"),
    holdout: Annotated[float, typer.Option(help="Share of the bodies held out (never read; `eval stance` scores "
                       "them).")] = 0.2,
    seed: Seed = 13,
    folds: Annotated[int, typer.Option(help="Folds of training bodies: one network pair per fold, averaged.")]
    = 5,
    hidden: Annotated[int, typer.Option(help="Hidden units of the second stage.")] = 64,
    class_power: Annotated[float, typer.Option(help="Class weights of the second stage: (n / (3 * count)) ** "
                           "this (0: none, 1: balanced).")] = 0.75,
    dropout: Annotated[float, typer.Option(help="Dropout of the second stage's hidden layer.")] = 0.3,
    l2: Annotated[float, typer.Option(help="L2 regularisation of the second stage.")] = 1e-3,
    epochs: Annotated[int, typer.Option(help="Most epochs (early stopping on each fold).")] = 40,
    blocks: Annotated[str, typer.Option(help="e5 blocks of the second stage, comma-separated (claim, top, "
                      "product, difference, lead, lead_product).")] = "claim,top",
    related_blocks: Annotated[str, typer.Option(help="e5 blocks of the first stage (related or not), "
                              "comma-separated.")] = "product,lead_product",
    folds_by: Annotated[StanceFolds, typer.Option(help="What the folds keep apart: bodies, or claims (headlines "
                        "grouped by claim; early stopping and class factors then favour new claims).")]
    = StanceFolds.claims,
    work: Annotated[Path | None, typer.Option(help="Folder for the feature cache (default: a folder in the "
                    "system's temporary folder).")] = None,
    cache: Annotated[Path | None, typer.Option(help="The embedding cache file (default: the user cache "
                     "folder's).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not read or write the embedding cache.")]
    = False,
) -> None:
    """The stance model on FNC-1 minus its held-out bodies (numpy; minutes once the embeddings are cached)."""
    run_target("presswatch.train.stance", locals())


@train_app.command("incident_types")
def incident_types(
    data: Annotated[str, typer.Option(help="Training TSVs (text, acled_event_type, acled_sub_event_type), "
                    "comma-separated; default: the shipped incident-types-train.tsv, -dev2.tsv and -train3.tsv.")] = "",
    tune_on: Annotated[str, typer.Option(help="Choose the combination's settings on this file's sentences only "
                       "(a file name among --data; default: all).")] = "",
    out: Annotated[Path, typer.Option(help="Where incident_types.npz and .json go.")] = Path("models/incident-types"),
    dim: Annotated[int, typer.Option(help="Hash buckets (a power of two).")] = 2**18,
    c: Annotated[float, typer.Option(help="Inverse L2 strength of the logistic regression.")] = 200.0,
    folds: Annotated[int, typer.Option(help="Cross-validation folds (out-of-fold probabilities).")] = 5,
    seed: Seed = 13,
) -> None:
    """The incident-type classifier (hashed word and letter n-grams, logistic regression; scikit-learn; a minute)."""
    run_target("presswatch.train.incident_types", locals())


DEFAULT_INCIDENT_MODELS = Path("models/incident-types")


@train_app.command("incident_detector")
def incident_detector(
    data: Annotated[str, typer.Option(help="Incident sentences (TSVs with a text column), comma-separated; default: "
                    "the shipped incident-types-train.tsv, -dev2.tsv and -train3.tsv.")] = "",
    negatives: Annotated[str, typer.Option(help="Sentences reporting no incident (TSVs with a text column), "
                         "comma-separated; default: the shipped incident-none-train.tsv and -train2.tsv.")] = "",
    skip_kinds: Annotated[str, typer.Option(help="Kinds of negative sentences (their kind column) left out, "
                          "comma-separated.")] = "routine",
    out: Annotated[Path, typer.Option(help="Where incident_detector.npz and .json go.")] = DEFAULT_INCIDENT_MODELS,
    dim: Annotated[int, typer.Option(help="Hash buckets (a power of two).")] = 2**18,
    c: Annotated[float, typer.Option(help="Inverse L2 strength of the logistic regression.")] = 10.0,
    folds: Annotated[int, typer.Option(help="Cross-validation folds (out-of-fold probabilities).")] = 5,
    seed: Seed = 13,
    max_lost: Annotated[float, typer.Option(help="Highest out-of-fold share of the incident sentences the word "
                        "lists find that the chosen veto may drop.")] = 0.0,
    veto_below_score: Annotated[float, typer.Option(help="Triggers scoring this or more are never overruled.")] = 1.2,
    find: Annotated[float, typer.Option(help="A sentence without a trigger word is an incident when the detector's "
                    "probability reaches this and the type classifier is --find-min-proba sure (above 1: off).")] = 0.8,
    find_min_proba: Annotated[float, typer.Option(help="How sure of one sub-event type (not Other) the type "
                              "classifier must be for the finder.")] = 0.5,
    veto_unanchored: Annotated[float, typer.Option(help="The veto of an ambiguous word with no place, date, count or "
                               "actor around it (0: off).")] = 0.3,
) -> None:
    """The incident detector that overrules ambiguous trigger words (hashed n-grams, logistic regression)."""
    run_target("presswatch.train.incident_detector", locals())
