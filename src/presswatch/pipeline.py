"""From what a user names to analysed documents: ingest -> extract -> analyzers.

``analyze`` handles one source; ``process`` streams many, batching the spaCy parse, and turns each
failure into an :class:`~presswatch.ingest.InputFailure` without stopping the batch.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from presswatch import analyzers as analyzers_mod
from presswatch.errors import InputError, PresswatchError
from presswatch.ingest.extract import extract_html, from_text
from presswatch.ingest.fetch import FetchSettings, utc_now
from presswatch.ingest.sources import (
    DEFAULT_MAX_BYTES,
    InputFailure,
    RawInput,
    fetch_url,
    is_url,
    iter_inputs,
    read_file,
    sniff_kind,
)
from presswatch.model import Document


@dataclass(slots=True)
class Duplicate:
    """An input whose text is identical to one already seen in this run."""

    origin: str
    document_id: str


Outcome = Document | InputFailure | Duplicate


def to_document(raw: RawInput) -> Document:
    """Decode and extract one raw input (no analysis)."""
    if raw.kind == "html":
        return extract_html(raw.data, url=raw.url, charset=raw.charset, fetched_at=raw.fetched_at,
                            origin=raw.origin)
    return from_text(raw.data, url=raw.url, charset=raw.charset, fetched_at=raw.fetched_at, origin=raw.origin)


def extract(html: bytes | str, *, url: str | None = None) -> Document:
    """Article text and metadata of an HTML page, without any NLP."""
    return extract_html(html, url=url, fetched_at=utc_now(), origin=url)


def _raw_from_source(source: str | bytes | Path, *, url: str | None, settings: FetchSettings) -> RawInput:
    if isinstance(source, Path):
        return read_file(source, settings.max_bytes)
    if isinstance(source, bytes):
        return RawInput(data=source, origin=url or "bytes", kind=sniff_kind(source), url=url, fetched_at=utc_now())
    if is_url(source):
        return fetch_url(source, settings)
    if "\n" not in source and len(source) < 4096:
        p = Path(source)
        try:
            if p.is_file():
                return read_file(p, settings.max_bytes)
        except OSError:
            pass
    kind = sniff_kind(source.encode("utf-8", "replace")[:4096])
    return RawInput(data=source.encode("utf-8"), origin=url or "text", kind=kind, url=url, fetched_at=utc_now())


def analyze(
    source: str | bytes | Path | Document,
    *,
    analyzers: list[str] | None = None,
    url: str | None = None,
    settings: FetchSettings | None = None,
    max_chars: int | None = None,
) -> Document:
    """Analyse one document: a path, a URL, HTML bytes, a string of HTML or text, or a Document.

    A string that names an existing file is read as that file; otherwise it is taken as the
    document's content.
    """
    s = settings or FetchSettings()
    doc = source if isinstance(source, Document) else to_document(_raw_from_source(source, url=url, settings=s))
    res = analyzers_mod.Resources(max_chars=max_chars)
    return analyzers_mod.run(analyzers if analyzers is not None else analyzers_mod.DEFAULT, doc, res)


def analyze_documents(
    docs: Iterable[Document], *, analyzers: list[str] | None = None, batch_size: int = analyzers_mod.PARSE_BATCH,
    max_chars: int | None = None,
) -> Iterator[Document]:
    """Run analyzers over many documents, parsing each batch with one ``nlp.pipe`` call."""
    names = analyzers if analyzers is not None else analyzers_mod.DEFAULT
    res = analyzers_mod.Resources(batch_size=batch_size, max_chars=max_chars)
    batch: list[Document] = []

    def flush() -> Iterator[Document]:
        if names:
            res.prepare(batch, names)
        for d in batch:
            analyzers_mod.run(names, d, res)
            res.release(d)
            yield d
        batch.clear()

    for d in docs:
        batch.append(d)
        if len(batch) >= batch_size:
            yield from flush()
    if batch:
        yield from flush()


def analyse_batch(
    docs: list[Document], names: list[str], res: analyzers_mod.Resources, origins: list[str] | None = None,
) -> Iterator[tuple[Document, PresswatchError | None]]:
    """Run ``names`` over a batch parsed by ``nlp.pipe`` in groups; yield each document with None, or with the error
    that failed it alone (an analyzer crashing on one odd document must not end the batch; a failed batch parse
    leaves each document to be parsed on its own). ``origins`` name the documents in the errors. At most
    ``res.batch_size`` parses are held at a time, however long ``docs`` is (the watcher hands over 32 items)."""
    for i, d in enumerate(docs):
        if i % res.batch_size == 0 and names:
            # a failed batch parse: each document is parsed again on its own below, and fails alone
            with contextlib.suppress(Exception):
                res.prepare(docs[i : i + res.batch_size], names)
        origin = origins[i] if origins else (d.url or d.id)
        try:
            analyzers_mod.run(names, d, res)
        except PresswatchError as e:
            yield d, e
            continue
        except Exception as e:  # noqa: BLE001
            yield d, PresswatchError(f"analysis failed ({type(e).__name__}: {str(e)[:200]})", source=origin)
            continue
        finally:
            res.release(d)
        yield d, None


def process(
    specs: list[str],
    *,
    analyzers: list[str] | None = None,
    settings: FetchSettings | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = analyzers_mod.PARSE_BATCH,
    on_input: Callable[[str], None] | None = None,
    max_chars: int | None = None,
) -> Iterator[Outcome]:
    """Stream outcomes for every document named by ``specs`` (expanded beforehand).

    Failures come out as soon as they happen; documents come out after their batch is analysed.
    Documents whose text was already seen in this run come out as :class:`Duplicate`.
    """
    names = analyzers if analyzers is not None else analyzers_mod.DEFAULT
    res = analyzers_mod.Resources(batch_size=batch_size, max_chars=max_chars)
    seen: dict[str, str] = {}
    batch: list[tuple[RawInput, Document]] = []

    def flush() -> Iterator[Outcome]:
        for (raw, _), (d, error) in zip(batch, analyse_batch([d for _, d in batch], names, res,
                                                              [raw.origin for raw, _ in batch]), strict=True):
            yield d if error is None else InputFailure(raw.origin, error)
        batch.clear()

    s = settings or FetchSettings(max_bytes=max_bytes)
    for item in iter_inputs(specs, settings=s, max_bytes=max_bytes):
        if on_input is not None:
            on_input(item.origin)
        if isinstance(item, InputFailure):
            yield item
            continue
        try:
            doc = to_document(item)
        except PresswatchError as e:
            yield InputFailure(item.origin, e)
            continue
        except Exception as e:  # a library failing on one odd page must not end the batch
            yield InputFailure(item.origin, InputError(f"could not be read ({type(e).__name__}: {e})",
                                                       source=item.origin))
            continue
        if doc.id in seen:
            yield Duplicate(item.origin, doc.id)
            continue
        seen[doc.id] = item.origin
        batch.append((item, doc))
        if len(batch) >= batch_size:
            yield from flush()
    if batch:
        yield from flush()
