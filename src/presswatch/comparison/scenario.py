"""The scenario corpus that ships with presswatch: a week of invented bulletins and reports, with its truth.

``scenario/`` holds one folder per source (``mission/``, ``shirvan/``, ...) of plain-text documents (a date
line, a headline, the body) and ``truth.yaml``: the sources, every document, every incident with the
documents that report it (and the words that do), and every place mention with its place id. It drives the
tests, ``presswatch demo`` and ``presswatch eval compare``. See ``scenario/README.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from presswatch.errors import DataMissingError

SCENARIO = Path(__file__).resolve().parent.parent / "scenario"


def load_truth(root: Path = SCENARIO) -> dict[str, Any]:
    """The parsed ``truth.yaml`` of a scenario folder."""
    import yaml

    path = root / "truth.yaml"
    if not path.is_file():
        raise DataMissingError(f"{path}: no such file (a scenario folder holds truth.yaml and one folder per source)")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "documents" not in data or "sources" not in data:
        raise DataMissingError(f"{path}: not a scenario truth file (needs sources: and documents:)")
    return data


def source_names(truth: dict[str, Any]) -> dict[str, str]:
    """Folder -> source name."""
    return {s["folder"]: s["name"] for s in truth["sources"]}


def scenario_documents(
    root: Path = SCENARIO, truth: dict[str, Any] | None = None, languages: tuple[str, ...] | None = ("en",)
) -> list[tuple[str, Any]]:
    """(file, Document) for every scenario document in ``languages`` (None: all), read as ``ingest`` reads a
    text file, with the source name of its folder."""
    from presswatch.ingest.sources import read_file
    from presswatch.pipeline import to_document

    truth = truth or load_truth(root)
    names = source_names(truth)
    out = []
    for d in truth["documents"]:
        if languages is not None and d.get("lang", "en") not in languages:
            continue
        path = root / d["file"]
        doc = to_document(read_file(path, 5_000_000))
        doc.source = names[d["file"].split("/")[0]]
        doc.url = None
        out.append((d["file"], doc))
    return out


COMPARE_ANALYZERS = ["sourcing", "places", "incidents"]  # what the comparison reads


def ingest_scenario(
    store: Any,
    root: Path = SCENARIO,
    *,
    languages: tuple[str, ...] | None = ("en",),
    analyzers: list[str] | None = None,
    embed: Any = True,
    on_document: Callable[[str], None] | None = None,
) -> dict[str, str]:
    """Analyse (default: all analyzers) and store the scenario's documents, then link their incidents; return
    file -> document id."""
    from presswatch.comparison.linking import link_store
    from presswatch.pipeline import analyze_documents

    pairs = scenario_documents(root, languages=languages)
    ids: dict[str, str] = {}
    for (file, _), doc in zip(pairs, analyze_documents((d for _, d in pairs), analyzers=analyzers), strict=True):
        store.put(doc)
        ids[file] = doc.id
        if on_document is not None:
            on_document(file)
    link_store(store, embed=embed)
    return ids
