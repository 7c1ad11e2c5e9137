"""Analyzers: small, pure functions of a document that add spans.

An analyzer has a ``name``, a ``version``, the ``languages`` it handles (None for all) and
``annotate(doc, resources) -> list[Span]``; it may also have ``summarize(doc) -> dict`` giving
per-document figures computed from its spans (kept in ``Document.summaries`` and in the store).
Analyzers never fetch and never write the store.

Besides the body, :func:`run` reads the headline and the standfirst (``Document.title`` and
``description``): each is analysed as a small document of its own, after the body, and its spans are added
with ``attrs["field"]`` set (offsets over that field; see :attr:`presswatch.model.Span.field`). An analyzer
says which of these fields it reads with ``fields`` (default: both; ``()`` for the body only), and may read
one with the whole document as context through ``annotate_field(part, doc, resources)``. Summaries and
the spans an analyzer sees while annotating the body are the body's alone.
Adding one touches one new module and one line of :data:`BUILTIN`; third-party packages can add
theirs through the ``presswatch.analyzers`` entry-point group.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from presswatch.errors import ConfigError
from presswatch.model import FIELDS, Document, Span
from presswatch.settings import current as current_settings

# name -> "module:attribute" of the analyzer class; the order is the order they run in
BUILTIN: dict[str, str] = {
    "entities": "presswatch.analyzers.entities:EntitiesAnalyzer",
    "sourcing": "presswatch.analyzers.sourcing:SourcingAnalyzer",
    "places": "presswatch.analyzers.places:PlacesAnalyzer",  # after sourcing: a place's voice reads its quotes
    "techniques": "presswatch.analyzers.techniques:TechniquesAnalyzer",
    "frames": "presswatch.analyzers.frames:FramesAnalyzer",
    "genre": "presswatch.analyzers.genre:GenreAnalyzer",
    "incidents": "presswatch.analyzers.incidents:IncidentsAnalyzer",
}
DEFAULT = ["entities", "sourcing", "places", "techniques", "frames", "incidents"]
# documents parsed together and held until each is analysed: the pipeline's transient memory grows with it (all six
# analyzers on 60 long English pages, benchmarks/bench_analyze.py: peak 1,040 MiB with 16, 871 MiB with 8, CPU no
# higher with 8)
PARSE_BATCH = 8
# run only when asked (`-a ...,genre`): its e5 vector (title and first 60 words since genre 1.1) costs about a
# quarter of the 1.5 CPU s a document of version 1.0 (some 40 times the spaCy parse then), still several parses
OPTIONAL = ["genre"]
# the fields besides the body that an analyzer without a ``fields`` attribute reads
SIDE_FIELDS: tuple[str, ...] = tuple(f for f in FIELDS if f != "text")
REPEATED_WORDS = 5  # a headline or standfirst of this many words or more that the body holds is not read twice
# A text longer than this is stored and searchable but not analysed (its analyzers say why): about 300,000 words,
# a hundred times a long article, and what bounds the memory and time of one document (a 1.1 million character
# text takes under 1 GB). Change it with --max-chars or PRESSWATCH_MAX_CHARS.
MAX_CHARS = 2_000_000


def max_chars_setting(value: int | None = None) -> int:
    """``value``, else PRESSWATCH_MAX_CHARS, else :data:`MAX_CHARS`."""
    if value is not None:
        return value
    env = (current_settings().max_chars or "").strip()
    if env:
        try:
            n = int(env)
        except ValueError:
            raise ConfigError(f"PRESSWATCH_MAX_CHARS must be a whole number of characters, not {env!r}") from None
        if n > 0:
            return n
        raise ConfigError("PRESSWATCH_MAX_CHARS must be positive")
    return MAX_CHARS


@runtime_checkable
class Analyzer(Protocol):
    name: str
    version: str
    languages: set[str] | None

    def annotate(self, doc: Document, resources: Resources) -> list[Span]: ...


class DocumentAnalyzer:
    """Base of an analyzer whose result is a property of the whole document (frames, genre): no spans, only
    ``summarize(doc)``; a language without a model is reported there as not analysed, never skipped; the headline
    is not read as a document of its own. ``model_dir``: the models' folder (default: the shipped one)."""

    name: str
    version: str
    languages: set[str] | None = None
    fields: tuple[str, ...] = ()

    def __init__(self, model_dir: Path | None = None) -> None:
        self._model_dir = model_dir

    def annotate(self, doc: Document, resources: Any) -> list[Span]:
        return []  # see summarize

    def summarize(self, doc: Document) -> dict[str, Any]:
        raise NotImplementedError


# languages with a parse of their own besides spaCy's (:func:`Resources.parse`): Russian through natasha
OWN_PARSERS = {"ru": "presswatch.nlp.ru:parse", "az": "presswatch.nlp.az:parse", "hy": "presswatch.nlp.hy:analyse"}


class Resources:
    """What analyzers share within a run: the parse of each document in its language, made once.

    :meth:`prepare` parses many documents in one ``nlp.pipe`` batch; later analyzers that ask for the
    same document's parse get the cached one. English is parsed by spaCy (:meth:`spacy_doc`), Russian by natasha
    (:meth:`parse` gives a :class:`presswatch.nlp.ru.RuParse`), loaded only when a Russian text comes.
    """

    def __init__(self, batch_size: int = PARSE_BATCH, max_chars: int | None = None) -> None:
        self._parses: dict[str, Any] = {}
        # parses made ahead by prepare() for the headlines, standfirsts and language parts of the batch that will be
        # read as documents of their own, by (language, exact text): each is handed to the first such document
        self._ahead: dict[tuple[str, str], Any] = {}
        self._segments: dict[str, list[tuple[str, list[tuple[int, int]]]]] = {}
        self.batch_size = batch_size
        self.max_chars = max_chars_setting(max_chars)

    def too_long(self, doc: Document) -> bool:
        return len(doc.text) > self.max_chars

    def segments(self, doc: Document) -> list[tuple[str, list[tuple[int, int]]]]:
        """The paragraphs of ``doc`` grouped by language, the document's own language first (one group for a
        page in one language): see :func:`presswatch.nlp.lang.paragraph_languages`. Made once a document."""
        if doc.id not in self._segments:
            from presswatch.nlp.lang import paragraph_languages

            lang = doc.language or "en"
            groups: dict[str, list[tuple[int, int]]] = {lang: []}
            if len(doc.paragraphs) > 1:
                for p, pl in zip(doc.paragraphs, paragraph_languages(doc.text, doc.paragraphs, lang), strict=True):
                    groups.setdefault(pl, []).append(p)
            else:
                groups[lang] = list(doc.paragraphs)
            self._segments[doc.id] = [(k, v) for k, v in groups.items() if v] or [(lang, list(doc.paragraphs))]
        return self._segments[doc.id]

    def prepare(self, docs: Iterable[Document], names: list[str] | None = None) -> None:
        """Parse the bodies of ``docs`` in one ``nlp.pipe`` batch per language. With ``names`` (the analyzers
        about to run), also the parts that :func:`run` will read as documents of their own with an analyzer that
        reads the parse (``reads_parse``): the headlines and standfirsts (:func:`run_fields`) and each language's
        paragraphs of a page in several (:func:`_run_routed`). A parse in a batch is the parse of the text alone
        (spaCy reads each text of a batch on its own), so nothing analysed changes; the batch spares the cost of
        a call per text."""
        from presswatch.nlp.pipelines import get_nlp, parse_many, supported_languages

        spacy_langs = supported_languages()
        by_lang: dict[str, list[Document]] = {}
        ahead: dict[str, dict[str, None]] = {}
        readers = [a for a in (get(n) for n in names or []) if getattr(a, "reads_parse", False)]
        self._ahead = {}
        for d in docs:
            lang = d.language or "en"
            if d.id not in self._parses and lang in spacy_langs and \
                    not self.too_long(d) and len(self.segments(d)) == 1:  # a page in several languages: per part
                by_lang.setdefault(lang, []).append(d)
            if readers and not self.too_long(d):
                for text, text_lang in _parts_read(d, self, readers, spacy_langs):
                    ahead.setdefault(text_lang, {})[text] = None
        for lang in [*by_lang, *(k for k in ahead if k not in by_lang)]:
            group = by_lang.get(lang, [])
            extra = list(ahead.get(lang, {}))
            parsed = iter(parse_many(get_nlp(lang), [d.text for d in group] + extra, batch_size=self.batch_size))
            for d in group:
                self._parses[d.id] = next(parsed)
            for t in extra:
                self._ahead[(lang, t)] = next(parsed)

    def spacy_doc(self, doc: Document) -> Any:
        """spaCy ``Doc`` of ``doc.text`` (character offsets match ``Document.text``)."""
        if doc.id not in self._parses:
            from presswatch.nlp.pipelines import get_nlp, parse

            lang = doc.language or "en"
            ready = self._ahead.pop((lang, doc.text), None)
            self._parses[doc.id] = ready if ready is not None else parse(get_nlp(lang), doc.text)
        return self._parses[doc.id]

    def parse(self, doc: Document) -> Any:
        """The parse of ``doc`` in its language: a spaCy ``Doc`` for English, a ``RuParse`` for Russian."""
        lang = doc.language or "en"
        target = OWN_PARSERS.get(lang)
        if target is None:
            return self.spacy_doc(doc)
        if doc.id not in self._parses:
            module, attr = target.split(":")
            self._parses[doc.id] = getattr(importlib.import_module(module), attr)(doc.text)
        return self._parses[doc.id]

    def release(self, doc: Document) -> None:
        self._parses.pop(doc.id, None)
        self._segments.pop(doc.id, None)


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
    (``doc.analyzers[name] = "skipped: language xx"``) rather than run on text it cannot read; so is every
    analyzer of a text longer than ``resources.max_chars``.
    A page whose paragraphs are in more than one language (:meth:`Resources.segments`) is routed: each
    language's paragraphs go to that language's analyzers (see :func:`_run_routed`); its spans keep the
    document's offsets and carry ``attrs["language"]``.
    ``doc.summaries["languages"]`` says, per language, which analyzers ran on its paragraphs and which did not
    and why (:func:`language_summary`).
    The body is analysed first, then the headline and the standfirst (see :func:`run_fields`).
    """
    side = [s for s in doc.spans if s.field != "text"]
    doc.spans = [s for s in doc.spans if s.field == "text"]  # what the analyzers see of the body
    segments = [] if resources.too_long(doc) or not names else resources.segments(doc)
    if len(segments) > 1:
        ran, per_lang = _run_routed(names, doc, resources, segments)
    else:
        ran = _run_body(names, doc, resources)
        lang = doc.language or "en"
        per_lang = {lang: (len(doc.paragraphs), len(doc.text), _statuses(names, doc.analyzers, doc.summaries))}
    doc.spans.sort(key=lambda s: (s.start, -s.end, s.analyzer, s.label))
    doc.spans = run_fields(ran, doc, resources, side) + doc.spans
    if names:
        doc.summaries["languages"] = language_summary(per_lang)
    return doc


def _run_body(names: list[str], doc: Document, resources: Resources) -> list[str]:
    """Run ``names`` on the body of ``doc`` (its language as it says); the names that ran."""
    ran: list[str] = []
    for name in names:
        a = get(name)
        if resources.too_long(doc):
            doc.spans = [s for s in doc.spans if s.analyzer != name]
            doc.summaries.pop(name, None)
            doc.analyzers[name] = (f"skipped: the text has {len(doc.text):,} characters, over the analysis limit "
                                   f"of {resources.max_chars:,} (--max-chars)")
            continue
        if a.languages is not None and (doc.language or "en") not in a.languages:
            doc.analyzers[name] = f"skipped: language {doc.language or 'unknown'}"
            continue
        ran.append(name)
        doc.spans = [s for s in doc.spans if s.analyzer != name]
        new = a.annotate(doc, resources)
        for s in new:
            s.analyzer = s.analyzer or name
        doc.spans.extend(new)
        _record_run(a, name, doc)
    return ran


def _record_run(a: Analyzer, name: str, doc: Document) -> None:
    """Record on ``doc`` that analyzer ``a`` (registered as ``name``) ran: its version, and its summary of
    ``doc`` where it makes one (an earlier summary of it is dropped where it does not)."""
    doc.analyzers[name] = a.version
    summarize = getattr(a, "summarize", None)
    if summarize is not None:
        doc.summaries[name] = summarize(doc)
    else:
        doc.summaries.pop(name, None)


def masked(text: str, keep: list[tuple[int, int]]) -> str:
    """``text`` with every character outside the ranges ``keep`` but line breaks turned into a space: the same
    length, so that what is found in it has the offsets of ``text``."""
    out: list[str] = []
    pos = 0
    for a, b in sorted(keep):
        if a > pos:
            out.append(_blank(text[pos:a]))
        out.append(text[a:b])
        pos = b
    out.append(_blank(text[pos:]))
    return "".join(out)


def _blank(part: str) -> str:
    return "".join(c if c in "\n\r" else " " for c in part)


def _run_routed(names: list[str], doc: Document, resources: Resources,
                segments: list[tuple[str, list[tuple[int, int]]]]) -> tuple[list[str], dict[str, tuple]]:
    """Run ``names`` over each language's paragraphs of ``doc`` as a document of its own: the body with the
    other languages' paragraphs blanked (:func:`masked`), the language set. Spans found keep the document's
    offsets and get ``attrs["language"]``. An analyzer's version is recorded when it ran on any language (else
    its skip reason in the document's language), and its summary is made over the whole body, every language's
    spans together, in the document's language. Returns the names that ran and, per language, its paragraphs,
    characters and the analyzers' statuses."""
    body = doc.spans
    new: list[Span] = []
    ran_any: list[str] = []
    per_lang: dict[str, tuple] = {}
    primary = doc.language or "en"
    reasons: dict[str, str] = {}
    for lang, paras in segments:
        inside = [Span(s.start, s.end, s.label, s.analyzer, dict(s.attrs)) for s in body
                  if s.analyzer not in names and any(a <= s.start and s.end <= b for a, b in paras)]
        part = Document(masked(doc.text, paras), language=lang, url=doc.url, source=doc.source,
                        source_domain=doc.source_domain, published=doc.published, kind=doc.kind,
                        paragraphs=list(paras), spans=inside)
        try:
            ran = _run_body(names, part, resources)
        finally:
            resources.release(part)
        for s in part.spans:
            if s.analyzer in ran:
                s.attrs["language"] = lang
                new.append(s)
        ran_any.extend(n for n in ran if n not in ran_any)
        if lang == primary:
            reasons.update(part.analyzers)
        reasons.update({k: v for k, v in part.analyzers.items() if k not in reasons})
        per_lang[lang] = (len(paras), sum(b - a for a, b in paras), _statuses(names, part.analyzers, part.summaries))
    doc.spans = [s for s in body if s.analyzer not in names] + new
    for name in names:
        a = get(name)
        if name not in ran_any:
            doc.analyzers[name] = reasons[name]
            doc.summaries.pop(name, None)
            continue
        _record_run(a, name, doc)
    return [n for n in names if n in ran_any], per_lang


def _statuses(names: list[str], versions: dict[str, str], summaries: dict[str, dict]) -> dict[str, str | None]:
    """Per analyzer: None when it ran and analysed the text, else why not (its skip reason, or the reason its
    summary gives for ``analysed: false``: no model for the language...)."""
    out: dict[str, str | None] = {}
    for name in names:
        status = versions.get(name, "")
        summary = summaries.get(name) or {}
        if status.startswith("skipped: language "):
            out[name] = f"does not read language {status.removeprefix('skipped: language ')!r}"
        elif status.startswith("skipped"):
            out[name] = status.removeprefix("skipped: ")
        elif summary.get("analysed") is False:
            out[name] = str(summary.get("reason") or "not analysed").removeprefix("skipped: ")
        else:
            out[name] = None
    return out


def language_summary(per_lang: dict[str, tuple]) -> dict[str, dict[str, Any]]:
    """``summaries["languages"]``: per language, its paragraphs and characters, the analyzers that ran on them
    (``ran``) and those that did not, each with why (``not_run``)."""
    out: dict[str, dict[str, Any]] = {}
    for lang, (paragraphs, chars, statuses) in per_lang.items():
        out[lang] = {"paragraphs": paragraphs, "characters": chars,
                     "ran": [n for n, why in statuses.items() if why is None],
                     "not_run": {n: why for n, why in statuses.items() if why is not None}}
    return out


def run_fields(names: list[str], doc: Document, resources: Resources, previous: list[Span]) -> list[Span]:
    """Spans of the headline and the standfirst of ``doc``, its body already analysed: ``previous`` (the
    spans these fields had) less those of ``names``, plus what ``names`` find now, each with
    ``attrs["field"]`` set.

    Each field is read as a small document of its own (the body's language, outlet and date), by every
    analyzer in ``names`` whose ``fields`` include it, in order, so that one analyzer may read another's spans
    there as in the body. A field whose words the body already holds (a headline or standfirst repeated as the
    body's first lines, a standfirst that is the body's first sentence) is not read twice; a field of a few
    words is read even when the body happens to hold them.
    """
    from presswatch.model import content_id

    out: list[Span] = []
    body = content_id(doc.text)
    for field_name in SIDE_FIELDS:
        kept = [s for s in previous if s.field == field_name and s.analyzer not in names]
        text = doc.field_text(field_name)
        # a routed page's analyzers ran on some language's paragraphs: the fields are read in the page's language
        readers = [n for n in names if field_name in getattr(get(n), "fields", SIDE_FIELDS)
                   and (get(n).languages is None or (doc.language or "en") in get(n).languages)]
        if not readers or not field_read(doc, field_name, body):
            out.extend(kept)
            continue
        part = Document(text, language=doc.language, url=doc.url, source=doc.source,
                        source_domain=doc.source_domain, published=doc.published, kind=doc.kind,
                        spans=[Span(s.start, s.end, s.label, s.analyzer, {k: v for k, v in s.attrs.items()
                                                                         if k != "field"}) for s in kept])
        try:
            for name in readers:
                a = get(name)
                annotate_field = getattr(a, "annotate_field", None)
                new = annotate_field(part, doc, resources) if annotate_field is not None else \
                    a.annotate(part, resources)
                for s in new:
                    s.analyzer = s.analyzer or name
                part.spans.extend(new)
        finally:
            resources.release(part)
        for s in part.spans:
            s.attrs["field"] = field_name
        out.extend(sorted(part.spans, key=lambda s: (s.start, -s.end, s.analyzer, s.label)))
    return out


def field_read(doc: Document, field_name: str, body_id: str | None = None) -> bool:
    """Whether :func:`run_fields` reads the field ``field_name`` of ``doc`` as a document of its own (given an
    analyzer that reads it): not when it is empty, or is the body (``body_id``: its content id), or its words
    (:data:`REPEATED_WORDS` or more) are in the body."""
    from presswatch.model import content_id

    text = doc.field_text(field_name)
    folded = " ".join(text.split()).rstrip(".…").strip()
    if not folded:
        return False
    if len(folded.split()) >= REPEATED_WORDS and folded in " ".join(doc.text.split()):
        return False
    return content_id(text) != (body_id if body_id is not None else content_id(doc.text))


def _parts_read(doc: Document, resources: Resources, readers: list[Any],
                languages: set[str]) -> Iterable[tuple[str, str]]:
    """(text, language) of each part of ``doc`` that :func:`run` will read as a document of its own with one of
    ``readers`` in one of ``languages``: each such language's paragraphs of a page in several (the others
    blanked, :func:`masked`), and the headline and standfirst (:func:`field_read`)."""
    def reads(a: Any, lang: str) -> bool:
        return a.languages is None or lang in a.languages

    segments = resources.segments(doc)
    if len(segments) > 1:
        for lang, paras in segments:
            if lang in languages and any(reads(a, lang) for a in readers):
                yield masked(doc.text, paras), lang
    lang = doc.language or "en"
    if lang not in languages:
        return
    body: str | None = None
    for field_name in SIDE_FIELDS:
        if any(reads(a, lang) and field_name in getattr(a, "fields", SIDE_FIELDS) for a in readers):
            if body is None:
                from presswatch.model import content_id

                body = content_id(doc.text)
            if field_read(doc, field_name, body):
                yield doc.field_text(field_name), lang
