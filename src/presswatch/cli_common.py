"""What the command groups of the CLI share: one-line errors, help that shows what a user types, and
``eval``/``train`` targets that call their module's ``run`` with the command's options.

Light on purpose: ``presswatch --help`` imports this module, and nothing here loads a model or a data set.
"""

from __future__ import annotations

import importlib
import math
from enum import Enum, StrEnum
from pathlib import Path
from typing import Annotated, Any, get_args

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

from presswatch.errors import PresswatchError


def err(message: str) -> None:
    """One line on stderr (control characters from a page or URL removed; a progress bar left intact)."""
    from presswatch.progress import echo
    from presswatch.report.text import for_terminal

    echo(for_terminal(f"error: {message}", oneline=True), err=True)


class _Items(TyperArgument):
    """A variadic argument shows the type of one item (``<str>``), as each item is typed on its own."""

    def display_type_rich(self, ctx: Any) -> str | None:
        item = get_args(self.type_descriptor.annotation)
        return f"<{item[0].__name__}>" if len(item) == 1 and isinstance(item[0], type) else None


def _plain_types(param: Any) -> None:
    """Typer 0.29 shows a flag as ``--raw <bool>`` and a variadic argument as ``<list[str]>``: a flag takes
    no value, so it shows none; a variadic argument shows the type of one item."""
    if isinstance(param, TyperOption) and param.is_flag and not param.count and param.metavar is None:
        param.metavar = ""
    elif type(param) is TyperArgument and param.nargs != 1:
        param.__class__ = _Items


class Group(TyperGroup):
    """A command group whose commands' help shows real types, and whose commands' errors
    (:class:`PresswatchError`) are one line on stderr with the error's exit status, never a traceback,
    also when the app is invoked in-process (tests)."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        for p in params:
            _plain_types(p)
        return params

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        cmd = super().get_command(ctx, cmd_name)
        if cmd is not None and not isinstance(cmd, TyperGroup):
            for p in [*cmd.params, cmd.get_help_option(ctx)]:
                _plain_types(p)
        return cmd

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except PresswatchError as e:
            err(str(e))
            raise typer.Exit(e.exit_code) from None


class Targets(Group):
    """``presswatch eval`` / ``presswatch train``: an unknown target is named, with the ones there are."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None:
            ctx.fail(f"unknown {self.name} target {args[0]!r}; available: {', '.join(sorted(self.list_commands(ctx)))}")
        return super().resolve_command(ctx, args)


def run_target(module: str, options: dict[str, Any]) -> None:
    """Import ``module`` (here, not when the CLI starts) and call its ``run(**options)``; exit with its status.
    Options that are enums are passed as their values."""
    kwargs = {k: v.value if isinstance(v, Enum) else v for k, v in options.items()}
    raise typer.Exit(importlib.import_module(module).run(**kwargs) or 0)


ALLOW_PRIVATE_ENV = "PRESSWATCH_ALLOW_PRIVATE_ADDRESSES"

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Store: a SQLite file path, sqlite:///path or postgresql://user@host/db. "
                 "Default: $PRESSWATCH_DB, else presswatch.sqlite in the user data directory.", show_default=False),
]


# options that ``eval`` and ``train`` commands share
PERSUASION_DATA = Path("../shared/data/persuasion")
PersuasionData = Annotated[Path, typer.Option(help="The persuasion data folder.")]
# genre's weak-supervision experiment (`eval genre` and `train genre`): an external corpus as extra "reporting" rows
ExtraReporting = Annotated[str, typer.Option(help="An external corpus whose training articles are added as "
                           "'reporting' to the English training rows only, never to a scored fold (polnear; '' for "
                           "none).")]
EXTRA_DATA = Path("../shared/data/quotes/polnear")
ExtraData = Annotated[Path, typer.Option(help="The external corpus' folder.")]
ExtraWeight = Annotated[float, typer.Option(help="Weight of each external article (an English training article "
                        "weighs 1).")]
ExtraCap = Annotated[int, typer.Option(help="At most this many external articles, a seeded random choice (0: all).")]
GEO_DATA = Path("../shared/data/geo/corpora")
GeoData = Annotated[Path, typer.Option(help="The folder holding lgl.xml, TR-News.xml and GeoVirus.xml.")]


class GeoCorpus(StrEnum):
    """The geoparsing corpora (``presswatch eval geo``, ``presswatch train geo``)."""

    geovirus = "geovirus"
    lgl = "lgl"
    trnews = "trnews"


def positive_finite(param: typer.CallbackParam, value: float) -> float:
    """Callback of ``--timeout`` and ``--max-size``: ``nan``, ``inf``, zero and negative numbers are usage errors."""
    if not math.isfinite(value) or value <= 0:
        raise typer.BadParameter(f"must be a positive number, not {value:g}", param=param)
    return value


def positive_or_none(param: typer.CallbackParam, value: int | None) -> int | None:
    """Callback of whole-number limits such as ``--max-chars``: zero and negative numbers are usage errors."""
    if value is not None and value <= 0:
        raise typer.BadParameter(f"must be a positive whole number, not {value}", param=param)
    return value
