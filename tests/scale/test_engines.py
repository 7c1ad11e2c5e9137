"""The batch engines store what the sequential pipeline stores: the same JSON per document, whatever the number of
workers or the engine; a failing input fails alone; reanalyze reads only stale documents."""

from __future__ import annotations

import json
import sqlite3

import pytest
import scale_helpers
from scale_helpers import TEXTS, write_corpus
from typer.testing import CliRunner

from presswatch import analyzers as analyzers_mod
from presswatch.cli import app
from presswatch.ingest.raw import InputFailure
from presswatch.model import Document
from presswatch.pipeline import Duplicate
from presswatch.scale import Job, LocalEngine, analyse_inputs, is_stale
from presswatch.store import open_store

runner = CliRunner()
DEFAULT_AND_BOOM = ",".join([*analyzers_mod.DEFAULT, "boom"])


@pytest.fixture
def test_analyzers():
    """``tick`` and ``boom`` registered (by import path, so that worker processes find them too)."""
    before = dict(analyzers_mod.BUILTIN)
    analyzers_mod.register("tick", "scale_helpers:TickAnalyzer")
    analyzers_mod.register("boom", "scale_helpers:BoomAnalyzer")
    scale_helpers.calls.clear()
    yield
    analyzers_mod.BUILTIN.clear()
    analyzers_mod.BUILTIN.update(before)
    for name in ("tick", "boom"):
        analyzers_mod._instances.pop(name, None)


def _stored(db) -> dict[str, dict]:
    """Each stored document as JSON (less the time its file was read), with the places it was seen at."""
    out = {}
    with open_store(db) as store:
        for d in store.iter_documents():
            body = d.to_dict()
            body.pop("fetched_at")
            body["seen_at"] = sorted(store.urls(d.id))
            out[d.id] = body
    return out


def _id_of(db, name: str) -> str:
    """The id of the document stored from the file ``name``."""
    c = sqlite3.connect(db)
    row = c.execute("SELECT document_id FROM document_urls WHERE url LIKE ?", (f"%/{name}",)).fetchone()
    c.close()
    return row[0]


def _error_lines(output: str, name: str) -> list[str]:
    return [line for line in output.splitlines() if name in line and "error" in line]


@pytest.mark.slow
def test_local_two_workers_store_what_sequential_stores(tmp_path, test_analyzers):
    corpus = write_corpus(tmp_path / "in", explode=True)
    seq, par = tmp_path / "seq.sqlite", tmp_path / "par.sqlite"
    a = runner.invoke(app, ["ingest", str(corpus), "--db", str(seq), "-a", DEFAULT_AND_BOOM])
    b = runner.invoke(app, ["ingest", str(corpus), "--db", str(par), "-a", DEFAULT_AND_BOOM, "--workers", "2"])
    assert a.exit_code == b.exit_code == 1, (a.output, b.output)  # the binary file and the odd text fail
    stored = _stored(par)
    assert stored == _stored(seq)
    assert len(stored) == len(TEXTS)  # every good text, once (the copy is not a second document)
    assert all(set(d["analyzers"]) == {*analyzers_mod.DEFAULT, "boom"} for d in stored.values())
    talks = _id_of(par, "talks.txt")
    assert any(u.endswith("zz-copy.txt") for u in stored[talks]["seen_at"])
    # the input whose analysis failed: one error line naming it, and the others stored
    assert len(_error_lines(b.output, "odd.txt")) == 1
    assert "the analyzer broke" in _error_lines(b.output, "odd.txt")[0]
    assert len(_error_lines(b.output, "broken.html")) == 1
    assert "stored 5 new" in b.output and "1 already there; 2 failed" in b.output


def test_outcomes_come_in_input_order_with_duplicates_and_failures(tmp_path, test_analyzers):
    corpus = write_corpus(tmp_path / "in", explode=True)
    specs = sorted(str(p) for p in corpus.iterdir())
    with LocalEngine(1, Job(["boom"]), in_process=True) as engine:
        got = list(analyse_inputs(specs, engine, chunk=2))
    assert [origin for origin, _ in got] == specs
    kinds = {origin.rsplit("/", 1)[1]: type(outcome).__name__ for origin, outcome in got}
    assert kinds == {
        "bridge.txt": "Document",
        "broken.html": "InputFailure",
        "grain.txt": "Document",
        "odd.txt": "InputFailure",
        "shelling.txt": "Document",
        "storm.txt": "Document",
        "talks.txt": "Document",
        "zz-copy.txt": "Duplicate",
    }
    odd = next(o for origin, o in got if origin.endswith("odd.txt"))
    assert isinstance(odd, InputFailure) and odd.error.source and odd.error.source.endswith("odd.txt")
    dup = next(o for origin, o in got if origin.endswith("zz-copy.txt"))
    talks = next(o for origin, o in got if origin.endswith("talks.txt"))
    assert isinstance(dup, Duplicate) and dup.document_id == talks.id


def _tamper(db, doc_id: str, version: str) -> None:
    c = sqlite3.connect(db)
    c.execute("UPDATE documents SET analyzers = ? WHERE id = ?", (json.dumps({"tick": version}), doc_id))
    c.commit()
    c.close()


def test_reanalyze_reads_only_stale_documents(tmp_path, test_analyzers):
    corpus = write_corpus(tmp_path / "in", broken=False, copy=False)
    db = tmp_path / "s.sqlite"
    res = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "-a", "tick"])
    assert res.exit_code == 0, res.output
    before = _stored(db)
    stale = _id_of(db, "storm.txt")
    _tamper(db, stale, "0")
    scale_helpers.calls.clear()
    res = runner.invoke(app, ["reanalyze", "--db", str(db), "-a", "tick"])
    assert res.exit_code == 0, res.output
    assert scale_helpers.calls == [stale]
    assert "re-analysed 1 of 5" in res.output and "1 updated" in res.output
    assert _stored(db) == before
    scale_helpers.calls.clear()
    res = runner.invoke(app, ["reanalyze", "--db", str(db), "-a", "tick"])
    assert scale_helpers.calls == [] and "5 already up to date" in res.output
    res = runner.invoke(app, ["reanalyze", "--db", str(db), "-a", "tick", "--all"])
    assert res.exit_code == 0, res.output
    assert sorted(scale_helpers.calls) == sorted(before) and "5 updated" in res.output
    assert _stored(db) == before


def test_reanalyze_refuses_unknown_and_empty_analyzer_sets(tmp_path):
    db = tmp_path / "s.sqlite"
    res = runner.invoke(app, ["reanalyze", "--db", str(db), "-a", "nosuch"])
    assert res.exit_code != 0 and "unknown analyzer" in res.output
    res = runner.invoke(app, ["reanalyze", "--db", str(db), "-a", "none"])
    assert res.exit_code == 2 and "no analyzers to run" in res.output


@pytest.mark.slow
def test_reanalyze_with_two_workers(tmp_path, test_analyzers):
    corpus = write_corpus(tmp_path / "in", broken=False, copy=False)
    db = tmp_path / "s.sqlite"
    assert runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "-a", "tick"]).exit_code == 0
    before = _stored(db)
    for name in ("storm.txt", "grain.txt"):
        _tamper(db, _id_of(db, name), "0")
    scale_helpers.calls.clear()
    res = runner.invoke(app, ["reanalyze", "--db", str(db), "-a", "tick", "--workers", "2"])
    assert res.exit_code == 0, res.output
    assert "re-analysed 2 of 5" in res.output and "2 updated" in res.output
    assert scale_helpers.calls == []  # the work was done in the worker processes
    assert _stored(db) == before


def test_staleness_keeps_skips_that_still_hold():
    names = ["entities"]  # reads English and Russian
    version = analyzers_mod.get("entities").version
    doc = Document("Short text.", language="en", analyzers={"entities": version})
    assert not is_stale(doc, names)
    doc.analyzers["entities"] = "0-old"
    assert is_stale(doc, names)
    del doc.analyzers["entities"]
    assert is_stale(doc, names)  # never read by it
    other = Document("Texto corto.", language="xx", analyzers={"entities": "skipped: language xx"})
    assert not is_stale(other, names)
    long = Document(
        "word " * 50,
        language="en",
        analyzers={"entities": "skipped: the text has 250 characters, over the analysis limit"},
    )
    assert not is_stale(long, names, max_chars=100)
    assert is_stale(long, names, max_chars=1000)  # the limit was raised: it can be read now


def test_engine_options_are_checked(tmp_path):
    res = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "s.sqlite"), "--workers", "0"])
    assert res.exit_code == 2
    corpus = write_corpus(tmp_path / "in", broken=False, copy=False)
    res = runner.invoke(
        app, ["ingest", str(corpus), "--db", str(tmp_path / "s.sqlite"), "--address", "x:1", "-a", "none"]
    )
    assert res.exit_code != 0 and "--address is for --engine ray" in res.output
