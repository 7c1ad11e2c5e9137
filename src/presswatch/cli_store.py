"""``presswatch store ...``: work on a store as a whole. ``copy`` moves everything a store holds into another one
(SQLite to PostgreSQL and back; :mod:`presswatch.store.copy`), imported only when the command runs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from presswatch.cli_common import Group, positive_or_none

store_app = typer.Typer(
    name="store",
    cls=Group,
    help="The store as a whole: copy it into another (SQLite to PostgreSQL and back).",
    no_args_is_help=True,
)


@store_app.command("copy")
def copy(
    source: Annotated[
        str, typer.Option("--from", help="The store to copy: a SQLite file, sqlite:///path or postgresql://...",
                          show_default=False)
    ],
    target: Annotated[
        str, typer.Option("--to", help="The store to copy into (created or migrated if new; what it holds stays).",
                          show_default=False)
    ],
    batch: Annotated[
        int, typer.Option("--batch", help="Documents per transaction of the target.", callback=positive_or_none)
    ] = 200,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON instead of a table.")] = False,
    progress: Annotated[
        bool | None, typer.Option("--progress/--no-progress", help="Show progress on stderr (default: on a terminal).")
    ] = None,
) -> None:
    """Copy documents (with spans, analyses, URLs), incidents, the watcher's sources and queue and the alerts' rules
    and ledger from one store into another, in batches. Resumable: run it again and it copies only what is missing.
    Prints, per table, the rows copied now and the rows in each store."""
    from presswatch.errors import StoreError
    from presswatch.progress import Progress, echo
    from presswatch.store import is_postgres, open_store
    from presswatch.store.copy import copy_store

    plain = source[len("sqlite:///"):] if source.startswith("sqlite:///") else source
    if not is_postgres(source) and "://" not in plain and not Path(plain).is_file():
        raise StoreError(f"no store to copy at {source} (give an existing SQLite file or a postgresql:// URL)")
    with open_store(source) as src, open_store(target) as dst, Progress("copying documents", show=progress) as bar:
        result = copy_store(src, dst, batch=batch, on_documents=lambda done, total: bar.update(done, total))
    rows = result.rows()
    if as_json:
        typer.echo(json.dumps({"from": src.location, "to": dst.location, "tables": rows}, indent=2))
        return
    width = max(len(r["table"]) for r in rows)
    echo(f"{'table'.ljust(width)}  {'copied':>9}  {'source':>9}  {'target':>9}")
    for r in rows:
        echo(f"{r['table'].ljust(width)}  {r['copied']:>9}  {r['source']:>9}  {r['target']:>9}")
    short = [r["table"] for r in rows if r["target"] < r["source"]]
    if short:
        echo(f"note: the target has fewer rows than the source in {', '.join(short)}", err=True)
