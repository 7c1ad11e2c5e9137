"""Near-duplicate detection with 64-bit SimHash over word shingles (Charikar 2002; Manku et al. 2007).

Exact duplicates share a :func:`~presswatch.model.content_id`. Near duplicates (the same article with a
correction line, another byline or a trimmed last paragraph) have SimHashes a few bits apart: a changed
byline plus an added correction moved a 1,000-word article by 5 bits, while unrelated texts differ in
about 32 (the chance of 7 or fewer for independent hashes is about 1e-9). The store indexes eight 8-bit
bands of each hash: two hashes within 7 bits agree on at least one band (pigeonhole), so candidates are
found by equality on an indexed table and then checked exactly.

A neutral module: the store fingerprints what it saves and ``ingest.dedupe`` re-exports these names, so the
store does not depend on ingest.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)
SHINGLE = 3
MAX_DISTANCE = 7
BANDS = MAX_DISTANCE + 1  # 8 bands of 8 bits
MIN_WORDS = 30  # shorter texts give unstable hashes: only exact duplicates are detected for them


def simhash(text: str) -> int | None:
    """64-bit SimHash of ``text`` over word 3-shingles, or None for texts under ``MIN_WORDS`` words: bit ``b`` is set
    when more shingles' 64-bit BLAKE2b hashes have it set than not (:func:`simhash_reference`, counted with numpy)."""
    import numpy as np

    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    if len(words) < MIN_WORDS:
        return None
    digests = b"".join(
        hashlib.blake2b(" ".join(words[i : i + SHINGLE]).encode(), digest_size=8).digest()
        for i in range(len(words) - SHINGLE + 1)
    )
    hashes = np.frombuffer(digests, dtype=">u8")
    # bit b of each hash (big-endian bytes: the last byte holds bits 0-7), counted over the shingles
    ones = np.unpackbits(hashes.view(np.uint8).reshape(-1, 8)[:, ::-1], axis=1, bitorder="little").sum(axis=0)
    value = 0
    for bit in np.flatnonzero(2 * ones.astype(np.int64) > len(hashes)).tolist():
        value |= 1 << bit
    return value


def simhash_reference(text: str) -> int | None:
    """:func:`simhash` one bit at a time, as first written: what the tests hold the fast one to."""
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    if len(words) < MIN_WORDS:
        return None
    weights = [0] * 64
    for i in range(len(words) - SHINGLE + 1):
        h = int.from_bytes(hashlib.blake2b(" ".join(words[i : i + SHINGLE]).encode(), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if (h >> bit) & 1 else -1
    value = 0
    for bit in range(64):
        if weights[bit] > 0:
            value |= 1 << bit
    return value


def bands(value: int) -> list[int]:
    width = 64 // BANDS
    return [(value >> (width * i)) & ((1 << width) - 1) for i in range(BANDS)]


def distance(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def to_signed(value: int) -> int:
    """SQLite integers are signed 64-bit."""
    return value - (1 << 64) if value >= 1 << 63 else value


def from_signed(value: int) -> int:
    return value + (1 << 64) if value < 0 else value
