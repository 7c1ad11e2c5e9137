"""What one worker does, the same in a local process and in a Ray actor: extract and analyse a chunk of inputs
with the analyzers loaded once per worker (:class:`Worker`), and hand back results that cross a process boundary
intact (:class:`Failed` keeps an error's class and source, which pickling an exception would lose)."""

from __future__ import annotations

import os
import resource
import time
from dataclasses import dataclass

from presswatch import analyzers as analyzers_mod
from presswatch import errors
from presswatch.errors import InputError, PresswatchError
from presswatch.ingest.raw import InputFailure, RawInput
from presswatch.model import Document


@dataclass(slots=True)
class Job:
    """What every worker of a run does: the analyzers (None: the default set), the analysis limit, the parse batch.
    ``targets`` (filled in from this process's registry) carry analyzers registered at run time
    (:func:`presswatch.analyzers.register`) to workers, which start with the built-in registry only."""

    analyzers: list[str] | None = None
    max_chars: int | None = None
    batch_size: int = analyzers_mod.PARSE_BATCH
    targets: dict[str, str] | None = None

    def __post_init__(self) -> None:
        if self.targets is None:
            names = self.analyzers if self.analyzers is not None else analyzers_mod.DEFAULT
            self.targets = {n: analyzers_mod.BUILTIN[n] for n in names if n in analyzers_mod.BUILTIN}


@dataclass(slots=True)
class Failed:
    """An input that failed, as it travels back from a worker: rebuilt as an :class:`InputFailure` by
    :meth:`to_failure`."""

    origin: str
    error_class: str
    message: str
    source: str | None

    @classmethod
    def of(cls, origin: str, error: PresswatchError) -> Failed:
        return cls(origin, type(error).__name__, error.message, error.source)

    def to_failure(self) -> InputFailure:
        kind = getattr(errors, self.error_class, None)
        if not (isinstance(kind, type) and issubclass(kind, PresswatchError)):
            kind = PresswatchError
        return InputFailure(self.origin, kind(self.message, source=self.source))


@dataclass(slots=True)
class ChunkResult:
    """The results of one chunk, in the chunk's order (a Document or a Failed for each item), with the worker's
    process id and peak resident memory so far (MiB)."""

    results: list[Document | Failed]
    pid: int = 0
    peak_rss_mib: float = 0.0
    cpu_s: float = 0.0  # CPU seconds the worker spent on the chunk


def peak_rss_mib() -> float:
    """This process's peak resident set size (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Worker:
    """One model copy: the analyzers and the parse cache of one process, made once and used for every chunk."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.names = job.analyzers if job.analyzers is not None else list(analyzers_mod.DEFAULT)
        for name, target in (job.targets or {}).items():
            if analyzers_mod.BUILTIN.get(name) != target:
                analyzers_mod.register(name, target)
        for name in self.names:
            analyzers_mod.get(name)  # loaded now, once per worker
        self.res = analyzers_mod.Resources(batch_size=job.batch_size, max_chars=job.max_chars)

    def run(self, items: list[RawInput | Document]) -> ChunkResult:
        """Extract (a :class:`RawInput`) and analyse (every item) one chunk, parsed in one batch, as
        :func:`presswatch.pipeline.process` does; a failure is the failed item's alone."""
        from presswatch.pipeline import analyse_batch, to_document

        t0 = time.process_time()
        out: list[Document | Failed | None] = [None] * len(items)
        docs: list[Document] = []
        where: list[int] = []
        origins: list[str] = []
        for i, item in enumerate(items):
            if isinstance(item, Document):
                doc, origin = item, item.url or item.id
            else:
                origin = item.origin
                try:
                    doc = to_document(item)
                except PresswatchError as e:
                    out[i] = Failed.of(origin, e)
                    continue
                except Exception as e:  # noqa: BLE001 - a library failing on one odd page must not end the chunk
                    out[i] = Failed.of(
                        origin, InputError(f"could not be read ({type(e).__name__}: {e})", source=origin)
                    )
                    continue
            docs.append(doc)
            where.append(i)
            origins.append(origin)
        results = analyse_batch(docs, self.names, self.res, origins)
        for i, origin, (doc, error) in zip(where, origins, results, strict=True):
            out[i] = doc if error is None else Failed.of(origin, error)
        return ChunkResult([r for r in out if r is not None], os.getpid(), peak_rss_mib(), time.process_time() - t0)


_worker: Worker | None = None


def init_process(job: Job) -> None:
    """Pool initializer: the process's one :class:`Worker`."""
    global _worker
    _worker = Worker(job)


def run_chunk(items: list[RawInput | Document]) -> ChunkResult:
    """The pool's task: one chunk through the process's worker."""
    if _worker is None:  # pragma: no cover - the pool always runs init_process first
        raise RuntimeError("worker not initialised")
    return _worker.run(items)
