"""The alerts' tables in the store (created by the store's alerts migration): loaded rules, settings, the ledger of
fired events and the state of each delivery. All the alerts' SQL is here.

Once per event: an alert is recorded with its deliveries in one transaction, and the ledger's event key is
unique, so evaluating again (after a restart, or by two processes) records nothing new. A delivery is claimed
(its next attempt pushed a lease ahead) in a transaction before it is sent, so two processes never send the
same one at once; a process that dies after claiming leaves it to be retried when the lease runs out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from presswatch.alerts.events import Alert, iso
from presswatch.alerts.rules import Rule, RuleError, RuleSet, SmtpSettings, rule_from_mapping, smtp_from_dict
from presswatch.errors import ConfigError

LEASE_SECONDS = 300.0  # a claimed delivery is retried after this long if its sender never reports back (it
# is longer than one e-mail or webhook attempt can take, so a slow send is not sent twice)


@dataclass(frozen=True, slots=True)
class StoredRule:
    rule: Rule
    allow_private: bool
    loaded_at: str


@dataclass(frozen=True, slots=True)
class Due:
    """A delivery claimed for sending, with its event's payload."""

    id: int
    channel: str
    target: str
    allow_private: bool
    attempts: int
    payload: dict[str, Any]


def _conn(store: Any) -> Any:
    if not (hasattr(store, "transaction") and hasattr(store, "conn")):
        raise ConfigError("presswatch alerts need a SQLite or PostgreSQL store")
    return store.conn


def save_rules(store: Any, ruleset: RuleSet, *, allow_private: bool, now: datetime) -> None:
    """Store the rules (a rule of the same name is replaced) and the SMTP section, if the file has one."""
    with store.transaction("the alert rules") as c:
        for r in ruleset.rules:
            # loaded_at moves only when the rule changes: it bounds what clock rules look back at
            c.execute(
                """INSERT INTO alert_rules (name, definition, allow_private, loaded_at) VALUES (?,?,?,?)
                   ON CONFLICT(name) DO UPDATE SET loaded_at = CASE WHEN alert_rules.definition = excluded.definition
                   THEN alert_rules.loaded_at ELSE excluded.loaded_at END, definition = excluded.definition,
                   allow_private = excluded.allow_private""",
                (r.name, json.dumps(r.definition, ensure_ascii=False), int(allow_private), iso(now)),
            )
        # documents stored from now on are evaluated even if the process storing them dies before it evaluates them
        if c.execute("SELECT 1 FROM alert_settings WHERE key = ?", (DOCUMENTS_MARK,)).fetchone() is None:
            c.execute(
                "INSERT OR IGNORE INTO alert_settings (key, value) VALUES (?, ?)", (DOCUMENTS_MARK, mark_after(store))
            )
        if ruleset.smtp is not None:
            c.execute(
                "INSERT INTO alert_settings (key, value) VALUES ('smtp', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (json.dumps(ruleset.smtp.to_dict()),),
            )


# The mark of the documents the document rules have been evaluated on: a process killed after storing documents and
# before evaluating them (``presswatch watch`` under kill -9) leaves them above the mark, and the next evaluation
# takes them up. On SQLite it is the highest ``documents.rowid`` evaluated (one writer at a time: rowids grow in
# commit order). On PostgreSQL they do not: a transaction can commit a document after another committed one with a
# higher ``seq``. There the mark is ``{"xid": X, "above": [ids]}``: every document stored by a transaction below X has
# been evaluated, and so have the documents listed ``above`` (stored at or above X). X only moves up to the oldest
# transaction still running on the server (``pg_snapshot_xmin``), below which every transaction has ended: a document
# committed late by a transaction that was running sits at or above X and is still to be evaluated.
DOCUMENTS_MARK = "documents_evaluated_through"


def _is_postgres(store: Any) -> bool:
    from presswatch.store.postgres import PostgresStore

    return isinstance(store, PostgresStore)


def _xmin(c: Any) -> int:
    """The oldest transaction still running on the server: every transaction below it has committed or rolled back,
    so what it stored is visible to any statement from now on."""
    return int(c.execute("SELECT CAST(pg_snapshot_xmin(pg_current_snapshot()) AS TEXT)").fetchone()[0])


def _pg_pending(c: Any, mark: dict[str, Any]) -> tuple[list[str], str]:
    """(documents not evaluated per ``mark``, the mark to set once they are): PostgreSQL."""
    xid = int(mark["xid"])
    above = set(mark["above"])
    oldest = _xmin(c)  # first: documents of transactions below it are all visible to the next statement
    rows = c.execute(
        "SELECT id, CAST(stored_xid AS TEXT) FROM documents WHERE stored_xid >= CAST(? AS xid8) ORDER BY seq",
        (str(xid),),
    ).fetchall()
    new_xid = max(xid, oldest)
    pending = [r[0] for r in rows if r[0] not in above]
    return pending, json.dumps({"xid": new_xid, "above": [r[0] for r in rows if int(r[1]) >= new_xid]})


def mark_after(store: Any, pending: Iterable[str] = ()) -> str:
    """A new mark saying every stored document but ``pending`` has been evaluated (a copy of a store, the first rules
    loaded); on PostgreSQL the documents of transactions still running are pending too (they may commit later)."""
    c = _conn(store)
    pending = list(dict.fromkeys(pending))
    if not _is_postgres(store):
        first = None
        for i in range(0, len(pending), 500):
            part = pending[i : i + 500]
            marks = ",".join("?" * len(part))
            row = c.execute(f"SELECT MIN(rowid) FROM documents WHERE id IN ({marks})", part).fetchone()
            if row[0] is not None:
                first = row[0] if first is None else min(first, row[0])
        if first is not None:
            return str(int(first) - 1)
        return str(int(c.execute("SELECT COALESCE(MAX(rowid), 0) FROM documents").fetchone()[0]))
    with store.transaction("the alerts' mark") as tx:
        for i in range(0, len(pending), 500):  # moved to this transaction's id: at or above the mark set below
            part = pending[i : i + 500]
            tx.execute(
                f"UPDATE documents SET stored_xid = pg_current_xact_id() WHERE id IN ({','.join('?' * len(part))})",
                part,
            )
        oldest = _xmin(tx)
        skip = set(pending)
        above = [
            r[0]
            for r in tx.execute(
                "SELECT id FROM documents WHERE stored_xid >= CAST(? AS xid8) ORDER BY seq", (str(oldest),)
            )
            if r[0] not in skip
        ]
    return json.dumps({"xid": oldest, "above": above})


def not_evaluated(store: Any) -> list[str] | None:
    """The stored documents the mark says are not evaluated yet, in storage order (None: no mark, no rules were ever
    loaded)."""
    c = _conn(store)
    row = c.execute("SELECT value FROM alert_settings WHERE key = ?", (DOCUMENTS_MARK,)).fetchone()
    if row is None:
        return None
    if _is_postgres(store):
        mark = json.loads(row[0])
        above = set(mark["above"])
        return [
            r[0]
            for r in c.execute(
                "SELECT id FROM documents WHERE stored_xid >= CAST(? AS xid8) ORDER BY seq", (str(mark["xid"]),)
            )
            if r[0] not in above
        ]
    return [r[0] for r in c.execute("SELECT id FROM documents WHERE rowid > ? ORDER BY rowid", (int(row[0]),))]


def documents_to_catch_up(store: Any) -> tuple[list[str], str | None]:
    """The ids of the documents stored and not evaluated (none before the first rules were loaded), in storage order,
    and the mark to set (:func:`record`) once they are evaluated."""
    c = _conn(store)
    row = c.execute("SELECT value FROM alert_settings WHERE key = ?", (DOCUMENTS_MARK,)).fetchone()
    if row is None:
        return [], None
    if _is_postgres(store):
        return _pg_pending(c, json.loads(row[0]))
    top = int(c.execute("SELECT COALESCE(MAX(rowid), 0) FROM documents").fetchone()[0])
    ids = [
        r[0]
        for r in c.execute(
            "SELECT id FROM documents WHERE rowid > ? AND rowid <= ? ORDER BY rowid", (int(row[0]), top)
        )
    ]
    return ids, str(top)


def _move_mark(store: Any, c: Any, mark: str) -> None:
    """Set the documents' mark to ``mark`` in the open transaction ``c``, never back."""
    if not _is_postgres(store):
        c.execute(
            "UPDATE alert_settings SET value = CAST(CASE WHEN CAST(value AS BIGINT) > ? THEN CAST(value AS BIGINT) "
            "ELSE ? END AS TEXT) WHERE key = ?",
            (int(mark), int(mark), DOCUMENTS_MARK),
        )
        return
    row = c.execute("SELECT value FROM alert_settings WHERE key = ? FOR UPDATE", (DOCUMENTS_MARK,)).fetchone()
    if row is None:
        return
    old, new = json.loads(row[0]), json.loads(mark)
    if int(new["xid"]) < int(old["xid"]):  # another process moved it further meanwhile
        return
    if int(new["xid"]) == int(old["xid"]):
        new["above"] = list(dict.fromkeys([*old["above"], *new["above"]]))
    c.execute("UPDATE alert_settings SET value = ? WHERE key = ?", (json.dumps(new), DOCUMENTS_MARK))


def stored_rules(store: Any) -> list[StoredRule]:
    out = []
    for name, definition, allow, loaded in _conn(store).execute(
        "SELECT name, definition, allow_private, loaded_at FROM alert_rules ORDER BY name"
    ):
        try:
            rule = rule_from_mapping(json.loads(definition))
        except (RuleError, ValueError) as e:  # a stored rule this version cannot read: say which, do not guess
            raise ConfigError(
                f"the stored alert rule {name!r} cannot be read ({e}); remove it with "
                f"`presswatch alerts remove {name}` and load it again"
            ) from None
        out.append(StoredRule(rule, bool(allow), loaded))
    return out


def remove_rule(store: Any, name: str) -> bool:
    """Remove a rule; its fired events stay in the ledger (and its pending deliveries are still sent)."""
    with store.transaction(f"the removal of alert rule {name}") as c:
        return c.execute("DELETE FROM alert_rules WHERE name = ?", (name,)).rowcount > 0


def smtp_settings(store: Any) -> SmtpSettings | None:
    row = _conn(store).execute("SELECT value FROM alert_settings WHERE key = 'smtp'").fetchone()
    return smtp_from_dict(json.loads(row[0])) if row else None


def known_keys(store: Any, keys: Iterable[str]) -> set[str]:
    """The event keys among ``keys`` that the ledger holds (fired before)."""
    wanted = list(dict.fromkeys(keys))
    found: set[str] = set()
    c = _conn(store)
    for i in range(0, len(wanted), 500):
        part = wanted[i : i + 500]
        found.update(
            r[0]
            for r in c.execute(
                f"SELECT event_key FROM alert_events WHERE event_key IN ({','.join('?' * len(part))})", part
            )
        )
    return found


def record(
    store: Any, alerts: Iterable[tuple[Alert, StoredRule]], now: datetime, *, documents_mark: str | None = None
) -> list[Alert]:
    """Record each alert not yet in the ledger, with one pending delivery per destination of its rule, in one
    transaction; return the ones recorded now (the others fired before). ``documents_mark``: the mark
    :func:`documents_to_catch_up` gave, set in the same transaction (never moved back)."""
    fired_at = iso(now)
    alerts = list(alerts)  # evaluated before the write transaction starts

    def write(c: Any) -> list[Alert]:
        new: list[Alert] = []
        if documents_mark is not None:
            _move_mark(store, c, documents_mark)
        for alert, stored in alerts:
            payload = alert.payload(fired_at)
            cur = c.execute(
                """INSERT OR IGNORE INTO alert_events (event_key, hash, rule, kind, message, payload, fired_at)
                   VALUES (?,?,?,?,?,?,?) RETURNING id""",
                (
                    alert.key,
                    alert.id,
                    alert.rule,
                    alert.kind,
                    alert.message,
                    json.dumps(payload, ensure_ascii=False),
                    fired_at,
                ),
            )
            inserted = cur.fetchone()
            if inserted is None:  # fired before
                continue
            c.executemany(
                """INSERT OR IGNORE INTO alert_deliveries (event_id, channel, target, allow_private, next_attempt)
                   VALUES (?,?,?,?,?)""",
                [
                    (inserted[0], d.channel, d.target, int(stored.allow_private), now.timestamp())
                    for d in stored.rule.deliveries
                ],
            )
            new.append(alert)
        return new

    # two processes recording the same events in different orders can deadlock (PostgreSQL): the transaction is
    # safe to run again as a whole (its inserts are ignored where the key is there)
    if hasattr(store, "atomic_retry"):
        return list(store.atomic_retry("fired alerts", write))
    with store.transaction("fired alerts") as c:
        return write(c)


def claim_due(store: Any, now: datetime, limit: int = 100) -> list[Due]:
    """The pending deliveries whose next attempt has come, claimed for :data:`LEASE_SECONDS` and counted as an
    attempt, oldest first."""
    t = now.timestamp()
    due = "SELECT 1 FROM alert_deliveries WHERE state = 'pending' AND next_attempt <= ? LIMIT 1"
    if _conn(store).execute(due, (t,)).fetchone() is None:
        return []  # the usual case: no write lock taken
    with store.transaction("the alert deliveries") as c:
        rows = c.execute(
            """SELECT d.id, d.channel, d.target, d.allow_private, d.attempts, e.payload FROM alert_deliveries d
               JOIN alert_events e ON e.id = d.event_id WHERE d.state = 'pending' AND d.next_attempt <= ?
               ORDER BY d.next_attempt, d.id LIMIT ?""",
            (t, limit),
        ).fetchall()
        c.executemany(
            "UPDATE alert_deliveries SET attempts = attempts + 1, next_attempt = ? WHERE id = ?",
            [(t + LEASE_SECONDS, r[0]) for r in rows],
        )
    return [Due(r[0], r[1], r[2], bool(r[3]), r[4] + 1, json.loads(r[5])) for r in rows]


def mark_sent(store: Any, delivery_id: int, now: datetime) -> None:
    with store.transaction("an alert delivery") as c:
        c.execute(
            "UPDATE alert_deliveries SET state = 'sent', sent_at = ?, last_error = NULL WHERE id = ?",
            (iso(now), delivery_id),
        )


def mark_failed(store: Any, delivery_id: int, error: str, retry_at: datetime | None) -> None:
    """Record a failed attempt: retried at ``retry_at``, or failed for good when it is None."""
    with store.transaction("an alert delivery") as c:
        if retry_at is None:
            c.execute("UPDATE alert_deliveries SET state = 'failed', last_error = ? WHERE id = ?", (error, delivery_id))
        else:
            c.execute(
                "UPDATE alert_deliveries SET next_attempt = ?, last_error = ? WHERE id = ?",
                (retry_at.timestamp(), error, delivery_id),
            )


def count_fired(store: Any, rule: str | None = None) -> int:
    """How many alerts the ledger holds (of ``rule``, if given)."""
    where, args = ("WHERE rule = ?", [rule]) if rule else ("", [])
    return int(_conn(store).execute(f"SELECT COUNT(*) FROM alert_events {where}", args).fetchone()[0])


def history(store: Any, limit: int = 50, rule: str | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """The latest fired alerts, newest first (``limit`` of them from ``offset``), each with its deliveries' state."""
    c = _conn(store)
    where, args = ("WHERE rule = ?", [rule]) if rule else ("", [])
    events = c.execute(
        f"""SELECT id, hash, event_key, rule, kind, message, fired_at, payload FROM alert_events
                           {where} ORDER BY fired_at DESC, id DESC LIMIT ? OFFSET ?""",
        [*args, limit, offset],
    ).fetchall()
    out = []
    for eid, h, key, rule_name, kind, message, fired_at, payload in events:
        deliveries = [
            {
                "channel": ch,
                "target": target,
                "state": state,
                "attempts": attempts,
                "last_error": error,
                "sent_at": sent_at,
            }
            for ch, target, state, attempts, error, sent_at in c.execute(
                """SELECT channel, target, state, attempts, last_error, sent_at FROM alert_deliveries
                   WHERE event_id = ? ORDER BY id""",
                (eid,),
            )
        ]
        out.append(
            {
                "id": h,
                "event_key": key,
                "rule": rule_name,
                "kind": kind,
                "message": message,
                "fired_at": fired_at,
                "evidence": json.loads(payload).get("evidence", []),
                "deliveries": deliveries,
            }
        )
    return out
