"""Hostile local inputs: named pipes, devices, sockets, links in loops, files over the limit, paths the system
refuses. Each gives one clear failure for that input; the batch goes on and never hangs."""

from __future__ import annotations

import contextlib
import os
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pages import ARTICLE_HTML
from presswatch.cli import app
from presswatch.errors import InputError, MissingFileError, TooLargeError
from presswatch.ingest.sources import InputFailure, RawInput, expand, iter_inputs, read_file

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
not_root = pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")


@pytest.fixture
def unblock_fifos() -> Iterator[list[Path]]:
    """Named pipes listed here get a writer that comes and goes while the test runs: if the code under
    test opened one for a blocking read (the bug), it returns with no data instead of hanging the suite,
    and the test's own assertions fail."""
    fifos: list[Path] = []
    stop = threading.Event()

    def poke() -> None:
        while not stop.wait(0.2):
            for f in fifos:
                with contextlib.suppress(OSError):  # no reader waiting
                    os.close(os.open(f, os.O_WRONLY | os.O_NONBLOCK))

    t = threading.Thread(target=poke, daemon=True)
    t.start()
    yield fifos
    stop.set()
    t.join()


def failures(items: list[RawInput | InputFailure]) -> dict[str, str]:
    return {Path(i.origin).name: str(i.error) for i in items if isinstance(i, InputFailure)}


@needs_fifo
def test_fifo_in_a_directory_is_a_failure_not_a_hang(tmp_path, unblock_fifos):
    (tmp_path / "good.html").write_text(ARTICLE_HTML, encoding="utf-8")
    fifo = tmp_path / "feed.html"
    os.mkfifo(fifo)
    other = tmp_path / "pipe"  # not named like a document: still not something to pass over silently
    os.mkfifo(other)
    unblock_fifos += [fifo, other]
    specs = expand([str(tmp_path)])
    assert [Path(s).name for s in specs] == ["feed.html", "good.html", "pipe"]
    items = list(iter_inputs(specs))
    assert [type(i).__name__ for i in items] == ["InputFailure", "RawInput", "InputFailure"]
    msgs = failures(items)
    assert "named pipe (FIFO), not a regular file" in msgs["feed.html"]
    assert "named pipe" in msgs["pipe"]
    with pytest.raises(InputError, match="named pipe"):
        read_file(fifo)


@needs_fifo
def test_ingest_of_a_directory_with_a_fifo_stores_the_rest(tmp_path, unblock_fifos):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.html").write_text(ARTICLE_HTML, encoding="utf-8")
    os.mkfifo(docs / "b.html")
    unblock_fifos.append(docs / "b.html")
    db = tmp_path / "store.sqlite"
    r = CliRunner().invoke(app, ["ingest", "--db", str(db), "-a", "none", "--no-progress", str(docs)])
    assert r.exit_code == 1, r.output
    assert "b.html: is a named pipe (FIFO), not a regular file; skipped" in r.output
    from presswatch.store import open_store

    with open_store(str(db)) as store:
        assert store.count() == 1


_READ_IN_A_BOX = """
import resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))  # a reader without a bound dies, not the machine
from presswatch.errors import InputError
from presswatch.ingest.sources import iter_inputs, read_file
try:
    read_file(Path(sys.argv[1]), max_bytes=1024)
except InputError as e:
    print(e)
print(next(iter_inputs([sys.argv[1]])).error)
"""


@pytest.mark.skipif(not os.path.exists("/dev/zero") or sys.platform != "linux", reason="no zero device")
def test_link_to_a_device_is_refused_without_reading(tmp_path):
    link = tmp_path / "zero.html"
    link.symlink_to("/dev/zero")
    proc = subprocess.run(
        [sys.executable, "-c", _READ_IN_A_BOX, str(link)], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-500:]
    lines = proc.stdout.splitlines()
    assert lines == [f"{link}: is a character device, not a regular file; skipped"] * 2


def test_link_to_a_regular_file_elsewhere_is_read(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "story.html").write_text(ARTICLE_HTML, encoding="utf-8")
    walked = tmp_path / "walked"
    walked.mkdir()
    (walked / "story.html").symlink_to(elsewhere / "story.html")
    (item,) = list(iter_inputs(expand([str(walked)])))
    assert isinstance(item, RawInput) and item.kind == "html"


def test_file_over_the_limit_is_refused_before_reading(tmp_path):
    huge = tmp_path / "huge.html"
    with huge.open("wb") as fh:
        try:
            fh.truncate(1 << 40)  # a sparse terabyte: reading it whole would never end
        except OSError:
            pytest.skip("the file system has no sparse files this large")
    with pytest.raises(TooLargeError, match="over the 1024-byte limit"):
        read_file(huge, max_bytes=1024)


def test_limit_holds_while_reading_when_the_size_is_not_known(tmp_path):
    # files of the process information system report a size of 0 and hold more: only the bounded read
    # stops them
    status = Path("/proc/self/status")
    if not status.exists() or status.stat().st_size != 0 or not stat.S_ISREG(status.stat().st_mode):
        pytest.skip("no process files that under-report their size")
    with pytest.raises(TooLargeError, match="the file is over the 16-byte limit"):
        read_file(status, max_bytes=16)


def test_walk_reports_links_it_cannot_or_will_not_follow(tmp_path):
    root = tmp_path / "walked"
    sub = root / "sub"
    sub.mkdir(parents=True)
    (sub / "story.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (root / "a.html").symlink_to(root / "b.html")  # a loop of two links
    (root / "b.html").symlink_to(root / "a.html")
    (root / "gone.html").symlink_to(root / "missing.html")
    (sub / "back").symlink_to(root)  # a directory loop inside the walked tree: walked once, silently
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "other.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (root / "out").symlink_to(outside)  # leads out of the tree: not followed, said so
    specs = expand([str(root)])
    assert [os.path.relpath(s, root) for s in specs] == ["a.html", "b.html", "gone.html", "out", "sub/story.html"]
    items = list(iter_inputs(specs))
    msgs = failures(items)
    assert msgs["a.html"].endswith("cannot read it: a loop of symbolic links")
    assert msgs["b.html"].endswith("cannot read it: a loop of symbolic links")
    assert msgs["gone.html"].endswith("a symbolic link to a file that does not exist")
    assert "symbolic link to a directory outside the one walked; not followed" in msgs["out"]
    assert sum(isinstance(i, RawInput) for i in items) == 1
    (ok,) = list(iter_inputs(expand([str(root / "out")])))  # named itself, it is read
    assert isinstance(ok, RawInput)


def test_socket_in_a_directory_is_reported(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a socket's path must be short
    (tmp_path / "d").mkdir()
    s = socket.socket(socket.AF_UNIX)
    try:
        s.bind("d/s")
    except OSError:
        pytest.skip("cannot bind a local socket here")
    try:
        (failure,) = list(iter_inputs(expand(["d"])))
        assert isinstance(failure, InputFailure) and "is a socket, not a regular file" in str(failure.error)
    finally:
        s.close()


def test_paths_the_system_refuses_give_one_error_each(tmp_path):
    long_name = str(tmp_path / ("n" * 300 + ".html"))
    long_path = "/".join(["d" * 200] * 30) + ".txt"
    long_warc = str(tmp_path / ("w" * 300 + ".warc.gz"))
    good = tmp_path / "good.html"
    good.write_text(ARTICLE_HTML, encoding="utf-8")
    specs = expand([long_name, long_path, long_warc, str(tmp_path / "x.html\x00y"), str(good)])
    items = list(iter_inputs(specs))
    assert [type(i).__name__ for i in items] == ["InputFailure"] * 4 + ["RawInput"]
    for f in items[:3]:
        msg = str(f.error)
        assert "longer than the system allows" in msg and "\n" not in msg
        assert len(msg) < 300  # the path is shortened in the message
    assert "NUL character" in str(items[3].error)
    assert isinstance(next(iter_inputs([str(tmp_path / "nope.txt")])).error, MissingFileError)


def test_cli_long_path_is_one_line_without_traceback(tmp_path):
    long_name = str(tmp_path / ("n" * 300 + ".html"))
    for cmd in (["analyze", "-a", "none"], ["ingest", "--db", str(tmp_path / "s.sqlite"), "-a", "none"]):
        r = CliRunner().invoke(app, [*cmd, "--no-progress", long_name])
        assert r.exit_code in (1, 2), r.output
        assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
        errors = [ln for ln in r.output.splitlines() if ln.startswith("error:")]
        assert len(errors) == 1 and "longer than the system allows" in errors[0]
    r = CliRunner().invoke(app, ["check", long_name, "--policy", "dual-naming"])
    assert r.exit_code == 2 and "longer than the system allows" in r.output
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception


@not_root
def test_unreadable_file_and_directory(tmp_path):
    root = tmp_path / "walked"
    locked = root / "locked"
    locked.mkdir(parents=True)
    (locked / "story.html").write_text(ARTICLE_HTML, encoding="utf-8")
    secret = root / "secret.html"
    secret.write_text(ARTICLE_HTML, encoding="utf-8")
    secret.chmod(0)
    locked.chmod(0)
    try:
        msgs = failures(list(iter_inputs(expand([str(root)]))))
        assert msgs["locked"].endswith("cannot list the directory: permission denied")
        assert msgs["secret.html"].endswith("cannot read it: permission denied")
    finally:
        locked.chmod(0o755)
        secret.chmod(0o644)
