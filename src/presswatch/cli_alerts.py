"""``presswatch alerts ...``: load, list, remove and dry-run alert rules, and show what fired.

The rules live in the store (``--db``); ``watch`` evaluates them (:mod:`presswatch.alerts`). The alerts package is
imported only when a command runs, so that ``presswatch --help`` stays instant.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from presswatch.cli_common import ALLOW_PRIVATE_ENV, DbOption, Group, positive_or_none

alerts_app = typer.Typer(
    name="alerts",
    cls=Group,
    help="Alert rules (YAML, see docs/alerts.md): load them into the store, list, remove, dry-run them, and see "
    "what fired.",
    no_args_is_help=True,
)

RulesFile = Annotated[
    Path, typer.Argument(help="A rules file: YAML with a top-level 'alerts:' list.", show_default=False)
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


def _say(line: str, *, err: bool = False) -> None:
    """A line for a person: a page's title or a rule's message may hide control characters; they are removed."""
    from presswatch.report.text import for_terminal

    typer.echo(for_terminal(line), err=err)


def _one(value: object) -> str:
    from presswatch.report.text import for_terminal

    return for_terminal(value, oneline=True)


def _deliveries(rule: Any) -> str:
    return ", ".join(d.channel if d.channel == "log" else f"{d.channel} {d.target}" for d in rule.deliveries)


@alerts_app.command("load")
def load(
    path: RulesFile,
    db: DbOption = None,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private-addresses",
            envvar=ALLOW_PRIVATE_ENV,
            help="Let these rules' webhooks post to loopback, private and link-local addresses (refused by default).",
        ),
    ] = False,
) -> None:
    """Check a rules file and store its rules (a rule of the same name is replaced) and its smtp section."""
    from presswatch.alerts import load_rules, read_rules_file
    from presswatch.store import open_store

    ruleset = read_rules_file(path)  # every rule is checked before anything is stored
    with open_store(db) as store:
        load_rules(store, ruleset, allow_private=allow_private)
    names = ", ".join(r.name for r in ruleset.rules)
    smtp = "; SMTP settings stored" if ruleset.smtp else ""
    _say(f"loaded {len(ruleset.rules)} alert rule(s): {names}{smtp}", err=True)


@alerts_app.command("list")
def list_rules(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List the stored alert rules: name, condition, deliveries, when loaded."""
    from presswatch.alerts import list_rules as stored
    from presswatch.store import open_store

    with open_store(db) as store:
        rules = stored(store)
    if as_json:
        typer.echo(
            json.dumps(
                [
                    {
                        "name": r.rule.name,
                        "definition": r.rule.definition,
                        "allow_private_addresses": r.allow_private,
                        "loaded_at": r.loaded_at,
                    }
                    for r in rules
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
        return
    for r in rules:
        private = " (private addresses allowed)" if r.allow_private else ""
        _say(f"{r.rule.name}  {r.rule.describe()}  -> {_deliveries(r.rule)}{private}  loaded {r.loaded_at}")
    typer.echo(f"{len(rules)} rule(s)", err=True)


@alerts_app.command("remove")
def remove(
    name: Annotated[str, typer.Argument(help="The rule's name (see `presswatch alerts list`).", show_default=False)],
    db: DbOption = None,
) -> None:
    """Remove a stored alert rule; what it fired stays in the history."""
    from presswatch.alerts import remove_rule
    from presswatch.store import open_store

    with open_store(db) as store:
        remove_rule(store, name)
    _say(f"removed alert rule {_one(name)}", err=True)


@alerts_app.command("test")
def test(path: RulesFile, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Dry-run a rules file on the stored documents and incidents: print what would fire now. Sends nothing and
    records nothing."""
    from presswatch.alerts import dry_run, read_rules_file
    from presswatch.alerts.events import iso, utc
    from presswatch.store import open_store

    ruleset = read_rules_file(path)
    now = utc(None)
    with open_store(db) as store:
        found = dry_run(store, ruleset, now)
    if as_json:
        typer.echo(
            json.dumps(
                [{**a.payload(iso(now)), "fired_before": before} for a, before in found], ensure_ascii=False, indent=1
            )
        )
    else:
        for a, before in found:
            _say(f"{a.rule}: {_one(a.message)}{'  (fired before)' if before else ''}")
            for e in a.evidence[:5]:
                _say(f"    {e.document_id} {e.field}:{e.start}-{e.end} '{_one(e.text)}'")
    by_rule = {r.name: sum(1 for a, _ in found if a.rule == r.name) for r in ruleset.rules}
    _say(
        "would fire: " + ", ".join(f"{name} {n}" for name, n in by_rule.items()) + " (dry run: nothing sent or "
        "recorded; incidents as linked so far)",
        err=True,
    )


@alerts_app.command("history")
def history(
    db: DbOption = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", help="How many alerts, newest first.", callback=positive_or_none)
    ] = 50,
    rule: Annotated[str | None, typer.Option("--rule", help="Only the alerts of this rule.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Show the alerts that fired, newest first, with the state of each delivery (pending, sent, failed)."""
    from presswatch.alerts import history as fired
    from presswatch.store import open_store

    with open_store(db) as store:
        rows = fired(store, limit, rule)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for r in rows:
        _say(f"{r['fired_at']}  {r['id']}  {r['rule']}: {_one(r['message'])}")
        for d in r["deliveries"]:
            error = f": {_one(d['last_error'])}" if d["last_error"] and d["state"] != "sent" else ""
            _say(f"    {d['channel']} {_one(d['target'])}  {d['state']} after {d['attempts']} attempt(s){error}")
    typer.echo(f"{len(rows)} alert(s)", err=True)
