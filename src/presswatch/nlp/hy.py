"""Armenian: tokens, sentences, the words of dates, and (optionally) entities from a model of presswatch's own.

Armenian ends a sentence with "։" (verjaket; texts typed on a Latin keyboard often use ":" instead, which ends a
sentence here only before a capital); the question mark "՞", the exclamation mark "՜" and the emphasis mark "՛" are
written over a vowel inside the word they bear on, so they stay inside the token (``norm`` drops them) and a
sentence holding "՞" is a question (:func:`is_question`). "՝" is a pause (a comma). Dates: "հունիսի 13-ին", "2023 թ.
հունիսի 13-ին", "13 հունիսի 2023 թ.", "13.06.2023"; "երեկ", "այսօր", "անցած օրվա ընթացքում"; weekdays ("անցած
չորեքշաբթի"); the patterns carry the names the incidents analyzer's date finder reads.

Entities (PER, LOC, ORG) come from ``models/ner-hy`` (a small spaCy model trained by ``presswatch train ner_hy``;
see its MODEL_CARD.md), loaded on the first call of :func:`entities` or of :func:`parse` with ``entities=True``;
without the model (or without spaCy) there are none, and :func:`model_available` says so.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from presswatch.nlp.light import Language, LightEntity, LightParse
from presswatch.nlp.light import parse as _parse

MARKS = "\u055b\u055c\u055e\u055f"  # ՛ ՜ ՞ ՟: written over a letter, inside the word
QUESTION_MARKS = "\u055e?"
ABBREVIATIONS = frozenset(
    {
        "թ",
        "թթ",
        "ք",
        "գ",
        "պրն",
        "տկն",
        "տիկ",
        "դոկտ",
        "պրոֆ",
        "հմմտ",
        "էջ",
        "տե՛ս",
        "տես",
        "մ",
        "կմ",
        "կգ",
        "հ",
        "նկ",
        "ակադ",
        "գեն",
        "փ",
        "շ",
        "մլն",
        "մլրդ",
        "հազ",
    }
)


def lower(s: str) -> str:
    return s.lower()


LANGUAGE = Language(
    code="hy",
    word=re.compile(rf"[^\W_](?:[^\W_]|[{MARKS}])*(?:[-'’\u055a][^\W_](?:[^\W_]|[{MARKS}])*)*"),
    terminals="\u0589.!?\u2026",
    abbreviations=ABBREVIATIONS,
    lower=lower,
    marks=MARKS,
    soft_terminals=":",
    hard_terminals="\u0589",
)
_lock = threading.Lock()


def parse(text: str, entities: bool = False) -> LightParse:
    """Tokens and sentences of an Armenian ``text``; with ``entities``, the model's entities when it is shipped."""
    p = _parse(text, LANGUAGE)
    if entities and model_available():
        for a, b, label in _entities_of(p):
            p.ents.append(LightEntity(a, b, label, text[a:b], text[a:b]))
    return p


def analyse(text: str) -> LightParse:
    """Tokens, sentences and (with the model) entities: the parse analyzers read (``Resources.parse``)."""
    return parse(text, entities=True)


def sentences(text: str) -> list[tuple[int, int]]:
    return parse(text).sentence_spans()


def token_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every token of ``text`` (for token-level scores)."""
    from presswatch.nlp.light import tokenize

    return [(a, b) for a, b, _ in tokenize(text, LANGUAGE)]


def is_question(sentence: str) -> bool:
    """Whether an Armenian sentence asks: it bears "՞" (over the questioned word) or ends with "?"."""
    return any(c in sentence for c in QUESTION_MARKS)


# ------------------------------------------------------------------------------------------------ entities
def model_dir() -> Path:
    """The folder of the Armenian entity model (:func:`presswatch.resources.find_model`: source tree or wheel)."""
    from presswatch.resources import find_model

    return find_model("ner-hy", "config.cfg").parent


def model_available(path: Path | None = None) -> bool:
    p = path or model_dir()
    return (p / "config.cfg").is_file() and (p / "meta.json").is_file() and (p / "ner" / "model").is_file()


@lru_cache(maxsize=1)
def _model() -> Any:
    with _lock:
        import spacy

        return spacy.load(model_dir())


def loaded() -> bool:
    return _model.cache_info().currsize > 0


def doc_of(nlp: Any, p: LightParse) -> Any:
    """A spaCy ``Doc`` over the words of ``p`` (this module's tokens, not spaCy's tokenizer)."""
    from spacy.tokens import Doc

    toks = p.tokens
    words = [t.text for t in toks]
    spaces = [k + 1 < len(toks) and toks[k + 1].start > t.end for k, t in enumerate(toks)]
    return Doc(nlp.vocab, words=words, spaces=spaces)


def _entities_of(p: LightParse, nlp: Any = None) -> list[tuple[int, int, str]]:
    """The model's entities of every sentence of ``p`` (the sentences go through the model in batches)."""
    nlp = nlp or _model()
    subs = [LightParse(p.text, p.lang, p.tokens[a:b]) for a, b in p.sents if b > a]
    docs = (doc_of(nlp, sub) for sub in subs)
    for _name, pipe in nlp.pipeline:
        docs = pipe.pipe(docs, batch_size=64)
    out: list[tuple[int, int, str]] = []
    for sub, doc in zip(subs, docs, strict=True):
        for e in doc.ents:
            out.append((sub.tokens[e.start].start, sub.tokens[e.end - 1].end, e.label_))
    return out


def entities(text: str, nlp: Any = None) -> list[tuple[int, int, str]]:
    """The model's entities of ``text`` as ``(start, end, PER|LOC|ORG)``; empty when no model is shipped."""
    if nlp is None and not model_available():
        return []
    return _entities_of(_parse(text, LANGUAGE), nlp)


# ------------------------------------------------------------------------------------------------ dates
_I = re.IGNORECASE
MONTHS = {
    "հունվար": 1,
    "փետրվար": 2,
    "մարտ": 3,
    "ապրիլ": 4,
    "մայիս": 5,
    "հունիս": 6,
    "հուլիս": 7,
    "օգոստոս": 8,
    "սեպտեմբեր": 9,
    "հոկտեմբեր": 10,
    "նոյեմբեր": 11,
    "դեկտեմբեր": 12,
}
_MON = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"
_YEAR_WORD = r"(?:թ\.|թթ\.|թվական(?:ի|ին)?|թ(?!\w))"
EXPLICIT_DATES = [
    # "13 հունիսի 2023 թ.", "13 հունիսի", "13-ը հունիսի"
    re.compile(
        rf"(?<![\w])(?P<d>[0-3]?\d)(?:-(?:ին|ը|ի|ն))?\s+{_MON}(?:ի|ին)?(?:\s+(?P<y>(?:19|20)\d\d)"
        rf"(?:\s*{_YEAR_WORD})?)?(?!\w)",
        _I,
    ),
    # "հունիսի 13-ին", "2023 թ. հունիսի 13-ին", "2023 թվականի հունիսի 13"
    re.compile(rf"(?<![\w])(?:(?P<y>(?:19|20)\d\d)\s*{_YEAR_WORD}\s+)?{_MON}ի\s+(?P<d>[0-3]?\d)(?:-\w+)?(?![\d])", _I),
    re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:19|20)\d\d)(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)"),
]
# "2023 թ. հունիսին", "հունիս 2023"
MONTH_YEAR = re.compile(rf"(?<![\w])(?:(?P<y>(?:19|20)\d\d)\s*{_YEAR_WORD}\s+{_MON}(?:ին|ի)?(?!\w)(?!\s+\d))", _I)
YEAR_ONLY = re.compile(
    r"(?<![\w])(?P<y>(?:19|20)\d\d)\s*(?:թվականին|թ\.)(?!\s*\w*(?:հունվար|փետրվար|մարտ|ապրիլ|"
    r"մայիս|հունիս|հուլիս|օգոստոս|սեպտեմբեր|հոկտեմբեր|նոյեմբեր|դեկտեմբեր))",
    _I,
)
RELATIVE_DAYS: list[tuple[re.Pattern[str], int]] = [
    (re.compile(r"(?<!\w)(?:երեկ չէ առաջին օրը|(?:երկու|2) օր առաջ)(?!\w)", _I), -2),
    (re.compile(r"(?<!\w)(?:երեք|3) օր առաջ(?!\w)", _I), -3),
    (
        re.compile(
            r"(?<!\w)(?:երեկ(?: երեկոյան| առավոտյան| գիշերը)?|նախօրեին|անցած գիշեր(?:ը)?|"
            r"(?:անցած|վերջին|նախորդ) (?:օրվա|օրում|մեկ օրում|մեկ օրվա)(?: ընթացքում)?)(?!\w)",
            _I,
        ),
        -1,
    ),
    (re.compile(r"(?<!\w)(?:այսօր|նույն օրը)(?!\w)", _I), 0),
]
WEEKDAYS = {"երկուշաբթի": 0, "երեքշաբթի": 1, "չորեքշաբթի": 2, "հինգշաբթի": 3, "ուրբաթ": 4, "շաբաթ": 5, "կիրակի": 6}
# "շաբաթ" is also "week": Saturday only as "շաբաթ օրը"
WEEKDAY = re.compile(
    r"(?<!\w)(?P<pre>(?:(?:անցած|նախորդ|այս) )?)(?P<wd>երկուշաբթի|երեքշաբթի|չորեքշաբթի|հինգշաբթի|ուրբաթ|"
    r"շաբաթ(?= օր)|կիրակի)(?:ն|ը|ի)?(?P<post>(?: օրը| երեկոյան| առավոտյան| գիշերը)?)(?!\w)",
    _I,
)
LAST_BEFORE = re.compile(r"(?:անցած|նախորդ)$", _I)
# "հունիսի 12-ի լույս 13-ի գիշերը": the first day
NIGHT_OF = re.compile(rf"{_MON}ի\s+(?P<d>[0-3]?\d)-ի(?:ն)?\s+(?:լույս\s+)?[0-3]?\d-ի\s+գիշեր", _I)
