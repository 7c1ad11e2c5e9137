"""Storing a stream of documents in batches: :class:`PutBatcher` gathers the documents an ingest or a re-analysis
hands it and stores them with :meth:`Store.put_many`, one transaction per batch instead of one per document (on
PostgreSQL, a round trip per statement, the batch engines' bottleneck), and reports each result in order."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

from presswatch.model import Document
from presswatch.store.base import PutManyError, PutResult, Store

BATCH = 16  # documents per transaction: an engine's chunk (presswatch.scale.CHUNK)
WAIT_S = 1.0  # the longest a document waits for its batch to fill, so that a slow ingest still shows each one soon


class PutBatcher:
    """``add`` documents; every ``size`` documents, or once the oldest waiting one has waited ``wait_s`` seconds when
    the next comes, they are stored together and ``on_stored(doc, result)`` is called for each, in order; ``flush``
    stores what is left (call it at the end). A document the batch could not store raises its error (a
    :class:`~presswatch.store.base.PutManyError`) after ``on_stored`` was called for every other one.

    ``see(document_id, url)`` records where a document still waiting in the batch was read (an ingest's input, an
    input with the same text): those URLs are added once the batch is stored, all in one transaction, after the
    URLs ``put`` adds (the order ``urls`` lists is the order of one ``put`` then one ``add_url`` each)."""

    def __init__(self, store: Store, on_stored: Callable[[Document, PutResult], None], *, replace: bool = False,
                 size: int = BATCH, wait_s: float = WAIT_S) -> None:
        self.store = store
        self.on_stored = on_stored
        self.replace = replace
        self.size = max(1, size)
        self.wait_s = wait_s
        self._docs: list[Document] = []
        self._urls: list[str | None] = []
        self._ids: set[str] = set()
        self._seen: list[tuple[str, str]] = []
        self._since = 0.0

    def add(self, doc: Document, seen_url: str | None = None) -> None:
        if not self._docs:
            self._since = time.monotonic()
        self._docs.append(doc)
        self._urls.append(seen_url)
        self._ids.add(doc.id)
        if len(self._docs) >= self.size or time.monotonic() - self._since >= self.wait_s:
            self.flush()

    def see(self, document_id: str, url: str) -> bool:
        """Record that ``document_id``, waiting in the batch, was seen at ``url`` too; False if it is not waiting."""
        if document_id not in self._ids:
            return False
        self._seen.append((document_id, url))
        return True

    def __len__(self) -> int:
        return len(self._docs)

    def flush(self) -> None:
        docs, urls, seen = self._docs, self._urls, self._seen
        if not docs:
            return
        self._docs, self._urls, self._ids, self._seen = [], [], set(), []
        try:
            results: list[PutResult | None] = list(self.store.put_many(docs, seen_urls=urls, replace=self.replace))
        except PutManyError as e:
            results = e.results
            self._add_seen(seen, {d.id for d, r in zip(docs, results, strict=True) if r is not None})
            for doc, res in zip(docs, results, strict=True):
                if res is not None:
                    self.on_stored(doc, res)
            raise
        self._add_seen(seen, {d.id for d in docs})
        for doc, res in zip(docs, results, strict=True):
            assert res is not None
            self.on_stored(doc, res)

    def _add_seen(self, seen: list[tuple[str, str]], stored: set[str]) -> None:
        todo = [(did, url) for did, url in seen if did in stored]
        if not todo:
            return
        atomic = getattr(self.store, "atomic", None)  # both stores have it: one transaction for the batch's URLs
        with atomic(f"where {len(todo)} document(s) were seen") if atomic else contextlib.nullcontext():
            for did, url in todo:
                self.store.add_url(did, url)
