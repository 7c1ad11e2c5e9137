"""The stance model's features of a (claim, text) pair: shared by inference, training and evaluation.

A text is read once (:func:`prepare`): its sentences (:mod:`presswatch.stances.segment`), their words and their
cue counts (:mod:`presswatch.stances.lang_en`, one module per language). For a claim, :func:`pair_features`
then gives:

* **lexical**: TF-IDF cosines of the claim with the whole text and with each sentence (the idf is the model's,
  fitted on its training texts), the share of the claim's words and word pairs found in the text, in its best
  sentence and in its lead;
* **e5**: the claim and the text's :data:`CANDIDATES` sentences most similar to it by TF-IDF are embedded with
  multilingual-e5-small (:func:`presswatch.comparison.similarity.embed`, with its cache); the cosines of the claim
  with them (best, mean of the best :data:`TOP`), and, for the second stage, the claim's vector, the mean vector of
  the best :data:`TOP` sentences and their element-wise product and absolute difference;
* **lead**: the mean e5 vector of the text's first :data:`LEAD` sentences (where news states its stance), its
  cosine and element-wise product with the claim;
* **cues**: per category (refute, doubt, hedge, attribute, confirm, negation, question mark), the count in the
  claim, in the best sentence, in the best :data:`TOP` sentences, in the lead and in the whole text
  (log-scaled); the e5 cosine of the claim with the most similar candidate sentence holding a refuting cue; a
  negation in the claim but not in the best sentence (or the reverse).

The e5 sentences are chosen by e5 cosine among the lexical candidates, so a claim in another language than the
text still finds its sentences when their words differ (the candidates are then the first ones of the text).
"""

from __future__ import annotations

import importlib
import math
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from presswatch.comparison.similarity import tokens
from presswatch.stances.segment import sentences

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

CUE_CATEGORIES = ("refute", "doubt", "hedge", "attribute", "confirm", "negation")
CUE_NAMES = (*CUE_CATEGORIES, "question")
LEXICONS = {"en": "presswatch.stances.lang_en"}
DEFAULT_LANG = "en"
CANDIDATES = 10  # sentences embedded per text and claim
TOP = 3  # sentences read for the second stage
LEAD = 3  # the lead: the first sentences of a text

_lexicons: dict[str, Any] = {}


def lexicon(lang: str | None) -> Any:
    """The cue module of ``lang`` (ISO 639-1), English when there is none for it."""
    key = lang if lang in LEXICONS else DEFAULT_LANG
    if key not in _lexicons:
        _lexicons[key] = importlib.import_module(LEXICONS[key])
    return _lexicons[key]


def cue_counts(text: str, lang: str | None = None) -> list[int]:
    """How many cues of each category of :data:`CUE_NAMES` ``text`` holds (a cue counted once per match)."""
    cues = lexicon(lang).CUES
    out = [sum(len(p.findall(text)) for p in cues.get(cat, ())) for cat in CUE_CATEGORIES]
    out.append(text.count("?") + text.count("\uff1f"))
    return out


# ------------------------------------------------------------------------------------------------------ TF-IDF


@dataclass
class Idf:
    """Inverse document frequencies of words, fitted on sentences; a word never seen gets :attr:`unseen`."""

    weights: dict[str, float]
    unseen: float

    @classmethod
    def fit(cls, units: Sequence[Sequence[str]], min_df: int = 2) -> Idf:
        df: Counter[str] = Counter()
        for toks in units:
            df.update(set(toks))
        n = len(units)
        w = {t: math.log((1 + n) / (1 + d)) + 1.0 for t, d in df.items() if d >= min_df}
        return cls(w, math.log((1 + n) / (1 + 1)) + 1.0)

    def vector(self, toks: Sequence[str]) -> dict[str, float]:
        """Sublinear tf x idf, L2-normalised."""
        c = Counter(toks)
        v = {t: (1.0 + math.log(k)) * self.weights.get(t, self.unseen) for t, k in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values()))
        return {t: x / norm for t, x in v.items()} if norm else {}


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(t, 0.0) for t, x in a.items())


# ---------------------------------------------------------------------------------------------- prepared texts


@dataclass
class Text:
    """A text read once for any number of claims."""

    text: str
    lang: str | None
    spans: list[tuple[int, int]]
    unit_tokens: list[list[str]]
    cues: list[list[int]]
    words: set[str] = field(default_factory=set)
    bigrams: set[tuple[str, str]] = field(default_factory=set)
    lead: set[str] = field(default_factory=set)
    _vectors: dict[int, Any] = field(default_factory=dict)  # id(idf) -> (unit vectors, text vector)

    @property
    def units(self) -> list[str]:
        return [self.text[a:b] for a, b in self.spans]

    def vectors(self, idf: Idf) -> tuple[list[dict[str, float]], dict[str, float]]:
        key = id(idf)
        if key not in self._vectors:
            self._vectors = {
                key: ([idf.vector(t) for t in self.unit_tokens], idf.vector([w for t in self.unit_tokens for w in t]))
            }
        return self._vectors[key]


def prepare(text: str, lang: str | None = None) -> Text:
    """Sentences, words and cue counts of ``text``; its language is identified unless given."""
    if lang is None:
        from presswatch.nlp.lang import identify

        lang = identify(text)[0]
    spans = sentences(text)
    units = [text[a:b] for a, b in spans]
    toks = [tokens(u) for u in units]
    words = {w for t in toks for w in t}
    bigrams = {(t[i], t[i + 1]) for t in toks for i in range(len(t) - 1)}
    lead = {w for t in toks[:LEAD] for w in t}
    return Text(text, lang, spans, toks, [cue_counts(u, lang) for u in units], words, bigrams, lead)


# ------------------------------------------------------------------------------------------------ pair features

SCALAR_NAMES = (
    "lex_text",
    "lex_max",
    "lex_second",
    "lex_top_mean",
    "overlap_text",
    "overlap_best",
    "overlap_lead",
    "bigram_overlap",
    "e5_max",
    "e5_top_mean",
    "e5_candidates_mean",
    "e5_of_lex_best",
    "e5_lead",
    "e5_refuting",
    "log_units",
    "best_position",
    "log_claim_words",
    "negation_mismatch",
    *(f"claim_{c}" for c in CUE_NAMES),
    *(f"best_{c}" for c in CUE_NAMES),
    *(f"top_{c}" for c in CUE_NAMES),
    *(f"lead_{c}" for c in CUE_NAMES),
    *(f"text_{c}" for c in CUE_NAMES),
)
VECTOR_BLOCKS = ("claim", "top", "product", "difference", "lead", "lead_product")
_AT = {name: i for i, name in enumerate(SCALAR_NAMES)}


@dataclass
class Pair:
    """The features of one pair and the sentences they were read from (indexes into ``Text.spans``)."""

    scalars: Any  # numpy float32, len(SCALAR_NAMES)
    vectors: Any  # numpy float32, len(VECTOR_BLOCKS) x 384
    top: list[int]  # the best TOP sentences by e5 cosine, best first
    e5: list[float]  # their cosines


def candidates(
    claim_vec: dict[str, float], unit_vecs: list[dict[str, float]], k: int = CANDIDATES
) -> tuple[list[int], list[float]]:
    """Indexes of the ``k`` sentences most similar to the claim by TF-IDF (ties: the earlier sentence), and all
    sentences' cosines."""
    cos = [_cos(claim_vec, u) for u in unit_vecs]
    order = sorted(range(len(cos)), key=lambda i: (-cos[i], i))
    return order[:k], cos


def embedded(claim_vec: dict[str, float], unit_vecs: list[dict[str, float]]) -> list[int]:
    """The sentences whose e5 vectors a pair needs: the candidates, then the lead's."""
    cand, _ = candidates(claim_vec, unit_vecs)
    return cand + [i for i in range(min(LEAD, len(unit_vecs))) if i not in cand]


def pair_features(
    claim: str, text: Text, idf: Idf, claim_e5: Any, unit_e5: Mapping[int, Any], claim_cues: list[int] | None = None
) -> Pair:
    """Features of (claim, text). ``claim_e5`` is the claim's e5 vector, ``unit_e5`` the vectors of (at least)
    the sentences of :func:`embedded`, by sentence index."""
    import numpy as np

    ctoks = tokens(claim)
    cvec = idf.vector(ctoks)
    unit_vecs, text_vec = text.vectors(idf)
    cand, cos = candidates(cvec, unit_vecs)
    n = len(text.spans)
    s = np.zeros(len(SCALAR_NAMES), dtype=np.float32)
    vec = np.zeros((len(VECTOR_BLOCKS), len(claim_e5)), dtype=np.float32)
    ccues = claim_cues if claim_cues is not None else cue_counts(claim, text.lang)

    def put(prefix: str, values: Any) -> None:
        s[_AT[f"{prefix}_{CUE_NAMES[0]}"] : _AT[f"{prefix}_{CUE_NAMES[-1]}"] + 1] = np.log1p(values)

    put("claim", ccues)
    s[_AT["log_units"]] = math.log1p(n)
    s[_AT["log_claim_words"]] = math.log1p(len(ctoks))
    if not cand:
        return Pair(s, vec, [], [])
    scos = sorted(cos, reverse=True)
    s[_AT["lex_text"]] = _cos(cvec, text_vec)
    s[_AT["lex_max"]] = scos[0]
    s[_AT["lex_second"]] = scos[1] if n > 1 else 0.0
    s[_AT["lex_top_mean"]] = float(np.mean(scos[:TOP]))
    cset = set(ctoks)
    if cset:
        s[_AT["overlap_text"]] = len(cset & text.words) / len(cset)
        s[_AT["overlap_best"]] = len(cset & set(text.unit_tokens[cand[0]])) / len(cset)
        s[_AT["overlap_lead"]] = len(cset & text.lead) / len(cset)
        cb = {(ctoks[i], ctoks[i + 1]) for i in range(len(ctoks) - 1)}
        s[_AT["bigram_overlap"]] = len(cb & text.bigrams) / len(cb) if cb else 0.0
    c = np.asarray(claim_e5, dtype=np.float32)
    E = np.stack([unit_e5[i] for i in cand]).astype(np.float32)
    ecos = E @ c
    order = np.argsort(-ecos, kind="stable")[:TOP]
    top = [cand[i] for i in order]
    cues = np.asarray(text.cues, dtype=np.float32)
    refute = CUE_CATEGORIES.index("refute")
    s[_AT["e5_max"]] = ecos[order[0]]
    s[_AT["e5_top_mean"]] = ecos[order].mean()
    s[_AT["e5_candidates_mean"]] = ecos.mean()
    s[_AT["e5_of_lex_best"]] = ecos[0]
    s[_AT["e5_refuting"]] = max([float(x) for x, i in zip(ecos, cand, strict=True) if cues[i, refute] > 0], default=0.0)
    s[_AT["best_position"]] = top[0] / max(n - 1, 1)
    put("best", cues[top[0]])
    put("top", cues[top].sum(0))
    put("lead", cues[:LEAD].sum(0))
    put("text", cues.sum(0))
    neg = CUE_NAMES.index("negation")
    s[_AT["negation_mismatch"]] = float((ccues[neg] > 0) != (cues[top[0], neg] > 0))
    m = E[order].mean(0)
    m /= np.linalg.norm(m) + 1e-9
    lead = np.stack([unit_e5[i] for i in range(min(LEAD, n))]).astype(np.float32).mean(0)
    lead /= np.linalg.norm(lead) + 1e-9
    s[_AT["e5_lead"]] = float(lead @ c)
    blocks = {
        "claim": c,
        "top": m,
        "product": c * m,
        "difference": np.abs(c - m),
        "lead": lead,
        "lead_product": c * lead,
    }
    for b, name in enumerate(VECTOR_BLOCKS):
        vec[b] = blocks[name]
    return Pair(s, vec, top, [float(ecos[i]) for i in order])


class Rows(Mapping[int, Any]):
    """Sentence index -> row of a shared embedding matrix (no copies)."""

    def __init__(self, matrix: Any, rows: dict[int, int]) -> None:
        self.matrix, self.rows = matrix, rows

    def __getitem__(self, i: int) -> Any:
        return self.matrix[self.rows[i]]

    def __iter__(self) -> Iterator[int]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def embed_pairs(
    claims: Sequence[str], texts: Sequence[Text], idf: Idf, *, disk_cache: Any = False, progress: Any = None
) -> tuple[np.ndarray, list[Rows]]:
    """e5 vectors of the claims (a matrix, one row per pair) and of the sentences each pair needs
    (:func:`embedded`; :class:`Rows`, by sentence index). Each distinct string is embedded once."""
    from presswatch.comparison.similarity import embed

    wanted: list[list[int]] = []
    strings = list(claims)
    for claim, t in zip(claims, texts, strict=True):
        cand = embedded(idf.vector(tokens(claim)), t.vectors(idf)[0])
        wanted.append(cand)
        strings.extend(t.text[t.spans[i][0] : t.spans[i][1]] for i in cand)
    uniq = list(dict.fromkeys(strings))
    E = embed(uniq, disk_cache=disk_cache, progress=progress)
    row = {u: r for r, u in enumerate(uniq)}
    C = E[[row[c] for c in claims]]
    per = [
        Rows(E, {i: row[t.text[t.spans[i][0] : t.spans[i][1]]] for i in cand})
        for t, cand in zip(texts, wanted, strict=True)
    ]
    return C, per
