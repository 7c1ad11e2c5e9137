"""The Propaganda Techniques Corpus (SemEval-2020 Task 11): its folder and its line units.

Layout (``data`` = the ``persuasion`` folder): ``semeval2020-task11-ptc/`` holds ``test-articles/article<id>.txt``
and ``test-task-TC-template.out`` (article TAB ``?`` TAB start TAB end: the gold spans, techniques left out).
"""

from __future__ import annotations

from pathlib import Path

from presswatch.errors import DataMissingError
from presswatch.model import strip_range


def article_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, stripped of surrounding white space (the eval's units)."""
    out = []
    pos = 0
    for ln in text.split("\n"):
        a, b = strip_range(text, pos, pos + len(ln))
        pos += len(ln) + 1
        if b > a:
            out.append((a, b))
    return out


def ptc_dir(data: Path) -> Path:
    d = Path(data)
    for cand in (d / "semeval2020-task11-ptc", d):
        if (cand / "test-task-TC-template.out").is_file():
            return cand
    raise DataMissingError(f"PTC (SemEval-2020 Task 11) data not found under {d}; pass --data PATH")
