"""Propaganda-span tagger: where inside a paragraph the persuasive wording is (SemEval-2020 Task 11 SI).

A token-level binary tagger (all-MiniLM-L6-v2 fine-tuned on the PTC train + dev articles, int8
ONNX in ``models/persuasion/spans/``; trained by :mod:`presswatch.train.persuasion_spans`). A text
is tokenised once; texts longer than the model's window are read in overlapping windows and a
token's probability is the mean over the windows that contain it (nothing is truncated). Words
(the tokenizer's pre-tokenised words: a word and a punctuation mark are separate) take the maximum
of their sub-word tokens; runs of words at or above the threshold, with gaps of at most ``gap``
words filled, become character spans.

The ``techniques`` analyzer uses it to narrow a flagged paragraph's findings to these spans
(:func:`narrow`); the paragraph's technique labels are kept. Only onnxruntime, tokenizers and numpy.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from presswatch.errors import ConfigError
from presswatch.nlp.encoder import open_encoder, run_alone

SUBDIR = "spans"


def window_starts(n: int, width: int, stride: int) -> list[int]:
    """Start offsets of windows of ``width`` tokens over ``n`` tokens, every ``stride`` tokens, the
    last one ending at the end (one window at 0 when everything fits; none for n == 0)."""
    if n <= 0:
        return []
    if n <= width:
        return [0]
    stride = max(1, min(stride, width))
    starts = list(range(0, n - width, stride))
    starts.append(n - width)
    return starts


def combine_windows(n: int, starts: Sequence[int], window_probs: Sequence[Any], tail: tuple[int, ...] = ()) -> Any:
    """Per-token mean of the window probabilities (``window_probs[k][j]`` = token ``starts[k] + j``;
    each entry a number, or a vector of per-technique numbers): a numpy array of ``n`` rows (of
    shape ``tail`` each when there are no windows)."""
    import numpy as np

    parts = [np.asarray(p, dtype=np.float64) for p in window_probs]
    tail = parts[0].shape[1:] if parts else tail
    tot = np.zeros((n, *tail))
    cnt = np.zeros(n)
    for s, probs in zip(starts, parts, strict=True):
        k = max(0, min(len(probs), n - s))
        tot[s : s + k] += probs[:k]
        cnt[s : s + k] += 1
    cnt = np.maximum(cnt, 1).reshape((n, *([1] * len(tail))))
    return tot / cnt


def token_probabilities(tokenizer: Any, session: Any, inputs: set[str], texts: Sequence[str], max_length: int,
                        stride: int, output: str | None = None, bias: Any = 0.0) -> list[tuple[Any, Any]]:
    """Per text: its encoding (offsets, word ids) and its per-token probabilities from a token-level
    ONNX output (``output``, else the first; shape (batch, seq) or (batch, seq, techniques)), with
    ``bias`` added to the logits. Texts longer than a window are read in windows of ``max_length``
    tokens every ``stride`` tokens; a token's probability is its mean over the windows holding it. Each
    window is read on its own (:func:`presswatch.nlp.encoder.run_alone`): a text's probabilities do not
    depend on the other texts."""
    import numpy as np

    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    encs = [tokenizer.encode(t, add_special_tokens=False) for t in texts]
    w = max_length - 2
    flat: list[list[int]] = []
    starts_of: list[list[int]] = []
    for e in encs:
        st = window_starts(len(e.ids), w, stride)
        starts_of.append(st)
        flat.extend([cls_id, *e.ids[s : s + w], sep_id] for s in st)
    names = [output or session.get_outputs()[0].name]
    wprobs: list[Any] = [1.0 / (1.0 + np.exp(-(logits[1:-1].astype(np.float64) + bias)))
                         for (logits,) in run_alone(session, names, flat, inputs)]
    tail = next((w.shape[1:] for w in wprobs if w is not None), ())
    if not flat and output:  # no tokens at all: the output's per-token shape from the model
        dims = [o.shape for o in session.get_outputs() if o.name == output]
        tail = tuple(d for d in dims[0][2:] if isinstance(d, int)) if dims else ()
    out = []
    k = 0
    for i, e in enumerate(encs):
        n_w = len(starts_of[i])
        out.append((e, combine_windows(len(e.ids), starts_of[i], wprobs[k : k + n_w], tail)))
        k += n_w
    return out


def decode_spans(offsets: Sequence[tuple[int, int]], word_ids: Sequence[int | None], probs: Sequence[float],
                 threshold: float, gap: int = 0) -> list[tuple[int, int, float]]:
    """Character spans (start, end, mean word probability) from token probabilities.

    A word's probability is the maximum over its tokens; words at or above ``threshold`` form runs,
    runs separated by at most ``gap`` words are joined."""
    words: dict[int, list[float]] = {}  # word id -> [start, end, prob]
    order: list[int] = []
    for (a, b), w, p in zip(offsets, word_ids, probs, strict=True):
        if w is None or b <= a:
            continue
        if w not in words:
            words[w] = [a, b, float(p)]
            order.append(w)
        else:
            e = words[w]
            e[0], e[1], e[2] = min(e[0], a), max(e[1], b), max(e[2], float(p))
    seq = [words[w] for w in order]
    pos = [i for i, (_, _, p) in enumerate(seq) if p >= threshold]
    out: list[tuple[int, int, float]] = []
    run: list[int] = []
    for i in pos:
        if run and i - run[-1] - 1 > gap:
            out.append(_span(seq, run))
            run = []
        run.append(i)
    if run:
        out.append(_span(seq, run))
    return out


def _span(seq: list[list[float]], run: list[int]) -> tuple[int, int, float]:
    ps = [seq[i][2] for i in range(run[0], run[-1] + 1)]
    return int(seq[run[0]][0]), int(seq[run[-1]][1]), sum(ps) / len(ps)


def label_fragments(fragments: Sequence[tuple[int, int, float]], offsets: Sequence[tuple[int, int]], probs: Any,
                    label_index: dict[str, int], hits: Sequence[str],
                    own: dict[str, list[tuple[int, int, float]]]) -> dict[str, list[tuple[int, int, float]]]:
    """Technique-blind ``fragments`` given to techniques: each goes to the hit technique whose
    token-head probability (``probs``: tokens x techniques), averaged over the fragment's tokens, is
    highest; a hit technique that gets no fragment keeps the token head's own spans for it (``own``)."""
    out: dict[str, list[tuple[int, int, float]]] = {k: [] for k in hits}
    for s, e, p in fragments:
        toks = [i for i, (a, b) in enumerate(offsets) if b > s and a < e and b > a]
        if not toks or not hits:
            continue
        best = max(hits, key=lambda k: float(probs[toks, label_index[k]].mean()))
        out[best].append((s, e, p))
    return {k: v or list(own.get(k, [])) for k, v in out.items()}


def narrow(para: tuple[int, int], fragments: Sequence[tuple[int, int, float]],
           if_none: str = "keep") -> list[tuple[int, int, float | None]]:
    """The spans a flagged paragraph's findings are reported on: the tagger's ``fragments``
    (offsets relative to the paragraph) moved to document offsets, clipped to the paragraph; if the
    tagger found nothing, the whole paragraph (``if_none="keep"``, score None) or nothing ("drop")."""
    a, b = para
    out = []
    for s, e, p in fragments:
        s2, e2 = max(a, a + s), min(b, a + e)
        if e2 > s2:
            out.append((s2, e2, p))
    if not out and if_none == "keep":
        return [(a, b, None)]
    return out


class SpanTagger:
    """The ONNX token tagger with its tokenizer and decoding options (``spans/tagger.json``)."""

    _cache: dict[tuple[str, int], SpanTagger] = {}
    _lock = threading.Lock()

    def __init__(self, model_dir: Path, threads: int, model_file: str | None = None) -> None:
        self.dir = model_dir
        self.meta: dict[str, Any] = json.loads((model_dir / "tagger.json").read_text(encoding="utf-8"))
        self.max_length = int(self.meta.get("max_length", 128))
        self.stride = int(self.meta.get("window_stride", self.max_length // 2))
        self.threshold = float(self.meta.get("threshold", 0.5))
        self.gap = int(self.meta.get("gap", 0))
        self.if_none = str(self.meta.get("if_none", "keep"))
        self.mode = str(self.meta.get("mode", "narrow"))
        self.tokenizer, self.session, self._inputs = open_encoder(
            model_dir / (model_file or "model.onnx"), model_dir / "tokenizer.json", threads)

    @classmethod
    def load(cls, model_dir: Path, threads: int = 1) -> SpanTagger | None:
        """The tagger in ``model_dir`` (a ``spans`` folder, or a folder holding one), or None if absent."""
        d = Path(model_dir)
        if not (d / "tagger.json").is_file():
            d = d / SUBDIR
        if not (d / "tagger.json").is_file():
            return None
        if not (d / "model.onnx").is_file() or not (d / "tokenizer.json").is_file():
            raise ConfigError(f"{d}: tagger.json without model.onnx / tokenizer.json")
        key = (str(d.resolve()), threads)
        with cls._lock:
            if key not in cls._cache:
                cls._cache[key] = cls(d, threads)
            return cls._cache[key]

    def token_probs(self, texts: Sequence[str]) -> list[tuple[Any, Any]]:
        """Per text: its encoding (offsets, word ids) and one probability per token."""
        return token_probabilities(self.tokenizer, self.session, self._inputs, texts, self.max_length,
                                   self.stride)

    def fragments(self, texts: Sequence[str], threshold: float | None = None,
                  gap: int | None = None) -> list[list[tuple[int, int, float]]]:
        """Per text: its propaganda fragments as (start, end, score), offsets relative to the text."""
        t = self.threshold if threshold is None else threshold
        g = self.gap if gap is None else gap
        return [decode_spans(e.offsets, e.word_ids, p, t, g) for e, p in self.token_probs(texts)]
