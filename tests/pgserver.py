"""A throwaway PostgreSQL server for the tests: ``initdb`` and ``pg_ctl`` in a temporary folder, listening on a Unix
socket only (no TCP port), stopped and removed at the end of the session.

``PRESSWATCH_TEST_POSTGRES`` (a ``postgresql://`` URL of a server the tests may create databases on) is used instead
when set. Without either, the PostgreSQL tests are skipped with a message saying why.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ENV_VAR = "PRESSWATCH_TEST_POSTGRES"


def server_url_from_env() -> str | None:
    """The URL of a server given by the environment, or None."""
    return os.environ.get(ENV_VAR) or None


def _binary(name: str) -> str | None:
    """``initdb``/``pg_ctl`` on the PATH, else in Debian's versioned folder (the newest version)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return candidates[-1] if candidates else None


def _as_server_user() -> list[str]:
    """The prefix that runs the server's commands: PostgreSQL refuses to run as root, so root runs them as the
    ``postgres`` user (Debian's package creates it)."""
    if os.geteuid() != 0:
        return []
    import pwd

    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise RuntimeError("running as root and there is no 'postgres' user to run the server as") from None
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", "postgres", "--"]
    return ["su", "postgres", "-s", "/bin/sh", "-c"]  # pragma: no cover - every Debian has runuser


class Server:
    """A server and a way to make fresh, empty databases on it."""

    def __init__(self, base_url: str, stop: contextlib.ExitStack | None = None) -> None:
        self.base_url = base_url
        self._stop = stop
        self._names = itertools.count(1)

    def url_for(self, database: str) -> str:
        parts = urlsplit(self.base_url)
        return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, parts.fragment))

    def create_database(self, prefix: str = "pwtest") -> str:
        """A new empty database; its URL."""
        import psycopg

        name = f"{prefix}_{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.url_for("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url_for(name)

    def drop_database(self, url: str) -> None:
        import psycopg

        name = urlsplit(url).path.lstrip("/")
        with contextlib.suppress(psycopg.Error), psycopg.connect(self.url_for("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        if self._stop is not None:
            self._stop.close()


def start(url: str | None = None, *, fsync: bool = False) -> Server:
    """A running server: the one ``url`` names, else the one ``PRESSWATCH_TEST_POSTGRES`` names, else a new
    throwaway cluster (``fsync`` off unless asked: benchmarks measure a durable server with it on). Raises
    RuntimeError saying why there is none (the callers skip with that message)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise RuntimeError("psycopg is not installed (pip install 'presswatch[postgres]')") from None
    url = url or server_url_from_env()
    if url:
        return Server(url)
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if not initdb or not pg_ctl:
        raise RuntimeError(
            "PostgreSQL's initdb/pg_ctl are not installed (Debian: apt-get install postgresql), "
            f"and {ENV_VAR} names no server"
        )
    prefix = _as_server_user()
    stack = contextlib.ExitStack()
    folder = Path(tempfile.mkdtemp(prefix="presswatch-pg-"))
    stack.callback(shutil.rmtree, folder, True)
    if prefix:
        os.chmod(folder, 0o777)  # the server user writes its data and socket here
    data = folder / "data"
    try:
        subprocess.run(
            [
                *prefix,
                initdb,
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        subprocess.run(
            [
                *prefix,
                pg_ctl,
                "-D",
                str(data),
                "-l",
                str(folder / "log"),
                "-w",
                "-t",
                "60",
                "-o",
                f"-k {folder} -c listen_addresses=''{'' if fsync else ' -F'} -c max_connections=100",
                "start",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as e:
        stack.close()
        detail = getattr(e, "stderr", b"") or b""
        raise RuntimeError(
            f"could not start a PostgreSQL server ({e}; {detail.decode(errors='replace')[-300:]})"
        ) from None
    stack.callback(
        subprocess.run,
        [*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"],
        capture_output=True,
        timeout=120,
    )
    # callbacks run last first: stop the server, then remove its folder
    return Server(f"postgresql://postgres@/postgres?host={folder}", stack)


@contextlib.contextmanager
def running() -> Iterator[Server]:
    server = start()
    try:
        yield server
    finally:
        server.close()
