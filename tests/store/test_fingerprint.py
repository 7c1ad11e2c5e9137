"""SimHash: the numpy count gives the very hashes the bit-by-bit loop gives (stored hashes and bands stay valid)."""

import random

from presswatch.fingerprint import MIN_WORDS, distance, simhash, simhash_reference


def test_simhash_equals_the_bit_by_bit_reference():
    rng = random.Random(5)
    vocab = ["convoy", "bridge", "Степанакерт", "ceasefire", "Ünal", "42", "road", "observers", "և", "mission"]
    texts = [" ".join(rng.choice(vocab) for _ in range(rng.randint(MIN_WORDS, 600))) for _ in range(200)]
    texts += ["word " * MIN_WORDS, "same same " * 200]  # every shingle alike: all bits from one hash
    for text in texts:
        assert simhash(text) == simhash_reference(text)
    assert simhash("too short") is None and simhash_reference("too short") is None


def test_a_small_edit_moves_the_hash_a_few_bits():
    words = [f"w{i % 97}x{i % 13}" for i in range(400)]
    a = " ".join(words)
    b = " ".join(words[:200] + ["corrected"] + words[200:])
    c = " ".join(reversed(words))
    assert distance(simhash(a), simhash(b)) <= 7
    assert distance(simhash(a), simhash(c)) > 7


def test_probes_reach_every_hash_within_the_distance_and_few_others():
    from presswatch.fingerprint import BAND_BITS, MAX_DISTANCE, bands, probes

    rng = random.Random(7)
    for _ in range(300):
        h = rng.getrandbits(64)
        k = rng.randint(0, MAX_DISTANCE)
        other = h
        for bit in rng.sample(range(64), k):
            other ^= 1 << bit
        keys = {(i, v) for i, vs in enumerate(probes(h)) for v in vs}
        assert any((i, v) in keys for i, v in enumerate(bands(other))), (h, other)
    # the worst case: the differences spread so that no band is equal (2, 2, 2 and 1 bits)
    h = rng.getrandbits(64)
    other = h ^ sum(1 << (BAND_BITS * i + j) for i, n in enumerate((2, 2, 2, 1)) for j in range(n))
    assert distance(h, other) == MAX_DISTANCE and all(a != b for a, b in zip(bands(h), bands(other), strict=True))
    keys = {(i, v) for i, vs in enumerate(probes(h)) for v in vs}
    assert any((i, v) in keys for i, v in enumerate(bands(other)))
    # unrelated hashes answer a probe rarely: 68 keys of 65,536 a band value
    hits = sum(
        any((i, v) in keys for i, v in enumerate(bands(rng.getrandbits(64)))) for _ in range(20000)
    )
    assert hits < 20000 * 0.004
