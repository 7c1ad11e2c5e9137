"""Open local files defensively: regular files only, sizes bounded while reading, OS errors as one line.

A path given by a user (or found in a directory they name) may be a named pipe that blocks any reader,
a device that never ends (a link to a zero device), a socket, a loop of symbolic links, or a name longer
than the system allows. Each of these becomes an :class:`~presswatch.errors.InputError` with a short
message; nothing here reads more than the caller's limit or waits for a writer.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from presswatch.errors import InputError, MissingFileError, TooLargeError
from presswatch.ingest.fetch import size_text

# O_NONBLOCK: opening a named pipe swapped in after the check returns at once instead of waiting for a
# writer; O_NOCTTY: a terminal device never becomes the controlling terminal. Neither changes how a
# regular file reads.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
SHOWN_PATH_CHARS = 120


def shown(path: str | Path) -> str:
    """``path`` as it is named in messages: in full, or cut in the middle when it is very long."""
    s = str(path)
    if len(s) <= SHOWN_PATH_CHARS:
        return s
    return f"{s[:60]}...{s[-40:]} ({len(s)} characters)"


def kind_of(mode: int) -> str | None:
    """What a file of this mode is when it is not a regular file or a directory, else None."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return "not a regular file"


def os_error(e: OSError, path: str | Path, doing: str = "cannot read it") -> InputError:
    """A one-line :class:`InputError` for an OS error met on ``path``."""
    source = shown(path)
    code = e.errno
    if code == errno.ENOENT:
        if os.path.islink(path):
            return MissingFileError("a symbolic link to a file that does not exist", source=source)
        return MissingFileError("no such file or directory", source=source)
    if code == errno.ENAMETOOLONG:
        return InputError(f"{doing}: the path or one of its names is longer than the system allows", source=source)
    if code in (errno.EACCES, errno.EPERM):
        return InputError(f"{doing}: permission denied", source=source)
    if code == errno.ELOOP:
        return InputError(f"{doing}: a loop of symbolic links", source=source)
    if code == errno.ENOTDIR:
        return MissingFileError("no such file (a part of the path is not a directory)", source=source)
    if code == errno.EISDIR:
        return InputError("is a directory", source=source)
    return InputError(f"{doing} ({e.strerror or type(e).__name__})", source=source)


def _not_regular(mode: int, path: str | Path) -> InputError:
    if stat.S_ISDIR(mode):
        return InputError("is a directory", source=shown(path))
    return InputError(f"is {kind_of(mode)}, not a regular file; skipped", source=shown(path))


def _size_error(path: str | Path, max_bytes: int, size: int | None) -> TooLargeError:
    limit = f"the {size_text(max_bytes)} limit" if max_bytes >= 100_000 else f"the {max_bytes}-byte limit"
    what = f"the file is {size_text(size)}, over {limit}" if size is not None else f"the file is over {limit}"
    return TooLargeError(f"{what} (raise it with --max-size)", source=shown(path))


def open_regular(path: str | Path) -> BinaryIO:
    """Open ``path`` for reading if it is (or links to) a regular file; raise :class:`InputError` otherwise.

    The type is checked before opening (a named pipe is never opened) and again on the open file, so that
    a file swapped for something else in between is refused too.
    """
    try:
        st = os.stat(path)  # follows symbolic links: a link to a regular file anywhere is fine
    except OSError as e:
        raise os_error(e, path) from None
    except ValueError:  # a NUL character, which no path can hold
        raise InputError("not a valid path (it contains a NUL character)", source=shown(repr(str(path)))) from None
    if not stat.S_ISREG(st.st_mode):
        raise _not_regular(st.st_mode, path)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as e:
        raise os_error(e, path) from None
    fh = open(fd, "rb")  # noqa: SIM115 - handed to the caller, who closes it
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _not_regular(st.st_mode, path)
    except BaseException:
        fh.close()
        raise
    return fh


def read_limited(path: str | Path, max_bytes: int) -> bytes:
    """The bytes of the regular file ``path``, refusing it when it holds more than ``max_bytes``.

    The size the system reports is checked first; the read itself stops after ``max_bytes + 1`` bytes,
    so a file that grows, or one whose reported size is wrong, is never read beyond the limit.
    """
    with open_regular(path) as fh:
        try:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                raise _size_error(path, max_bytes, size)
            data = fh.read(max_bytes + 1)
        except OSError as e:
            raise os_error(e, path) from None
    if len(data) > max_bytes:
        raise _size_error(path, max_bytes, None)
    return data


def is_directory(path: str | Path) -> bool:
    """True when ``path`` is (or links to) a directory; False for anything else, errors included (those are
    reported when the path is read)."""
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False
