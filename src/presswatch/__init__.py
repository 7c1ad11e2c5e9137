"""presswatch: read the press and official statements critically, at scale.

The public Python API::

    import presswatch
    doc = presswatch.analyze("bulletin.html")      # a path, URL, HTML bytes or text -> Document
    doc = presswatch.extract(html_bytes)            # extraction and metadata only, no NLP
    store = presswatch.open_store("press.sqlite")  # embedded store (SQLite)
    docs = presswatch.analyze_documents(iterable_of_documents)  # many, one batched parse
    result = presswatch.compare(store, sources=None, since=None, until=None)  # who reported what -> Comparison
    presswatch.similarity(text_a, text_b)          # 0..1: how likely two texts report the same story
    presswatch.stance(claim, text)                 # Stance: agree / disagree / discuss / unrelated, with evidence
    presswatch.stance_many([(claim, text), ...])   # the same for many pairs, one embedding batch

Nothing heavy is imported here: models load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from presswatch._version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from presswatch.comparison.coverage import Comparison, compare
    from presswatch.comparison.similarity import similarity
    from presswatch.model import Document, Span
    from presswatch.pipeline import analyze, analyze_documents, extract
    from presswatch.stances import Stance, stance, stance_many
    from presswatch.store import open_store

__all__ = ["Comparison", "Document", "Span", "Stance", "analyze", "analyze_documents", "compare", "extract",
           "open_store", "similarity", "stance", "stance_many", "__version__"]

_LAZY = {
    "Document": ("presswatch.model", "Document"),
    "Span": ("presswatch.model", "Span"),
    "analyze": ("presswatch.pipeline", "analyze"),
    "analyze_documents": ("presswatch.pipeline", "analyze_documents"),
    "compare": ("presswatch.comparison.coverage", "compare"),
    "Comparison": ("presswatch.comparison.coverage", "Comparison"),
    "similarity": ("presswatch.comparison.similarity", "similarity"),
    "stance": ("presswatch.stances", "stance"),
    "stance_many": ("presswatch.stances", "stance_many"),
    "Stance": ("presswatch.stances", "Stance"),
    "extract": ("presswatch.pipeline", "extract"),
    "open_store": ("presswatch.store", "open_store"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'presswatch' has no attribute {name!r}")
