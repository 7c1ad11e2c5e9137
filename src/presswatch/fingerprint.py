"""Near-duplicate detection with 64-bit SimHash over word shingles (Charikar 2002; Manku et al. 2007).

Exact duplicates share a :func:`~presswatch.model.content_id`. Near duplicates (the same article with a
correction line, another byline or a trimmed last paragraph) have SimHashes a few bits apart: a changed
byline plus an added correction moved a 1,000-word article by 5 bits, while unrelated texts differ in
about 32 (the chance of 7 or fewer for independent hashes is about 1e-9). The store indexes four 16-bit
bands of each hash (multi-index hashing, Norouzi et al. 2012): two hashes within 7 bits differ in at most one
bit of at least one band (pigeonhole: two or more in each would make 8), so a lookup probes each band's value and
its 16 one-bit neighbours (:func:`probes`, 68 keys) on an indexed table and checks the candidates exactly. A
random stored hash answers a probe with chance 68 / 65,536 (0.1 %), against 8 / 256 (3.1 %) for eight 8-bit
bands probed by equality: the same near-duplicates, found among 30 times fewer candidates.

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
BANDS = 4  # bands of BAND_BITS bits, each probed within one bit: finds every hash within 2 * BANDS - 1 bits
BAND_BITS = 64 // BANDS
assert MAX_DISTANCE <= 2 * BANDS - 1
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
    """The hash's bands, as stored: band ``i`` holds bits ``16 i`` to ``16 i + 15``."""
    mask = (1 << BAND_BITS) - 1
    return [(value >> (BAND_BITS * i)) & mask for i in range(BANDS)]


def probes(value: int) -> list[list[int]]:
    """For each band, the stored band values a hash within MAX_DISTANCE bits of ``value`` may have in it, one of
    which it has: the band's own value and those one bit away."""
    return [[v, *(v ^ (1 << b) for b in range(BAND_BITS))] for v in bands(value)]


def distance(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def to_signed(value: int) -> int:
    """SQLite integers are signed 64-bit."""
    return value - (1 << 64) if value >= 1 << 63 else value


def from_signed(value: int) -> int:
    return value + (1 << 64) if value < 0 else value
