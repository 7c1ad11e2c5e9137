"""The near-duplicate lookup of both stores finds a stored hash within MAX_DISTANCE bits however the differences
fall over the bands, and none farther; a store made with the old eight bands is re-banded by its migration."""

from __future__ import annotations

import pytest

from presswatch.fingerprint import BAND_BITS, bands, from_signed
from presswatch.model import Document
from presswatch.store import open_store

WORDS = ["mission", "observers", "counted", "convoys", "northern", "road", "district", "office", "water", "fuel"]


def _text(n: int) -> str:
    return " ".join(f"{WORDS[(n + i) % len(WORDS)]}{i}" for i in range(40))  # 40 words: a SimHash is computed


def _spread(counts: tuple[int, ...], at: int = 0) -> int:
    """A mask with ``counts[i]`` bits set in band ``i``, from bit ``at`` of the band."""
    return sum(1 << (BAND_BITS * i + at + j) for i, n in enumerate(counts) for j in range(n))


BASE = 0x9E3779B97F4A7C15  # its top bit is set: stored as a negative integer


@pytest.mark.parametrize("target", ["sqlite", "postgres"], indirect=True)
def test_lookup_finds_every_hash_within_seven_bits_and_none_at_eight(target, monkeypatch):
    hashes = {
        _text(0): BASE,
        _text(1): BASE ^ _spread((2, 2, 2, 1)),  # 7 bits, no band equal
        _text(2): BASE ^ _spread((0, 0, 0, 7), at=8),  # 7 bits in one band (15 from the one before)
        _text(3): BASE ^ _spread((2, 2, 2, 2), at=4),  # 8 bits: not a near-duplicate (and 15, 15 from the others)
    }
    import presswatch.store.postgres as pg_mod
    import presswatch.store.sqlite as sqlite_mod

    for mod in (sqlite_mod, pg_mod):
        monkeypatch.setattr(mod, "simhash", lambda text: hashes.get(text))
    store = open_store(target)
    try:
        first = store.put(Document(text=_text(0), title="base", language="en"))
        got = [store.put(Document(text=_text(n), title=f"t{n}", language="en")).near_duplicate_of for n in (1, 2, 3)]
    finally:
        store.close()
    assert got == [first.document_id, first.document_id, None]


def test_a_store_with_the_old_bands_is_rebanded(tmp_path):
    import sqlite3

    from presswatch.store.sqlite import MIGRATIONS

    path = tmp_path / "s.sqlite"
    store = open_store(str(path))
    texts = [" ".join(f"w{n}x{i}" for i in range(60)) for n in range(6)]
    for t in texts:
        store.put(Document(text=t, title="t", language="en"))
    store.close()
    con = sqlite3.connect(path)
    stored = [from_signed(s) for (s,) in con.execute("SELECT simhash FROM documents WHERE simhash IS NOT NULL")]
    assert len(stored) == len(texts) and any(s >= 1 << 63 for s in stored)  # signed in SQLite: the shift's sign
    con.execute("DELETE FROM simhash_bands")  # as an older store would hold them: eight 8-bit bands
    con.executemany(
        "INSERT INTO simhash_bands VALUES (?, ?, ?)",
        [(i, (s >> (8 * i)) & 255, d) for d, s in con.execute("SELECT id, simhash FROM documents") for i in range(8)],
    )
    con.execute("DELETE FROM schema_migrations WHERE version = ?", (len(MIGRATIONS),))
    con.commit()
    con.close()
    open_store(str(path)).close()  # migrates
    con = sqlite3.connect(path)
    rows = sorted(con.execute("SELECT document_id, band, value FROM simhash_bands"))
    docs = con.execute("SELECT id, simhash FROM documents").fetchall()
    want = sorted((d, i, v) for d, s in docs for i, v in enumerate(bands(from_signed(s))))
    con.close()
    assert rows == want and len(rows) == 4 * len(texts)
