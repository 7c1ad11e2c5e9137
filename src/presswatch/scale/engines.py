"""The engines that run :class:`~presswatch.scale.work.Worker` over chunks: a local process pool and Ray.

Both take chunks lazily and keep only a few in flight (``window``), so that a million inputs never sit in memory,
and hand the results back in the order the chunks were given: what is stored does not depend on which worker
finished first. Each worker loads the analyzers once (a process of the pool, a Ray actor).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from presswatch.errors import ConfigError, PresswatchError
from presswatch.scale.work import ChunkResult, Job, Worker

ENGINES = ("local", "ray")
RAY_ADDRESS_ENV = "RAY_ADDRESS"


def ray_address(option: str | None = None) -> str | None:
    """The Ray cluster to join: ``--address``, else ``RAY_ADDRESS``, else None (a local Ray started for the run)."""
    from presswatch import settings

    return option or settings.current().ray_address or None


def _in_order(
    submit: Callable[[list[Any]], Any], wait: Callable[[Any], ChunkResult], chunks: Iterable[list[Any]], window: int
) -> Iterator[ChunkResult]:
    """Submit chunks as they come, at most ``window`` in flight; results in submission order."""
    pending: deque[Any] = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield wait(pending.popleft())
    while pending:
        yield wait(pending.popleft())


class Engine:
    """``with engine: for result in engine.map(chunks): ...``; ``peak_rss_mib`` holds each worker's peak memory
    (MiB, by process id), ``cpu_s`` the CPU time the workers spent on chunks."""

    name = "engine"

    def __init__(self, workers: int, job: Job) -> None:
        if workers < 1:
            raise ConfigError("--workers must be at least 1")
        self.workers = workers
        self.job = job
        self.window = 2 * workers  # enough to keep every worker busy while the parent stores results
        self.peak_rss_mib: dict[int, float] = {}
        self.cpu_s = 0.0  # CPU seconds the workers spent on the chunks so far

    def map(self, chunks: Iterable[list[Any]]) -> Iterator[ChunkResult]:
        for result in self._map(chunks):
            self.peak_rss_mib[result.pid] = max(self.peak_rss_mib.get(result.pid, 0.0), result.peak_rss_mib)
            self.cpu_s += result.cpu_s
            yield result

    def _map(self, chunks: Iterable[list[Any]]) -> Iterator[ChunkResult]:  # pragma: no cover - abstract
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class LocalEngine(Engine):
    """A pool of ``workers`` processes on this machine (started with ``spawn``: nothing of the parent's state, its
    threads or open store, is inherited). ``in_process=True`` with one worker runs in this process instead."""

    name = "local"

    def __init__(self, workers: int, job: Job, *, in_process: bool = False) -> None:
        super().__init__(workers, job)
        self._pool: Any = None
        self._here: Worker | None = None
        if in_process and workers == 1:
            self._here = Worker(job)
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from presswatch.scale.work import init_process

        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=init_process,
            initargs=(job,),
        )

    def _map(self, chunks: Iterable[list[Any]]) -> Iterator[ChunkResult]:
        if self._here is not None:
            yield from (self._here.run(c) for c in chunks)
            return
        from concurrent.futures.process import BrokenProcessPool

        from presswatch.scale.work import run_chunk

        try:
            yield from _in_order(lambda c: self._pool.submit(run_chunk, c), lambda f: f.result(), chunks, self.window)
        except BrokenProcessPool:
            raise PresswatchError(
                "a worker process stopped (out of memory, or killed); what was stored so far is "
                "kept: run the command again to do the rest"
            ) from None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class RayEngine(Engine):
    """``workers`` Ray actors, each with one model copy (one CPU each), on the cluster at ``address`` (see
    :func:`ray_address`) or on a Ray started on this machine for the run and stopped after it. Needs the
    ``scale`` extra; every node of a cluster needs presswatch installed, in the same version."""

    name = "ray"

    def __init__(self, workers: int, job: Job, *, address: str | None = None) -> None:
        super().__init__(workers, job)
        try:
            import ray
            from ray.util import ActorPool
        except ImportError:
            raise ConfigError("the ray engine needs Ray: pip install 'presswatch[scale]'") from None
        self._ray = ray
        self._started = False
        target = ray_address(address)
        if not ray.is_initialized():
            kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
            if target is None:  # a Ray of our own, sized for the run
                kwargs.update(num_cpus=workers, object_store_memory=256 * 1024 * 1024)
            try:
                ray.init(address=target, **kwargs)
            except (ConnectionError, RuntimeError, ValueError) as e:
                raise ConfigError(f"cannot start or reach Ray ({str(e)[:300]})", source=target or "local Ray") from None
            self._started = True

        @ray.remote(num_cpus=1)
        class _Actor:
            def __init__(self, job: Job) -> None:
                self.worker = Worker(job)

            def run(self, items: list[Any]) -> ChunkResult:
                return self.worker.run(items)

        self._actors = [_Actor.remote(job) for _ in range(workers)]
        self._pool = ActorPool(self._actors)

    def _map(self, chunks: Iterable[list[Any]]) -> Iterator[ChunkResult]:
        from ray.exceptions import RayActorError, RayTaskError

        pool = self._pool
        in_flight = 0
        try:
            for chunk in chunks:
                pool.submit(lambda actor, c: actor.run.remote(c), chunk)
                in_flight += 1
                if in_flight >= self.window:
                    in_flight -= 1
                    yield pool.get_next()
            while in_flight:
                in_flight -= 1
                yield pool.get_next()
        except RayActorError:
            raise PresswatchError(
                "a Ray worker stopped (out of memory, or its node left); what was stored so far "
                "is kept: run the command again to do the rest"
            ) from None
        except RayTaskError as e:
            raise PresswatchError(f"a Ray worker failed ({str(e).splitlines()[0][:300]})") from None

    def close(self) -> None:
        for a in getattr(self, "_actors", []):
            self._ray.kill(a)
        self._actors = []
        if self._started:
            self._ray.shutdown()
            self._started = False


def make_engine(name: str, workers: int, job: Job, *, address: str | None = None, in_process: bool = False) -> Engine:
    """The engine called ``name`` (``local`` or ``ray``) with ``workers`` workers."""
    if name == "local":
        if address:
            raise ConfigError("--address is for --engine ray")
        return LocalEngine(workers, job, in_process=in_process)
    if name == "ray":
        return RayEngine(workers, job, address=address)
    raise ConfigError(f"unknown engine {name!r}; use one of: {', '.join(ENGINES)}")
