"""What every request needs: the server's settings and a store connection of its own thread."""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

import anyio
from fastapi import Request

if TYPE_CHECKING:  # pragma: no cover
    from presswatch.store.base import Store


T = TypeVar("T")
# threads of the slow pool: incidents, the comparison, the start of an export (presswatch.web.api), the compare and
# alerts pages, and, with --search-processes 0, what the search processes do otherwise (full-text search, places,
# per-source figures, and the search, map and sources pages: presswatch.web.searchpool)
SLOW_THREADS = 4
SEARCH_PROCESSES = 2  # worker processes per server process (``presswatch serve --search-processes``)


def slow_pool() -> ThreadPoolExecutor:
    """A new slow pool (one per application)."""
    return ThreadPoolExecutor(SLOW_THREADS, thread_name_prefix="presswatch-slow")


async def fast(request: Request, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` in AnyIO's worker threads (where FastAPI runs synchronous endpoints)."""
    return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs))


async def slow(request: Request, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` in the application's slow pool (``app.state.slow``), after what is queued there."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(request.app.state.slow, functools.partial(fn, *args, **kwargs))


@dataclass(frozen=True)
class ServeSettings:
    """How ``presswatch serve`` was started."""

    db: str | None = None
    host: str = "127.0.0.1"
    # a token that write endpoints (analyze a URL, change sources or alerts) need; required off loopback
    token: str | None = None
    # fetch private, loopback and link-local addresses on POST /api/analyze {"url": ...}
    allow_private_addresses: bool = False
    # request bodies over this many bytes are refused (413)
    max_body_bytes: int = 5 * 1024 * 1024
    # pages fetched for POST /api/analyze over this many bytes are refused
    max_fetch_bytes: int = 10 * 1024 * 1024
    # worker processes for full-text searches, places and per-source figures (presswatch.web.searchpool); 0: the
    # slow pool's threads
    search_processes: int = SEARCH_PROCESSES


class StorePool:
    """One store per worker thread: SQLite connections are not shared between threads, and FastAPI runs the
    synchronous endpoints in a thread pool."""

    def __init__(self, db: str | None) -> None:
        self.db = db
        self._local = threading.local()
        self._all: list[Store] = []
        self._lock = threading.Lock()

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            from presswatch.store import open_store

            store = open_store(self.db)
            self._local.store = store
            with self._lock:
                self._all.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            for store in self._all:
                store.close()
            self._all.clear()


class ThreadStore:
    """The store of whichever thread uses it: each method call goes to that thread's own connection.

    A dependency does not run in the thread of its endpoint (an asynchronous one runs in the event loop's thread,
    a synchronous one in any thread of the pool), and an SQLite connection may only be used in the thread that
    opened it; so the dependency hands over this, and the endpoint's calls reach the connection of the thread they
    run in. Only method calls are forwarded (``with store:`` is not: the pool closes the connections)."""

    def __init__(self, pool: StorePool) -> None:
        self._pool = pool

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pool.get(), name)

    def current(self) -> Store:
        """The calling thread's store itself (for code that needs the backend's own type)."""
        return self._pool.get()


async def get_store(request: Request) -> Store:
    """The store, as the calling thread's connection (a FastAPI dependency; see :class:`ThreadStore`). Asynchronous
    because it does no I/O: FastAPI runs a synchronous dependency in its thread pool, a hop that costs more than it
    does."""
    pool: StorePool = request.app.state.stores
    return cast("Store", ThreadStore(pool))


async def get_settings(request: Request) -> ServeSettings:
    """The server's settings (a FastAPI dependency)."""
    settings: ServeSettings = request.app.state.settings
    return settings
