"""What the PostgreSQL store adds or does differently: concurrent writers, its own migrations, its raw query syntax,
the same answers as SQLite for the dashboard's queries, and the watcher's and alerts' commands on it."""

from __future__ import annotations

import multiprocessing
import threading

import pytest
from typer.testing import CliRunner

from presswatch.cli import app
from presswatch.errors import StoreError, WriteConflictError
from presswatch.model import Document, Span
from presswatch.store import open_store
from presswatch.store.base import DocumentQuery
from presswatch.store.postgres import MIGRATIONS, PostgresStore, ts_config

psycopg = pytest.importorskip("psycopg", reason="the PostgreSQL store needs psycopg (the postgres extra)")
runner = CliRunner()


def _doc(n: int, writer: str | None = None) -> Document:
    """Document ``n``; a shared one (``writer`` given) carries that writer's own analysis and URL."""
    d = Document(
        text=f"Report {n}: the observers counted {n} convoys and {n * 7 % 13} checkpoints near bridge {n}.",
        title=f"Report {n}",
        source="Mission" if n % 2 else "Agency",
        source_domain=f"s{n % 2}.example",
        url=f"https://s{n % 2}.example/{n}" + (f"?via={writer}" if writer else ""),
        language="en",
        kind="text",
        published=f"2024-01-{n % 28 + 1:02d}",
    )
    d.spans.append(Span(0, 6, "MISC", writer or "entities", {"n": n}))
    d.analyzers[writer or "entities"] = "1"
    return d


def _two_writers(target, pg_url: str, jobs: dict[str, range], shared: range) -> dict[str, list[str]]:
    """Run ``target`` in two forked processes started together (a barrier), one per job, each with its own
    documents and the shared ones; each one's statuses by job name."""
    ctx = multiprocessing.get_context("fork")
    start, results = ctx.Barrier(2), ctx.Queue()
    procs = [
        ctx.Process(target=target, args=(pg_url, name, own, shared, start, results)) for name, own in jobs.items()
    ]
    for p in procs:
        p.start()
    outcomes = dict(results.get(timeout=300) for _ in procs)
    for p in procs:
        p.join(timeout=60)
    assert all(isinstance(v, list) for v in outcomes.values()), outcomes
    return outcomes


def _writer(url: str, name: str, own: range, shared: range, start, results) -> None:  # runs in a child process
    try:
        start.wait(timeout=60)
        with open_store(url) as store:
            statuses = [store.put(_doc(n)).status for n in own]
            statuses += [store.put(_doc(n, writer=name)).status for n in shared]
        results.put((name, statuses))
    except Exception as e:  # reported to the parent, which fails the test with it
        results.put((name, f"{type(e).__name__}: {e}"))


def test_two_writer_processes_never_duplicate_or_lose_a_document(pg_url):
    # two writers store 240 documents each at the same moment: 120 of their own and the same 120 shared ones (in the
    # same order, so that they collide), each shared one with the writer's own analysis and URL
    with open_store(pg_url):
        pass  # migrated first: the concurrent first use is the next test's
    shared = range(0, 120)
    jobs = {"alpha": range(1000, 1120), "beta": range(2000, 2120)}
    outcomes = _two_writers(_writer, pg_url, jobs, shared)
    for name in jobs:
        assert outcomes[name][:120] == ["new"] * 120  # its own documents
    # each shared document was new to exactly one writer and merged ("updated") by the other
    firsts = [(a, b) for a, b in zip(outcomes["alpha"][120:], outcomes["beta"][120:], strict=True)]
    assert all(sorted(pair) == ["new", "updated"] for pair in firsts), firsts
    with open_store(pg_url) as store:
        assert store.count() == 240 + 120
        with psycopg.connect(pg_url) as conn:
            ids = [r[0] for r in conn.execute("SELECT id FROM documents")]
            assert len(ids) == len(set(ids)) == 360
            assert conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 2
        for n in shared:
            back = store.get(_doc(n).id)
            assert back.analyzers == {"alpha": "1", "beta": "1"}  # neither writer's analysis was lost
            assert sorted(s.analyzer for s in back.spans) == ["alpha", "beta"]
            assert sorted(store.urls(back.id)) == [f"https://s{n % 2}.example/{n}?via={w}" for w in ("alpha", "beta")]
        for own in jobs.values():
            for n in own:
                assert store.get(_doc(n).id).analyzers == {"entities": "1"}


def _batch_writer(url: str, name: str, own: range, shared: range, start, results) -> None:  # a child process
    try:
        start.wait(timeout=60)
        docs = [_doc(n) for n in own] + [_doc(n, writer=name) for n in shared]
        with open_store(url) as store:
            statuses = []
            for i in range(0, len(docs), 16):  # as ingest stores an engine's chunks
                statuses += [r.status for r in store.put_many(docs[i:i + 16])]
        results.put((name, statuses))
    except Exception as e:
        results.put((name, f"{type(e).__name__}: {e}"))


def test_two_processes_writing_batches_never_duplicate_or_lose_a_document(pg_url):
    # as the test above, with put_many: two writers' batches of the same shared documents collide, each batch one
    # transaction (a deadlock between them is run again whole)
    with open_store(pg_url):
        pass
    shared = range(0, 96)
    jobs = {"alpha": range(1000, 1040), "beta": range(2000, 2040)}
    outcomes = _two_writers(_batch_writer, pg_url, jobs, shared)
    for name in jobs:
        assert outcomes[name][:40] == ["new"] * 40
    pairs = list(zip(outcomes["alpha"][40:], outcomes["beta"][40:], strict=True))
    assert all(sorted(pair) == ["new", "updated"] for pair in pairs), pairs
    with open_store(pg_url) as store, psycopg.connect(pg_url) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM documents")]
        assert len(ids) == len(set(ids)) == 80 + 96
        assert conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 2
        for n in shared:
            back = store.get(_doc(n).id)
            assert back.analyzers == {"alpha": "1", "beta": "1"}
            assert sorted(s.analyzer for s in back.spans) == ["alpha", "beta"]
            assert sorted(store.urls(back.id)) == [f"https://s{n % 2}.example/{n}?via={w}" for w in ("alpha", "beta")]


def _open_and_put(url: str, n: int, start, results) -> None:  # runs in a child process
    try:
        start.wait(timeout=60)
        with open_store(url) as store:
            store.put(_doc(n))
        results.put("ok")
    except Exception as e:
        results.put(f"{type(e).__name__}: {e}")


def test_concurrent_first_use_migrates_once(pg_url):
    ctx = multiprocessing.get_context("fork")
    start, results = ctx.Barrier(6), ctx.Queue()
    procs = [ctx.Process(target=_open_and_put, args=(pg_url, n, start, results)) for n in range(6)]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert outcomes == ["ok"] * 6
    with open_store(pg_url) as store, psycopg.connect(pg_url) as conn:
        assert [r[0] for r in conn.execute("SELECT version FROM presswatch_migrations ORDER BY version")] == list(
            range(1, len(MIGRATIONS) + 1)
        )
        assert store.schema_version == len(MIGRATIONS) and store.count() == 6


def test_newer_schema_is_refused(pg_url):
    with open_store(pg_url) as store:
        assert isinstance(store, PostgresStore) and store.schema_version == len(MIGRATIONS)
    with psycopg.connect(pg_url) as conn:
        conn.execute("INSERT INTO presswatch_migrations VALUES (%s, 'later')", (len(MIGRATIONS) + 1,))
    with pytest.raises(StoreError, match="newer"):
        open_store(pg_url)


def test_the_environment_variable_selects_postgres(pg_url, monkeypatch):
    monkeypatch.setenv("PRESSWATCH_DB", pg_url)
    with open_store(None) as store:
        assert isinstance(store, PostgresStore) and store.location == pg_url


def test_text_search_configuration_follows_the_language():
    assert [ts_config(x) for x in ("en", "en-GB", "ru", "RU", "hy", None, "")] == [
        "english",
        "english",
        "russian",
        "russian",
        "simple",
        "simple",
        "simple",
    ]


def test_raw_queries_use_web_search_syntax_and_are_bounded(pg_url):
    from presswatch.store.sqlite import MAX_RAW_TERMS

    with open_store(pg_url) as store:
        a = _doc(1)
        b = Document(
            text="Gas supplies to Stepanakert were interrupted for hours.", title="Gas cut", language="en", kind="text"
        )
        store.put(a)
        store.put(b)
        assert [h.document_id for h in store.search('"observers counted"', raw=True)] == [a.id]
        assert [h.document_id for h in store.search('"counted observers"', raw=True)] == []  # a phrase, in order
        assert len(store.search("convoys OR gas", raw=True)) == 2
        assert store.search("convoys -bridge", raw=True) == []  # -word: without it
        assert [h.document_id for h in store.search("supplies -bridge", raw=True)] == [b.id]
        with pytest.raises(StoreError, match=f"has 300 words; at most {MAX_RAW_TERMS}"):
            store.search(" OR ".join(f"w{i}" for i in range(300)), raw=True)
        assert store.search('"unbalanced', raw=True) == []  # no syntax errors in this syntax


def test_a_document_in_a_language_without_configuration_is_found_word_for_word(pg_url):
    with open_store(pg_url) as store:
        d = Document(
            text="Los observadores contaron vehículos cerca del puente.", title="Puente", language="es", kind="text"
        )
        store.put(d)
        assert [h.title for h in store.search("observadores")] == ["Puente"]
        assert store.search("observador") == []  # 'simple': no stemming


def _analysed(n: int, lang: str = "en") -> Document:
    text = f"Convoy {n} left Khankendi at dawn and reached Shusha; sources said {n} trucks crossed near Lachin."
    d = Document(
        text=text,
        title=f"Convoy {n}",
        source=["Mission", "Agency", "Daily"][n % 3],
        source_domain=f"d{n % 3}.example",
        url=f"https://d{n % 3}.example/{n}",
        language=lang,
        kind="html",
        published=f"2024-02-{n % 5 + 1:02d}" if n % 4 else None,
    )
    for name, pid in (("Khankendi", "gn:146970"), ("Shusha", "gn:147105"), ("Lachin", "gn:147059")):
        if n % 3 == 0 and name == "Lachin":
            continue
        a = text.index(name)
        d.spans.append(
            Span(
                a,
                a + len(name),
                "PLACE",
                "places",
                {"place_id": pid, "name": name, "lat": 39.8, "lon": 46.7, "country": "AZ", "feature": "P"},
            )
        )
    a = text.index("sources")
    d.spans.append(Span(a, a + 7, "SOURCE", "sourcing", {"kind": "anonymous" if n % 2 else "official"}))
    if n % 2:
        d.spans.append(Span(0, 6, "Loaded_Language", "techniques", {}))
    d.analyzers.update(places="3", sourcing="2", techniques="1")
    d.summaries = {
        "sourcing": {"attributions": n % 3 + 1, "by_kind": {"anonymous": n % 2, "official": 1 - n % 2}},
        "techniques": {
            "analysed": True,
            "findings": n % 2,
            "words": 17,
            "counts": {"Loaded_Language": n % 2} if n % 2 else {},
        },
    }
    return d


def test_the_dashboards_queries_answer_as_on_sqlite(tmp_path, pg_url):
    docs = [_analysed(n) for n in range(12)]
    answers = []
    for target in (str(tmp_path / "s.sqlite"), pg_url):
        with open_store(target) as store:
            for d in docs:
                store.put(d)
            queries = [
                DocumentQuery(),
                DocumentQuery(source="Mission"),
                DocumentQuery(since="2024-02-02", until="2024-02-03"),
                DocumentQuery(place_id="gn:147059"),
                DocumentQuery(technique="Loaded_Language"),
                DocumentQuery(anonymous=True),
                DocumentQuery(anonymous=False, language="en"),
                DocumentQuery(q="convoy trucks"),
            ]
            found = [store.find(q, offset=1, limit=5) for q in queries]
            answers.append(
                {
                    "find": [
                        ([{k: v for k, v in i.items() if k != "snippet"} for i in f.items], f.total) for f in found
                    ],
                    "snippets": [sorted("[" in i.get("snippet", "[") for i in f.items) for f in found],
                    "ids": [sorted(store.find_ids(q)) for q in queries],
                    "places": [store.place_stats(q) for q in queries[:4]],
                    "sources": [store.source_stats(q) for q in queries[:4]],
                    "document_rows": [
                        {**r, "summaries": None} for r in store.document_rows("2024-02-01", "2024-02-04")
                    ],
                    "place_rows": store.place_rows(),
                    "source_rows": store.source_rows(),
                    "search_places": [(h.document_id, h.score, h.snippet) for h in store.search_places(["gn:147059"])],
                    "list": [(s.document_id, s.title, s.source) for s in store.list(limit=100, source="d1.example")],
                }
            )
    sqlite, postgres = answers
    assert all(sqlite["find"][i][1] for i in range(len(sqlite["find"])))  # every query selects something
    assert sqlite["places"][0] and sqlite["sources"][0] and sqlite["search_places"] and sqlite["place_rows"]
    for key in sqlite:
        if key == "find":  # a full-text query ranks by each engine's own score: the same page of the same set
            assert sqlite[key][:-1] == postgres[key][:-1]
            assert sqlite[key][-1][1] == postgres[key][-1][1]
        elif key == "place_rows" or key == "source_rows":

            def norm(rows):
                return sorted((r["document_id"], r["start"], r["words"], r["published"]) for r in rows)

            assert norm(sqlite[key]) == norm(postgres[key])
        elif key == "list":  # newest stored first: each store's own clock (whole seconds) orders it
            assert sqlite[key] and sorted(sqlite[key]) == sorted(postgres[key])
        else:
            assert sqlite[key] == postgres[key], key


def test_sources_and_alerts_commands_work_on_postgres(tmp_path, pg_url):
    rules = tmp_path / "rules.yaml"
    rules.write_text("alerts:\n  - {name: convoy, keyword: convoy, log: true}\n", encoding="utf-8")
    for args in (
        ["sources", "add", "Mission", "--feed", "https://mission.example/rss.xml"],
        ["sources", "list"],
        ["sources", "show", "Mission"],
        ["sources", "health"],
        ["alerts", "load", str(rules)],
        ["alerts", "list"],
        ["alerts", "history"],
    ):
        res = runner.invoke(app, [*args, "--db", pg_url])
        assert res.exit_code == 0, (args, res.output)
    assert "Mission" in runner.invoke(app, ["sources", "list", "--db", pg_url]).stdout
    assert "convoy" in runner.invoke(app, ["alerts", "list", "--db", pg_url]).stdout


def test_cli_ingest_search_show_export_on_postgres(tmp_path, pg_url):
    page = tmp_path / "a.txt"
    page.write_text("Observers counted forty convoys near the Lachin corridor on Tuesday morning.", encoding="utf-8")
    res = runner.invoke(app, ["ingest", str(page), "--db", pg_url, "-a", "none"])
    assert res.exit_code == 0, res.output
    assert res.stderr.count("alerts") == 0  # no alert evaluation is attempted on this store
    res = runner.invoke(app, ["ingest", str(page), "--db", pg_url, "-a", "none"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["search", "convoy", "--db", pg_url, "--json"])
    assert res.exit_code == 0 and "Lachin" in res.stdout
    res = runner.invoke(app, ["list", "--db", pg_url])
    assert res.exit_code == 0 and res.stdout.count("a.txt") <= 1
    with open_store(pg_url) as store:
        assert store.count() == 1
        did = next(store.iter_documents()).id
    res = runner.invoke(app, ["show", did[:8], "--db", pg_url])
    assert res.exit_code == 0 and "convoys" in res.stdout
    out = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["export", "--db", pg_url, "-f", "jsonl", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").count("\n") == 1 and did in out.read_text(encoding="utf-8")


def test_one_watcher_per_database_through_an_advisory_lock(pg_url):
    with open_store(pg_url) as a, open_store(pg_url) as b:
        with a.exclusive("presswatch watch"):
            with pytest.raises(StoreError, match="another presswatch watch"), b.exclusive("presswatch watch"):
                pass
            with b.exclusive("something else"):  # another name is another lock
                pass
        with b.exclusive("presswatch watch"):  # released with its connection
            pass


def test_atomic_blocks_nest_as_savepoints_and_roll_back_whole(pg_url):
    with open_store(pg_url) as store:
        with store.atomic() as c:
            c.execute("INSERT INTO watch_sources (name, feed, added_at) VALUES ('A', 'https://a.example/f', 'now')")
            with pytest.raises(RuntimeError), store.atomic():
                store.put(_doc(1))
                raise RuntimeError("inner block fails")
            store.put(_doc(2))
            assert store.count() == 1  # reads inside the block see its writes
        assert store.count() == 1 and store.conn.execute("SELECT COUNT(*) FROM watch_sources").fetchone()[0] == 1
        with pytest.raises(RuntimeError), store.atomic():
            store.put(_doc(3))
            store.conn.execute("UPDATE watch_sources SET feed = NULL")
            raise RuntimeError("outer block fails")
        assert store.count() == 1 and store.conn.execute("SELECT feed FROM watch_sources").fetchone()[0]


def _crossed_writers(url: str, retry: bool) -> tuple[list[BaseException], list[str], dict[str, str]]:
    """Two stores (two connections) that update the rows k1 and k2 in opposite orders, each holding its first row
    until the other holds its own: PostgreSQL finds the deadlock and rolls one transaction back. Returns the errors
    raised, the blocks run (a retried one twice) and the rows afterwards."""
    with open_store(url) as setup:
        setup.conn.executemany("INSERT INTO alert_settings (key, value) VALUES (?, '')", [("k1",), ("k2",)])
    stores = [open_store(url), open_store(url)]
    both_hold = threading.Barrier(2, timeout=20)
    errors: list[BaseException] = []
    runs: list[str] = []

    def block(name: str, first: str, second: str, c) -> None:
        runs.append(name)
        c.execute("UPDATE alert_settings SET value = value || ? WHERE key = ?", (name, first))
        if runs.count(name) == 1:
            both_hold.wait()
        c.execute("UPDATE alert_settings SET value = value || ? WHERE key = ?", (name, second))

    def writer(store, name: str, first: str, second: str) -> None:
        try:
            if retry:
                store.atomic_retry(f"block {name}", lambda c: block(name, first, second, c), retries=3)
            else:
                with store.atomic(f"block {name}") as c:
                    block(name, first, second, c)
        except BaseException as e:  # noqa: BLE001 - reported to the test
            errors.append(e)

    threads = [
        threading.Thread(target=writer, args=(stores[0], "A", "k1", "k2")),
        threading.Thread(target=writer, args=(stores[1], "B", "k2", "k1")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    rows = dict(stores[0].conn.execute("SELECT key, value FROM alert_settings WHERE key IN ('k1', 'k2')").fetchall())
    for s in stores:
        s.close()
    return errors, runs, rows


def test_a_deadlock_in_an_atomic_block_is_a_clear_error_and_nothing_of_it_is_stored(pg_url):
    errors, runs, rows = _crossed_writers(pg_url, retry=False)
    assert sorted(runs) == ["A", "B"] and len(errors) == 1
    (e,) = errors
    assert isinstance(e, WriteConflictError) and isinstance(e, StoreError)
    loser = "A" if "block A" in e.message else "B"
    winner = "B" if loser == "A" else "A"
    assert "deadlock" in e.message and "rolled back" in e.message
    assert rows == {"k1": winner, "k2": winner}  # the loser's first update was rolled back with its block


def test_atomic_retry_runs_a_deadlocked_block_again_as_a_whole(pg_url):
    errors, runs, rows = _crossed_writers(pg_url, retry=True)
    assert errors == []
    assert sorted(runs) in (["A", "A", "B"], ["A", "B", "B"])  # the deadlock's loser ran twice
    loser = "A" if runs.count("A") == 2 else "B"
    winner = "B" if loser == "A" else "A"
    assert rows == {"k1": winner + loser, "k2": winner + loser}  # each block's writes once, the loser's after


def test_atomic_retry_gives_up_with_a_write_conflict_error(pg_url, monkeypatch):
    with open_store(pg_url) as store:
        calls = []

        def conflicting(c):
            calls.append(1)
            c.execute("SELECT 1")
            raise psycopg.errors.DeadlockDetected("deadlock detected")

        with pytest.raises(WriteConflictError, match="conflicted with it 3 time"):
            store.atomic_retry("the block", conflicting, retries=2)
        assert len(calls) == 3
        with store.atomic("outer"), pytest.raises(WriteConflictError):  # inside a block: once, the outer's to retry
            store.atomic_retry("the inner block", conflicting, retries=2)
        assert len(calls) == 4


def test_migration_3_turns_the_alerts_row_number_mark_into_a_transaction_mark(pg_url):
    from datetime import UTC, datetime

    from presswatch.alerts import load_rules, on_tick
    from presswatch.alerts.rules import parse_rules

    t0 = datetime(2026, 3, 1, tzinfo=UTC)
    with open_store(pg_url) as store:
        load_rules(store, parse_rules("alerts:\n- {name: ferry, keyword: ferry, log: true}\n"), now=t0)
        docs = [Document(text=f"The ferry sailed at {h} o'clock.", source="Port") for h in (6, 7, 8)]
        ids = [store.put(d).document_id for d in docs]
        seq = dict(store.conn.execute("SELECT id, seq FROM documents").fetchall())
        # the store as version 2 left it: no stored_xid, the mark a row number (the first document evaluated)
        store.conn.execute("ALTER TABLE documents DROP COLUMN stored_xid")
        store.conn.execute("DELETE FROM presswatch_migrations WHERE version >= 3")
        store.conn.execute(
            "UPDATE alert_settings SET value = ? WHERE key = 'documents_evaluated_through'", (str(seq[ids[0]]),)
        )
    with open_store(pg_url) as store:
        assert store.schema_version == len(MIGRATIONS) == 4
        assert sorted(a.details["document_id"] for a in on_tick(store, t0)) == sorted(ids[1:])
        assert on_tick(store, t0) == []
