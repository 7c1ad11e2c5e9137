"""The Ray engine on a Ray started for the test (2 local CPUs): the same outcomes as the in-process worker.
Skipped where Ray is not installed (it is in the ``scale`` extra, not in ``test``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from scale_helpers import write_corpus

from presswatch import analyzers as analyzers_mod
from presswatch.ingest.raw import InputFailure
from presswatch.model import Document
from presswatch.pipeline import Duplicate
from presswatch.scale import Job, LocalEngine, RayEngine, analyse_inputs, ray_address

pytest.importorskip("ray")


@pytest.fixture
def boom(monkeypatch):
    before = dict(analyzers_mod.BUILTIN)
    analyzers_mod.register("boom", "scale_helpers:BoomAnalyzer")
    # Ray's worker processes find the helper module (and this checkout) through PYTHONPATH
    here = [str(Path(__file__).parent), str(Path(analyzers_mod.__file__).parents[2])]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([*here, os.environ.get("PYTHONPATH", "")]))
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    yield
    analyzers_mod.BUILTIN.clear()
    analyzers_mod.BUILTIN.update(before)
    analyzers_mod._instances.pop("boom", None)


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


def test_ray_address_comes_from_the_option_then_the_environment(monkeypatch):
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    assert ray_address(None) is None
    monkeypatch.setenv("RAY_ADDRESS", "head.example:6379")
    assert ray_address(None) == "head.example:6379"
    assert ray_address("ray://other.example:10001") == "ray://other.example:10001"
