"""The engines that run :class:`~presswatch.scale.work.Worker` over chunks: a local process pool and Ray.

Both take chunks lazily and keep only a few in flight (``window``), so that a million inputs never sit in memory,
and hand the results back in the order the chunks were given: what is stored does not depend on which worker
finished first. Each worker loads the analyzers once (a process of the pool, a Ray actor).
"""

from __future__ import annotations

import contextlib
import logging
import pickle
import queue as stdqueue
import threading
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from presswatch.errors import ConfigError, PresswatchError
from presswatch.scale.work import ChunkResult, Job, Worker

ENGINES = ("local", "ray")
RAY_ADDRESS_ENV = "RAY_ADDRESS"
_DONE = object()  # the end of Ray Data's results


def ray_address(option: str | None = None) -> str | None:
    """The Ray cluster to join: ``--address``, else ``RAY_ADDRESS``, else None (a local Ray started for the run)."""
    from presswatch import settings

    return option or settings.current().ray_address or None


def check_ray_address(target: str, timeout: float = 5.0) -> None:
    """Refuse what the engine cannot use, quickly and in one message: Ray Client (``ray://``), on which Ray Data
    does not run (its executor needs this process to be a node of the cluster), and an address where nothing
    answers (Ray itself waits minutes before it says so). ``auto`` and ``local`` are Ray's own and pass."""
    import socket

    if target.startswith("ray://"):
        raise ConfigError(
            "Ray Client (ray://) cannot run Ray Data: run presswatch on a node of the cluster with --address "
            "HOST:6379 (`ray start --address=HOST:6379 --num-cpus=0` makes this machine one), or submit it there with "
            "`ray job submit -- presswatch ...`",
            source=target,
        )
    if target in ("auto", "local"):
        return
    host, _, port = target.rpartition(":")
    if not host or not port.isdigit():
        raise ConfigError("a Ray address is HOST:PORT (the head's GCS port, 6379 by default)", source=target)
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout):
            pass
    except OSError as e:
        raise ConfigError(
            f"nothing answers there ({e.strerror or e}); is the Ray head running?", source=target
        ) from None


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


class _Analyse:
    """The Ray Data map function: a callable class, so each actor of the pool makes one :class:`Worker` (one copy of
    the models) and uses it for every chunk it gets. Rows are ``(seq, payload)``: a chunk pickled on the way in, its
    :class:`ChunkResult` pickled on the way out. :meth:`RayEngine._udf` binds the run's :class:`Job` to a subclass
    (shipped by value with the function) instead of passing it as a constructor argument."""

    job: Job

    def __init__(self) -> None:
        self.worker = Worker(self.job)

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        out = [pickle.dumps(self.worker.run(pickle.loads(p))) for p in batch.column("payload").to_pylist()]
        return pa.table({"seq": batch.column("seq"), "payload": pa.array(out, pa.binary())})


class _Feed:
    """A Ray Data source that reads the chunks this process hands it through a Ray queue, in one read task that
    holds no CPU: the inputs are read here (files, URLs with presswatch's checks, WARC records), lazily, while one
    dataset execution, and so one actor pool with its models loaded once, serves the whole run."""

    def __init__(self, queue: Any) -> None:
        self.queue = queue

    def source(self) -> Any:
        from ray.data.block import BlockMetadata
        from ray.data.datasource import Datasource, ReadTask

        queue = self.queue

        class FeedSource(Datasource):
            def estimate_inmemory_data_size(self) -> int | None:
                return None

            def get_read_tasks(self, parallelism: int, per_task_row_limit: int | None = None, data_context: Any = None):
                def read() -> Iterator[Any]:
                    import pyarrow as pa

                    while True:
                        item = queue.get(block=True)
                        if item is None:
                            return
                        seq, payload = item
                        yield pa.table(
                            {"seq": pa.array([seq], pa.int64()), "payload": pa.array([payload], pa.binary())}
                        )

                return [ReadTask(read, BlockMetadata(num_rows=None, size_bytes=None, exec_stats=None))]

        return FeedSource()


class RayEngine(Engine):
    """``workers`` Ray actors, each with one model copy (one CPU each), on the cluster at ``address`` (see
    :func:`ray_address`) or on a Ray started on this machine for the run and stopped after it. The work is one Ray
    Data pipeline: a source fed by this process (:class:`_Feed`) and ``map_batches`` over an actor pool of
    ``workers`` actors (:class:`_Analyse`), one chunk per call. Needs the ``scale`` extra; every node of a cluster
    needs presswatch installed, in the same version."""

    name = "ray"
    RETRIES = 2  # an actor that dies (a node lost) is restarted and its chunk run again, this many times

    def __init__(self, workers: int, job: Job, *, address: str | None = None) -> None:
        super().__init__(workers, job)
        try:
            import ray
            import ray.data  # noqa: F401 - the scale extra's Ray Data
        except ImportError:
            raise ConfigError("the ray engine needs Ray with Ray Data: pip install 'presswatch[scale]'") from None
        self._ray = ray
        self._started = False
        self._queue: Any = None  # the source's queue, once started
        self._thread: threading.Thread | None = None
        self._results: stdqueue.Queue[Any] = stdqueue.Queue()  # (seq, pickled ChunkResult) from Ray Data
        self._sent = 0  # chunks handed to the source so far, over every map
        target = ray_address(address)
        if target is not None and not ray.is_initialized():
            check_ray_address(target)
        if not ray.is_initialized():
            kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
            if target is None:  # a Ray of our own, sized for the run
                kwargs.update(num_cpus=workers, object_store_memory=256 * 1024 * 1024)
            try:
                ray.init(address=target, **kwargs)
            except (ConnectionError, RuntimeError, ValueError) as e:
                raise ConfigError(f"cannot start or reach Ray ({str(e)[:300]})", source=target or "local Ray") from None
            self._started = True
        # the one read task yields every chunk: Ray Data's warning that one input cannot feed the pool does not apply
        warnings.filterwarnings("ignore", message="The minimum number of concurrent actors", category=UserWarning)
        logging.getLogger("ray.data").setLevel(logging.ERROR)  # no lines of Ray Data's own on the user's terminal

    def _udf(self) -> type:
        return type("Analyse", (_Analyse,), {"job": self.job, "__module__": __name__})

    def _dataset(self, queue: Any) -> Any:
        import ray.data

        ds = ray.data.read_datasource(_Feed(queue).source(), num_cpus=0, override_num_blocks=1)
        with warnings.catch_warnings():  # max_restarts and max_task_retries have no named parameter in Ray 2.60
            warnings.simplefilter("ignore", DeprecationWarning)
            ds = ds.map_batches(
                self._udf(),
                batch_size=1,
                batch_format="pyarrow",
                compute=ray.data.ActorPoolStrategy(size=self.workers),
                num_cpus=1,
                max_restarts=self.RETRIES,
                max_task_retries=self.RETRIES,
            )
        ctx = ds.context
        ctx.enable_progress_bars = False  # presswatch shows its own
        ctx.print_on_execution_start = False
        ctx.enable_auto_log_stats = False
        ctx.target_max_block_size = 1  # every chunk its own block, on its way at once (not merged into bigger ones)
        ctx.execution_no_progress_timeout_s = -1  # the inputs come at this process's pace (slow servers, a watcher)
        return ds

    def _start(self) -> None:
        """The run's one dataset execution (and actor pool): started on the first :meth:`map`, ended by
        :meth:`close`, so that models load once however many times ``map`` is called."""
        from ray.util.queue import Queue

        self._queue = Queue(maxsize=self.workers, actor_options={"num_cpus": 0})
        ds = self._dataset(self._queue)
        results = self._results

        def drain() -> None:  # Ray Data's iterator blocks: it runs beside the loop that feeds the source
            try:
                for block in ds.iter_batches(batch_size=None, batch_format="pyarrow", prefetch_batches=0):
                    rows = zip(block.column("seq").to_pylist(), block.column("payload").to_pylist(), strict=True)
                    for seq, payload in rows:
                        results.put((seq, payload))
                results.put(_DONE)
            except BaseException as e:  # noqa: BLE001 - handed to the feeding loop, which raises it
                results.put(e)

        self._thread = threading.Thread(target=drain, name="presswatch-ray-results", daemon=True)
        self._thread.start()

    def _take(self, block: bool, first: int, ready: dict[int, ChunkResult]) -> bool:
        """Move one result from Ray into ``ready``; False when none came (``block=False``). Results of an
        earlier ``map`` left unread (numbered below ``first``) are dropped."""
        try:
            item = self._results.get(block=block)
        except stdqueue.Empty:
            return False
        if item is _DONE:
            raise PresswatchError("Ray Data ended the run before every chunk came back")
        if isinstance(item, BaseException):
            raise self._error(item) from None
        if item[0] >= first:
            ready[item[0]] = pickle.loads(item[1])
        return True

    def _send(self, item: Any, first: int, ready: dict[int, ChunkResult]) -> None:
        """Into the source's queue; while it is full, a failure of the run comes out instead of a wait forever."""
        from ray.util.queue import Full

        while True:
            try:
                self._queue.put(item, timeout=1.0)
                return
            except Full:
                while self._take(False, first, ready):
                    pass

    def _map(self, chunks: Iterable[list[Any]]) -> Iterator[ChunkResult]:
        if self._queue is None:
            self._start()
        first = done = self._sent
        ready: dict[int, ChunkResult] = {}
        for chunk in chunks:
            self._send((self._sent, pickle.dumps(chunk)), first, ready)
            self._sent += 1
            while self._take(False, first, ready):
                pass
            while self._sent - done >= self.window and done not in ready:
                self._take(True, first, ready)  # enough in flight: wait for the oldest
            while done in ready:
                yield ready.pop(done)
                done += 1
        while done < self._sent:
            while done not in ready:
                self._take(True, first, ready)
            yield ready.pop(done)
            done += 1

    @staticmethod
    def _error(e: BaseException) -> PresswatchError:
        from ray.exceptions import RayActorError

        if isinstance(e, RayActorError) or "ActorDiedError" in type(e).__name__ or "ActorDied" in str(e)[:2000]:
            return PresswatchError(
                "a Ray worker stopped (out of memory, or its node left) and could not be restarted; what was stored "
                "so far is kept: run the command again to do the rest"
            )
        first = next((line for line in str(e).splitlines() if line.strip()), type(e).__name__)
        return PresswatchError(f"a Ray worker failed ({first[:300]})")

    def close(self) -> None:
        if self._queue is not None:
            with contextlib.suppress(Exception):  # full or already gone: the kill below ends it
                self._queue.put_nowait(None)  # a source still waiting ends, and with it the dataset
            if self._thread is not None:
                self._thread.join(timeout=10)
            self._ray.kill(self._queue.actor)
            self._queue = None
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
