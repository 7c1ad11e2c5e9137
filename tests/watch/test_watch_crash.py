"""Crash safety: ``presswatch watch`` killed with SIGKILL at random points and restarted stores every item exactly
once and fires each alert once (a loopback feed of 1,000 items, an alert rule that every item matches; analyzers
off so that the test stays short)."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from feedserver import TOWNS, serve
from typer.testing import CliRunner

from presswatch.cli import app

ITEMS = 1000
SRC = str(Path(__file__).resolve().parents[2] / "src")


def _done(db: Path) -> int:
    """Items the watcher has stored so far, read beside it (WAL lets a reader in while it writes)."""
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(con.execute("SELECT COUNT(*) FROM watch_items WHERE state = 'done'").fetchone()[0])
        finally:
            con.close()
    except sqlite3.OperationalError:  # not created or not migrated yet
        return 0


def _start(db: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    cmd = [
        sys.executable,
        "-m",
        "presswatch",
        "watch",
        "--once",
        "--db",
        str(db),
        "--analyzers",
        "none",
        "--allow-private-addresses",
        "--host-delay",
        "0",
        "--per-host",
        "8",
        "--timeout",
        "20",
    ]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_kill_9_at_random_points_loses_and_repeats_nothing(tmp_path: Path):
    rng = random.Random(20261201)
    db = tmp_path / "watch.sqlite"
    with serve() as site:
        site.add_items(list(range(ITEMS)))
        res = CliRunner().invoke(
            app, ["sources", "add", "Invented Gazette", "--feed", site.base + "/feed.xml", "--db", str(db)]
        )
        assert res.exit_code == 0, res.output
        rules = tmp_path / "rules.yaml"
        rules.write_text("alerts:\n  - name: council\n    keyword: council\n    log: true\n", encoding="utf-8")
        res = CliRunner().invoke(app, ["alerts", "load", str(rules), "--db", str(db)])
        assert res.exit_code == 0, res.output

        # the first kill lands anywhere in start-up (imports, migration, robots.txt, the feed's poll); the others
        # once the watcher has stored a random number more items, a random instant later
        kills = []
        proc = _start(db)
        time.sleep(rng.uniform(0.2, 2.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        kills.append(_done(db))
        for _ in range(3):
            target = _done(db) + rng.randint(1, ITEMS // 4)
            proc = _start(db)
            deadline = time.monotonic() + 180  # start-up alone can take a minute on a loaded machine
            while _done(db) < target and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.02)
            time.sleep(rng.uniform(0, 0.2))
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
            kills.append(_done(db))
        assert kills == sorted(kills)  # nothing stored is ever lost
        assert any(0 < k < ITEMS for k in kills), kills  # the kills did land in the middle of the work

        proc = _start(db)
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()[-2000:]

    con = sqlite3.connect(db)
    assert con.execute("SELECT state, COUNT(*) FROM watch_items GROUP BY state").fetchall() == [("done", ITEMS)]
    assert con.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == ITEMS
    assert con.execute("SELECT COUNT(DISTINCT document_id) FROM watch_items").fetchone()[0] == ITEMS
    assert con.execute("SELECT COUNT(*) FROM documents_fts").fetchone()[0] == ITEMS
    # every item's URL leads to its own document, and each page was fetched until it was stored, then never again
    pairs = con.execute(
        "SELECT w.url, u.document_id FROM watch_items w JOIN document_urls u ON u.url = w.url"
    ).fetchall()
    assert len(pairs) == ITEMS and len({d for _, d in pairs}) == ITEMS
    # each stored document fired the rule once, whatever the kills interrupted (the ledger's event keys are unique)
    fired = con.execute("SELECT payload FROM alert_events WHERE rule = 'council'").fetchall()
    assert len(fired) == ITEMS
    assert con.execute("SELECT COUNT(*) FROM alert_deliveries WHERE channel = 'log'").fetchone()[0] == ITEMS
    titles = {t for (t,) in con.execute("SELECT title FROM documents")}
    assert titles == {f"Council report {i} from {TOWNS[i % len(TOWNS)]}" for i in range(ITEMS)}
    con.close()
