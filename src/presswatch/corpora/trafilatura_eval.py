"""trafilatura's evaluation corpus (``extraction/trafilatura-eval``): web pages (``html/``) and, in
``evaldata.json``, for each page URL the snippets its main text must contain (``with``) and must not (``without``)
and, on most pages, the gold title, date and author. Scored by :mod:`presswatch.eval.extraction`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from presswatch.errors import DataMissingError

DEFAULT_DATA = "../shared/data/extraction/trafilatura-eval"


def read_evaldata(data: Path, limit: int | None = None) -> list[tuple[str, dict[str, Any]]]:
    """(page URL, its record: ``file``, ``with``, ``without``, ``title``, ``date``, ``author``) in the corpus'
    order, the first ``limit`` only when given."""
    evalfile = data / "evaldata.json"
    if not evalfile.is_file() or not (data / "html").is_dir():
        raise DataMissingError(
            f"trafilatura evaluation corpus not found at {data} (expected evaldata.json and html/); "
            "pass --data PATH to its folder"
        )
    items = list(json.loads(evalfile.read_text(encoding="utf-8")).items())
    if limit:
        items = items[:limit]
    return items


def read_html(data: Path, item: dict[str, Any]) -> bytes:
    """The page of one record, as stored (bytes)."""
    return (data / "html" / item["file"]).read_bytes()
