"""Near-duplicate detection: the SimHash fingerprint lives in :mod:`presswatch.fingerprint` (the store uses it
too, and the store must not depend on ingest); this module re-exports it for ingest-side callers."""

from __future__ import annotations

from presswatch.fingerprint import (
    BANDS,
    MAX_DISTANCE,
    MIN_WORDS,
    SHINGLE,
    bands,
    distance,
    from_signed,
    simhash,
    to_signed,
)

__all__ = ["BANDS", "MAX_DISTANCE", "MIN_WORDS", "SHINGLE", "bands", "distance", "from_signed", "simhash", "to_signed"]
