"""The sources registry and its commands: presswatch sources add/list/show/remove/load, the YAML format, validation,
the store's transaction helpers the watcher relies on, and presswatch watch's options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from feedserver import serve
from typer.testing import CliRunner

from presswatch.cli import app
from presswatch.errors import ConfigError, NotFoundError
from presswatch.model import Document
from presswatch.store import open_store
from presswatch.store.sqlite import MIGRATIONS
from presswatch.watch import parse_interval
from presswatch.watch.registry import get_source, list_sources, load_registry, read_registry, save_source, validate

runner = CliRunner()

REGISTRY = """\
sources:
  - name: Ministry of Roads
    feed: https://roads.example.gov/rss.xml
    kind: ministry
    side: Government
    country: xa
    lang: EN
  - name: Valley Observer
    feed: https://observer.example.org/feed
    sitemap: https://observer.example.org/news-sitemap.xml
    kind: outlet
"""


def _run(*args: str):
    return runner.invoke(app, list(args))


def test_sources_commands_add_list_show_remove(tmp_path: Path):
    db = str(tmp_path / "s.sqlite")
    res = _run(
        "sources",
        "add",
        "Valley Observer",
        "--feed",
        "https://observer.example.org/feed",
        "--sitemap",
        "https://observer.example.org/sitemap.xml",
        "--kind",
        "outlet",
        "--side",
        "B",
        "--country",
        "xa",
        "--lang",
        "en",
        "--db",
        db,
    )
    assert res.exit_code == 0, res.output
    res = _run("sources", "add", "Valley Observer", "--feed", "https://observer.example.org/other", "--db", db)
    assert res.exit_code == 5 and "exists already" in res.stderr and res.stderr.count("\n") == 1

    listed = json.loads(_run("sources", "list", "--json", "--db", db).stdout)
    assert [(s["name"], s["kind"], s["country"], s["side"]) for s in listed] == [
        ("Valley Observer", "outlet", "XA", "B")
    ]
    assert "Valley Observer" in _run("sources", "list", "--db", db).stdout

    shown = json.loads(_run("sources", "show", "Valley Observer", "--json", "--db", db).stdout)
    assert shown["health"]["status"] == "waiting"
    assert sorted(e["type"] for e in shown["endpoints"]) == ["feed", "sitemap"]
    assert "sitemap" in _run("sources", "show", "Valley Observer", "--db", db).stdout

    res = _run("sources", "remove", "Valley Observer", "--db", db)
    assert res.exit_code == 0 and json.loads(_run("sources", "list", "--json", "--db", db).stdout) == []
    res = _run("sources", "remove", "Valley Observer", "--db", db)
    assert res.exit_code == 4 and "no source named" in res.stderr
    assert _run("sources", "show", "Nobody", "--db", db).exit_code == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--feed", "ftp://x.example/feed"], "http:// or https://"),
        ([], "needs a feed or a sitemap"),
        (["--feed", "https://x.example/f", "--country", "XYZ"], "two-letter code"),
        (["--feed", "https://x.example/f", "--lang", "english"], "ISO 639"),
    ],
)
def test_bad_source_definitions_are_one_clear_error(tmp_path: Path, args, message):
    res = _run("sources", "add", "Bad", *args, "--db", str(tmp_path / "s.sqlite"))
    assert res.exit_code == 5 and message in res.stderr and "Traceback" not in res.output
    assert _run("sources", "add", "Bad", "--kind", "blog", "--feed", "https://x.example/f").exit_code == 2


def test_registry_yaml_is_loaded_all_or_nothing(tmp_path: Path, target: str):
    path = tmp_path / "sources.yaml"
    path.write_text(REGISTRY)
    db = target
    res = _run("sources", "load", str(path), "--db", db)
    assert res.exit_code == 0 and "2 source(s) added" in res.stderr
    with open_store(db) as store:
        roads = get_source(store, "Ministry of Roads")
        assert (roads.kind, roads.side, roads.country, roads.lang) == ("ministry", "Government", "XA", "en")
        assert store.conn.execute("SELECT COUNT(*) FROM watch_endpoints").fetchone()[0] == 3

    # loading again changes nothing; a changed address replaces the old endpoint
    assert "2 unchanged" in _run("sources", "load", str(path), "--db", db).stderr
    path.write_text(
        REGISTRY.replace("https://observer.example.org/news-sitemap.xml", "https://observer.example.org/s2")
    )
    assert "1 updated" in _run("sources", "load", str(path), "--db", db).stderr
    with open_store(db) as store:
        urls = {r[0] for r in store.conn.execute("SELECT url FROM watch_endpoints")}
        assert "https://observer.example.org/s2" in urls and "https://observer.example.org/news-sitemap.xml" not in urls

    # one bad entry: nothing of the file is saved
    path.write_text(REGISTRY.replace("Valley Observer", "Hill Courier") + "  - name: Broken\n    kind: outlet\n")
    res = _run("sources", "load", str(path), "--db", db)
    assert res.exit_code == 5 and "source #3" in res.stderr and "needs a feed or a sitemap" in res.stderr
    with open_store(db) as store:
        assert [s.name for s in list_sources(store)] == ["Ministry of Roads", "Valley Observer"]


def test_loading_again_keeps_the_polling_state_of_unchanged_endpoints(tmp_path: Path, target: str):
    path = tmp_path / "sources.yaml"
    path.write_text(REGISTRY)
    with open_store(target) as store:
        load_registry(store, path)
        store.conn.execute(
            "UPDATE watch_endpoints SET etag = '\"v7\"', polls = 12, error_streak = 3, next_poll = 5000, "
            "last_success = '2026-12-01T00:00:00Z'"
        )
        # a changed field of the source and a changed sitemap: the feed's state stays, the new sitemap starts afresh
        path.write_text(
            REGISTRY.replace("kind: outlet", "kind: agency").replace(
                "https://observer.example.org/news-sitemap.xml", "https://observer.example.org/s2"
            )
        )
        assert load_registry(store, path) == {"added": 0, "updated": 1, "unchanged": 1}
        state = {
            r[0]: (r[1], r[2], r[3], r[4], r[5])
            for r in store.conn.execute(
                "SELECT url, etag, polls, error_streak, next_poll, last_success FROM watch_endpoints"
            )
        }
        kept = ('"v7"', 12, 3, 5000, "2026-12-01T00:00:00Z")
        assert state["https://roads.example.gov/rss.xml"] == kept
        assert state["https://observer.example.org/feed"] == kept
        assert state["https://observer.example.org/s2"] == (None, 0, 0, 0, None)
        assert set(state) == {
            "https://roads.example.gov/rss.xml", "https://observer.example.org/feed", "https://observer.example.org/s2"
        }
        assert get_source(store, "Valley Observer").kind == "agency"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sources: [", "not valid YAML"),
        ("- name: x", "a list under 'sources:'"),
        ("sources:\n  - just a string\n", "is not a mapping"),
        (
            "sources:\n  - name: A\n    feed: https://a.example/f\n  - name: A\n    feed: https://b.example/f\n",
            "used twice",
        ),
        ("sources:\n  - name: A\n    feed: https://a.example/f\n    colour: red\n", "unknown field(s) colour"),
    ],
)
def test_bad_registry_files(tmp_path: Path, text: str, message: str):
    path = tmp_path / "r.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        read_registry(path)


def test_removing_a_source_keeps_its_documents(tmp_path: Path, target: str):
    with open_store(target) as store:
        save_source(store, validate({"name": "A", "feed": "https://a.example/f"}))
        store.put(Document(text="The council met on Monday.", source="A"))
        store.conn.execute(
            "INSERT INTO watch_items (url, source, discovered_at) VALUES ('https://a.example/1', 'A', "
            "'2026-12-01T00:00:00Z')"
        )
        with pytest.raises(NotFoundError):
            get_source(store, "B")
        load = tmp_path / "none.yaml"
        with pytest.raises(ConfigError, match="cannot read the registry file"):
            load_registry(store, load)
        from presswatch.watch.registry import remove_source

        assert remove_source(store, "A") == 1
        assert store.count() == 1 and list_sources(store) == []


def test_atomic_commits_all_or_nothing_and_delete_removes_a_document_everywhere(tmp_path: Path, target: str):
    with open_store(target) as store:
        doc = Document(text="The ferry to the island resumed service on Friday morning.", title="Ferry")
        with pytest.raises(RuntimeError), store.atomic():
            store.put(doc)
            raise RuntimeError("crash between the two writes")
        assert store.count() == 0 and store.search("ferry") == []
        with store.atomic() as c:
            store.put(doc, seen_url="https://x.example/ferry")
            c.execute("INSERT INTO watch_sources (name, feed, added_at) VALUES ('X', 'https://x.example/f', 'now')")
        assert store.count() == 1 and len(store.search("ferry")) == 1
        assert store.delete(doc.id) is True and store.delete(doc.id) is False
        assert store.count() == 0 and store.search("ferry") == []
        assert store.conn.execute("SELECT COUNT(*) FROM document_urls").fetchone()[0] == 0
        assert store.conn.execute("SELECT COUNT(*) FROM simhash_bands").fetchone()[0] == 0


def test_the_watch_tables_come_from_one_migration(tmp_path: Path):
    assert sum("CREATE TABLE watch_items" in m for m in MIGRATIONS) == 1
    with open_store(tmp_path / "s.sqlite") as store:
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"watch_sources", "watch_endpoints", "watch_items"} <= tables


def test_a_store_without_sql_tables_is_refused():
    from presswatch.watch.registry import sqlite_of

    with pytest.raises(ConfigError, match="need a SQLite or PostgreSQL store"):
        sqlite_of(object())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "seconds"), [("30s", 30), ("15m", 900), ("1h", 3600), ("2d", 172800), ("90", 90), ("1.5h", 5400)]
)
def test_intervals(text: str, seconds: float):
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "0s", "15 minutes", "-1m", "m"])
def test_bad_intervals(text: str, tmp_path: Path):
    with pytest.raises(ConfigError):
        parse_interval(text)
    res = _run("watch", "--once", "--interval", text, "--db", str(tmp_path / "s.sqlite"))
    assert res.exit_code == 2 and "--interval" in res.output


def test_watch_command_once_stores_and_reports(tmp_path: Path, target: str):
    db = target
    with serve() as site:
        site.add_items([1, 2, 3])
        assert _run("sources", "add", "Gazette", "--feed", site.base + "/feed.xml", "--db", db).exit_code == 0
        res = _run(
            "watch", "--once", "--analyzers", "none", "--allow-private-addresses", "--host-delay", "0", "--db", db
        )
        assert res.exit_code == 0, res.output
        assert "3 page(s) and 0 feed summary(ies) stored; queue: 3 done" in res.stderr
        res = _run("watch", "--once", "--analyzers", "none", "--db", db)  # nothing due: nothing fetched
        assert res.exit_code == 0 and site.hits["/feed.xml"] == 1
    res = _run("watch", "--once", "--analyzers", "nonsense", "--db", db)
    assert res.exit_code != 0 and "nonsense" in res.stderr
    with open_store(db) as store:
        assert store.count() == 3


def test_watch_refuses_private_addresses_by_default(tmp_path: Path):
    db = str(tmp_path / "s.sqlite")
    with serve() as site:
        site.add_items([1])
        _run("sources", "add", "Gazette", "--feed", site.base + "/feed.xml", "--db", db)
        res = _run("watch", "--once", "--analyzers", "none", "--db", db)
        assert res.exit_code == 0 and site.hits["/feed.xml"] == 0 and site.hits["/robots.txt"] == 0
        assert "error: Gazette:" in res.stderr and "allow-private-addresses" in res.stderr
