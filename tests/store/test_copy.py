"""``presswatch store copy``: SQLite to PostgreSQL and back, every table, resumable, and a clear error for a bad
target."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from presswatch.cli import app
from presswatch.errors import ConfigError, StoreError
from presswatch.model import Document, Span
from presswatch.store import open_store
from presswatch.store.copy import TABLES, copy_store

pytest.importorskip("psycopg", reason="the PostgreSQL store needs psycopg (the postgres extra)")
runner = CliRunner()


def _docs() -> list[Document]:
    out = []
    for n in range(7):
        d = Document(
            text=f"Bulletin {n}: observers counted {n + 2} convoys near the bridge at Sarov on day {n}. "
            f"Traders in town {n} said flour cost {n * 3 + 1} coins.",
            title=f"Bulletin {n}",
            source="Mission" if n % 2 else "Agency",
            source_domain=f"s{n % 2}.example",
            url=f"https://s{n % 2}.example/{n}",
            language="en",
            kind="text",
            published=f"2024-02-{n + 1:02d}" if n != 3 else None,
        )
        d.spans.append(Span(0, 8, "MISC", "entities", {"n": n}))
        d.spans.append(Span(30, 35, "PLACE", "places", {"place_id": "p:sarov", "name": "Sarov", "lat": 40.5,
                                                          "lon": 45.25}))
        d.analyzers = {"entities": "1", "places": "1"}
        d.summaries = {"sourcing": {"attributions": n, "by_kind": {"anonymous": n % 2}}}
        out.append(d)
    # a near-copy of bulletin 1
    out.append(Document(text=out[1].text.replace("flour", "bread"), title="Bulletin 1 again", source="Mission",
                        source_domain="s1.example", url="https://s1.example/again", language="en", kind="text"))
    return out


def _fill(store) -> list[str]:
    """Documents (one seen at a second URL, one a near-copy), an incident, a watched source with its queue, and
    the alerts' rules, ledger and deliveries."""
    from presswatch.alerts.ledger import save_rules
    from presswatch.alerts.rules import parse_rules
    from presswatch.watch.registry import save_source, validate

    ids = [store.put(d, seen_url=d.url).document_id for d in _docs()]
    store.add_url(ids[0], "file:bulletin0.txt")
    store.save_incident_reports(
        [{"incident_id": "inc-1", "document_id": ids[0], "start": 0, "end": 8, "part": 0, "day": 19000, "cell": 7,
          "score": 0.5, "vector": b"\x01\x02\x03"}],
        [{"id": "inc-1"}],
    )
    save_source(store, validate({"name": "Mission", "feed": "https://s1.example/rss.xml"}))
    store.conn.execute("INSERT INTO watch_items (url, source, discovered_at, state) VALUES (?, ?, ?, ?)",
                       ("https://s1.example/9", "Mission", "2024-02-09T00:00:00Z", "pending"))
    now = datetime(2024, 3, 1, tzinfo=UTC)
    save_rules(store, parse_rules("alerts:\n  - {name: convoy, keyword: convoy, webhook: 'https://h.example/x'}\n"),
               allow_private=False, now=now)
    with store.transaction("test events") as c:
        eid = c.execute("INSERT INTO alert_events (event_key, hash, rule, kind, message, payload, fired_at) "
                        "VALUES ('k1', 'h1', 'convoy', 'keyword', 'm', '{}', '2024-03-01T00:00:00Z') RETURNING id"
                        ).fetchone()[0]
        c.execute("INSERT INTO alert_deliveries (event_id, channel, target, next_attempt) VALUES (?, 'webhook', "
                  "'https://h.example/x', 1.5)", (eid,))
    return ids


def _snapshot(store, ids: list[str]) -> dict:
    """What a user can read back, per document and per table (without the backends' own ids)."""
    docs = {}
    for did in ids:
        d = store.get(did).to_dict()
        docs[did] = (d, store.urls(did), store.near_duplicate_of(did))
    c = store.conn
    return {
        "docs": docs,
        "times": sorted(tuple(r) for r in c.execute("SELECT id, ingested_at, updated_at FROM documents")),
        "reports": [tuple(r) for r in c.execute(
            'SELECT incident_id, document_id, start, "end", part, day, cell, score, vector FROM incident_reports')],
        "items": [tuple(r) for r in c.execute("SELECT url, source, state, discovered_at FROM watch_items")],
        "endpoints": [tuple(r) for r in c.execute("SELECT source, url, type FROM watch_endpoints ORDER BY url")],
        "rules": [tuple(r) for r in c.execute("SELECT name, definition, loaded_at FROM alert_rules")],
        "deliveries": [tuple(r) for r in c.execute(
            "SELECT e.event_key, d.channel, d.target, d.state, d.next_attempt FROM alert_deliveries d "
            "JOIN alert_events e ON e.id = d.event_id")],
        "search": [h.document_id for h in store.search("convoys Sarov", limit=20, collapse=False)],
    }


def test_copy_sqlite_to_postgres_and_back_keeps_everything(tmp_path, pg_url):
    lite = str(tmp_path / "a.sqlite")
    with open_store(lite) as src:
        ids = _fill(src)
        before = _snapshot(src, ids)
    with open_store(lite) as src, open_store(pg_url) as dst:
        result = copy_store(src, dst, batch=3)
        assert result.copied["documents"] == len(ids)
        assert all(result.source[t] == result.target[t] for t in TABLES), result.rows()
        assert result.source["alert_deliveries"] == 1 and result.source["spans"] == 14
        after = _snapshot(dst, ids)
    assert after["docs"] == before["docs"]
    assert {k: v for k, v in after.items() if k != "search"} == {k: v for k, v in before.items() if k != "search"}
    assert sorted(after["search"]) == sorted(before["search"]) and len(before["search"]) == len(ids)

    # a second run copies nothing; back into a new SQLite file, everything again
    with open_store(lite) as src, open_store(pg_url) as dst:
        again = copy_store(src, dst)
        assert sum(again.copied.values()) == 0 and again.target == result.target
    back = str(tmp_path / "b.sqlite")
    with open_store(pg_url) as src, open_store(back) as dst:
        copy_store(src, dst)
        assert _snapshot(dst, ids) == before


def test_an_interrupted_copy_is_resumed(tmp_path, pg_url, monkeypatch):
    lite = str(tmp_path / "a.sqlite")
    with open_store(lite) as src:
        ids = _fill(src)
    calls = []

    def stop_after_two_batches(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with open_store(lite) as src, open_store(pg_url) as dst:
        with pytest.raises(KeyboardInterrupt):
            copy_store(src, dst, batch=3, on_documents=stop_after_two_batches)
        assert dst.count() == 6
        result = copy_store(src, dst, batch=3)
        assert result.copied["documents"] == len(ids) - 6 and dst.count() == len(ids)
        assert all(result.source[t] == result.target[t] for t in TABLES), result.rows()


def test_cli_copy_counts_and_errors(tmp_path, pg_url):
    lite = str(tmp_path / "a.sqlite")
    with open_store(lite) as src:
        ids = _fill(src)
    res = runner.invoke(app, ["store", "copy", "--from", lite, "--to", pg_url, "--json"])
    assert res.exit_code == 0, res.output
    tables = {t["table"]: t for t in json.loads(res.stdout)["tables"]}
    assert tables["documents"] == {"table": "documents", "copied": len(ids), "source": len(ids), "target": len(ids)}
    res = runner.invoke(app, ["store", "copy", "--from", lite, "--to", pg_url])
    assert res.exit_code == 0 and "documents" in res.stdout and "watch_items" in res.stdout

    bad = pg_url.rsplit("/", 1)[0] + "/no_such_database" + pg_url[pg_url.index("?"):]
    res = runner.invoke(app, ["store", "copy", "--from", lite, "--to", bad])
    assert res.exit_code == StoreError.exit_code and "no_such_database" in res.stderr and "Traceback" not in res.output
    res = runner.invoke(app, ["store", "copy", "--from", str(tmp_path / "missing.sqlite"), "--to", pg_url])
    assert res.exit_code == StoreError.exit_code and "no store to copy" in res.stderr
    assert not (tmp_path / "missing.sqlite").exists()
    res = runner.invoke(app, ["store", "copy", "--from", lite, "--to", lite])
    assert res.exit_code == ConfigError.exit_code and "same store" in res.stderr
    res = runner.invoke(app, ["store", "copy", "--from", lite, "--to", "mysql://x/y"])
    assert res.exit_code == ConfigError.exit_code


def test_documents_the_source_had_not_evaluated_are_evaluated_in_the_copy(tmp_path, pg_url):
    """The alerts' mark is copied in the target's own terms (a rowid on SQLite, a transaction id on PostgreSQL): a
    document stored and never evaluated (its process died) is caught up in the copy, the evaluated ones are not."""
    from presswatch.alerts import load_rules, on_stored, on_tick
    from presswatch.alerts.rules import parse_rules

    t0 = datetime(2026, 3, 1, tzinfo=UTC)
    with open_store(tmp_path / "a.sqlite") as src:
        load_rules(src, parse_rules("alerts:\n- {name: ferry, keyword: ferry, log: true}\n"), now=t0)
        done = src.put(Document(text="The ferry sailed at dawn.", source="Port")).document_id
        assert len(on_stored(src, [done], t0)) == 1
        lost = src.put(Document(text="The ferry was held in port.", source="Port")).document_id
        late = src.put(Document(text="A quiet day on the quay.", source="Port")).document_id
        assert late
        with open_store(pg_url) as pg:
            copy_store(src, pg)
            with open_store(tmp_path / "b.sqlite") as back:
                copy_store(pg, back)
                assert [a.details["document_id"] for a in on_tick(back, t0)] == [lost]
                assert on_tick(back, t0) == []
            assert [a.details["document_id"] for a in on_tick(pg, t0)] == [lost]
            assert on_tick(pg, t0) == []
