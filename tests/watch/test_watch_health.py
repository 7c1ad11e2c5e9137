"""Source health: usual rate, quiet and failing sources, the command, and the watcher's warnings."""

from __future__ import annotations

import json
import random
from pathlib import Path

from feedserver import serve, static
from typer.testing import CliRunner

from loopback import local
from presswatch.cli import app
from presswatch.store import open_store
from presswatch.watch.health import FAILING_STREAK, source_health
from presswatch.watch.poller import Watcher, WatchOptions
from presswatch.watch.queue import iso
from presswatch.watch.registry import save_source, validate

DAY = 86400.0
NOW = 1_800_000_000.0  # a fixed "now" for the synthetic histories


def _history(store, name: str, *, first_poll: float, times: list[float], backlog: int = 0, streak: int = 0) -> None:
    """A source whose feed was first read at ``first_poll`` (finding ``backlog`` old items) and then found one new item
    at each of ``times``."""
    save_source(store, validate({"name": name, "feed": f"https://{name.lower()}.example/feed"}))
    c = store.conn
    c.execute(
        "UPDATE watch_endpoints SET first_success = ?, last_success = ?, polls = 10, error_streak = ?, "
        "last_error = CASE WHEN ? > 0 THEN 'the server answered HTTP 503' END, "
        "last_error_at = CASE WHEN ? > 0 THEN ? END WHERE source = ?",
        (iso(first_poll), iso(NOW - 600), streak, streak, streak, iso(NOW - 300), name),
    )
    rows = [(f"https://{name}.example/old/{i}", name, 1, iso(first_poll)) for i in range(backlog)]
    rows += [(f"https://{name}.example/new/{i}", name, 0, iso(t)) for i, t in enumerate(times)]
    c.executemany("INSERT INTO watch_items (url, source, backlog, discovered_at, state) VALUES (?,?,?,?, 'done')", rows)


def test_usual_rate_quiet_and_failing(tmp_path: Path, target: str):
    with open_store(target) as store:
        every_12h = [NOW - 10 * DAY + k * DAY / 2 for k in range(20)]  # two a day for ten days, up to 12 hours ago
        _history(store, "Steady", first_poll=NOW - 10 * DAY, times=every_12h, backlog=60)
        _history(store, "Silent", first_poll=NOW - 10 * DAY, times=[t for t in every_12h if t < NOW - 3 * DAY])
        _history(store, "Broken", first_poll=NOW - 10 * DAY, times=every_12h, streak=FAILING_STREAK)
        _history(store, "Young", first_poll=NOW - DAY / 2, times=[NOW - DAY / 4])
        save_source(store, validate({"name": "Unpolled", "feed": "https://unpolled.example/feed"}))
        health = {h.name: h for h in source_health(store, NOW)}

    steady = health["Steady"]
    assert steady.status == "ok" and steady.warning is None
    assert steady.usual_per_day == 2.0  # the 60 items of the first poll are the backlog, not the rate
    assert steady.items_last_day == 2 and steady.error_streak == 0

    silent = health["Silent"]
    assert silent.status == "quiet" and silent.items_last_day == 0
    # 14 items in the 9 days of the baseline (its first 10 days, less the last day), the last 3.5 days ago
    assert silent.warning == "no new item for 3.5 days; it usually publishes 1.6 a day"

    broken = health["Broken"]
    assert broken.status == "failing" and "the last 3 polls failed (the server answered HTTP 503)" in broken.warning

    assert health["Young"].status == "ok" and health["Young"].usual_per_day is None  # under a day of history
    assert health["Unpolled"].status == "waiting" and health["Unpolled"].last_success is None


def test_a_source_is_quiet_only_past_the_floor(tmp_path: Path):
    """Even a busy source (48 a day) is not called quiet after a short pause: the floor is QUIET_MIN_HOURS."""
    with open_store(tmp_path / "s.sqlite") as store:
        busy = [NOW - 8 * DAY + k * 1800 for k in range(7 * 48)]  # every 30 minutes until a day ago
        _history(store, "Busy", first_poll=NOW - 8 * DAY, times=busy)
        assert source_health(store, NOW - DAY + 5 * 3600)[0].status == "ok"  # 5 hours silent
        assert source_health(store, NOW)[0].status == "quiet"  # 24 hours silent


def test_health_command_table_and_json(tmp_path: Path, target: str):
    db = target
    with open_store(db) as store:
        _history(store, "Broken", first_poll=NOW - 10 * DAY, times=[NOW - DAY], streak=4)
    runner = CliRunner()
    rows = json.loads(runner.invoke(app, ["sources", "health", "--json", "--db", str(db)]).stdout)
    assert [(r["name"], r["status"], r["error_streak"]) for r in rows] == [("Broken", "failing", 4)]
    res = runner.invoke(app, ["sources", "health", "--db", str(db)])
    assert res.exit_code == 0 and "STATUS" in res.stdout and "failing" in res.stdout
    assert "warning: Broken: the last 4 polls failed" in res.stderr


def test_the_watcher_warns_once_when_a_source_starts_failing(tmp_path: Path):
    with serve() as site, open_store(tmp_path / "s.sqlite") as store:
        site.routes["/feed.xml"] = static(b"down", "text/plain", status=503)
        save_source(store, validate({"name": "Down", "feed": site.base + "/feed.xml"}))
        t = [NOW]
        logs: list[str] = []
        w = Watcher(
            store,
            WatchOptions(analyzers=[], host_delay=0, settings=local(timeout=5)),
            log=logs.append,
            clock=lambda: t[0],
            rng=random.Random(2),
        )
        for _ in range(FAILING_STREAK + 2):
            w.run(once=True)
            t[0] = store.conn.execute("SELECT next_poll FROM watch_endpoints").fetchone()[0]
        warnings = [line for line in logs if line.startswith("warning:")]
        assert warnings == [
            f"warning: Down: the last {FAILING_STREAK} polls failed "
            f"({site.base}/feed.xml: the server answered HTTP 503 Service Unavailable)"
        ]
        assert len([line for line in logs if line.startswith("error:")]) == FAILING_STREAK + 2
