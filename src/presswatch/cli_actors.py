"""``presswatch actors list|show`` (browse the actors registry) and ``presswatch sources unknown`` (the sources
the registry cannot place, for a user to classify in their own actors file).

Light on purpose: ``presswatch --help`` imports this module; the registry and the store are loaded inside the
commands.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from presswatch.cli_common import Group, positive_or_none

actors_app = typer.Typer(
    name="actors",
    cls=Group,
    help="Browse the actors registry: who the bodies, outlets and officials that texts cite belong to "
    "(an affiliation and a country, never a judgment).",
    no_args_is_help=True,
)

ActorsOption = Annotated[
    Path | None,
    typer.Option(
        "--actors",
        help="Your actors file (YAML, see docs/actors.md), read over the shipped registry. "
        "Default: $PRESSWATCH_ACTORS.",
        show_default=False,
    ),
]
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Store: a SQLite file path, sqlite:///path or postgresql://user@host/db. Default: $PRESSWATCH_DB, "
        "else presswatch.sqlite in the user data directory.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _echo(line: str) -> None:
    """One line on stdout, with escape sequences and line breaks from documents or a user's file removed."""
    from presswatch.report.text import for_terminal

    typer.echo(for_terminal(line.replace("\n", " ").replace("\r", " ")))


@actors_app.command("list")
def list_actors(
    affiliation: Annotated[
        str | None,
        typer.Option(
            "--affiliation", help="Only entries with this affiliation (az-state, nk-de-facto, international, ...)."
        ),
    ] = None,
    actors: ActorsOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the registry's entries: id, affiliation, country, kind and name; then the affiliations it uses."""
    from presswatch.actors.registry import default_registry

    reg = default_registry(actors)
    rows = [a for a in reg.actors.values() if affiliation is None or a.affiliation == affiliation]
    if as_json:
        typer.echo(
            json.dumps(
                {"affiliations": reg.affiliations, "actors": [a.to_dict() for a in rows]}, ensure_ascii=False, indent=1
            )
        )
        return
    for a in rows:
        _echo(f"{a.id:<28} {a.affiliation:<20} {a.country or '--':<3} {a.kind:<19} {a.name}")
    typer.echo(f"{len(rows)} of {len(reg.actors)} entries; affiliations: {', '.join(reg.affiliations)}", err=True)


@actors_app.command()
def show(
    name: Annotated[str, typer.Argument(help="An id (az-mod), a name or an alias in any of its languages.")],
    actors: ActorsOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show the entries a name stands for, with their aliases per language; failing an exact name, what the
    registry reads in it as a source phrase ("Azerbaijan's defence ministry")."""
    from presswatch.actors.registry import default_registry
    from presswatch.errors import NotFoundError

    reg = default_registry(actors)
    found = reg.find(name)
    if not found:
        m = reg.identify(name)
        if m is None:
            raise NotFoundError(f"{name!r} names no body in the registry (see `presswatch actors list`)")
        if m.actor is None:
            out = {"phrase": name, "affiliation": m.affiliation, "country": m.country, "how": m.how}
            typer.echo(
                json.dumps(out, ensure_ascii=False)
                if as_json
                else f"{name}: {m.affiliation} ({m.country or 'no country'}), by {m.how}; no single entry"
            )
            return
        found = [m.actor]
    if as_json:
        typer.echo(json.dumps([a.to_dict() for a in found], ensure_ascii=False, indent=1))
        return
    for a in found:
        _echo(f"{a.id}: {a.name}")
        _echo(f"  affiliation {a.affiliation}: {reg.affiliations.get(a.affiliation, '')}")
        _echo(f"  country {a.country or '--'}, kind {a.kind}" + (f", polity {a.polity}" if a.polity else ""))
        for lang, names in a.aliases.items():
            _echo(f"  {lang}: {'; '.join(names)}")
        for lang, names in a.generic.items():
            _echo(f"  {lang} (with a qualifier or an outlet of its side): {'; '.join(names)}")
        if a.sources:
            _echo(f"  its publications: {', '.join(a.sources)}")


def unknown(
    db: DbOption = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", "-n", callback=positive_or_none, help="Show the N most frequent (default: all)."),
    ] = None,
    actors: ActorsOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the sources stored documents cite that the actors registry cannot place (affiliation unknown), most
    frequent first, with a count and an example document id: the names to classify in your actors file.

    Read with the registry in effect now (shipped data, $PRESSWATCH_ACTORS or --actors), so that a name you
    have just classified drops off the list. The writer's own voice ("we", "I") is not listed.
    """
    from collections import Counter

    from presswatch.actors.registry import UNKNOWN, default_registry
    from presswatch.analyzers.sourcing.affiliation import AUTHOR, affiliate_rows
    from presswatch.store import open_store

    reg = default_registry(actors)
    with open_store(db) as store:
        rows = store.source_rows()
    counts: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = {}
    example: dict[str, str] = {}
    placed = 0
    for row, (affiliation, _, _) in affiliate_rows(rows, reg):
        attrs = json.loads(row["attrs"]) if isinstance(row["attrs"], str) else row["attrs"]
        if attrs.get("kind") == AUTHOR:
            continue
        if affiliation != UNKNOWN:
            placed += 1
            continue
        name = " ".join(str(attrs.get("speaker") or row["words"]).split())
        counts[name] += 1
        kinds.setdefault(name, Counter())[attrs.get("kind") or "?"] += 1
        example.setdefault(name, str(row["document_id"]))
    listed = counts.most_common(limit)
    if as_json:
        typer.echo(
            json.dumps(
                [
                    {"source": n, "count": c, "kind": kinds[n].most_common(1)[0][0], "example": example[n]}
                    for n, c in listed
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
    else:
        for n, c in listed:
            _echo(f"{c:>5}  {n}  ({kinds[n].most_common(1)[0][0]}; e.g. {example[n][:12]})")
    typer.echo(
        f"{sum(counts.values())} source mention(s) of unknown affiliation under {len(counts)} name(s) "
        f"({len(listed)} shown); {placed} placed by the registry",
        err=True,
    )


def register(group: typer.Typer) -> None:
    """Add ``unknown`` to the ``presswatch sources`` group."""
    group.command("unknown")(unknown)
