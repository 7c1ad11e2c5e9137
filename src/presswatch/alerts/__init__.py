"""Alerts: rules in YAML (``docs/alerts.md``) evaluated on each newly stored document and on the clock, each event
fired once (a ledger in the store), delivered to the log, to webhooks and by e-mail.

The watcher calls :func:`on_stored` with the ids of the documents it stored and :func:`on_tick` now and then;
both are safe to call again with the same input and after a crash: an event already in the ledger is never
recorded again, and deliveries left pending are sent by the next call. :func:`load_rules`, :func:`list_rules`,
:func:`remove_rule`, :func:`dry_run` and :func:`history` are what ``presswatch alerts`` runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from presswatch.alerts import ledger
from presswatch.alerts.engine import Evaluator, PlaceResolver
from presswatch.alerts.events import Alert, Evidence, utc
from presswatch.alerts.rules import RuleSet, parse_rules
from presswatch.errors import ConfigError

__all__ = [
    "Alert",
    "Evidence",
    "on_stored",
    "on_tick",
    "read_rules_file",
    "load_rules",
    "list_rules",
    "remove_rule",
    "dry_run",
    "history",
]

MAX_RULES_BYTES = 1024 * 1024


def on_stored(
    store: Any, document_ids: Iterable[str], now: datetime | None = None, *, resolve_place: PlaceResolver | None = None
) -> list[Alert]:
    """Evaluate the document rules on newly stored documents, record the events not fired before and deliver
    what is due; return the alerts recorded by this call."""
    moment = utc(now)
    new = _documents(store, document_ids, moment, resolve_place)
    from presswatch.alerts.deliver import deliver_due

    deliver_due(store, moment)
    return new


def on_tick(store: Any, now: datetime | None = None, *, embed: Any = True) -> list[Alert]:
    """Evaluate the clock rules (``unreported_by``, ``source_quiet``), record new events, and send deliveries
    that are pending or due for a retry; return the alerts recorded by this call.

    With an ``unreported_by`` rule, documents stored since the last call are linked to incidents first, as
    ``presswatch compare`` does (``embed``: as :func:`presswatch.comparison.linking.link_store` takes it)."""
    moment = utc(now)
    new = _documents(store, (), moment, None)  # documents a crashed process stored and never evaluated
    rules = [r for r in ledger.stored_rules(store) if not r.rule.on_documents]
    if rules:
        if any(r.rule.kind == "unreported_by" for r in rules):
            from presswatch.comparison.linking import link_store

            link_store(store, embed=embed)
        new += ledger.record(store, Evaluator(store, rules).clock(moment), moment)
    from presswatch.alerts.deliver import deliver_due

    deliver_due(store, moment)
    return new


def _documents(
    store: Any, document_ids: Iterable[str], moment: datetime, resolve_place: PlaceResolver | None
) -> list[Alert]:
    """The document rules on ``document_ids`` and on every document stored since the last evaluation (one stored by
    a process that died before evaluating it), recorded with the new evaluation mark in one transaction."""
    missed, top = ledger.documents_to_catch_up(store)
    ids = list(dict.fromkeys([*document_ids, *missed]))
    rules = [r for r in ledger.stored_rules(store) if r.rule.on_documents]
    found = Evaluator(store, rules, resolve_place=resolve_place).documents(ids) if rules and ids else []
    return ledger.record(store, found, moment, documents_mark=top)


def read_rules_file(path: str | Path) -> RuleSet:
    """Parse and check a rules file (ConfigError naming the rule and key at fault)."""
    from presswatch.errors import InputError
    from presswatch.ingest.localfile import read_limited, shown

    try:
        data = read_limited(str(path), MAX_RULES_BYTES)
    except InputError as e:
        raise ConfigError(f"{shown(str(path))}: cannot read the rules file ({e.message})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ConfigError(
            f"{shown(str(path))}: the rules file is not UTF-8 text ({e.reason} at byte {e.start})"
        ) from None
    return parse_rules(text, shown(str(path)))


def load_rules(store: Any, ruleset: RuleSet, *, allow_private: bool = False, now: datetime | None = None) -> None:
    """Store checked rules (replacing rules of the same names) and the file's ``smtp:`` section, if any.
    ``allow_private`` lets these rules' webhooks post to loopback and private addresses."""
    ledger.save_rules(store, ruleset, allow_private=allow_private, now=utc(now))


def list_rules(store: Any) -> list[ledger.StoredRule]:
    return ledger.stored_rules(store)


def remove_rule(store: Any, name: str) -> None:
    """Remove a stored rule (NotFoundError when there is none of that name); what it fired stays in the
    history."""
    from presswatch.errors import NotFoundError

    if not ledger.remove_rule(store, name):
        known = ", ".join(r.rule.name for r in ledger.stored_rules(store)) or "none is loaded"
        raise NotFoundError(f"no alert rule is named {name!r} (rules: {known})")


def dry_run(
    store: Any, ruleset: RuleSet, now: datetime | None = None, *, resolve_place: PlaceResolver | None = None
) -> list[tuple[Alert, bool]]:
    """What the rules would fire on the stored documents and incidents at ``now``, each with whether the ledger
    holds it already; writes nothing and sends nothing (incidents are those already linked)."""
    moment = utc(now)
    stored = [ledger.StoredRule(r, False, "") for r in ruleset.rules]
    ev = Evaluator(store, stored, resolve_place=resolve_place, since_loaded=False)
    ids = [r[0] for r in store.conn.execute("SELECT id FROM documents ORDER BY ingested_at, id")]
    alerts = [a for a, _ in ev.documents(ids)] + [a for a, _ in ev.clock(moment)]
    unique = list({a.key: a for a in alerts}.values())
    fired = ledger.known_keys(store, (a.key for a in unique))
    return [(a, a.key in fired) for a in unique]


def history(store: Any, limit: int = 50, rule: str | None = None) -> list[dict[str, Any]]:
    return ledger.history(store, limit, rule)
