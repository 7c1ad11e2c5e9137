"""Analyzers: small, pure functions of a document that add spans.

An analyzer has a ``name``, a ``version``, the ``languages`` it handles (None for all) and
``annotate(doc, resources) -> list[Span]``; it may also have ``summarize(doc) -> dict`` giving
per-document figures computed from its spans (kept in ``Document.summaries`` and in the store).
Analyzers never fetch and never write the store.
Adding one touches one new module and one line of :data:`BUILTIN`; third-party packages can add
theirs through the ``presswatch.analyzers`` entry-point group.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any, Protocol, runtime_checkable

from presswatch.errors import ConfigError
from presswatch.model import Document, Span

# name -> "module:attribute" of the analyzer class; the order is the order they run in
BUILTIN: dict[str, str] = {
    "entities": "presswatch.analyzers.entities:EntitiesAnalyzer",
    "places": "presswatch.analyzers.places:PlacesAnalyzer",
    "techniques": "presswatch.analyzers.techniques:TechniquesAnalyzer",
    "sourcing": "presswatch.analyzers.sourcing:SourcingAnalyzer",
    "frames": "presswatch.analyzers.frames:FramesAnalyzer",
    "genre": "presswatch.analyzers.genre:GenreAnalyzer",
    "incidents": "presswatch.analyzers.incidents:IncidentsAnalyzer",
}
DEFAULT = ["entities", "places", "sourcing", "techniques", "frames", "genre", "incidents"]


@runtime_checkable
class Analyzer(Protocol):
    name: str
    version: str
    languages: set[str] | None

    def annotate(self, doc: Document, resources: Resources) -> list[Span]: ...


class Resources:
    """What analyzers share within a run: the spaCy parse of each document, made once.

    :meth:`prepare` parses many documents in one ``nlp.pipe`` batch; later analyzers that ask for the
    same document's parse get the cached one.
    """

    def __init__(self, batch_size: int = 16) -> None:
        self._parses: dict[str, Any] = {}
        self.batch_size = batch_size

    def prepare(self, docs: Iterable[Document]) -> None:
        from presswatch.nlp.pipelines import get_nlp, supported_languages

        by_lang: dict[str, list[Document]] = {}
        for d in docs:
            if d.id not in self._parses and (d.language or "en") in supported_languages():
                by_lang.setdefault(d.language or "en", []).append(d)
        for lang, group in by_lang.items():
            nlp = get_nlp(lang)
            for d, parsed in zip(group, nlp.pipe((d.text for d in group), batch_size=self.batch_size),
                                 strict=True):
                self._parses[d.id] = parsed

    def spacy_doc(self, doc: Document) -> Any:
        """spaCy ``Doc`` of ``doc.text`` (character offsets match ``Document.text``)."""
        if doc.id not in self._parses:
            from presswatch.nlp.pipelines import get_nlp

            self._parses[doc.id] = get_nlp(doc.language or "en")(doc.text)
        return self._parses[doc.id]

    def release(self, doc: Document) -> None:
        self._parses.pop(doc.id, None)


_instances: dict[str, Analyzer] = {}


def available() -> list[str]:
    names = list(BUILTIN)
    for ep in _entry_points():
        if ep.name not in names:
            names.append(ep.name)
    return names


def _entry_points() -> list[Any]:
    from importlib.metadata import entry_points

    return list(entry_points(group="presswatch.analyzers"))


def get(name: str) -> Analyzer:
    """The analyzer registered as ``name`` (instantiated once per process)."""
    if name in _instances:
        return _instances[name]
    target = BUILTIN.get(name)
    if target is not None:
        module, attr = target.split(":")
        cls = getattr(importlib.import_module(module), attr)
    else:
        eps = [ep for ep in _entry_points() if ep.name == name]
        if not eps:
            raise ConfigError(f"unknown analyzer {name!r}; available: {', '.join(available())}")
        cls = eps[0].load()
    inst = cls()
    if not isinstance(inst, Analyzer):
        raise ConfigError(f"analyzer {name!r} does not implement name, version, languages and annotate()")
    _instances[name] = inst
    return inst


def register(name: str, target: str) -> None:
    """Register an analyzer class by import path (``"package.module:Class"``) at run time."""
    BUILTIN[name] = target
    _instances.pop(name, None)


def run(names: list[str], doc: Document, resources: Resources) -> Document:
    """Run the named analyzers on ``doc`` in order, adding their spans and versions to it.

    An analyzer that does not handle the document's language is recorded as skipped
    (``doc.analyzers[name] = "skipped: language xx"``) rather than run on text it cannot read.
    """
    for name in names:
        a = get(name)
        if a.languages is not None and (doc.language or "en") not in a.languages:
            doc.analyzers[name] = f"skipped: language {doc.language or 'unknown'}"
            continue
        doc.spans = [s for s in doc.spans if s.analyzer != name]
        new = a.annotate(doc, resources)
        for s in new:
            s.analyzer = s.analyzer or name
        doc.spans.extend(new)
        doc.analyzers[name] = a.version
        summarize = getattr(a, "summarize", None)
        if summarize is not None:
            doc.summaries[name] = summarize(doc)
        else:
            doc.summaries.pop(name, None)
    doc.spans.sort(key=lambda s: (s.start, -s.end, s.analyzer, s.label))
    return doc
