"""``presswatch alerts load|list|remove|test|history`` in process: what each prints, that a bad file is one line
and stores nothing, and that a dry run sends and records nothing."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from presswatch.cli import app
from presswatch.model import Document, Span
from presswatch.store import open_store

runner = CliRunner()

RULES = """\
alerts:
  - name: corridor
    keyword: Lachin corridor
    log: true
  - name: az-names
    policy: az-official
    webhook: https://hooks.example.org/presswatch
"""
TEXT = "Trucks crossed the Lachin corridor into Nagorno-Karabakh at dawn."


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "press.sqlite"
    i = TEXT.index("Nagorno-Karabakh")
    d = Document(text=TEXT, title="Convoy\x1b[31m crosses", source="Shirvan Daily", published="2026-03-02")
    d.spans = [
        Span(
            i,
            i + 16,
            "PLACE",
            "places",
            {
                "place_id": "cau:nagorno-karabakh",
                "name": "Nagorno-Karabakh",
                "matched_name": "Nagorno-Karabakh",
                "voice": "own",
            },
        )
    ]
    with open_store(path) as store:
        store.put(d)
    return str(path)


@pytest.fixture
def rules(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    return str(path)


def _tables(db):
    with open_store(db) as store:
        return [
            store.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("alert_rules", "alert_events", "alert_deliveries")
        ]


def test_load_list_remove(db, rules):
    res = runner.invoke(app, ["alerts", "load", rules, "--db", db])
    assert res.exit_code == 0, res.output
    assert "loaded 2 alert rule(s): corridor, az-names" in res.stderr
    res = runner.invoke(app, ["alerts", "list", "--db", db])
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert lines[0].startswith("az-names  policy: az-official  -> webhook https://hooks.example.org/presswatch")
    assert lines[1].startswith("corridor  keyword: Lachin corridor  -> log")
    listed = json.loads(runner.invoke(app, ["alerts", "list", "--db", db, "--json"]).stdout)
    assert [r["name"] for r in listed] == ["az-names", "corridor"] and listed[1]["definition"][
        "keyword"
    ] == "Lachin corridor"
    res = runner.invoke(app, ["alerts", "remove", "corridor", "--db", db])
    assert res.exit_code == 0 and "removed alert rule corridor" in res.stderr
    assert _tables(db)[0] == 1
    res = runner.invoke(app, ["alerts", "remove", "corridor", "--db", db])
    assert res.exit_code == 4
    assert res.stderr.strip() == "error: no alert rule is named 'corridor' (rules: az-names)"


def test_a_bad_rules_file_is_one_line_and_stores_nothing(db, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        RULES + "  - name: harbour-silent\n    unreported_by: Harbour Gazette\n    within: soon\n    log: true\n",
        encoding="utf-8",
    )
    res = runner.invoke(app, ["alerts", "load", str(bad), "--db", db])
    assert res.exit_code == 5
    assert res.stderr.strip().splitlines() == [
        f"error: {bad} line 8: rule 'harbour-silent': within: must be a duration like 30s, 15m, 1h or 2d, not 'soon'"
    ]
    assert _tables(db) == [0, 0, 0]  # the good rules before it were not stored either
    res = runner.invoke(app, ["alerts", "test", str(tmp_path / "missing.yaml"), "--db", db])
    assert res.exit_code == 5 and "cannot read the rules file" in res.stderr


def test_a_dry_run_prints_what_would_fire_and_records_nothing(db, rules):
    res = runner.invoke(app, ["alerts", "test", rules, "--db", db])
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert "\x1b" not in out  # the escape sequence hidden in the title is not printed
    assert "corridor: Shirvan Daily: 'Convoy crosses': the words 'Lachin corridor' appear (1: 'Lachin corridor')" in out
    i = TEXT.index("Nagorno-Karabakh")
    assert f"text:{i}-{i + 16} 'Nagorno-Karabakh'" in out
    assert "would fire: corridor 1, az-names 1" in res.stderr
    assert _tables(db) == [0, 0, 0]
    found = json.loads(runner.invoke(app, ["alerts", "test", rules, "--db", db, "--json"]).stdout)
    assert sorted(a["rule"] for a in found) == ["az-names", "corridor"] and not any(a["fired_before"] for a in found)


def test_history_shows_what_fired_and_each_delivery(db, tmp_path, monkeypatch):
    from presswatch.alerts import on_stored

    monkeypatch.delenv("PRESSWATCH_ALLOW_PRIVATE_ADDRESSES", raising=False)
    rules = tmp_path / "local.yaml"  # a webhook on loopback, loaded without allowing it: refused, no network used
    rules.write_text(RULES.replace("https://hooks.example.org/presswatch", "http://127.0.0.1:9/hook"), encoding="utf-8")
    runner.invoke(app, ["alerts", "load", str(rules), "--db", db])
    with open_store(db) as store:
        ids = [r[0] for r in store.conn.execute("SELECT id FROM documents")]
        fired = on_stored(store, ids)
    assert len(fired) == 2
    res = runner.invoke(app, ["alerts", "history", "--db", db])
    assert res.exit_code == 0, res.output
    assert "    log   sent after 1 attempt(s)" in res.stdout
    assert (
        "    webhook http://127.0.0.1:9/hook  failed after 1 attempt(s): 127.0.0.1 is a loopback address; load the "
        "rules with --allow-private-addresses to post to it" in res.stdout
    )
    rows = json.loads(runner.invoke(app, ["alerts", "history", "--db", db, "--json", "--rule", "corridor"]).stdout)
    assert [r["rule"] for r in rows] == ["corridor"] and rows[0]["deliveries"][0]["state"] == "sent"
    res = runner.invoke(app, ["alerts", "test", str(rules), "--db", db])
    assert res.stdout.count("(fired before)") == 2


def test_ingest_evaluates_the_loaded_rules_once_per_document(tmp_path):
    db = str(tmp_path / "a.sqlite")
    rules = tmp_path / "rules.yaml"
    rules.write_text("alerts:\n  - name: corridor-word\n    keyword: corridor\n    log: true\n", encoding="utf-8")
    page = tmp_path / "note.txt"
    page.write_text("The corridor was closed to traffic on Monday, the agency said.\n", encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text("Wheat prices rose on Monday.\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["alerts", "load", str(rules), "--db", db]).exit_code == 0
    first = runner.invoke(app, ["ingest", str(page), str(other), "--db", db, "--analyzers", "none", "--no-progress"])
    assert first.exit_code == 0, first.output
    assert "1 alert(s) fired" in first.stderr
    again = runner.invoke(app, ["ingest", str(page), "--db", db, "--analyzers", "none", "--no-progress"])
    assert again.exit_code == 0 and "alert(s) fired" not in again.stderr
    rows = json.loads(runner.invoke(app, ["alerts", "history", "--db", db, "--json"]).stdout)
    assert [r["rule"] for r in rows] == ["corridor-word"]
