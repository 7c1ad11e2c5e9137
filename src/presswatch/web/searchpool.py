"""Full-text searches and the other heavy read-only queries of the API (places, per-source figures) and of the
dashboard (the search, map and sources pages, made HTML and all: :meth:`SearchPool.call`) in a few worker
processes of their own, so that the server's event loop and interpreter lock stay free for lists and documents.

In threads of the server's process (the slow pool of :mod:`presswatch.web.deps`), a burst of searches held the
interpreter lock and the two cores long enough to push the p99 of ``/api/documents`` and ``/api/documents/{id}``
past 200 ms. Here they run in ``SEARCH_PROCESSES`` (web.deps) spawned processes, each with its own store connection,
niced by :data:`NICE` so that the kernel serves the server's process first when both want a core. Each worker
answers with the JSON bytes (the same bytes :func:`presswatch.web.data.json_bytes` makes in the server), so the
answers are byte for byte those of the thread pool. The API's queries and the pages wait in a queue each, and a
free worker takes from the kind that has had the less worker time (:class:`SearchPool`). Beyond :data:`QUEUE_BOUND`
queries of one kind waiting for a worker a new one of that kind is refused at once with 503 and ``Retry-After``
instead of queueing without end.

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
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from presswatch.errors import PresswatchError
from presswatch.web.deps import SEARCH_PROCESSES

if TYPE_CHECKING:  # pragma: no cover
    from presswatch.store.base import Store

QUEUE_BOUND = 64  # queries of one kind waiting for a worker beyond which a new one of that kind is answered 503
NICE = 10  # added to the workers' niceness
RETRY_AFTER_S = 1  # the Retry-After of a 503
AHEAD = 1  # queries handed to the executor beyond one per worker, so that a worker that answers finds the next
CREDIT_S = 1.0  # worker seconds a kind of query may fall behind the other before its lead stops growing


class SearchesBusy(Exception):
    """More than :data:`QUEUE_BOUND` queries of a kind are waiting for a worker (or the workers died): answer 503."""


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


def _call(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[str, Any, float]:
    """``fn(store, *args, **kwargs)`` as JSON bytes: ("ok", bytes, seconds), or ("error", (class, attributes),
    seconds) for a presswatch error (sent as its class and attributes: some of them cannot be rebuilt from their
    arguments); ``seconds``: how long the worker took."""
    from presswatch.web.data import json_bytes

    return _timed(lambda: json_bytes(fn(_worker_store(), *args, **kwargs)))


def _call_value(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[str, Any, float]:
    """``fn(store, *args, **kwargs)`` as it is (it must pickle: a page's status and HTML, say), or a presswatch
    error, as :func:`_call` sends them."""
    return _timed(lambda: fn(_worker_store(), *args, **kwargs))


def _timed(make: Callable[[], Any]) -> tuple[str, Any, float]:
    started = time.monotonic()
    try:
        return "ok", make(), time.monotonic() - started
    except PresswatchError as e:
        return "error", (type(e), e.message, dict(e.__dict__)), time.monotonic() - started


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


def pause(store: Store, seconds: float) -> dict[str, Any]:
    """Hold a worker for ``seconds`` (for the tests of the queues)."""
    time.sleep(seconds)
    return {"pid": os.getpid(), "slept": seconds}


def _rebuilt(cls: type[PresswatchError], message: str, attributes: dict[str, Any]) -> PresswatchError:
    error = cls.__new__(cls)
    error.args = (message,)
    error.__dict__.update(attributes)
    return error


# ---------------------------------------------------------------------------------------- in the server
# the queues: the REST API's queries (:meth:`SearchPool.run`) and the dashboard's pages (:meth:`SearchPool.call`)
KINDS = ("api", "page")


@dataclass
class _Waiting:
    """A query waiting in its kind's queue for a free worker."""

    answer: Future[tuple[str, Any, float]]  # what the caller awaits
    call: Callable[..., tuple[str, Any, float]]
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


class SearchPool:
    """``processes`` spawned workers over the store ``db``, started on :meth:`start` (or on the first query).

    The REST API's queries and the dashboard's pages wait in two queues of their own (:data:`KINDS`), each bounded
    by ``queue_bound``; at most ``processes`` + :data:`AHEAD` queries are in the executor at once, and when one
    is answered, the next is taken from the queue of the kind that has had the less worker time (``used``: the
    seconds its queries took in the workers; a query not yet answered counts its kind's mean meanwhile). So when
    both kinds wait, each gets at least half of the workers' time, and all of it when the other is idle: a burst
    of page builds (some 60 ms each) no longer holds the API's searches (some 10 ms) behind it, nor the reverse. A
    kind that was idle or light comes back at most :data:`CREDIT_S` worker seconds behind the other, so it cannot
    then hold the other back for longer than that."""

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
        # per kind, queries submitted and not answered (in a worker or waiting for one)
        self.waiting: dict[str, int] = dict.fromkeys(KINDS, 0)
        self.served: dict[str, int] = dict.fromkeys(KINDS, 0)  # per kind, queries handed to a worker
        self.used: dict[str, float] = dict.fromkeys(KINDS, 0.0)  # per kind, worker seconds (see above)
        self._mean: dict[str, float] = dict.fromkeys(KINDS, 0.01)  # per kind, a moving mean of a query's seconds
        self._queues: dict[str, deque[_Waiting]] = {kind: deque() for kind in KINDS}
        self._running = 0  # queries handed to the executor and not answered
        self._last = KINDS[-1]  # the kind served last (on a tie, the other goes first)
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.RLock()  # the queues and the executor (the executor's callbacks come from its thread)

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
        """The JSON bytes of ``fn(store, *args, **kwargs)`` run in a worker with its own store (in the ``api``
        queue). ``fn`` must be a module-level function (it is sent by name) whose arguments pickle. Raises
        :class:`SearchesBusy` beyond the queue bound, and the presswatch error ``fn`` raised."""
        body: bytes = await self._submit("api", _call, fn, args, kwargs)
        return body

    async def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``fn(store, *args, **kwargs)`` run in a worker with its own store, its value as it is (it must pickle): the
        dashboard's pages that only read (presswatch.web.pages) are made, HTML and all, this way (in the ``page``
        queue). As :meth:`run` otherwise."""
        return await self._submit("page", _call_value, fn, args, kwargs)

    async def _submit(
        self,
        kind: str,
        call: Callable[..., tuple[str, Any, float]],
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> Any:
        answer: Future[tuple[str, Any, float]] = Future()
        with self._lock:
            if self.waiting[kind] >= self.processes + self.queue_bound:
                raise SearchesBusy(f"{self.waiting[kind]} {kind} queries are waiting")
            self.waiting[kind] += 1
            self._queues[kind].append(_Waiting(answer, call, fn, args, kwargs))
            self._dispatch()
        try:
            try:
                status, value, _ = await asyncio.wrap_future(answer)
            except BrokenProcessPool:  # a worker died (killed, out of memory): the next query gets new ones
                raise SearchesBusy("a search process died") from None
        finally:
            with self._lock:
                self.waiting[kind] -= 1
        if status == "error":
            raise _rebuilt(*value)
        return value

    def _next(self) -> tuple[str, _Waiting] | None:
        """The next query to hand to a worker and its kind: from the waiting kind that had the less worker time
        (on a tie, not the kind served last), skipping queries whose caller went away."""
        lead = max(self.used.values()) - CREDIT_S
        for kind in KINDS:
            self.used[kind] = max(self.used[kind], lead)
        order = sorted(KINDS, key=lambda kind: (self.used[kind], kind == self._last))
        for kind in order:
            queue = self._queues[kind]
            while queue:
                waiting = queue.popleft()
                if waiting.answer.set_running_or_notify_cancel():
                    self._last = kind
                    self.served[kind] += 1
                    return kind, waiting
        return None

    def _dispatch(self) -> None:
        """Hand waiting queries to the executor while fewer than ``processes`` + :data:`AHEAD` are in it (under the
        lock): one more than the workers, so that a worker that answers takes the next query at once instead of
        waiting for the executor's threads to pass its answer and the next query along."""
        while self._running < self.processes + AHEAD:
            chosen = self._next()
            if chosen is None:
                return
            kind, waiting = chosen
            pool = self._pool()
            self._running += 1
            try:
                inner = pool.submit(waiting.call, waiting.fn, waiting.args, waiting.kwargs)
            except (BrokenProcessPool, RuntimeError) as e:  # broken or shut down: this query fails, new workers
                self._running -= 1
                self._replace(pool)
                waiting.answer.set_exception(e if isinstance(e, BrokenProcessPool) else BrokenProcessPool(str(e)))
                continue
            charged, started = self._mean[kind], time.monotonic()
            self.used[kind] += charged  # until the answer says how long it took
            inner.add_done_callback(
                lambda done, w=waiting, p=pool, k=kind, c=charged, t=started: self._answered(done, w, p, k, c, t)
            )

    def _answered(
        self,
        done: Future[tuple[str, Any, float]],
        waiting: _Waiting,
        pool: ProcessPoolExecutor,
        kind: str,
        charged: float,
        started: float,
    ) -> None:
        error = BrokenProcessPool("the search processes were shut down") if done.cancelled() else done.exception()
        took = time.monotonic() - started if error is not None else done.result()[2]
        with self._lock:
            self._running -= 1
            self.used[kind] += took - charged
            self._mean[kind] += (took - self._mean[kind]) / 8
            if isinstance(error, BrokenProcessPool):
                self._replace(pool)
            self._dispatch()
        if error is not None:
            waiting.answer.set_exception(error)
        else:
            waiting.answer.set_result(done.result())

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is not broken:
                return
            self._executor = None
        broken.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        with self._lock:
            pool, self._executor = self._executor, None
            for queue in self._queues.values():
                while queue:
                    queue.popleft().answer.cancel()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
