"""SQLite-style SQL on the PostgreSQL store, for the code that keeps tables of its own in the store (the watcher's
queue and sources registry, the alerts' ledger) and reads a few columns of the documents directly.

That code writes one SQL for both stores: the common subset of the two dialects, plus the few SQLite forms that
:func:`translate` rewrites for PostgreSQL:

- ``?`` placeholders become ``%s`` (a literal ``%`` is doubled);
- ``rowid`` becomes ``seq`` (the PostgreSQL tables that need an insertion order have that column);
- ``INSERT OR IGNORE INTO ...`` becomes ``INSERT INTO ... ON CONFLICT DO NOTHING`` (before ``RETURNING``, if any);
- ``json_extract(col, '$.a.b')`` becomes ``(col #>> '{a,b}')`` (text, as the JSONB columns are compared).

Anything else (``INSERT OR REPLACE``, two-argument ``MAX``, a boolean summed) is written portably by the caller:
``ON CONFLICT (key) DO UPDATE``, ``CASE WHEN``. Rows come back as SQLite gives them: indexable by position and by
name (``dict(row)`` works), JSON columns as JSON text, ``bytea`` as bytes, whole sums as ints.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

_TOKEN = re.compile(
    r"""'(?:[^']|'')*'                                     # a string literal: left as it is ('%' doubled)
      | "[^"]*"                                             # a quoted name
      | json_extract\(\s*([\w.]+)\s*,\s*'\$\.([\w.]+)'\s*\)  # json_extract(col, '$.path')
      | \bINSERT\s+OR\s+IGNORE\s+INTO\b
      | \browid\b
      | \?
      | %""",
    re.IGNORECASE | re.VERBOSE,
)
_RETURNING = re.compile(r"\bRETURNING\b", re.IGNORECASE)
_cache: dict[str, str] = {}


def translate(sql: str) -> str:
    """``sql`` (SQLite's dialect, as described above) in PostgreSQL's, for psycopg's ``%s`` parameters."""
    done = _cache.get(sql)
    if done is not None:
        return done
    ignore = False

    def one(m: re.Match[str]) -> str:
        nonlocal ignore
        t = m.group(0)
        if t.startswith("'"):
            return t.replace("%", "%%")
        if t.startswith('"'):
            return t
        if t == "?":
            return "%s"
        if t == "%":
            return "%%"
        if m.group(1):
            keys = m.group(2).split(".")
            if len(keys) == 1:
                return f"({m.group(1)} ->> '{keys[0]}')"
            return f"({m.group(1)} #>> '{{{','.join(keys)}}}')"
        if t.lower() == "rowid":
            return "seq"
        ignore = True
        return "INSERT INTO"

    out = _TOKEN.sub(one, sql).rstrip().rstrip(";")
    if ignore:
        r = _RETURNING.search(out)
        out = f"{out[: r.start()]}ON CONFLICT DO NOTHING {out[r.start():]}" if r else f"{out} ON CONFLICT DO NOTHING"
    if len(_cache) < 2048:
        _cache[sql] = out
    return out


class Row(tuple):  # type: ignore[type-arg]
    """A row as :class:`sqlite3.Row` gives it: by position or by column name; ``keys()`` for ``dict(row)``."""

    _names: dict[str, int]

    def __new__(cls, values: Iterable[Any], names: dict[str, int]) -> Row:
        row = super().__new__(cls, values)
        row._names = names
        return row

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


_JSON_OIDS = {114, 3802}  # json, jsonb


def _plain(value: Any, is_json: bool) -> Any:
    if is_json and value is not None:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def row_factory(cursor: Any) -> Callable[[Sequence[Any]], Row]:
    """psycopg row factory making :class:`Row` objects."""
    desc = cursor.description or []
    names = {d.name: i for i, d in enumerate(desc)}
    is_json = [d.type_code in _JSON_OIDS for d in desc]

    def make(values: Sequence[Any]) -> Row:
        return Row((_plain(v, j) for v, j in zip(values, is_json, strict=True)), names)

    return make


class Result:
    """What ``execute`` returns: the rows (read at once), ``rowcount``, and ``fetchone``/``fetchall``/iteration."""

    def __init__(self, rows: list[Row], rowcount: int) -> None:
        self._rows = rows
        self._next = 0
        self.rowcount = rowcount

    def fetchone(self) -> Row | None:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    def fetchall(self) -> list[Row]:
        rest = self._rows[self._next:]
        self._next = len(self._rows)
        return rest

    def fetchmany(self, size: int = 1) -> list[Row]:
        part = self._rows[self._next : self._next + size]
        self._next += len(part)
        return part

    def __iter__(self) -> Iterator[Row]:
        while (r := self.fetchone()) is not None:
            yield r

    def close(self) -> None:
        self._rows = []


__all__ = ["translate", "Row", "Result", "row_factory"]
