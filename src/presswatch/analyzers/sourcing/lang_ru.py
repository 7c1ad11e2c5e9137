"""Sourcing in Russian: who says what, with the same spans as in English (SOURCE, CUE, CONTENT, UNSOURCED_CLAIM).

Rules over the natasha parse (:class:`presswatch.nlp.ru.RuParse`): a reporting verb ("заявил", "сообщила",
"отметили", "подчеркнул", ...) takes its subject as the source and its quote or clause as the content; "по данным X",
"по информации X", "по словам X", "по сведениям X", "согласно X" and "как сообщает X" are ``according_to`` cues whose
source is X; "сообщается", "по имеющимся данным" and a verb with no subject ("сообщили") name nobody
(``anonymous``); quotes in «…», „…“ and "…" with no cue of their own continue the attribution before them
(``floating``). Source kinds are the English ones, from slovnet's entities and word lists: named_person,
named_organisation, role_only, anonymous, media_outlet, document; a pronoun ("он", "она") takes the speaker
of the attribution before it. Sentences with evidential phrases ("очевидно", "доказано") and no attribution are
UNSOURCED_CLAIM spans, as in English, and so are other sentences that state something with no attribution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from presswatch.analyzers.sourcing.quotes import find_quotes
from presswatch.model import Span

NAME = "sourcing"
CUE_VERBS = frozenset(
    {
        "заявить",
        "заявлять",
        "сообщить",
        "сообщать",
        "отметить",
        "отмечать",
        "подчеркнуть",
        "подчёркивать",
        "подчеркивать",
        "сказать",
        "говорить",
        "добавить",
        "пояснить",
        "рассказать",
        "утверждать",
        "объявить",
        "указать",
        "напомнить",
        "уточнить",
        "признать",
        "опровергнуть",
        "отрицать",
        "обвинить",
        "передать",
        "информировать",
        "констатировать",
        "предупредить",
        "призвать",
        "считать",
        "полагать",
        "сообщаться",
    }
)
# "по данным X", "по информации X", ...: the noun after "по" (lemma) that makes an according_to cue
ACCORDING_NOUNS = frozenset({"данные", "информация", "слово", "сведение", "мнение", "оценка", "подсчёт", "подсчет"})
_AS_REPORTED = re.compile(
    r"\b[Кк]ак\s+(?:сообща(?:ет|ют|ло|ли|л|ла)|заяви(?:л|ла|ли|ло)|переда(?:ёт|ет|ют|л|ла|ли)|"
    r"пиш(?:ет|ут)|отмеча(?:ет|ют|л|ла|ли)|утвержда(?:ет|ют))\b"
)
# words of the source phrase (lemmas) that decide its kind
ANONYMOUS_HEADS = frozenset({"источник", "собеседник", "очевидец", "свидетель"})
MEDIA_HEADS = frozenset(
    {
        "агентство",
        "газета",
        "издание",
        "телеканал",
        "радио",
        "сайт",
        "портал",
        "журнал",
        "сми",
        "тасс",
        "интерфакс",
        "риа",
        "новости",
    }
)
DOCUMENT_HEADS = frozenset(
    {
        "бюллетень",
        "доклад",
        "отчёт",
        "отчет",
        "сводка",
        "заявление",
        "документ",
        "коммюнике",
        "письмо",
        "справка",
        "протокол",
        "сообщение",
        "пресс-релиз",
        "релиз",
    }
)
ORG_HEADS = frozenset(
    {
        "министерство",
        "ведомство",
        "мид",
        "минобороны",
        "миссия",
        "командование",
        "правительство",
        "сторона",
        "штаб",
        "служба",
        "комитет",
        "администрация",
        "аппарат",
        "парламент",
        "совет",
        "управление",
        "полиция",
        "прокуратура",
        "армия",
        "кремль",
        "оон",
        "обсе",
        "организация",
    }
)
ROLE_HEADS = frozenset(
    {
        "министр",
        "представитель",
        "пресс-секретарь",
        "глава",
        "командующий",
        "посол",
        "президент",
        "премьер",
        "премьер-министр",
        "руководитель",
        "директор",
        "генерал",
        "офицер",
        "депутат",
        "спикер",
        "чиновник",
        "официальный",
        "военнослужащий",
        "житель",
        "эксперт",
        "аналитик",
        "наблюдатель",
        "командир",
        "сотрудник",
        "мэр",
        "губернатор",
    }
)
_PRONOUNS = frozenset({"он", "она", "они", "оно"})
_EVIDENTIAL = re.compile(
    r"(?<![а-яё])(очевидно|несомненно|бесспорно|доказано|доказывает|подтверждает|на самом деле|"
    r"как известно|известно, что|не вызывает сомнений|ясно, что)(?![а-яё])",
    re.I,
)
_FIRST_PERSON = frozenset({"я", "мы", "мой", "наш", "вы", "ваш"})
_SKIP_START = frozenset({",", "что", "чтобы", ":", "—", "–", "-"})


@dataclass
class _Att:
    cue: tuple[int, int]  # token range
    type: str
    source: tuple[int, int] | None = None
    content: list[tuple[int, int]] = field(default_factory=list)  # character ranges
    kind: str = "anonymous"
    speaker: str | None = None


def extract(text: str, parsed: Any) -> list[Span]:
    """The sourcing spans of a Russian ``text`` from its parse."""
    toks = parsed.tokens
    if not toks:
        return []
    quotes = find_quotes(text)
    in_quote = [any(a < t.start and t.end <= b for a, b in quotes) for t in toks]
    per = [(e.start, e.end, e.normal) for e in parsed.ents if e.label == "PER"]
    org = [(e.start, e.end, e.normal) for e in parsed.ents if e.label == "ORG"]
    atts: list[_Att] = []
    used = [False] * len(toks)
    for t in toks:
        if used[t.i] or in_quote[t.i]:
            continue
        att = _according(parsed, t) or _as_reported(text, parsed, t) or _verb(parsed, t)
        if att is None:
            continue
        _content(text, parsed, att, quotes, [r for x in atts for r in x.content])
        if not att.content:
            continue
        _kind(parsed, att, per, org, atts)
        for a, b in [att.cue, *([att.source] if att.source else [])]:
            for k in range(a, b):
                used[k] = True
        for a, b in att.content:
            for k in range(len(toks)):
                if a <= toks[k].start and toks[k].end <= b:
                    used[k] = True
        atts.append(att)
    claimed = [r for att in atts for r in att.content] + [
        (toks[att.source[0]].start, toks[att.source[1] - 1].end) for att in atts if att.source
    ]
    for a, b in quotes:  # quotes no cue claimed continue the attribution before them
        if b - a < 5 or any(x <= a and b <= y for x, y in claimed):
            continue
        prev = max(
            (att for att in atts if att.content and att.content[0][0] < a), key=lambda x: x.content[0][0], default=None
        )
        fl = _Att(cue=(0, 0), type="floating", content=[(a, b)])
        if prev is not None:
            fl.kind, fl.speaker = prev.kind, prev.speaker
        atts.append(fl)
    atts.sort(key=lambda x: min([x.content[0][0]] + ([toks[x.cue[0]].start] if x.cue[1] > x.cue[0] else [])))
    spans: list[Span] = []
    for k, att in enumerate(atts):
        if att.cue[1] > att.cue[0]:
            spans.append(
                Span(
                    toks[att.cue[0]].start,
                    toks[att.cue[1] - 1].end,
                    "CUE",
                    NAME,
                    {"attribution": k, "type": att.type, "source_kind": att.kind},
                )
            )
        if att.source:
            a, b = att.source
            spans.append(
                Span(
                    toks[a].start,
                    toks[b - 1].end,
                    "SOURCE",
                    NAME,
                    {
                        "attribution": k,
                        "kind": att.kind,
                        "speaker": att.speaker or text[toks[a].start : toks[b - 1].end],
                    },
                )
            )
        for a, b in att.content:
            spans.append(
                Span(a, b, "CONTENT", NAME, {"attribution": k, "speaker": att.speaker, "source_kind": att.kind})
            )
    spans.extend(_unsourced(text, parsed, used, in_quote))
    spans.sort(key=lambda s: (s.start, -s.end))
    return spans


def _sentence(parsed: Any, t: Any) -> tuple[int, int]:
    return parsed.sents[t.sent]


def _np_until_comma(parsed: Any, a: int, stop: int) -> tuple[int, int] | None:
    """Tokens from ``a`` up to the next comma or sentence end (the source of "по данным X, ...")."""
    b = a
    while b < stop and parsed.tokens[b].text not in (",", ".", ":", ";", "!", "?", "—", "–"):
        b += 1
    return (a, b) if b > a else None


def _according(parsed: Any, t: Any) -> _Att | None:
    """ "По данным X", "по словам X", "согласно X": cue, and X as the source (none in "по имеющимся данным")."""
    toks = parsed.tokens
    s0, s1 = _sentence(parsed, t)
    if t.lemma == "согласно" and t.i + 1 < s1:
        src = _np_until_comma(parsed, t.i + 1, s1)
        return _Att(cue=(t.i, t.i + 1), type="according_to", source=src) if src else None
    if t.lemma != "по":
        return None
    k = t.i + 1
    while k < s1 and toks[k].pos == "ADJ":  # "по имеющимся данным", "по предварительным данным"
        k += 1
    if k >= s1 or toks[k].lemma not in ACCORDING_NOUNS:
        return None
    src = _np_until_comma(parsed, k + 1, s1)
    if src is not None and toks[src[0]].text[:1].islower() and toks[src[0]].pos not in ("NOUN", "PROPN", "ADJ"):
        src = None
    return _Att(cue=(t.i, k + 1), type="according_to", source=src)


def _as_reported(text: str, parsed: Any, t: Any) -> _Att | None:
    """ "Как сообщает X, ...": the cue is "как сообщает", X the source."""
    if t.lemma != "как" or t.i + 1 >= len(parsed.tokens):
        return None
    if not _AS_REPORTED.match(text, t.start):
        return None
    s0, s1 = _sentence(parsed, t)
    src = _np_until_comma(parsed, t.i + 2, s1)
    return _Att(cue=(t.i, t.i + 2), type="according_to", source=src)


def _verb(parsed: Any, t: Any) -> _Att | None:
    """A reporting verb, its subject the source (none for "сообщается" or a verb with no subject)."""
    if t.lemma not in CUE_VERBS or t.pos not in ("VERB", "AUX") or t.feats.get("VerbForm") in ("Part", "Conv"):
        return None  # "информированные источники" is no report; "заявив" hangs on another verb
    subj = next((parsed.tokens[k] for k in t.kids if parsed.tokens[k].rel.startswith("nsubj")), None)
    src = parsed.subtree(subj.i) if subj is not None else None
    if src is None:  # "в министерстве сообщили": the place of the speaking is the speaker
        obl = next(
            (parsed.tokens[k] for k in t.kids if parsed.tokens[k].rel == "obl" and parsed.tokens[k].lemma in ORG_HEADS),
            None,
        )
        if obl is not None:
            a, b = parsed.subtree(obl.i)
            src = (a + 1, b) if parsed.tokens[a].pos == "ADP" else (a, b)
    if src is not None:
        src = _trim(parsed, src)
    passive = t.text.endswith(("ся", "сь")) or t.feats.get("Voice") == "Pass"
    return _Att(cue=(t.i, t.i + 1), type="passive" if passive and src is None else "indirect", source=src)


def _trim(parsed: Any, r: tuple[int, int]) -> tuple[int, int] | None:
    a, b = r
    while a < b and parsed.tokens[a].pos in ("PUNCT", "ADP", "CCONJ"):
        a += 1
    while b > a and parsed.tokens[b - 1].pos in ("PUNCT", "CCONJ"):
        b -= 1
    return (a, b) if b > a else None


def _content(text: str, parsed: Any, att: _Att, quotes: list[tuple[int, int]], taken: list[tuple[int, int]]) -> None:
    """What is attributed: a quote next to the cue in its sentence, else the clause after (or before) the cue and
    its source, to the sentence's end."""
    toks = parsed.tokens
    s0, s1 = parsed.sents[toks[att.cue[0]].sent]
    lo, hi = toks[s0].start, toks[s1 - 1].end
    # a quote in the sentence ("«...», — заявил он."), not one inside the source ("агентство «Кавказ-Пресс»")
    src = (toks[att.source[0]].start, toks[att.source[1] - 1].end) if att.source else (-1, -1)
    near = [
        (a, b)
        for a, b in quotes
        if lo <= a
        and b <= hi
        and not (a <= toks[att.cue[0]].start < b)
        and not (src[0] <= a and b <= src[1])
        and (a, b) not in taken
    ]
    if near:
        cue_at = toks[att.cue[0]].start
        near.sort(key=lambda q: min(abs(q[0] - cue_at), abs(q[1] - cue_at)))
        att.content = [near[0]]
        if att.type == "indirect":
            att.type = "direct"
        return
    taken_end = max(att.cue[1], att.source[1] if att.source else 0)
    taken_start = min(att.cue[0], att.source[0] if att.source else s1)
    k = taken_end
    while k < s1 and (toks[k].text in _SKIP_START or toks[k].pos == "PUNCT"):
        k += 1
    end = s1
    while end > k and toks[end - 1].pos == "PUNCT":
        end -= 1
    if end - k >= 2:
        att.content = [(toks[k].start, toks[end - 1].end)]
        return
    # the cue ends the sentence ("Обстановка спокойная, заявил он."): the words before it
    b = taken_start
    while b > s0 and (toks[b - 1].pos == "PUNCT" or toks[b - 1].text in _SKIP_START):
        b -= 1
    if b - s0 >= 2:
        att.content = [(toks[s0].start, toks[b - 1].end)]


def _kind(
    parsed: Any, att: _Att, per: list[tuple[int, int, str]], org: list[tuple[int, int, str]], before: list[_Att]
) -> None:
    """The source's kind and speaker (see the module's docstring)."""
    if att.source is None:
        att.kind = "anonymous"
        return
    toks = parsed.tokens
    a, b = att.source
    start, end = toks[a].start, toks[b - 1].end
    from presswatch.nlp.ru import lemma_of

    # the tagger's lemma and pymorphy3's reading of the word alone ("бюллетеню" tagged as an adjective)
    lemmas = [lm for t in toks[a:b] for lm in dict.fromkeys((t.lemma, lemma_of(t.text)))]
    person = next((p for p in per if start <= p[0] and p[1] <= end), None)
    if any(lm in _PRONOUNS for lm in lemmas) and b - a == 1:
        prev = next((x for x in reversed(before) if x.speaker), None)
        att.kind, att.speaker = (prev.kind, prev.speaker) if prev else ("role_only", None)
        return
    if any(lm in ANONYMOUS_HEADS for lm in lemmas):
        att.kind = "anonymous"
    elif any(lm in DOCUMENT_HEADS for lm in lemmas[:3]):
        att.kind = "document"
    elif any(lm in MEDIA_HEADS for lm in lemmas):
        att.kind = "media_outlet"
    elif person is not None:
        att.kind, att.speaker = "named_person", person[2]
    elif (named := next((o for o in org if start <= o[0] and o[1] <= end), None)) is not None:
        att.kind, att.speaker = "named_organisation", named[2]
    elif any(lm in ORG_HEADS for lm in lemmas[:3]):
        att.kind = "named_organisation"
    else:
        att.kind = "role_only"


def _unsourced(text: str, parsed: Any, used: list[bool], in_quote: list[bool]) -> list[Span]:
    """Sentences that make a claim with no attribution, as in English: six words or more, ending in a full stop or
    an exclamation mark (or holding an evidential phrase), with a verb, not in the first person."""
    out = []
    toks = parsed.tokens
    for s0, s1 in parsed.sents:
        if s1 <= s0 or any(used[s0:s1]) or any(in_quote[s0:s1]):
            continue
        a, b = toks[s0].start, toks[s1 - 1].end
        words = [t for t in toks[s0:s1] if t.text[:1].isalpha()]
        if len(words) < 6 or len(words) > 150:
            continue
        markers = sorted({m.group(1).lower() for m in _EVIDENTIAL.finditer(text, a, b)})
        last = toks[s1 - 1].text
        if last == "?" or last not in ".!" and not markers:
            continue
        if not any(t.pos in ("VERB", "AUX") for t in toks[s0:s1]) or any(t.lemma in _FIRST_PERSON for t in words):
            continue
        out.append(Span(a, b, "UNSOURCED_CLAIM", NAME, {"markers": markers}))
    return out
