"""The interface every store backend implements (SQLite now; PostgreSQL later).

Backends exchange :class:`~presswatch.model.Document` objects only, so analyzers and reports do not
change when the backend does.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from presswatch.errors import StoreError
from presswatch.model import Document


@dataclass(slots=True)
class PutResult:
    document_id: str
    status: Literal["new", "updated", "unchanged"]
    near_duplicate_of: str | None = None  # a stored document whose text this one nearly repeats


@dataclass(slots=True)
class SearchHit:
    document_id: str
    title: str | None
    source: str | None
    published: str | None
    snippet: str
    score: float
    # ids of the other matching documents that nearly repeat this one (SimHash within 7 bits), best first;
    # empty when the search was asked not to collapse near-copies
    near_copies: list[str] = field(default_factory=list)


class SearchResults(list[SearchHit]):
    """The hits of a search, best first, and ``notes``: what the search left out of the query, if anything
    (words over the cap), in words a user can act on."""

    def __init__(self, hits: Iterable[SearchHit] = (), notes: Iterable[str] = ()) -> None:
        super().__init__(hits)
        self.notes: list[str] = list(notes)


@dataclass(slots=True)
class StoredSummary:
    document_id: str
    title: str | None
    source: str | None
    published: str | None
    language: str | None
    url: str | None
    ingested_at: str


@dataclass(slots=True)
class DocumentQuery:
    """Which stored documents to find (:meth:`Store.find`); every criterion given must hold.

    ``since``/``until`` bound the publication date (both days included), ``q`` is a full-text query (the words of
    :meth:`Store.search`), ``place_id`` a gazetteer id some PLACE span resolved to, ``technique`` a persuasion
    technique's key (``Loaded_Language``), ``anonymous`` True for documents quoting an anonymous source (False:
    none).
    """

    source: str | None = None  # an outlet's name or domain
    since: str | None = None
    until: str | None = None
    language: str | None = None
    q: str | None = None
    place_id: str | None = None
    technique: str | None = None
    anonymous: bool | None = None


@dataclass(slots=True)
class FoundDocuments:
    """One page of :meth:`Store.find`: ``items`` (metadata, no text), and ``total`` matching documents."""

    items: list[dict[str, Any]]
    total: int
    notes: list[str] = field(default_factory=list)  # what a full-text query left out (see SearchResults.notes)


class PutManyError(StoreError):
    """:meth:`Store.put_many` could not store some documents of a batch; the others are stored. The message is the
    first failed document's (it names that document); ``results`` has a PutResult per document of the batch, in
    order, None for each that failed, and ``errors`` the (index in the batch, error) of each that failed."""

    def __init__(self, message: str, *, source: str | None = None, results: list[PutResult | None],
                 errors: list[tuple[int, StoreError]]) -> None:
        super().__init__(message, source=source)
        self.results = results
        self.errors = errors


class Store(ABC):
    location: str

    @abstractmethod
    def put(self, doc: Document, *, seen_url: str | None = None, replace: bool = False) -> PutResult:
        """Store ``doc`` once. Storing the same text again adds where it was seen and refreshes the
        analysis if the analyzers changed (with ``replace``, even if their versions did not: ``presswatch
        reanalyze --all``), but never makes a second copy."""

    @abstractmethod
    def put_many(self, docs: Sequence[Document], *, seen_urls: Sequence[str | None] | None = None,
                 replace: bool = False) -> list[PutResult]:
        """:meth:`put` for each of ``docs`` in order (``seen_urls``: each one's ``seen_url``), with the same results
        (a text twice in the batch is stored once, the second is "unchanged" or "updated"), in one transaction: the
        way batch ingests store an engine's chunk. When that transaction fails, the batch is stored again one
        :meth:`put` at a time, so that one bad document costs only itself: a :class:`PutManyError` then names it,
        after every other document of the batch is stored."""

    def _put_each(self, docs: Sequence[Document], seen_urls: Sequence[str | None], replace: bool) -> list[PutResult]:
        """:meth:`put_many` one :meth:`put` (one transaction) at a time: what a batch falls back to when its one
        transaction failed. A document that cannot be stored does not stop the others; the first one's error is
        raised at the end, as a PutManyError with every result."""
        results: list[PutResult | None] = []
        errors: list[tuple[int, StoreError]] = []
        for i, (doc, url) in enumerate(zip(docs, seen_urls, strict=True)):
            try:
                results.append(self.put(doc, seen_url=url, replace=replace))
            except StoreError as e:
                results.append(None)
                errors.append((i, e))
        if errors:
            first = errors[0][1]
            more = f"; {len(errors) - 1} other document(s) of the batch could not be stored either" if (
                len(errors) > 1) else ""
            raise PutManyError(first.message + more, source=first.source, results=results, errors=errors)
        return [r for r in results if r is not None]

    @abstractmethod
    def get(self, document_id: str) -> Document:
        """The stored document; a unique prefix of its id is enough. Raises NotFoundError."""

    def document_stamp(self, document_id: str) -> tuple[str, str | None]:
        """The full id of a stored document (a unique prefix is enough) and a stamp that changes whenever what
        :meth:`get` returns for it does, so that its JSON can be kept; None where a backend cannot tell (nothing is
        kept then). Raises NotFoundError."""
        return self.get(document_id).id, None

    @abstractmethod
    def search(self, query: str, *, limit: int = 20, raw: bool = False, collapse: bool = True,
               place_ids: Iterable[str] = ()) -> SearchResults:
        """Full-text search over titles and texts, best first. With ``collapse``, near-copies of a better hit
        are not hits of their own but listed in its ``near_copies``. ``place_ids``: the places the query names;
        documents that name one of them (in any language, under any name) are hits too, after the others."""

    @abstractmethod
    def search_places(self, place_ids: Iterable[str], *, limit: int = 20) -> SearchResults:
        """Documents that name one of ``place_ids`` (a PLACE span resolved to it), those naming it most first."""

    @abstractmethod
    def urls(self, document_id: str) -> list[str]:
        """Every URL (or other origin: a file, a WARC record) the document was seen at, first seen first."""

    @abstractmethod
    def add_url(self, document_id: str, url: str) -> bool:
        """Record that a stored document was seen at ``url`` too; False if no such document is stored."""

    @abstractmethod
    def list(self, *, limit: int = 50, source: str | None = None) -> list[StoredSummary]: ...

    @abstractmethod
    def count(self) -> int: ...

    @abstractmethod
    def iter_documents(self) -> Iterator[Document]: ...

    @abstractmethod
    def find(self, query: DocumentQuery, *, offset: int = 0, limit: int = 50) -> FoundDocuments:
        """The documents ``query`` selects, newest first (best first with a full-text query), ``limit`` from
        ``offset``: id, title, source, source_domain, published, language, url, near_duplicate_of (and ``snippet``
        with ``q``); the whole texts are not read."""

    @abstractmethod
    def find_ids(self, query: DocumentQuery) -> list[str]:
        """The ids of every document ``query`` selects, in :meth:`find`'s order (for exports)."""

    @abstractmethod
    def place_stats(self, query: DocumentQuery) -> list[dict[str, Any]]:
        """Every resolved place the selected documents name, most mentioned first: place_id, name, lat, lon,
        country, feature, mentions, documents, and ``names``: per source, each name written and how often."""

    @abstractmethod
    def source_stats(self, query: DocumentQuery) -> list[dict[str, Any]]:
        """Per source of the selected documents: documents, first and last publication day, documents per day,
        sourcing attributions by kind, and persuasion findings (per technique) and words of the documents the
        techniques analyzer read."""

    # -- the dashboard's lists (presswatch serve): the same rows, in the same order, from every backend
    @abstractmethod
    def browse(self, query: DocumentQuery, *, offset: int = 0, limit: int = 50) -> tuple[int, list[dict[str, Any]]]:
        """The documents ``query`` selects (its ``q`` is not read), newest first (undated last, then by id): how many
        in all, and ``limit`` from ``offset`` with id, title, source, published, language and ``opening`` (the
        text's first 280 characters)."""

    @abstractmethod
    def languages_of(self, document_ids: Iterable[str], query: DocumentQuery) -> dict[str, str | None]:
        """Which of ``document_ids`` ``query`` selects (its ``q`` is not read), each with its language."""

    @abstractmethod
    def place_counts(self, document_ids: Iterable[str] | None = None, *, limit: int = 400) -> list[dict[str, Any]]:
        """Resolved places, most mentioned first (then by name and id), over every document or over
        ``document_ids``: place_id, name, lat, lon, count (mentions) and documents."""

    @abstractmethod
    def source_counts(self) -> list[dict[str, Any]]:
        """Per source name (``''`` for documents without one), most documents first: name, documents, first and
        last publication date."""

    @abstractmethod
    def language_counts(self) -> list[tuple[str, int]]:
        """(language, documents) for every language identified, most documents first."""

    @abstractmethod
    def incident_count(self) -> int:
        """How many incidents documents are linked to."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
