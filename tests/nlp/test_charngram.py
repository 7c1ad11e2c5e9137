"""Character n-gram features (presswatch.nlp.charngram): counted word by word, the same columns, in the same order,
and the same weights as counting every n-gram of the text in turn."""

from __future__ import annotations

import json

import numpy as np

from presswatch.nlp.charngram import CharNgramModel, char_wb_ngrams


def _model(tmp_path, vocab: list[str]) -> CharNgramModel:
    rng = np.random.default_rng(0)
    npz = tmp_path / "m.npz"
    np.savez(npz, vocab=np.asarray(vocab), idf=rng.random(len(vocab)).astype(np.float32) + 1,
             coef=rng.standard_normal((len(vocab), 3)).astype(np.float32), intercept=np.zeros(3, np.float32))
    return CharNgramModel(npz, json.loads('{"ngram_range": [2, 4]}'))


def test_features_are_those_of_every_ngram_in_turn(tmp_path) -> None:
    texts = ["The talks, the TALKS and the talks again.", "aaaa aa a", "", "One.\n\nTwo  two   TWO two.",
             "Der Minister besuchte die Stadt; the minister visited the city and the city's mayor."]
    vocab = sorted({g for t in texts for g in char_wb_ngrams(t, 2, 4)})[::2]
    m = _model(tmp_path, vocab)
    for t in texts:
        counts: dict[int, int] = {}  # the plain count, n-gram by n-gram
        for g in char_wb_ngrams(t, 2, 4):
            if g in m.vocab:
                counts[m.vocab[g]] = counts.get(m.vocab[g], 0) + 1
        cols, w = m.features(t)
        assert cols.tolist() == list(counts)
        if counts:
            tf = np.fromiter(counts.values(), dtype=np.float32)
            ref = (1.0 + np.log(tf)) * m.idf[cols]
            ref /= float(np.linalg.norm(ref)) or 1.0
            assert w.tobytes() == ref.tobytes()


def test_char_wb_ngrams() -> None:
    assert char_wb_ngrams("Ab  c", 2, 3) == [" a", "ab", "b ", " ab", "ab ", " c", "c ", " c "]
