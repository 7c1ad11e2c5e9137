"""The store tests run on both backends: ``target`` is a new SQLite file or a new, empty PostgreSQL database (on the
throwaway server of tests/pgserver.py; skipped, saying why, where there is none)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import pgserver


@pytest.fixture(scope="session")
def pg_server() -> Iterator[pgserver.Server]:
    try:
        server = pgserver.start()
    except RuntimeError as e:
        pytest.skip(f"no PostgreSQL server for the store tests: {e}")
    try:
        yield server
    finally:
        server.close()


@pytest.fixture()
def pg_url(pg_server: pgserver.Server) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped after the test."""
    url = pg_server.create_database()
    yield url
    pg_server.drop_database(url)


@pytest.fixture(params=["sqlite", "postgres"])
def target(request: pytest.FixtureRequest, tmp_path) -> str:
    """Where a new store lives: a SQLite file, or a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "s.sqlite")
    return request.getfixturevalue("pg_url")
