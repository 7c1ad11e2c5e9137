"""The gazetteer's compact key index: the same answers as the dict it replaced, in flat arrays."""

from __future__ import annotations

import os
import pickle
import random
import subprocess
import sys

import pytest

from presswatch.gazetteer import index
from presswatch.gazetteer.index import KeyIndex


def test_it_answers_as_a_dict_does():
    rng = random.Random(7)
    mapping = {f"key{n}": sorted(rng.sample(range(10_000), rng.randint(1, 4))) for n in range(5_000)}
    idx = KeyIndex(mapping)
    assert len(idx) == len(mapping)
    for k, v in mapping.items():
        assert idx.get(k) == tuple(v)
    assert idx.get("not a key") == () and idx.get("") == ()
    again = pickle.loads(pickle.dumps(idx, protocol=pickle.HIGHEST_PROTOCOL))
    assert [again.get(k) for k in mapping] == [tuple(v) for v in mapping.values()]


def test_keys_whose_hashes_collide_share_their_places(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(index, "_key_hash", lambda key: 42 if key in ("a", "b") else len(key) + 100)
    idx = KeyIndex({"a": [1, 2], "b": [2, 3], "ccc": [9]})
    assert idx.get("a") == idx.get("b") == (1, 2, 3)  # a wider candidate list, never a lost place
    assert idx.get("ccc") == (9,) and len(idx) == 2


def test_the_hash_is_the_same_in_every_process():
    # the index is pickled into the user's cache and read by later processes: Python's salted hash() would not do
    code = "from presswatch.gazetteer.index import _key_hash; print(_key_hash('stepanakert'))"
    outs = {
        subprocess.run(
            [sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert outs == {str(index._key_hash("stepanakert"))}
