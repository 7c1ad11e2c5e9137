"""Every CSV presswatch writes goes through here, so that a spreadsheet opening it runs no formula.

Titles, speakers and quoted words come from the pages read. A cell that starts with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return is read by spreadsheet programs as a formula (which can run commands or send data away),
so such text cells get a leading ``'`` (OWASP's advice on CSV injection); numbers are written as numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import IO, Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value``, with a leading ``'`` when it is text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class SafeWriter:
    """``csv.writer`` whose cells go through :func:`safe_cell`."""

    def __init__(self, out: IO[str], **fmt: Any) -> None:
        self._writer = csv.writer(out, **fmt)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class SafeDictWriter(csv.DictWriter):
    """``csv.DictWriter`` whose cells (and header) go through :func:`safe_cell`."""

    def writeheader(self) -> Any:
        return self.writer.writerow([safe_cell(f) for f in self.fieldnames])

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow({k: safe_cell(v) for k, v in rowdict.items()})

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        for row in rowdicts:
            self.writerow(row)
