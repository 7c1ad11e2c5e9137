"""The ``techniques`` analyzer: persuasion techniques per sentence or paragraph, narrowed to spans, and the
per-document profile (counts and density).

English goes to the sentence model (:mod:`presswatch.analyzers.techniques.sentence_model`) and its span
narrowing (:mod:`presswatch.analyzers.techniques.span_tagger`, :mod:`presswatch.analyzers.techniques.rules`);
French, German, Italian, Polish and Russian to the light models (:mod:`presswatch.analyzers.techniques.light`).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from presswatch.analyzers.techniques.sentence_model import TechniqueModel, default_model_dir
from presswatch.analyzers.techniques.span_tagger import SpanTagger, narrow
from presswatch.analyzers.techniques.taxonomy import BY_KEY
from presswatch.model import Document, Span
from presswatch.nlp.encoder import default_threads

NAME = "techniques"
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_HAS_WORD = re.compile(r"\w")

LIGHT_LANGUAGES = {"fr", "de", "it", "pl", "ru"}


class TechniquesAnalyzer:
    name = NAME
    # 0.6.1: every window read alone (scores no longer depend on the other sentences of the batch)
    version = "0.6.1"  # model 4, one pass per sentence (no ensemble member), span rules (techniques.rules)
    # English: the transformer; the others: light character-n-gram models (techniques.light)
    languages: set[str] | None = {"en"} | LIGHT_LANGUAGES

    def __init__(self, model_dir: Path | None = None, threads: int | None = None,
                 span_tagger: bool = True) -> None:
        self._model_dir = model_dir
        self._threads = threads
        self._no_tagger = not span_tagger
        self._span_narrowing = span_tagger  # False: findings on whole units (no tagger, no token spans)

    @property
    def model(self) -> TechniqueModel:
        return TechniqueModel.load(self._model_dir, self._threads)

    def annotate(self, doc: Document, resources: Any = None) -> list[Span]:
        paras = [(a, b) for a, b in doc.paragraphs if _HAS_WORD.search(doc.text[a:b])]
        if not paras:
            return []
        lang = doc.language or "en"
        model: Any
        # the unit each finding belongs to: the paragraph, or for a sentence-unit model the sentence
        # (the paragraph is kept in the span's "paragraph" attribute either way)
        para_of: dict[tuple[int, int], tuple[int, int]] = {p: p for p in paras}
        unit_level = "paragraph"
        token_probs: list[Any] | None = None
        if lang == "en":
            model = self.model
            if model.units == "sentences":
                from presswatch.nlp.sentences import split_sentences

                para_of = {(a + s, a + e): (a, b) for a, b in paras
                           for s, e in split_sentences(doc.text[a:b]) or [(0, b - a)]}
                paras = [u for u in para_of if _HAS_WORD.search(doc.text[u[0]:u[1]])]
                unit_level = "sentence"
            unit_texts = [doc.text[a:b] for a, b in paras]
            if self._span_narrowing and model.single_pass:
                # one run of the model gives both the sentence and the token probabilities
                probs, token_probs = model.sentence_probs_and_tokens(unit_texts)
            else:
                probs = model.predict_proba(unit_texts)
            nwin = model.last_window_counts
            model_name = "minilm-l6-int8"
        else:
            from presswatch.analyzers.techniques.light import LightModel

            model = LightModel.load(Path(self._model_dir) if self._model_dir else default_model_dir(), lang)
            if model is None:
                return []
            probs = model.predict_proba([doc.text[a:b] for a, b in paras])
            nwin = [1] * len(paras)
            model_name = f"light-{lang}"
        found = [(para, model.decide(pr), n) for para, pr, n in zip(paras, probs, nwin, strict=True)]
        found_tp = [tp for f, tp in zip(found, token_probs, strict=True) if f[1]] if token_probs is not None else []
        found = [f for f in found if f[1]]
        # English: narrow each flagged unit (paragraph or sentence) to the span tagger's fragments
        # (models/persuasion/spans). A flagged unit where the tagger marks no words keeps its finding on the
        # whole unit (level "paragraph" or "sentence"): the unit labels are an output of their own. The SI
        # evaluation scores the span-level findings only (tagger.json's if_none "drop"), so its figure describes those.
        # With a token head (thresholds.json "token_spans" use: true), each technique is narrowed to the
        # words marked for that technique instead of the tagger's technique-blind fragments.
        regions: list[dict[str, list[tuple[int, int, float | None]]]] = [
            {k: [(a, b, None)] for k, _ in hits} for (a, b), hits, _ in found]
        texts_found = [doc.text[a:b] for (a, b), _, _ in found]
        token_head = bool(lang == "en" and found and self._span_narrowing and model.use_token_spans
                          and model.has_token_output)
        # the tagger (another ONNX session) is loaded only where it is used: hybrid mode or no token head
        tagger = self.tagger if lang == "en" and found and (not token_head or model.token_span_mode == "hybrid") \
            else None
        if token_head and token_probs is not None:
            regions = [{k: narrow(para, fr, "keep") for k, fr in d.items()}
                       for (para, _, _), d in zip(found, model.unit_spans(
                           texts_found, [[k for k, _ in hits] for _, hits, _ in found], found_tp,
                           [doc.text] * len(found)), strict=True)]
            # a technique the rules dropped for this unit (its words belong to another, or Repetition
            # without repetition) is not reported on it
            found = [(para, [h for h in hits if h[0] in reg], n) for (para, hits, n), reg in
                     zip(found, regions, strict=True)]
        elif token_head and (model.token_span_mode == "token" or tagger is not None):
            blind = tagger.fragments(texts_found) if model.token_span_mode == "hybrid" and tagger else None
            tfr = model.technique_fragments(texts_found, [[k for k, _ in hits] for _, hits, _ in found], blind)
            regions = [{k: narrow(para, fr, "keep") for k, fr in d.items()}
                       for (para, _, _), d in zip(found, tfr, strict=True)]
        else:
            if tagger is not None:
                frags = tagger.fragments(texts_found)
                regions = [{k: narrow(para, fr, "keep") for k, _ in hits}
                           for (para, hits, _), fr in zip(found, frags, strict=True)]
        spans: list[Span] = []
        for ((a, b), hits, n), regs_by in zip(found, regions, strict=True):
            for key, conf in hits:
                t = BY_KEY.get(key)
                for s, e, score in regs_by[key]:
                    attrs = {
                        "technique": key,
                        "name": t.name if t else key,
                        "family": t.family if t else "",
                        "confidence": round(conf, 4),
                        "threshold": round(float(model.thresholds[model.labels.index(key)]), 4),
                        "explanation": t.explanation if t else "",
                        "level": unit_level if score is None else "span",
                        "paragraph": list(para_of[(a, b)]),
                        "windows": n,
                        "model": model_name,
                    }
                    if unit_level == "sentence":
                        attrs["sentence"] = [a, b]
                    if score is not None:
                        attrs["span_score"] = round(float(score), 4)
                    spans.append(Span(s, e, key, NAME, attrs))
        return spans

    @property
    def tagger(self) -> SpanTagger | None:
        """The span tagger shipped beside the paragraph model, or None (then spans are paragraphs)."""
        if self._no_tagger:
            return None
        return SpanTagger.load(Path(self._model_dir) if self._model_dir else default_model_dir(),
                               self._threads or default_threads())

    def summarize(self, doc: Document) -> dict[str, Any]:
        """Per-document counts and persuasion density (see :func:`profile`; the genre is the ``genre``
        analyzer's)."""
        return profile(doc)


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def profile(doc: Document) -> dict[str, Any]:
    """Per-document technique counts and persuasion density (paragraph-level findings per 100 words).

    Uses the document's ``techniques`` spans when the analyzer has run on it; otherwise runs it. A
    non-English document is reported as not analysed (``analysed: False``) with the reason.
    """
    words = count_words(doc.text)
    status = doc.analyzers.get(NAME)
    if status is None:
        if (doc.language or "en") not in (TechniquesAnalyzer.languages or {"en"}):
            status = f"skipped: language {doc.language}"
        else:
            spans = TechniquesAnalyzer().annotate(doc)
            status = TechniquesAnalyzer.version
    else:
        spans = doc.spans_by(NAME)
    if status.startswith("skipped"):
        return {"analysed": False, "reason": status, "words": words, "counts": {}, "findings": 0,
                "density_per_100_words": None}
    # one finding per (paragraph, technique), however many narrowed spans it was reported on
    findings = {(_para_of(s), s.label) for s in spans}
    counts = Counter(lab for _, lab in findings)
    analysed_paras = sum(1 for a, b in doc.paragraphs if _HAS_WORD.search(doc.text[a:b]))
    flagged = len({p for p, _ in findings})
    total = sum(counts.values())
    return {
        "analysed": True,
        "model_version": status,
        "words": words,
        "paragraphs": analysed_paras,
        "paragraphs_with_technique": flagged,
        "findings": total,
        "spans": len(spans),
        "counts": dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        "density_per_100_words": round(100.0 * total / words, 3) if words else 0.0,
    }


def _para_of(s: Span) -> tuple[int, int]:
    p = (s.attrs or {}).get("paragraph")
    return (int(p[0]), int(p[1])) if p else (s.start, s.end)
