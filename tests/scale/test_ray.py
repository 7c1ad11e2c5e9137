"""The Ray engine (Ray Data, an actor pool) on a Ray started for the test (local CPUs): the same outcomes as the
in-process worker, one actor pool for every run of an engine, one message when a worker keeps dying. Ray is in the
``test`` and ``scale`` extras; skipped where it is not installed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from scale_helpers import write_corpus

from presswatch import analyzers as analyzers_mod
from presswatch.errors import ConfigError, PresswatchError
from presswatch.ingest.raw import InputFailure
from presswatch.model import Document
from presswatch.pipeline import Duplicate
from presswatch.scale import Job, LocalEngine, RayEngine, analyse_inputs, ray_address, reanalyse

pytest.importorskip("ray")


@pytest.fixture
def boom(monkeypatch):
    before = dict(analyzers_mod.BUILTIN)
    for name, cls in (("boom", "BoomAnalyzer"), ("tick", "TickAnalyzer"), ("die", "DieAnalyzer")):
        analyzers_mod.register(name, f"scale_helpers:{cls}")
    # Ray's worker processes find the helper module (and this checkout) through PYTHONPATH
    here = [str(Path(__file__).parent), str(Path(analyzers_mod.__file__).parents[2])]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([*here, os.environ.get("PYTHONPATH", "")]))
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    yield
    analyzers_mod.BUILTIN.clear()
    analyzers_mod.BUILTIN.update(before)
    for name in ("boom", "tick", "die"):
        analyzers_mod._instances.pop(name, None)


def _plain(outcomes):
    out = []
    for origin, o in outcomes:
        if isinstance(o, Document):
            body = o.to_dict()
            body.pop("fetched_at")
            out.append((origin, "doc", body))
        elif isinstance(o, InputFailure):
            out.append((origin, type(o.error).__name__, str(o.error)))
        else:
            assert isinstance(o, Duplicate)
            out.append((origin, "dup", o.document_id))
    return out


@pytest.mark.slow
def test_ray_two_workers_give_what_one_process_gives(tmp_path, boom):
    corpus = write_corpus(tmp_path / "in", explode=True)
    specs = sorted(str(p) for p in corpus.iterdir())
    job = Job([*analyzers_mod.DEFAULT, "boom"])
    with LocalEngine(1, job, in_process=True) as here:
        expected = _plain(analyse_inputs(specs, here, chunk=2))
    with RayEngine(2, job) as engine:
        got = _plain(analyse_inputs(specs, engine, chunk=2))
        assert len(engine.peak_rss_mib) == 2  # both actors worked, each with its own models
    assert got == expected
    assert [k for _, k, _ in got].count("doc") == 5
    assert sum(1 for o, k, m in got if o.endswith("odd.txt") and "the analyzer broke" in m) == 1


@pytest.mark.slow
def test_one_actor_pool_serves_every_run_of_an_engine(tmp_path, boom):
    """Models load once per actor: a second run (reanalyse after an ingest) is served by the same two actors."""
    corpus = write_corpus(tmp_path / "in", broken=False)
    specs = sorted(str(p) for p in corpus.iterdir())
    with RayEngine(2, Job(["tick"])) as engine:
        first = _plain(analyse_inputs(specs, engine, chunk=1))
        pids = set(engine.peak_rss_mib)
        docs = [o for _, o in analyse_inputs(specs, engine, chunk=1) if isinstance(o, Document)]
        again = list(reanalyse(docs, engine, chunk=2))
        assert set(engine.peak_rss_mib) == pids and len(pids) == 2
    with LocalEngine(1, Job(["tick"]), in_process=True) as here:
        assert first == _plain(analyse_inputs(specs, here, chunk=1))
    assert [d for d, _ in again] == [d.id for d in docs]
    assert all(isinstance(o, Document) and o.spans[0].label == "TICK" for _, o in again)


@pytest.mark.slow
def test_a_worker_that_keeps_dying_ends_the_run_with_one_message(tmp_path, boom):
    corpus = write_corpus(tmp_path / "in", broken=False, copy=False)
    (corpus / "vanish.txt").write_text("Gone\n\nThis text makes the test analyzer VANISH.", encoding="utf-8")
    specs = sorted(str(p) for p in corpus.iterdir())
    with RayEngine(1, Job(["die"])) as engine, pytest.raises(PresswatchError, match="a Ray worker stopped"):
        list(analyse_inputs(specs, engine, chunk=2))


def test_ray_address_comes_from_the_option_then_the_environment(monkeypatch):
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    assert ray_address(None) is None
    monkeypatch.setenv("RAY_ADDRESS", "head.example:6379")
    assert ray_address(None) == "head.example:6379"
    assert ray_address("ray://other.example:10001") == "ray://other.example:10001"


def test_ray_client_and_dead_addresses_are_refused_at_once():
    import socket

    job = Job(["tick"])
    with pytest.raises(ConfigError, match="Ray Client"):
        RayEngine(1, job, address="ray://head.example:10001")
    with socket.socket() as s:  # a loopback port that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(ConfigError, match="nothing answers there") as e:
        RayEngine(1, job, address=f"127.0.0.1:{port}")
    assert e.value.source == f"127.0.0.1:{port}"
    with pytest.raises(ConfigError, match="HOST:PORT"):
        RayEngine(1, job, address="head-without-port")
