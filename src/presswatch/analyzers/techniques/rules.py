"""General rules over the technique spans the token head marks (numpy only).

The persuasion model's token head scores every token of a sentence for each of the 23 techniques; a
flagged technique is reported on the words it marks (:func:`presswatch.analyzers.techniques.span_tagger.decode_spans`).
Three rules then make the technique named on each span more believable; none is fitted to data
except the length caps, which are the 90th percentile of each technique's gold span length in words on
the SemEval-2023 English train spans (``max_words`` in ``token_spans`` of thresholds.json):

- **the words' own technique** (:func:`own_technique`): a span goes to the technique the token head
  rates highest over its words. When that is another technique flagged in the same sentence, the span
  is reported under that one (e.g. a loaded word marked for both Flag_Waving and Loaded_Language
  goes to Loaded_Language when the head rates it higher there); a technique left with no span of its
  own is dropped for that sentence, unless it is sentence-level (:data:`SENTENCE_LEVEL`).
- **Repetition needs repetition** (:func:`repeated`): a Repetition span is kept only if one of its
  content words, or the span itself, occurs at least twice in the document.
- **no whole long sentences for word-level techniques** (:func:`trim`): a span longer than its
  technique's cap is cut to its head phrase, the run of at most ``max_words`` words with the highest
  token probabilities for the technique. Sentence-level techniques (Doubt, Appeal_to_Fear-Prejudice,
  ...) have long caps (their gold spans are long), so they may still cover a sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# techniques whose gold spans are usually a clause or a whole sentence: a flagged sentence keeps them
# even when the words marked for them are rated higher for another technique
SENTENCE_LEVEL = frozenset(
    {
        "Appeal_to_Authority",
        "Appeal_to_Fear-Prejudice",
        "Appeal_to_Hypocrisy",
        "Appeal_to_Popularity",
        "Appeal_to_Values",
        "Causal_Oversimplification",
        "Consequential_Oversimplification",
        "Doubt",
        "False_Dilemma-No_Choice",
        "Guilt_by_Association",
        "Questioning_the_Reputation",
        "Red_Herring",
        "Straw_Man",
        "Whataboutism",
        "Obfuscation-Vagueness-Confusion",
    }
)
_STOP = frozenset(
    {
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "by",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "they",
        "them",
        "his",
        "her",
        "their",
        "we",
        "our",
        "us",
        "you",
        "your",
        "i",
        "me",
        "my",
        "not",
        "no",
        "so",
        "if",
        "than",
        "then",
        "there",
        "here",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "can",
        "could",
        "who",
        "which",
        "what",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "some",
        "more",
        "most",
        "very",
        "just",
        "also",
        "about",
        "into",
        "over",
        "after",
        "before",
        "up",
        "out",
        "said",
        "says",
        "one",
        "such",
        "only",
    }
)

Span3 = tuple[int, int, float]
# how many times higher another flagged technique must rate a span's words to take the span over
DOMINANCE = 2.0


def document_counts(text: str) -> Counter[str]:
    """Lowercased word counts of a whole document (for the repetition rule)."""
    return Counter(w.lower() for w in _WORD.findall(text))


def repeated(span_text: str, doc_text: str, counts: Counter[str] | None = None) -> int:
    """How many times the span's most frequent content word occurs in the document (its words, when
    all are stop words), or the whole span, whichever is more."""
    counts = counts if counts is not None else document_counts(doc_text)
    ws = [w.lower() for w in _WORD.findall(span_text)]
    content = [w for w in ws if w not in _STOP and len(w) > 2] or ws
    best = max((counts.get(w, 0) for w in content), default=0)
    s = span_text.strip().lower()
    whole = doc_text.lower().count(s) if s else 0
    return max(best, whole)


def word_spans(
    offsets: Sequence[tuple[int, int]],
    word_ids: Sequence[int | None],
) -> list[tuple[int, int, int, int]]:
    """Words of an encoding as (char start, char end, first token, last token + 1), in order."""
    out: list[list[int]] = []
    last: int | None = None
    for t, ((a, b), w) in enumerate(zip(offsets, word_ids, strict=True)):
        if w is None or b <= a:
            continue
        if w == last and out:
            out[-1][1] = max(out[-1][1], b)
            out[-1][3] = t + 1
        else:
            out.append([a, b, t, t + 1])
            last = w
    return [(a, b, s, e) for a, b, s, e in out]


def _inside(words: Sequence[tuple[int, int, int, int]], s: int, e: int) -> list[int]:
    return [k for k, (a, b, _, _) in enumerate(words) if b > s and a < e]


def trim(span: Span3, words: Sequence[tuple[int, int, int, int]], col: Any, max_words: int) -> Span3:
    """``span`` (characters of the sentence) cut to the run of at most ``max_words`` of its words with the
    highest summed token probability ``col`` (one technique's column, per token); unchanged if short enough."""
    ks = _inside(words, span[0], span[1])
    if len(ks) <= max(1, max_words):
        return span
    wp = [float(max(col[words[k][2] : words[k][3]])) for k in ks]
    best_i = max(range(len(ks) - max_words + 1), key=lambda i: (sum(wp[i : i + max_words]), -i))
    sel = ks[best_i : best_i + max_words]
    return words[sel[0]][0], words[sel[-1]][1], sum(wp[best_i : best_i + max_words]) / max_words


def own_technique(
    span: Span3, offsets: Sequence[tuple[int, int]], tok_p: Any, candidates: Sequence[int], factor: float = DOMINANCE
) -> int:
    """The technique a span marked for ``candidates[0]`` belongs to: another of ``candidates`` when its mean
    token probability over the span's tokens is at least ``factor`` times the first's (the highest such),
    else the first."""
    rows = [t for t, (a, b) in enumerate(offsets) if b > span[0] and a < span[1] and b > a]
    if not rows:
        return candidates[0]
    m = tok_p[rows].mean(0)
    best = max(candidates, key=lambda j: (float(m[j]), -candidates.index(j)))
    return best if float(m[best]) >= factor * float(m[candidates[0]]) else candidates[0]


def refine(
    sentence: str,
    spans: Mapping[str, Sequence[Span3]],
    offsets: Sequence[tuple[int, int]],
    word_ids: Sequence[int | None],
    tok_p: Any,
    labels: Sequence[str],
    doc_text: str,
    max_words: Mapping[str, int] | None = None,
    counts: Counter[str] | None = None,
    repetition_min: int = 2,
    sentence_level_whole: bool = False,
) -> dict[str, list[Span3]]:
    """The rules of this module over one sentence's spans per flagged technique (offsets relative to the
    sentence; ``tok_p``: tokens x techniques in ``labels`` order). A flagged technique with no marked
    words (an empty list) stands for the whole sentence, trimmed like any span; one whose marked words
    all went to another technique is dropped, unless sentence-level (then the whole sentence, trimmed).
    With ``sentence_level_whole``, a sentence-level technique (:data:`SENTENCE_LEVEL`) is reported on the
    whole sentence, whatever words are marked. Returns the spans per technique kept (a technique without
    any is left out)."""
    idx = {k: i for i, k in enumerate(labels)}
    flagged = [k for k in spans if k in idx]
    words = word_spans(offsets, word_ids)
    counts = counts if counts is not None else document_counts(doc_text)
    out: dict[str, list[Span3]] = {k: [] for k in flagged}
    cand = [idx[k] for k in flagged]
    whole: Span3 = (0, len(sentence), 0.0)
    for k in flagged:
        if not spans[k]:
            out[k].append(whole)
        for sp in spans[k]:
            owner = labels[own_technique(sp, offsets, tok_p, [idx[k], *[c for c in cand if c != idx[k]]])]
            out[owner].append(sp)
    for k in flagged:
        if k in SENTENCE_LEVEL and (sentence_level_whole or not out[k]):
            out[k] = [whole]
    final: dict[str, list[Span3]] = {}
    for k, sps in out.items():
        kept: list[Span3] = []
        for sp in sps:
            if k in idx and max_words and k in max_words:
                sp = trim(sp, words, tok_p[:, idx[k]], int(max_words[k]))
            if k == "Repetition" and repeated(sentence[sp[0] : sp[1]], doc_text, counts) < repetition_min:
                continue
            kept.append(sp)
        if kept:
            final[k] = _merge(kept)
    return final


def _merge(spans: Sequence[Span3]) -> list[Span3]:
    out: list[list[float]] = []
    for a, b, p in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
            out[-1][2] = max(out[-1][2], p)
        else:
            out.append([a, b, p])
    return [(int(a), int(b), float(p)) for a, b, p in out]
