"""Progress on standard error, the same way for every command (analyze, ingest, eval, the gazetteer's first build).

Three modes, chosen by :func:`progress_mode` from the user's ``--progress/--no-progress`` (``show``) and whether
stderr is a terminal:

- ``bar``: on a terminal (unless ``--no-progress``): one status line redrawn in place, cleared at the end;
- ``lines``: not a terminal, but ``--progress`` was given: plain lines, one per tenth of the work (and at least
  every 30 seconds), never a carriage return, so that a log file stays readable;
- ``off``: not a terminal and not asked for, or ``--no-progress``: nothing.

A progress started while another is running (the gazetteer built during ``analyze``) takes the outer one's mode
unless told otherwise, and prints its messages above the outer bar. Light on purpose: no third-party imports.
"""

from __future__ import annotations

import shutil
import sys
import time
from typing import Literal, TextIO

from presswatch.settings import current as current_settings

Mode = Literal["bar", "lines", "off"]
LINE_EVERY_S = 30.0  # in lines mode, a line at least this often while the work goes on
REDRAW_EVERY_S = 0.1  # in bar mode, at most this often

_active: list[Progress] = []


def progress_mode(show: bool | None = None, stream: TextIO | None = None) -> Mode:
    """``bar`` on a terminal, ``lines`` elsewhere when ``show`` is True, else ``off`` (always ``off`` when ``show``
    is False). ``show`` None inherits the mode of a progress already running."""
    if show is False:
        return "off"
    if show is None and _active:
        return _active[-1].mode
    out = stream or sys.stderr
    try:
        tty = out.isatty()
    except (AttributeError, ValueError):
        tty = False
    if tty and current_settings().term != "dumb":
        return "bar"
    return "lines" if show or (tty and show is None) else "off"


def _clock(seconds: float) -> str:
    m, s = divmod(int(seconds), 60)
    return f"{m // 60}:{m % 60:02d}:{s:02d}" if m >= 60 else f"{m}:{s:02d}"


class Progress:
    """``with Progress("analysing", total=n, show=opt) as p: ... p.update(done)``; ``p.say(message)`` for a stage
    (a line of its own in ``lines`` mode, the status line in ``bar`` mode; ``keep=True`` keeps it on screen)."""

    def __init__(
        self,
        label: str,
        total: int | None = None,
        *,
        show: bool | None = None,
        stream: TextIO | None = None,
        steps: int = 10,
    ) -> None:
        self.label = label
        self.total = total
        self.stream = stream or sys.stderr
        self.mode: Mode = progress_mode(show, self.stream)
        self.steps = max(1, steps)
        self.done = 0
        self._t0 = time.monotonic()
        self._last_draw = 0.0
        self._last_line = self._t0
        self._step = 0
        self._status = ""
        self._drawn = False
        self._closed = False
        _active.append(self)
        if self.mode == "bar" and total:
            self.update(0)  # seen at once, before the first piece of work is done

    # -- reporting ----------------------------------------------------------------------------------------------
    def update(self, done: int, total: int | None = None) -> None:
        if total is not None:
            self.total = total
        self.done = done
        if self.mode == "bar":
            self._status = ""
            now = time.monotonic()
            if now - self._last_draw >= REDRAW_EVERY_S or done == self.total:
                self._draw(self._bar())
                self._last_draw = now
        elif self.mode == "lines":
            step = done * self.steps // self.total if self.total else 0
            now = time.monotonic()
            if step > self._step or now - self._last_line >= LINE_EVERY_S:
                self._step = max(step, self._step)
                self._line(self._count())

    def advance(self, n: int = 1) -> None:
        self.update(self.done + n)

    def say(self, message: str, *, keep: bool = False) -> None:
        if self.mode == "lines":
            self._line(message)
        elif self.mode == "bar":
            if keep:
                self._clear()
                self._write(message + "\n")
                self._redraw_outer()
            else:
                self._status = message
                self._draw(message)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self in _active:
            _active.remove(self)
        if self.mode == "bar":
            self._clear()
            self._redraw_outer()
        elif self.mode == "lines" and self.total and self.done and self._step < self.steps:
            self._line(self._count())

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- drawing ------------------------------------------------------------------------------------------------
    def _count(self) -> str:
        elapsed = _clock(time.monotonic() - self._t0)
        if self.total:
            return f"{self.label}: {self.done}/{self.total} ({100 * self.done // self.total}%), {elapsed} elapsed"
        return f"{self.label}: {self.done} done, {elapsed} elapsed"

    def _bar(self) -> str:
        text = self._count()
        if self.total:
            width = 24
            full = width * min(self.done, self.total) // self.total
            text = f"{self.label} [{'#' * full}{'.' * (width - full)}] {text[len(self.label) + 2 :]}"
        return text

    def _line(self, text: str) -> None:
        self._last_line = time.monotonic()
        outer = self._outer_bar()
        if outer is not None:
            outer._clear()
        self._write(text + "\n")
        if outer is not None:
            outer._draw(outer._bar() if not outer._status else outer._status)

    def _draw(self, text: str) -> None:
        cols = shutil.get_terminal_size((80, 24)).columns
        self._write("\r" + text[: max(10, cols - 1)] + "\x1b[K")
        self._drawn = True

    def _clear(self) -> None:
        if self._drawn:
            self._write("\r\x1b[K")
            self._drawn = False

    def _outer_bar(self) -> Progress | None:
        bars = [p for p in _active if p is not self and p.mode == "bar" and p.stream is self.stream]
        return bars[-1] if bars else None

    def _redraw_outer(self) -> None:
        outer = self._outer_bar()
        if outer is not None:
            outer._draw(outer._status or outer._bar())

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed or broken stderr must not end the work
            pass


def echo(text: str, *, err: bool = False) -> None:
    """Print a line to stdout (stderr with ``err``) without breaking a progress bar being drawn on the terminal."""
    bars = [p for p in _active if p.mode == "bar" and p._drawn]
    for p in bars:
        p._clear()
    print(text, file=sys.stderr if err else sys.stdout, flush=True)
    for p in bars:
        p._draw(p._status or p._bar())
