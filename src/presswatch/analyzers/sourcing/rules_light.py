"""Sourcing without a syntactic parse: cue patterns per sentence, for Azerbaijani and Armenian.

A language module (:mod:`.lang_az`, :mod:`.lang_hy`) gives a :class:`Lexicon`: its reporting verbs ("bildirib",
"məlumat verib", "հայտնել է", "հաղորդում է"), its "according to" phrases with where their source stands ("X-in
məlumatına görə", "mənbələrin məlumatına görə", "ըստ X-ի", "աղբյուրների տվյալներով"), its passive cues
("bildirilir", "հաղորդվում է"), its complementiser ("ki", "որ"), the word that closes a quote before its cue
("deyə") and the words that say what kind of source speaks. The spans are the English and Russian ones (CUE,
SOURCE, CONTENT, UNSOURCED_CLAIM with the same attributes), so that comparison reads every language alike:

* "SOURCE CUE ki/որ CONTENT": the source is the clause's words before the cue, the content what follows the
  complementiser;
* "«CONTENT», - deyə SOURCE CUE." / "«CONTENT»,- ասել է SOURCE։": a quote in the sentence is the content (``direct``);
  the source is the words between the quote and the cue, or (Armenian) after the cue;
* "X-in məlumatına görə, CONTENT": ``according_to``, X the source;
* a passive cue or a verb with no source names nobody (``anonymous``); a pronoun takes the speaker before it;
* a quote no cue claimed continues the attribution before it (``floating``); a sentence with an evidential phrase
  ("şübhəsiz", "ակնհայտ է") and no attribution is an UNSOURCED_CLAIM.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from presswatch.analyzers.sourcing.quotes import find_quotes
from presswatch.model import Span

NAME = "sourcing"


@dataclass(frozen=True)
class Lexicon:
    verbs: re.Pattern[str]  # a reporting verb (group 0 is the cue)
    according_before: re.Pattern[str]  # "X-in məlumatına görə": group "src" is X, the cue follows it
    according_after: re.Pattern[str]  # "ըստ X-ի", "citing X": the cue, then group "src"
    passive: re.Pattern[str]  # "bildirilir", "հաղորդվում է": nobody named
    complementiser: re.Pattern[str]  # "ki", "որ" (with the comma before it)
    quote_link: re.Pattern[str]  # "deyə" between a quote and its source; "- " after a quote
    evidential: re.Pattern[str]
    anonymous: tuple[str, ...]  # stems of source words (lower case)
    media: tuple[str, ...]
    document: tuple[str, ...]
    organisation: tuple[str, ...]
    role: tuple[str, ...]
    pronouns: frozenset[str]
    lower: Any
    source_after_cue: bool = False  # Armenian: "«...»,- ասել է նա": the source may follow the cue


@dataclass
class _Att:
    cue: tuple[int, int]
    type: str
    source: tuple[int, int] | None = None
    content: list[tuple[int, int]] = field(default_factory=list)
    kind: str = "anonymous"
    speaker: str | None = None


_EDGE = " \t\n,;:—–-\u055d\u2024"


def _trim(text: str, a: int, b: int, chars: str = _EDGE) -> tuple[int, int]:
    while a < b and text[a] in chars:
        a += 1
    while b > a and text[b - 1] in chars:
        b -= 1
    return a, b


def _end_of_sentence(text: str, a: int, b: int) -> int:
    """``b`` less the sentence's final marks and white space."""
    while b > a and (text[b - 1].isspace() or text[b - 1] in ".!?…\u0589:"):
        b -= 1
    return b


def extract(text: str, parsed: Any, lex: Lexicon) -> list[Span]:
    """The sourcing spans of ``text`` from its :class:`~presswatch.nlp.light.LightParse`."""
    quotes = find_quotes(text)
    atts: list[_Att] = []
    per = [(e.start, e.end, e.text) for e in getattr(parsed, "ents", []) if e.label == "PER"]
    org = [(e.start, e.end, e.text) for e in getattr(parsed, "ents", []) if e.label == "ORG"]
    claimed: list[tuple[int, int]] = []
    for sa, sb in parsed.sentence_spans():
        in_q = [(a, b) for a, b in quotes if sa <= a < sb or a <= sa < b]
        sent_atts = _sentence(text, sa, sb, in_q, lex)
        for att in sent_atts:
            _kind(text, att, lex, per, org, atts)
            atts.append(att)
            claimed.extend(att.content)
            if att.source:
                claimed.append(att.source)
    for a, b in quotes:  # quotes no cue claimed continue the attribution before them
        if b - a < 5 or any(x <= a and b <= y for x, y in claimed):
            continue
        prev = max((x for x in atts if x.content and x.content[0][0] < a), key=lambda x: x.content[0][0], default=None)
        fl = _Att(cue=(a, a), type="floating", content=[(a, b)])
        if prev is not None:
            fl.kind, fl.speaker = prev.kind, prev.speaker
        atts.append(fl)
    atts.sort(key=lambda x: min([x.content[0][0]] + ([x.cue[0]] if x.cue[1] > x.cue[0] else [])))
    spans: list[Span] = []
    for k, att in enumerate(atts):
        if att.cue[1] > att.cue[0]:
            spans.append(
                Span(att.cue[0], att.cue[1], "CUE", NAME, {"attribution": k, "type": att.type, "source_kind": att.kind})
            )
        if att.source:
            a, b = att.source
            spans.append(
                Span(a, b, "SOURCE", NAME, {"attribution": k, "kind": att.kind, "speaker": att.speaker or text[a:b]})
            )
        for a, b in att.content:
            spans.append(
                Span(a, b, "CONTENT", NAME, {"attribution": k, "speaker": att.speaker, "source_kind": att.kind})
            )
    spans.extend(_unsourced(text, parsed, atts, quotes, lex))
    spans.sort(key=lambda s: (s.start, -s.end))
    return spans


def _sentence(text: str, sa: int, sb: int, quotes: list[tuple[int, int]], lex: Lexicon) -> list[_Att]:
    """The attributions of the sentence ``text[sa:sb]`` (at most one per cue, cues outside quotes)."""
    out: list[_Att] = []
    end = _end_of_sentence(text, sa, sb)

    def outside(a: int, b: int) -> bool:
        return not any(x < a and b <= y for x, y in quotes)

    found: list[tuple[int, int, str, tuple[int, int] | None]] = []
    for m in lex.according_before.finditer(text, sa, end):
        if outside(m.start(), m.end()):
            found.append((m.start("cue"), m.end("cue"), "according_to", m.span("src")))
    for m in lex.according_after.finditer(text, sa, end):
        if outside(m.start(), m.end()):
            found.append((m.start("cue"), m.end("cue"), "according_to", m.span("src")))
    for m in lex.passive.finditer(text, sa, end):
        if outside(m.start(), m.end()):
            found.append((m.start(), m.end(), "passive", None))
    for m in lex.verbs.finditer(text, sa, end):
        if outside(m.start(), m.end()) and not any(a < m.end() and m.start() < b for a, b, _, _ in found):
            found.append((m.start(), m.end(), "verb", None))
    found.sort()
    taken_to = sa
    for ca, cb, kind, src in found:
        if ca < taken_to:
            continue
        att = _Att(cue=(ca, cb), type="according_to" if kind == "according_to" else "indirect")
        if kind == "according_to" and src is not None:
            att.source = _trim(text, *src)
            if att.source[1] <= att.source[0]:
                att.source = None
        if kind == "passive":
            att.type = "passive"
        quote = next(
            (
                q
                for q in quotes
                if not (q[0] <= ca < q[1]) and (att.source is None or not (att.source[0] <= q[0] < att.source[1]))
            ),
            None,
        )
        comp = lex.complementiser.match(text, cb)
        if quote is not None:
            att.content = [quote]
            att.type = "direct" if kind != "according_to" else att.type
            if kind == "verb":
                att.source = _source_near_quote(text, quote, ca, cb, end, lex)
        elif comp is not None and comp.end() < end:
            a, b = _trim(text, comp.end(), end)
            att.content = [(a, b)] if b > a else []
            if kind == "verb":
                att.source = _source_before(text, sa, ca)
        elif kind == "according_to":
            a, b = _trim(text, max(cb, att.source[1] if att.source else cb), end)
            if b - a < 3:  # "..., X-in məlumatına görə.": the clause before
                src_start = att.source[0] if att.source else ca
                a, b = _trim(text, sa, src_start)
            att.content = [(a, b)] if b > a else []
        else:
            rest = _trim(text, cb, end)
            before = _source_before(text, sa, ca)
            if (
                kind == "verb"
                and lex.source_after_cue
                and rest[1] - rest[0] > 0
                and len(text[slice(*rest)].split()) <= 6
            ):
                # "Իրավիճակը հանգիստ է, հայտնել է ՊՆ խոսնակը։": content before, source after the cue
                att.source = rest
                a, b = _trim(text, sa, ca)
                att.content = [(a, b)] if b > a else []
            elif rest[1] - rest[0] > 0 and len(text[slice(*rest)].split()) >= 2:
                att.content = [rest]
                if kind == "verb":
                    att.source = before
            else:
                # the cue ends the sentence: "..., deyə X bildirib." / "Vəziyyət sabitdir, X bildirib."
                link = None
                for m in lex.quote_link.finditer(text, sa, ca):
                    link = m
                if link is not None:
                    a, b = _trim(text, sa, link.start())
                    att.content = [(a, b)] if b > a else []
                    if kind == "verb":
                        s = _trim(text, link.end(), ca)
                        att.source = s if s[1] > s[0] else None
                else:
                    comma = text.rfind(",", sa, ca)
                    if comma > sa:
                        a, b = _trim(text, sa, comma)
                        att.content = [(a, b)] if b > a else []
                        if kind == "verb":
                            s = _trim(text, comma + 1, ca)
                            att.source = s if s[1] > s[0] else None
        if not att.content:
            continue
        if att.source is not None and (att.source[1] <= att.source[0] or len(text[slice(*att.source)].split()) > 12):
            att.source = None
        if kind == "verb" and att.source is None and att.type != "passive":
            att.type = "indirect" if att.type != "direct" else "direct"
        out.append(att)
        taken_to = max(cb, att.content[-1][1] if att.content[-1][0] >= ca else cb)
    return out


def _source_before(text: str, sa: int, ca: int) -> tuple[int, int] | None:
    """The words of the clause before the cue (after the last comma or quote before it)."""
    cut = max(text.rfind(",", sa, ca), text.rfind("»", sa, ca), text.rfind("\u201d", sa, ca), sa - 1)
    a, b = _trim(text, cut + 1, ca)
    return (a, b) if b > a else None


def _source_near_quote(
    text: str, quote: tuple[int, int], ca: int, cb: int, end: int, lex: Lexicon
) -> tuple[int, int] | None:
    """The speaker of a quote: between the quote (and "deyə") and the cue, before the quote, or after the cue."""
    if quote[1] <= ca:
        a = quote[1]
        link = lex.quote_link.match(text, a)
        if link is not None:
            a = link.end()
        s = _trim(text, a, ca)
        if s[1] > s[0]:
            return s
        if lex.source_after_cue:
            s = _trim(text, cb, end)
            return s if s[1] > s[0] else None
        return None
    s = _trim(text, cb, quote[0])  # "X bildirib: «...»" has the source before the cue
    if s[1] > s[0] and lex.source_after_cue:
        return s
    return None


def _kind(
    text: str,
    att: _Att,
    lex: Lexicon,
    per: list[tuple[int, int, str]],
    org: list[tuple[int, int, str]],
    before: list[_Att],
) -> None:
    if att.source is None:
        att.kind = "anonymous"
        return
    a, b = att.source
    words = [lex.lower(w) for w in re.findall(r"[^\W_][\w'’\u055b\u055c\u055e-]*", text[a:b])]

    def has(stems: tuple[str, ...]) -> bool:
        return any(w.startswith(s) for w in words for s in stems)

    if len(words) == 1 and words[0] in lex.pronouns:
        prev = next((x for x in reversed(before) if x.speaker), None)
        att.kind, att.speaker = (prev.kind, prev.speaker) if prev else ("role_only", None)
        return
    person = next((p for p in per if a <= p[0] and p[1] <= b), None)
    named_org = next((o for o in org if a <= o[0] and o[1] <= b), None)
    capitals = re.findall(r"(?<![\w-])[A-ZƏÖÜĞŞÇİ\u0531-\u0556][^\W\d_]+", text[a:b])
    stems = lex.role + lex.organisation + lex.media + lex.document + lex.anonymous
    names = [c for c in capitals if not any(lex.lower(c).startswith(x) for x in stems)]
    if has(lex.anonymous):
        att.kind = "anonymous"
    elif has(lex.document):
        att.kind = "document"
    elif has(lex.media):
        att.kind = "media_outlet"
    elif person is not None:
        att.kind, att.speaker = "named_person", person[2]
    elif has(lex.role) and len(names) >= 2:
        att.kind, att.speaker = "named_person", " ".join(names[-2:])
    elif (
        words
        and any(words[-1].startswith(x) for x in lex.role)
        and not any(words[-1].startswith(x) for x in lex.organisation)
    ):
        att.kind = "role_only"  # the head of the phrase comes last: "ՊՆ խոսնակը", "nazirliyin sözçüsü"
    elif named_org is not None or has(lex.organisation) or _acronym_in(text[a:b]):
        att.kind, att.speaker = "named_organisation", named_org[2] if named_org else text[a:b]
    elif has(lex.role):
        att.kind = "role_only"
    elif len(names) >= 2:
        att.kind = "named_person"
    else:
        att.kind = "role_only"


def _acronym_in(s: str) -> bool:
    return any(1 < len(w) <= 5 and w.isupper() for w in re.findall(r"[^\W\d_]+", s))


def _unsourced(text: str, parsed: Any, atts: list[_Att], quotes: list[tuple[int, int]], lex: Lexicon) -> list[Span]:
    """Sentences with an evidential phrase and no attribution."""
    covered = [(a, b) for att in atts for a, b in att.content] + [att.cue for att in atts]
    out = []
    for a, b in parsed.sentence_spans():
        if any(x < b and a < y for x, y in covered) or any(x <= a and b <= y for x, y in quotes):
            continue
        markers = sorted({lex.lower(m.group(0)) for m in lex.evidential.finditer(text, a, b)})
        if markers:
            out.append(Span(a, b, "UNSOURCED_CLAIM", NAME, {"markers": markers}))
    return out
