"""Persuasion techniques per sentence or paragraph (SemEval-2023 Task 3 taxonomy), offline on a CPU.

A fine-tuned all-MiniLM-L6-v2 (int8 ONNX, shipped in ``models/persuasion/``; optionally averaged
with ensemble members) scores each unit for the 23 techniques of
:mod:`presswatch.analyzers.techniques.taxonomy`; a technique whose probability reaches its calibrated
threshold is a finding for that unit. The unit is the model's (``units`` in thresholds.json): the
shipped model reads sentences (:mod:`presswatch.nlp.sentences`), an older one paragraphs. For
English, each finding is then narrowed: with a token head (``token_logits`` output and
``token_spans.use``) to the words the model marks for that technique; otherwise by the
technique-blind span tagger (:mod:`presswatch.analyzers.techniques.span_tagger`, ``models/persuasion/spans/``),
every finding of the unit being reported on each of its fragments (``level`` = "span"). A flagged
unit where nothing is marked keeps its finding on the whole unit (``level`` = "sentence" or
"paragraph"); the SI evaluation follows the empty-unit rule chosen on held-out articles::

    Span(start, end, "Loaded_Language", attrs={"technique": ..., "name": ..., "family": ...,
         "confidence": 0.83, "threshold": 0.4, "explanation": ..., "level": "span" | "sentence" | "paragraph",
         "paragraph": [p_start, p_end], "sentence": [s_start, s_end], "span_score": 0.71, "windows": 1})

With a token head in "token" mode (the shipped model) each sentence is read **once**: the same run gives
the sentence probabilities (``logits``) and the token probabilities (``token_logits``); no ensemble member
is run unless thresholds.json lists one. With ``token_spans.rules`` the general rules of
:mod:`presswatch.analyzers.techniques.rules` then apply to the marked words: a span goes to the flagged
technique its words are rated (twice) higher for, Repetition needs a repeated word, a word-level
technique's span is trimmed to its length cap, a sentence-level technique is reported on the sentence.
A technique left with no span by these rules is not reported on that sentence.

Per-document counts and density count (paragraph, technique) findings, not fragments.

Units longer than the model's window are read in overlapping windows (half-window stride) and a
technique's confidence is its highest window score (``windows`` > 1 says so); nothing is truncated.
Empty paragraphs (no letters or digits) are skipped. The transformer reads English only; French,
German, Italian, Polish and Russian documents go to much lighter per-language models
(:mod:`presswatch.analyzers.techniques.light`, span attribute ``model`` = ``light-xx``). Any other
language is outside ``languages``, so the pipeline records the document as ``skipped: language xx``
instead of guessing.

Only onnxruntime, tokenizers and numpy are needed here; torch is a training-only extra
(:mod:`presswatch.train.persuasion`).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from presswatch.errors import ConfigError
from presswatch.nlp.encoder import default_threads, open_encoder, run_alone
from presswatch.settings import current as current_settings

MODEL_ENV = "PRESSWATCH_PERSUASION_MODEL"


def default_model_dir() -> Path:
    """``$PRESSWATCH_PERSUASION_MODEL`` if set, else the shipped ``models/persuasion`` (source tree or wheel)."""
    from presswatch.resources import find_model

    env = current_settings().persuasion_model
    if env:
        return Path(env)
    return find_model("persuasion", "model.onnx").parent


class WindowMemo:
    """The outputs of the windows read last (sentence and token probabilities of
    :meth:`TechniqueModel.sentence_and_token_probs`), keyed by the window's token ids, least recently used first
    out beyond ``max_tokens`` token rows in all (about 130 bytes a row with its key: 13 MB by default). Shared by
    the threads of a process."""

    def __init__(self, max_tokens: int = 100_000) -> None:
        from collections import OrderedDict

        self.max_tokens = max_tokens
        self._items: OrderedDict[tuple[int, ...], tuple[Any, Any]] = OrderedDict()
        self._tokens = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def fill(self, keys: Sequence[tuple[int, ...]], sent: Any, tok: list[Any]) -> list[int]:
        """Set ``sent[j]`` and ``tok[j]`` for every key held; the indices of the keys not held."""
        todo = []
        with self._lock:
            for j, k in enumerate(keys):
                hit = self._items.get(k)
                if hit is None:
                    todo.append(j)
                    continue
                self._items.move_to_end(k)
                sent[j], tok[j] = hit
        return todo

    def add(self, items: Sequence[tuple[tuple[int, ...], Any, Any]]) -> None:
        with self._lock:
            for k, s, t in items:
                if k in self._items or len(k) > self.max_tokens:
                    continue
                self._items[k] = (s.copy(), t)
                self._tokens += len(k)
            while self._tokens > self.max_tokens:
                k, _ = self._items.popitem(last=False)
                self._tokens -= len(k)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._tokens = 0


class TechniqueModel:
    """The ONNX paragraph classifier: tokenizer, session, labels and thresholds."""

    _cache: dict[tuple[str, int], TechniqueModel] = {}
    _lock = threading.Lock()

    def __init__(self, model_dir: Path, threads: int) -> None:
        import numpy as np

        self.dir = model_dir
        meta = json.loads((model_dir / "thresholds.json").read_text(encoding="utf-8"))
        self.labels: list[str] = list(meta["labels"])
        self.meta_calibration: dict[str, Any] = dict(meta.get("calibration") or {})
        self.thresholds = np.asarray([float(meta["thresholds"][k]) for k in self.labels], dtype=np.float32)
        # added to the logits before the sigmoid: undoes the training loss's positive weights
        bias = meta.get("logit_bias") or {}
        self.logit_bias = np.asarray([float(bias.get(k, 0.0)) for k in self.labels], dtype=np.float32)
        self.max_length = int(meta.get("max_length", 256))
        # "sentences": the model was trained on sentences; a text's probabilities are the maximum
        # over its sentences (presswatch.nlp.sentences), each read on its own
        self.units = str(meta.get("units", "paragraphs"))
        ts = meta.get("token_spans") or {}
        self.token_span_options = (float(ts.get("threshold", 0.5)), int(ts.get("gap", 0)))
        self.token_span_if_none = str(ts.get("if_none", "keep"))  # for the SI evaluation, as the tagger's
        # "token": each technique on its own marked words; "hybrid": the span tagger's fragments, each
        # given to the technique the token head rates highest over it (see technique_fragments)
        self.token_span_mode = str(ts.get("mode", "token"))
        # whether the analyzer reports each technique on the words the token head marks for it
        self.use_token_spans = bool(ts.get("use", False))
        # the general rules of techniques.rules over those words (the words' own technique, Repetition
        # needs repetition, length caps per technique); off for models whose token_spans do not ask for them
        self.span_rules = bool(ts.get("rules", False))
        self.span_max_words: dict[str, int] = {k: int(v) for k, v in (ts.get("max_words") or {}).items()}
        self.span_sentence_level_whole = bool(ts.get("sentence_level_whole", False))
        self.stride = max(1, int(meta.get("window_stride", self.max_length // 2)))
        self.tokenizer, self.session, self._inputs = open_encoder(model_dir / "model.onnx",
                                                                  model_dir / "tokenizer.json", threads)
        self.cls_id = self.tokenizer.token_to_id("[CLS]")
        self.sep_id = self.tokenizer.token_to_id("[SEP]")
        self.threads = threads
        self.memo = WindowMemo()
        # optional further ensemble members (``members`` in thresholds.json): each an ONNX file with
        # its own logit bias and window; the confidence is the mean of the members' probabilities
        self.members: list[tuple[Any, set[str], Any, int, int]] = []
        for mem in meta.get("members") or []:
            path = model_dir / str(mem["file"])
            if not path.is_file():
                raise ConfigError(f"{model_dir}: thresholds.json names ensemble member {path.name}, which is missing")
            _tok, sess, names = open_encoder(path, model_dir / "tokenizer.json", threads)
            mb = mem.get("logit_bias") or {}
            ml = int(mem.get("max_length", self.max_length))
            self.members.append((sess, names,
                                 np.asarray([float(mb.get(k, 0.0)) for k in self.labels], dtype=np.float32),
                                 ml, max(1, int(mem.get("window_stride", ml // 2)))))
        # optional blend with the English light model (character n-grams), weight chosen on held-out data
        self.light_weight = float(meta.get("light_weight", 0.0))
        self.light = None
        if self.light_weight > 0:
            from presswatch.analyzers.techniques.light import LightModel

            self.light = LightModel.load(model_dir, "en")
            if self.light is None or self.light.labels != self.labels:
                raise ConfigError(f"{model_dir}: thresholds.json blends in light/en.npz, which is missing")

    @classmethod
    def load(cls, model_dir: Path | None = None, threads: int | None = None) -> TechniqueModel:
        d = Path(model_dir) if model_dir else default_model_dir()
        if not (d / "model.onnx").is_file() or not (d / "thresholds.json").is_file():
            raise ConfigError(
                f"persuasion model not found in {d} (model.onnx + thresholds.json + tokenizer.json); "
                f"set {MODEL_ENV} or train one with `presswatch train persuasion`"
            )
        n = threads or default_threads()
        key = (str(d.resolve()), n)
        with cls._lock:
            if key not in cls._cache:
                cls._cache[key] = cls(d, n)
            return cls._cache[key]

    @classmethod
    def forget(cls) -> None:
        """Empty the window memo of every model loaded (a benchmark's repeated pass must read every window again)."""
        with cls._lock:
            for m in cls._cache.values():
                m.memo.clear()

    # --- windows --------------------------------------------------------------------------------

    def windows(self, text: str, max_length: int | None = None, stride: int | None = None) -> list[list[int]]:
        """Token-id windows of ``text``, each at most ``max_length`` long with [CLS] and [SEP]; one
        window when the text fits, else overlapping windows every ``stride`` tokens to the end."""
        ids = self.tokenizer.encode(text, add_special_tokens=False).ids
        return self._windows(ids, max_length or self.max_length, stride or self.stride)

    def _windows(self, ids: list[int], max_length: int, stride: int) -> list[list[int]]:
        w = max_length - 2
        if len(ids) <= w:
            return [[self.cls_id, *ids, self.sep_id]]
        out = []
        start = 0
        while True:
            out.append([self.cls_id, *ids[start : start + w], self.sep_id])
            if start + w >= len(ids):
                break
            start += min(stride, w)
        return out

    # --- prediction -----------------------------------------------------------------------------

    def predict_proba(self, texts: Sequence[str],
                      progress: Callable[[int, int], None] | None = None) -> list[Any]:
        """One probability vector (over :attr:`labels`) per text: the maximum over its windows (and,
        for a sentence-unit model, over its sentences). Each window is read on its own
        (:func:`presswatch.nlp.encoder.run_alone`), so a text's probabilities do not depend on the
        other texts.

        Returns also, via :attr:`last_window_counts`, how many windows each text needed."""
        import numpy as np

        if self.units == "sentences":
            from presswatch.nlp.sentences import split_sentences

            pieces: list[str] = []
            owner: list[int] = []
            for i, t in enumerate(texts):
                for a, b in split_sentences(t) or [(0, len(t))]:
                    pieces.append(t[a:b])
                    owner.append(i)
            n_t = len(texts)
            part = self._predict(pieces, None if progress is None else
                                 lambda d, n: progress(min(n_t, d * n_t // max(1, n)), n_t))
            out = [np.zeros(len(self.labels), dtype=np.float32) for _ in texts]
            counts = [0] * len(texts)
            for j, i in enumerate(owner):
                out[i] = np.maximum(out[i], part[j])
                counts[i] += self.last_window_counts[j]
            self.last_window_counts = counts
            return out
        return self._predict(texts, progress)

    def _predict(self, texts: Sequence[str],
                 progress: Callable[[int, int], None] | None) -> list[Any]:
        import numpy as np

        ids_all = [self.tokenizer.encode(t, add_special_tokens=False).ids for t in texts]
        runs = [(self.session, self._inputs, self.logit_bias, self.max_length, self.stride), *self.members]
        out = [np.zeros(len(self.labels), dtype=np.float32) for _ in texts]
        counts = [0] * len(texts)
        for r_i, (sess, inputs, bias, max_len, stride) in enumerate(runs):
            part, cnt = self._run_member(sess, inputs, bias, max_len, stride, ids_all,
                                         progress if r_i == len(runs) - 1 else None, len(texts))
            out = [a + b / len(runs) for a, b in zip(out, part, strict=True)]
            if r_i == 0:
                counts = cnt
        self.last_window_counts = counts
        if self.light is not None:
            w = self.light_weight
            lp = self.light.predict_proba(list(texts))
            out = [(1 - w) * a + w * b for a, b in zip(out, lp, strict=True)]
        return out

    def _run_member(self, sess: Any, inputs: set[str], bias: Any, max_len: int, stride: int,
                    ids_all: list[list[int]],
                    progress: Callable[[int, int], None] | None, n_texts: int) -> tuple[list[Any], list[int]]:
        """One ONNX member: per text, the maximum over its windows of the bias-corrected probabilities."""
        import numpy as np

        flat: list[list[int]] = []
        owner: list[int] = []
        for i, ids in enumerate(ids_all):
            for win in self._windows(ids, max_len, stride):
                flat.append(win)
                owner.append(i)
        probs = np.zeros((len(flat), len(self.labels)), dtype=np.float32)
        for j, (logits,) in enumerate(run_alone(sess, [sess.get_outputs()[0].name], flat, inputs)):
            probs[j] = 1.0 / (1.0 + np.exp(-(logits + bias)))
            if progress is not None and (j + 1 == len(flat) or owner[j + 1] != owner[j]):
                progress(owner[j] + 1, n_texts)
        out = [np.zeros(len(self.labels), dtype=np.float32) for _ in range(n_texts)]
        counts = [0] * n_texts
        for j, i in enumerate(owner):
            out[i] = np.maximum(out[i], probs[j])
            counts[i] += 1
        return out, counts

    @property
    def has_token_output(self) -> bool:
        """Whether the primary model also scores each token per technique (``--head tokens``)."""
        return "token_logits" in {o.name for o in self.session.get_outputs()}

    def token_probs(self, texts: Sequence[str]) -> list[tuple[Any, Any]]:
        """Per text: its encoding and a (tokens, techniques) matrix of bias-corrected probabilities
        from the primary model's ``token_logits`` (windows averaged per token)."""
        from presswatch.analyzers.techniques.span_tagger import token_probabilities

        if not self.has_token_output:
            raise ConfigError(f"{self.dir}: the persuasion model has no token_logits output")
        return token_probabilities(self.tokenizer, self.session, self._inputs, texts, self.max_length, self.stride,
                                   output="token_logits", bias=self.logit_bias)

    def sentence_and_token_probs(self, texts: Sequence[str]) -> tuple[list[Any], list[Any]]:
        """One pass of the primary model over ``texts``: per text its bias-corrected technique
        probabilities (maximum over its windows of ``logits``) and its (tokens, techniques) matrix from
        ``token_logits`` (windows averaged per token). Ensemble members and the light blend are not run
        here (:meth:`sentence_probs_and_tokens` adds them)."""
        import numpy as np

        from presswatch.analyzers.techniques.span_tagger import combine_windows, window_starts

        if not self.has_token_output:
            raise ConfigError(f"{self.dir}: the persuasion model has no token_logits output")
        encs = [self.tokenizer.encode(t, add_special_tokens=False) for t in texts]
        w = self.max_length - 2
        flat: list[list[int]] = []
        starts_of: list[list[int]] = []
        for e in encs:
            st = window_starts(len(e.ids), w, self.stride) or [0]
            starts_of.append(st)
            flat.extend([self.cls_id, *e.ids[s : s + w], self.sep_id] for s in st)
        n_lab = len(self.labels)
        sent = np.zeros((len(flat), n_lab), dtype=np.float32)
        tok: list[Any] = [None] * len(flat)
        # a window read before (a line every page of an outlet carries, a sentence repeated in a page) is not read
        # again: each window is read alone, so its outputs are a function of its token ids (see WindowMemo)
        keys = [tuple(win) for win in flat]
        todo = self.memo.fill(keys, sent, tok)
        first: dict[tuple[int, ...], int] = {}
        for j in todo:
            first.setdefault(keys[j], j)
        run = list(first.values())
        for j, (logits, token_logits) in zip(run, run_alone(self.session, ["logits", "token_logits"],
                                                            [flat[j] for j in run], self._inputs), strict=True):
            sent[j] = 1.0 / (1.0 + np.exp(-(logits + self.logit_bias)))
            tok[j] = 1.0 / (1.0 + np.exp(-(token_logits[1:-1] + self.logit_bias)))
        for j in todo:
            if first[keys[j]] != j:
                sent[j], tok[j] = sent[first[keys[j]]], tok[first[keys[j]]]
        self.memo.add([(keys[j], sent[j], tok[j]) for j in run])
        probs: list[Any] = []
        toks: list[Any] = []
        counts: list[int] = []
        k = 0
        for i, e in enumerate(encs):
            n_w = len(starts_of[i])
            probs.append(sent[k : k + n_w].max(0))
            toks.append(combine_windows(len(e.ids), starts_of[i], tok[k : k + n_w], (n_lab,)).astype(np.float32))
            counts.append(n_w)
            k += n_w
        self.last_window_counts = counts
        self.last_encodings = encs
        return probs, toks

    @property
    def single_pass(self) -> bool:
        """Whether the analyzer reads each sentence once: token spans used, in "token" mode, from a model
        with a token head (then sentence and token probabilities come from the same run)."""
        return self.use_token_spans and self.token_span_mode == "token" and self.has_token_output

    def sentence_probs_and_tokens(self, texts: Sequence[str]) -> tuple[list[Any], list[Any]]:
        """Sentence probabilities (averaged with any ensemble members' and the light blend, as
        :meth:`predict_proba` gives them) and the primary model's token probabilities, the primary model
        run once."""
        probs, toks = self.sentence_and_token_probs(texts)
        counts = self.last_window_counts
        if self.members or self.light is not None:
            ids_all = [e.ids for e in self.last_encodings]
            runs = len(self.members) + 1
            probs = [p / runs for p in probs]
            for sess, inputs, bias, max_len, stride in self.members:
                part, _ = self._run_member(sess, inputs, bias, max_len, stride, ids_all, None, len(texts))
                probs = [a + b / runs for a, b in zip(probs, part, strict=True)]
            if self.light is not None:
                w = self.light_weight
                lp = self.light.predict_proba(list(texts))
                probs = [(1 - w) * a + w * b for a, b in zip(probs, lp, strict=True)]
        self.last_window_counts = counts
        return probs, toks

    def unit_spans(self, texts: Sequence[str], hits: Sequence[Sequence[str]], token_probs: Sequence[Any],
                   docs: Sequence[str] | None = None, options: tuple[float, int] | None = None,
                   ) -> list[dict[str, list[tuple[int, int, float | None]]]]:
        """Per unit (sentence) and per technique in its ``hits``: the spans it is reported on (offsets
        relative to the unit; score None = the whole unit). The words the token head marks for the
        technique (``token_spans`` threshold and gap); with ``token_spans.rules``, the rules of
        :mod:`presswatch.analyzers.techniques.rules` over them, ``docs[i]`` being unit i's whole document
        (for the repetition rule; the unit itself when not given). A technique with nothing marked keeps
        the whole unit (trimmed to its cap under the rules)."""
        from presswatch.analyzers.techniques.rules import document_counts, refine
        from presswatch.analyzers.techniques.span_tagger import decode_spans

        th, gap = options or self.token_span_options
        idx = {k: i for i, k in enumerate(self.labels)}
        counts_of: dict[int, Any] = {}
        out: list[dict[str, list[tuple[int, int, float | None]]]] = []
        for i, (text, hs, tp) in enumerate(zip(texts, hits, token_probs, strict=True)):
            if not hs:
                out.append({})
                continue
            enc = self.tokenizer.encode(text, add_special_tokens=False)
            own = {k: decode_spans(enc.offsets, enc.word_ids, tp[:, idx[k]], th, gap) for k in hs}
            if not self.span_rules:
                out.append({k: list(v) or [(0, len(text), None)] for k, v in own.items()})
                continue
            doc = docs[i] if docs is not None else text
            key = id(doc)
            if key not in counts_of:
                counts_of[key] = document_counts(doc)
            ref = refine(text, own, enc.offsets, enc.word_ids, tp, self.labels, doc, self.span_max_words,
                         counts_of[key], sentence_level_whole=self.span_sentence_level_whole)
            out.append({k: [(a, b, None if (a, b) == (0, len(text)) else p) for a, b, p in v]
                        for k, v in ref.items()})
        return out

    def technique_fragments(self, texts: Sequence[str], hits: Sequence[Sequence[str]],
                            blind: Sequence[Sequence[tuple[int, int, float]]] | None = None,
                            options: tuple[float, int] | None = None, token_probs: list[Any] | None = None,
                            ) -> list[dict[str, list[tuple[int, int, float]]]]:
        """Per text and per technique in its ``hits``: the words the token head marks for that
        technique (``token_spans`` threshold and gap of thresholds.json, or ``options``), offsets
        relative to the text. With ``blind`` (the span tagger's technique-blind fragments per text),
        those fragments are given to techniques instead (:func:`label_fragments`), the marked words
        remaining for a technique that gets none. ``token_probs``: :meth:`token_probs` of ``texts``, if
        already computed."""
        from presswatch.analyzers.techniques.span_tagger import decode_spans, label_fragments

        th, gap = options or self.token_span_options
        idx = {k: i for i, k in enumerate(self.labels)}
        out = []
        tp = token_probs if token_probs is not None else self.token_probs(texts)
        for i, ((enc, probs), hs) in enumerate(zip(tp, hits, strict=True)):
            own = {k: decode_spans(enc.offsets, enc.word_ids, probs[:, idx[k]], th, gap) for k in hs}
            out.append(own if blind is None else label_fragments(blind[i], enc.offsets, probs, idx, hs, own))
        return out

    def transformer_only(self) -> None:
        """Drop the light-model blend (for measuring the transformer alone)."""
        self.light, self.light_weight = None, 0.0

    def decide(self, probs: Any) -> list[tuple[str, float]]:
        """(technique, confidence) pairs at or above their thresholds, most confident first."""
        hits = [(self.labels[i], float(p)) for i, p in enumerate(probs) if p >= self.thresholds[i]]
        return sorted(hits, key=lambda x: -x[1])
