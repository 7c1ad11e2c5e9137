"""``presswatch eval TARGET``: reproduce a published measure on a data set.

One command per module of :mod:`presswatch.eval`; each calls that module's ``run`` with its options (same
names, same defaults: ``tests/test_cli_help.py`` checks it). The module is imported only when the command
runs, so that ``presswatch --help`` stays instant.
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

eval_app = typer.Typer(
    name="eval",
    cls=Targets,
    help="Reproduce a published measure on a data set; reads the shipped models, never writes them.",
    no_args_is_help=True,
)


Json = Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Do not read or write the on-disk embedding cache.")]


class ClusterLevel(StrEnum):
    subtopic = "subtopic"
    topic = "topic"


class GeoMode(StrEnum):
    gold = "gold"
    e2e = "e2e"
    both = "both"


class NerCorpus(StrEnum):
    factrueval = "factrueval"
    bsnlp = "bsnlp"
    pioner = "pioner"
    armtdp = "armtdp"
    az = "az"


class Split(StrEnum):
    dev = "dev"
    test = "test"


@eval_app.command()
def extraction(
    data: Annotated[Path, typer.Option(help="Corpus folder with evaldata.json and html/.")]
    = Path("../shared/data/extraction/trafilatura-eval"),
    limit: Annotated[int | None, typer.Option(help="Evaluate only the first N pages.")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the figures (and "
                        "per-page errors) to this file.")] = None,
    no_url: Annotated[bool, typer.Option("--no-url", help="Do not give presswatch the page URL.")] = False,
    trafilatura_url: Annotated[bool, typer.Option("--trafilatura-url", help="Give bare trafilatura the page URL "
                               "too (not the published setting).")] = False,
    failures: Annotated[int, typer.Option(help="N: print per-language error counts and N examples of "
                        "each kind of error.")] = 0,
    no_progress: Annotated[bool, typer.Option("--no-progress", help="No progress bar.")] = False,
) -> None:
    """Article text and metadata on trafilatura's corpus: snippet P/R/F1; title, date, author exact match.

    presswatch and bare trafilatura side by side, on the same bytes."""
    run_target("presswatch.eval.extraction", locals())


@eval_app.command()
def geo(
    corpus: Annotated[GeoCorpus, typer.Option(help="The corpus to score.")] = GeoCorpus.lgl,
    data: GeoData = GEO_DATA,
    mode: Annotated[GeoMode, typer.Option(help="gold: resolution of the gold toponyms; e2e: recognition and "
                    "resolution; both.")] = GeoMode.both,
    limit: Annotated[int, typer.Option(help="Score the first N articles only (0: all).")] = 0,
    train_first: Annotated[bool, typer.Option("--train", help="Learn the ranker's weights on the other corpora "
                           "first, in memory (writes nothing).")] = False,
    weights: Annotated[Path | None, typer.Option(help="Score the ranker weights in this file (as 'presswatch "
                       "train geo --out FILE' writes them) instead of the shipped ones.")] = None,
    as_json: Json = False,
    no_annotated_points: Annotated[bool, typer.Option("--no-annotated-points", help="Withhold every annotated "
                                   "GeoNames point, not only the scored corpus' own.")] = False,
) -> None:
    """Geoparsing on LGL, TR-News or GeoVirus: accuracy at 161 km, error km, AUC; recognition P/R/F1."""
    run_target("presswatch.eval.geo", locals())


@eval_app.command()
def ner(
    corpus: Annotated[NerCorpus, typer.Option(help="The corpus to score.")] = NerCorpus.factrueval,
    data: Annotated[Path | None, typer.Option(help="The corpus folder holding dev.jsonl (or the file).",
                    show_default="../shared/data/ner/<the corpus' folder>")] = None,
    limit: Annotated[int, typer.Option(help="Score the first N documents only (0: all).")] = 0,
    as_json: Json = False,
) -> None:
    """Entities: Russian (factRuEval-2016, BSNLP 2019), Armenian (pioNER, ArmTDP-NER held-out part), Azerbaijani
    places (az): token-level F1 (as naeval) and exact-span F1."""
    run_target("presswatch.eval.ner", locals())


@eval_app.command()
def quotes(
    data: Annotated[Path, typer.Option(help="The PolNeAR folder.")] = Path("../shared/data/quotes/polnear"),
    split: Annotated[str, typer.Option(help="dev, or train; test only once, at the end.")] = "dev",
    limit: Annotated[int | None, typer.Option(help="Score only the first N articles.")] = None,
    as_json: Json = False,
    errors: Annotated[Path | None, typer.Option(help="Write per-article predictions (JSON Lines) to this file.")]
    = None,
) -> None:
    """Sourcing on PolNeAR: exact and overlap F1 of source, cue and content, quote F1, speaker accuracy."""
    run_target("presswatch.eval.quotes", locals())


@eval_app.command()
def persuasion(
    data: PersuasionData = PERSUASION_DATA,
    lang: Annotated[str, typer.Option(help="Dataset language folder: en (transformer) or fr, ge, it, po, ru "
                    "(light models).")] = "en",
    model: Annotated[Path | None, typer.Option(help="Model folder (default: the shipped one).")] = None,
    threads: Annotated[int | None, typer.Option(help="onnxruntime intra-op threads.")] = None,
    predictions: Annotated[Path | None, typer.Option(help="Write the predictions in the task's format to this "
                           "file.")] = None,
    as_json: Json = False,
    si: Annotated[bool, typer.Option("--si", help="Also score span identification on the PTC test articles "
                  "(line-level spans).")] = False,
    crossfit_thresholds: Annotated[int, typer.Option(help="K: also report dev scores with thresholds "
                                   "cross-fitted over K folds of dev articles (fitted on K-1 folds, predicted on "
                                   "the held-out one; the model runs once).")] = 0,
    crossfit_seed: Annotated[int, typer.Option(help="Seed of the cross-fitting folds.")] = 13,
    technique_spans: Annotated[bool, typer.Option("--technique-spans", help="Also score spans with their "
                               "technique on the SemEval-2023 English dev span annotations.")] = False,
    no_tagger: Annotated[bool, typer.Option("--no-tagger", help="With --si: score the flagged lines only, "
                         "without the span tagger.")] = False,
) -> None:
    """Persuasion techniques on SemEval-2023 Task 3 subtask 3 dev: micro- and macro-F1; spans with --si."""
    run_target("presswatch.eval.persuasion", locals())


@eval_app.command()
def genre(
    data: PersuasionData = PERSUASION_DATA,
    langs: Annotated[str, typer.Option(help="Comma-separated SemEval folders to cross-validate (en, fr, ge, it, po, "
                     "ru; '' for none).")] = "en",
    folds: Annotated[int, typer.Option(help="Cross-validation folds (stratified by genre).")] = 5,
    seed: Annotated[int, typer.Option(help="Seed of the folds.")] = 13,
    story_words: Annotated[int, typer.Option(help="Words of title and lead the e5 vector is made of (0: the "
                           "shipped recipe's, 60; 200 was version 1.0's).")] = 0,
    baseline: Annotated[bool, typer.Option("--baseline", help="Also score the recipe shipped before (character "
                        "n-grams, arg-max) on the same folds.")] = False,
    scenario: Annotated[Path | None, typer.Option(help="A scenario folder whose truth.yaml genres the shipped "
                        "analyzer is scored on.", show_default="the scenario that ships in presswatch/scenario")]
    = None,
    no_scenario: Annotated[bool, typer.Option("--no-scenario", help="Do not score a scenario.")] = False,
    model: Annotated[Path | None, typer.Option(help="Genre model folder for the scenario (default: the shipped "
                     "one).")] = None,
    no_cache: NoCache = False,
    as_json: Json = False,
    extra_reporting: ExtraReporting = "",
    extra_data: ExtraData = EXTRA_DATA,
    extra_weight: ExtraWeight = 0.3,
    extra_cap: ExtraCap = 0,
) -> None:
    """Genre on SemEval-2023 Task 3 subtask 1 (nested CV on train) and on a scenario: accuracy, macro-F1, confusion."""
    run_target("presswatch.eval.genre", locals())


@eval_app.command()
def frames(
    data: PersuasionData = PERSUASION_DATA,
    langs: Annotated[str, typer.Option(help="Comma-separated SemEval folders (en, fr, ge, it, po, ru).")]
    = "en,fr,ge,it,po,ru",
    folds: Annotated[int, typer.Option(help="Cross-validation folds (articles are never split).")] = 5,
    seed: Annotated[int, typer.Option(help="Seed of the folds.")] = 13,
    max_features: Annotated[int, typer.Option(help="Character n-gram features kept per model.")] = 20000,
    as_json: Json = False,
) -> None:
    """Frames on SemEval-2023 Task 3 subtask 2: micro- and macro-F1 by k-fold cross-validation on train."""
    run_target("presswatch.eval.frames", locals())


@eval_app.command()
def similarity(
    data: Annotated[Path, typer.Option(help="The semeval2022-task8 folder.")]
    = Path("../shared/data/clustering/semeval2022-task8"),
    files: Annotated[str | None, typer.Option(help="Comma-separated CSV names (default: every CSV with text).")]
    = None,
    folds: Annotated[int, typer.Option(help="Cross-validation folds.")] = 10,
    seed: Annotated[int, typer.Option(help="Seed of the folds.")] = 13,
    limit: Annotated[int | None, typer.Option(help="Only the first N pairs.")] = None,
    no_cache: NoCache = False,
    fit: Annotated[bool, typer.Option("--fit", help="Also fit the three numbers on all pairs and print them.")]
    = False,
    as_json: Json = False,
) -> None:
    """Same-story similarity on SemEval-2022 Task 8: Pearson r with the gold rating, per language pair."""
    run_target("presswatch.eval.similarity", locals())


@eval_app.command()
def clustering(
    data: Annotated[Path, typer.Option(help="The ecbplus folder (documents.jsonl).")]
    = Path("../shared/data/clustering/ecbplus"),
    level: Annotated[ClusterLevel, typer.Option(help="Gold clusters: seminal events (subtopic) or topics.")]
    = ClusterLevel.subtopic,
    keep_url: Annotated[bool, typer.Option("--keep-url", help="Keep the URL first sentence of ecbplus "
                        "documents.")] = False,
    no_cache: NoCache = False,
    cv: Annotated[int, typer.Option(help="K: also score K-fold cross-validation by topic inside "
                  "train+val (test is not used).")] = 0,
    seed: Annotated[int, typer.Option(help="Topic permutation of --cv (seed 0 was used while developing).")] = 1,
    as_json: Json = False,
) -> None:
    """Same-incident document clustering on ECB+: B-cubed P/R/F1 against the seminal events."""
    run_target("presswatch.eval.clustering", locals())


@eval_app.command()
def compare(
    data: Annotated[Path | None, typer.Option(help="A scenario folder (truth.yaml and one folder per source).",
                    show_default="the scenario that ships in presswatch/scenario")] = None,
    lexical: Annotated[bool, typer.Option("--lexical", help="Link with word overlap only (no sentence "
                       "embeddings).")] = False,
    languages: Annotated[str, typer.Option(help="Comma-separated languages of the documents scored: en, or en,ru "
                         "to add the Russian bulletins (their reports, links and place names).")] = "en",
    as_json: Annotated[bool, typer.Option("--json", help="Print the full result as JSON.")] = False,
) -> None:
    """Comparison of sources against a scenario's truth: incident reports, linking, omissions, naming."""
    run_target("presswatch.eval.compare", locals())


@eval_app.command()
def actors(
    data: Annotated[Path | None, typer.Option(help="A scenario folder whose truth.yaml has source_affiliations "
                    "(its actors.yaml, if any, is read over the shipped registry).",
                    show_default="the scenario that ships in presswatch/scenario")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full result as JSON.")] = False,
) -> None:
    """Whose sources: affiliation accuracy of SOURCE spans against a scenario's truth (actors registry)."""
    run_target("presswatch.eval.actors", locals())


@eval_app.command()
def incidents(
    split: Annotated[Split, typer.Option(help="The shipped sentence set to score (report dev while developing; "
                     "score test once).")] = Split.dev,
    data: Annotated[Path | None, typer.Option(help="A TSV with text, acled_event_type, acled_sub_event_type "
                    "(instead of --split).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full result as JSON.")] = False,
) -> None:
    """Incident typing: the ACLED sub-event type of short incident sentences (accuracy, micro/macro-F1)."""
    run_target("presswatch.eval.incidents", locals())


class StanceSplit(StrEnum):
    bodies = "bodies"
    claims = "claims"


@eval_app.command()
def stance(
    data: Annotated[Path, typer.Option(help="The FNC-1 folder (train_bodies.csv, train_stances.csv).")]
    = Path("../shared/data/stance/fnc1"),
    model: Annotated[Path | None, typer.Option(help="Model folder (default: the shipped one).")] = None,
    split: Annotated[StanceSplit, typer.Option(help="bodies: the shipped model on the bodies it was not trained "
                     "on; claims: new claims and new bodies, with a model trained in memory (slower).")]
    = StanceSplit.bodies,
    limit: Annotated[int | None, typer.Option(help="Score only the first N held-out pairs.")] = None,
    work: Annotated[Path | None, typer.Option(help="Folder for the feature cache (default: a folder in the "
                    "system's temporary folder).")] = None,
    cache: Annotated[Path | None, typer.Option(help="The embedding cache file (default: the user cache "
                     "folder's).")] = None,
    no_cache: NoCache = False,
    errors: Annotated[Path | None, typer.Option(help="Write the misclassified pairs (JSON Lines) to this file.")]
    = None,
    as_json: Json = False,
) -> None:
    """Stance (agree / disagree / discuss / unrelated) on FNC-1 pairs held out by body or by claim: FNC score,
    macro-F1, per-class F1, confusion."""
    run_target("presswatch.eval.stance", locals())
