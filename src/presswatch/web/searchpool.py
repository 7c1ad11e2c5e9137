"""Full-text searches and the other heavy read-only queries of the API (places, per-source figures) and of the
dashboard (the search, map and sources pages, made HTML and all: :meth:`SearchPool.call`) in a few worker
processes of their own, so that the server's event loop and interpreter lock stay free for lists and documents.

In threads of the server's process (the slow pool of :mod:`presswatch.web.deps`), a burst of searches held the
interpreter lock and the two cores long enough to push the p99 of ``/api/documents`` and ``/api/documents/{id}``
past 200 ms. Here they run in :data:`SEARCH_PROCESSES` spawned processes, each with its own store connection,
niced by :data:`NICE` so that the kernel serves the server's process first when both want a core. Each worker
answers with the JSON bytes (the same bytes :func:`presswatch.web.data.json_bytes` makes in the server), so the
answers are byte for byte those of the thread pool. Beyond :data:`QUEUE_BOUND` queries waiting for a worker a new
one is refused at once with 503 and ``Retry-After`` instead of queueing without end.

Only functions that read the store go here: the comparison and the incidents link new incidents (a write guarded
by a lock of the server's process) and stay in the slow pool.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

from presswatch.errors import PresswatchError
from presswatch.web.deps import SEARCH_PROCESSES

if TYPE_CHECKING:  # pragma: no cover
    from presswatch.store.base import Store

QUEUE_BOUND = 64  # queries waiting for a worker beyond which a new one is answered 503
NICE = 10  # added to the workers' niceness
RETRY_AFTER_S = 1  # the Retry-After of a 503


class SearchesBusy(Exception):
    """More than :data:`QUEUE_BOUND` queries are waiting for a worker (or the workers died): answer 503."""


# ------------------------------------------------------------------------------------------ in the workers
_db: str | None = None
_store: Store | None = None


def _start_worker(db: str | None, nice: int) -> None:
    global _db
    _db = db
    # Ctrl-C in a terminal reaches the whole process group: the server shuts the pool down itself
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if nice:
        with contextlib.suppress(OSError):  # a higher niceness is always allowed
            os.nice(nice)


def _worker_store() -> Store:
    global _store
    if _store is None:
        from presswatch.store import open_store

        _store = open_store(_db)
    return _store


def _call(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[str, Any]:
    """``fn(store, *args, **kwargs)`` as JSON bytes: ("ok", bytes), or ("error", (class, attributes)) for a
    presswatch error (sent as its class and attributes: some of them cannot be rebuilt from their arguments)."""
    from presswatch.web.data import json_bytes

    try:
        return "ok", json_bytes(fn(_worker_store(), *args, **kwargs))
    except PresswatchError as e:
        return "error", (type(e), e.message, dict(e.__dict__))


def _call_value(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[str, Any]:
    """``fn(store, *args, **kwargs)`` as it is (it must pickle: a page's status and HTML, say), or a presswatch
    error as :func:`_call` sends it."""
    try:
        return "ok", fn(_worker_store(), *args, **kwargs)
    except PresswatchError as e:
        return "error", (type(e), e.message, dict(e.__dict__))


def _warm(_: int, preload: tuple[str, ...] = ()) -> int:
    """What a worker loads before its first query: the store, and the modules its queries and pages come from (named
    by the server, which knows them: this module does not import the pages that use it)."""
    for name in preload:
        importlib.import_module(name)
    _worker_store()
    return os.getpid()


def worker_info(store: Store) -> dict[str, Any]:
    """The process a query runs in: its id and niceness (for the tests and for a look at a running server)."""
    return {"pid": os.getpid(), "nice": os.nice(0)}


def _rebuilt(cls: type[PresswatchError], message: str, attributes: dict[str, Any]) -> PresswatchError:
    error = cls.__new__(cls)
    error.args = (message,)
    error.__dict__.update(attributes)
    return error


# ---------------------------------------------------------------------------------------- in the server
class SearchPool:
    """``processes`` spawned workers over the store ``db``, started on :meth:`start` (or on the first query)."""

    def __init__(
        self,
        db: str | None,
        processes: int = SEARCH_PROCESSES,
        queue_bound: int = QUEUE_BOUND,
        nice: int = NICE,
        preload: tuple[str, ...] = (),
    ) -> None:
        self.db = db
        self.preload = preload  # modules each worker imports on start (those of the queries and pages it will run)
        self.processes = processes
        self.queue_bound = queue_bound
        self.nice = nice
        self.waiting = 0  # queries submitted and not answered (in a worker or waiting for one)
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    self.processes,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_worker,
                    initargs=(self.db, self.nice),
                )
            return self._executor

    def start(self) -> list[Future[int]]:
        """Start the workers now, each loading what a query needs, without waiting for them (a worker takes about
        a second to import presswatch: the server answers lists and documents meanwhile)."""
        pool = self._pool()
        return [pool.submit(_warm, n, self.preload) for n in range(self.processes)]

    async def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> bytes:
        """The JSON bytes of ``fn(store, *args, **kwargs)`` run in a worker with its own store. ``fn`` must be a
        module-level function (it is sent by name) whose arguments pickle. Raises :class:`SearchesBusy` beyond the
        queue bound, and the presswatch error ``fn`` raised."""
        body: bytes = await self._submit(_call, fn, args, kwargs)
        return body

    async def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``fn(store, *args, **kwargs)`` run in a worker with its own store, its value as it is (it must pickle): the
        dashboard's pages that only read (presswatch.web.pages) are made, HTML and all, this way. As :meth:`run`
        otherwise."""
        return await self._submit(_call_value, fn, args, kwargs)

    async def _submit(
        self,
        call: Callable[..., tuple[str, Any]],
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> Any:
        if self.waiting >= self.processes + self.queue_bound:
            raise SearchesBusy(f"{self.waiting} queries are waiting")
        pool = self._pool()
        self.waiting += 1  # only the event loop's thread counts
        try:
            try:
                kind, value = await asyncio.wrap_future(pool.submit(call, fn, args, kwargs))
            except BrokenProcessPool:  # a worker died (killed, out of memory): the next query gets new ones
                self._replace(pool)
                raise SearchesBusy("a search process died") from None
        finally:
            self.waiting -= 1
        if kind == "error":
            raise _rebuilt(*value)
        return value

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is broken:
                self._executor = None
        broken.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        with self._lock:
            pool, self._executor = self._executor, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
