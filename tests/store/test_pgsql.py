"""The translation of the SQLite-style SQL that the watcher and the alerts write for the PostgreSQL store, and its
rows, which read as sqlite3.Row's do."""

from __future__ import annotations

import pytest

from presswatch.store.pgsql import Result, Row, translate


@pytest.mark.parametrize(
    ("sqlite", "postgres"),
    [
        ("SELECT a FROM t WHERE b = ? AND c = ?", "SELECT a FROM t WHERE b = %s AND c = %s"),
        ("SELECT id FROM d WHERE rowid > ? ORDER BY rowid", "SELECT id FROM d WHERE seq > %s ORDER BY seq"),
        ("SELECT fts_rowid, 'rowid ?' FROM t", "SELECT fts_rowid, 'rowid ?' FROM t"),
        ("SELECT a FROM t WHERE b LIKE '50%' AND c = ?", "SELECT a FROM t WHERE b LIKE '50%%' AND c = %s"),
        ("INSERT OR IGNORE INTO t (a) VALUES (?)", "INSERT INTO t (a) VALUES (%s) ON CONFLICT DO NOTHING"),
        (
            "insert or ignore into t (a) VALUES (?) RETURNING id",
            "INSERT INTO t (a) VALUES (%s) ON CONFLICT DO NOTHING RETURNING id",
        ),
        ("SELECT json_extract(s.attrs, '$.kind') FROM spans s", "SELECT (s.attrs ->> 'kind') FROM spans s"),
        ("SELECT json_extract(attrs, '$.a.b')", "SELECT (attrs #>> '{a,b}')"),
        ('SELECT "end" FROM spans WHERE x = ?;', 'SELECT "end" FROM spans WHERE x = %s'),
    ],
)
def test_translate(sqlite: str, postgres: str) -> None:
    assert translate(sqlite) == postgres


def test_rows_read_by_position_and_name() -> None:
    r = Row(["a", 2], {"name": 0, "n": 1})
    assert r[0] == "a" and r["n"] == 2 and dict(r) == {"name": "a", "n": 2} and tuple(r) == ("a", 2)
    res = Result([r, Row(["b", 3], {"name": 0, "n": 1})], 2)
    assert res.fetchone() == ("a", 2) and res.fetchall() == [("b", 3)] and res.fetchone() is None
    assert res.rowcount == 2 and list(Result([r], 1)) == [r]
