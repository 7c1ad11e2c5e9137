"""The store: the record of what was ingested and found. SQLite by default.

``open_store(target)`` takes a file path, ``sqlite:///path`` or ``postgresql://...`` (the ``postgres`` extra).
Analyzers never see the store; only the pipeline's callers write to it.
"""

from __future__ import annotations

import os
from pathlib import Path

from presswatch.errors import ConfigError
from presswatch.settings import current as current_settings
from presswatch.store.base import PutResult, SearchHit, SearchResults, Store, StoredSummary

ENV_VAR = "PRESSWATCH_DB"

__all__ = ["open_store", "default_db_path", "resolve_target", "is_postgres", "Store", "PutResult",
           "SearchHit", "SearchResults",
           "StoredSummary"]


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("presswatch", appauthor=False)) / "presswatch.sqlite"


def resolve_target(target: str | os.PathLike[str] | None = None) -> str:
    """The store to use: the argument, else ``$PRESSWATCH_DB``, else the user's data directory."""
    if target:
        return str(target)
    env = current_settings().db
    if env:
        return env
    return str(default_db_path())


def is_postgres(target: str | os.PathLike[str] | None) -> bool:
    """Whether ``target`` names a PostgreSQL database (a ``postgresql://`` or ``postgres://`` URL)."""
    return str(target or "").startswith(("postgres://", "postgresql://"))


def open_store(target: str | os.PathLike[str] | None = None) -> Store:
    t = resolve_target(target)
    if is_postgres(t):
        from presswatch.store.postgres import PostgresStore

        return PostgresStore(t)
    if t.startswith("sqlite:///"):
        t = t[len("sqlite:///"):]
    elif "://" in t:
        raise ConfigError(f"unknown store URL scheme in {t!r}; give a file path or sqlite:///path")
    from presswatch.store.sqlite import SQLiteStore

    return SQLiteStore(Path(t))
