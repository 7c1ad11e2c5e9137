"""Batch analysis on several cores or machines: the same results as the sequential pipeline, more workers.

:func:`analyse_inputs` reads what the user named in this process (files, URLs with their address checks, WARC
records), hands chunks of raw inputs to an engine's workers to extract and analyse (``local``: a process pool;
``ray``: Ray actors, see :mod:`presswatch.scale.engines`), and yields each outcome in input order, with the
same duplicate handling as :func:`presswatch.pipeline.process`. The caller stores them: one writer, whatever
the number of workers. :func:`reanalyse` does the same for stored documents (after an analyzer changed).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator

from presswatch import analyzers as analyzers_mod
from presswatch.ingest.fetch import FetchSettings
from presswatch.ingest.raw import InputFailure, RawInput
from presswatch.model import Document
from presswatch.pipeline import Duplicate, Outcome
from presswatch.scale.engines import ENGINES, Engine, LocalEngine, RayEngine, make_engine, ray_address
from presswatch.scale.work import Failed, Job

__all__ = [
    "ENGINES",
    "Engine",
    "Job",
    "LocalEngine",
    "RayEngine",
    "analyse_inputs",
    "is_stale",
    "make_engine",
    "ray_address",
    "reanalyse",
]

CHUNK = 16  # items a worker gets at once: one spaCy batch


def _run(
    engine: Engine, items: Iterable[tuple[str, RawInput | Document | InputFailure]], chunk: int
) -> Iterator[tuple[str, Document | InputFailure]]:
    """(origin, item) in, (origin, result) out, in input order; failures already known are passed on between
    chunks, without a trip to a worker."""
    known: deque[tuple[str, InputFailure]] = deque()
    sent: deque[list[str]] = deque()

    def chunks() -> Iterator[list[RawInput | Document]]:
        batch: list[RawInput | Document] = []
        origins: list[str] = []
        for origin, item in items:
            if isinstance(item, InputFailure):
                known.append((origin, item))
                continue
            batch.append(item)
            origins.append(origin)
            if len(batch) >= chunk:
                sent.append(origins)
                yield batch
                batch, origins = [], []
        if batch:
            sent.append(origins)
            yield batch

    for result in engine.map(chunks()):
        while known:
            yield known.popleft()
        for origin, r in zip(sent.popleft(), result.results, strict=True):
            yield origin, (r.to_failure() if isinstance(r, Failed) else r)
    while known:
        yield known.popleft()


def analyse_inputs(
    specs: list[str],
    engine: Engine,
    *,
    settings: FetchSettings | None = None,
    on_input: Callable[[str], None] | None = None,
    chunk: int = CHUNK,
) -> Iterator[tuple[str, Outcome]]:
    """(origin, outcome) for every document named by ``specs`` (expanded beforehand), in input order: a Document
    (analysed by ``engine``'s job), an :class:`InputFailure`, or a :class:`Duplicate` for a text already seen in
    this run (the first input in order keeps it, as in the sequential pipeline)."""
    from presswatch.ingest.sources import iter_inputs

    s = settings or FetchSettings()

    def items() -> Iterator[tuple[str, RawInput | InputFailure]]:
        for item in iter_inputs(specs, settings=s, max_bytes=s.max_bytes):
            if on_input is not None:
                on_input(item.origin)
            yield item.origin, item

    seen: set[str] = set()
    for origin, outcome in _run(engine, items(), chunk):
        if isinstance(outcome, Document):
            if outcome.id in seen:
                yield origin, Duplicate(origin, outcome.id)
                continue
            seen.add(outcome.id)
        yield origin, outcome


def is_stale(doc: Document, names: list[str], max_chars: int | None = None) -> bool:
    """Whether analysing ``doc`` with ``names`` now could give another result than the one stored: an analyzer
    never run on it, or run in another version. One skipped for a reason that still holds (a language it does
    not read, a text over the length limit) is not stale."""
    limit = analyzers_mod.max_chars_setting(max_chars)
    for name in names:
        a = analyzers_mod.get(name)
        stored = doc.analyzers.get(name)
        if stored == a.version:
            continue
        if (
            stored
            and stored.startswith("skipped: language")
            and a.languages is not None
            and (doc.language or "en") not in a.languages
            and len(doc.text) <= limit
        ):
            continue
        if stored and stored.startswith("skipped: the text has") and len(doc.text) > limit:
            continue
        return True
    return False


def reanalyse(
    docs: Iterable[Document], engine: Engine, *, chunk: int = CHUNK
) -> Iterator[tuple[str, Document | InputFailure]]:
    """Run ``engine``'s analyzers again over ``docs`` (stored documents): (document id, the document analysed
    again or the failure), in order."""
    return _run(engine, ((d.id, d) for d in docs), chunk)
