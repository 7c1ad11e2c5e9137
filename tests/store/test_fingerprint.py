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
