"""Places in Russian: the gazetteer's names found in any case, and the adjectives that name a district.

Russian inflects names: "Степанакерт" is written "Степанакерта", "Степанакертом", "в Степанакерте"; a multiword
name agrees in case ("в Нагорном Карабахе", "Лачинского коридора"); a district is named by an adjective
("Мартакертский район", "в Аскеранском районе"). A window of words is looked up as written, then with every word
put in the nominative (pymorphy3's inflection keeps the adjective's gender: "Южной Осетии" -> "Южная Осетия"),
then as lemmas; an adjective in "-ский" is looked up by the name it is derived from ("мартунинский" -> "Мартуни",
"шушинский" -> "Шуша"). The span covers the words as written; the mention's ``text`` is the gazetteer form it
matched, so that ranking and the name used ("name_kind", "name_lang") read the name, not its case ending.

A word that is a preposition, conjunction, particle or pronoun ("По данным ...", "В Степанакерте") is never a
place. slovnet's entities decide the rest as spaCy's do in English: a name inside a person's name is no place,
one word that opens a sentence must be a known place of some size unless slovnet calls it a location.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from presswatch.analyzers.places import (
    Mention,
    _big_place,
    _curated_any,
    _strong,
    candidates,
    country_names,
    note_enriched,
    window_ents,
)

# generic heads kept in the mention (lemmas), as "region", "district" are in English; the kind of place they state
RU_HEADS = {
    "район": "district",
    "область": "province",
    "регион": "region",
    "округ": "district",
    "марз": "marz",
    "город": "city",
    "село": "village",
    "посёлок": "settlement",
    "поселок": "settlement",
    "деревня": "village",
    "коридор": None,
    "долина": None,
}
_CYR_WORD = re.compile(r"[А-ЯЁа-яё][А-ЯЁа-яё-]*")
_MAX_WORDS = 5
# "-ский" adjectives: the endings their base names take ("аскеран" -> "Аскеран", "шушин" -> "Шуша")
_ADJ_BASES = ("", "а", "и", "ы", "я")


@lru_cache(maxsize=1)
def _analyzer() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=50_000)
def nominative(word: str, case: str | None = None) -> str:
    """``word`` put in the nominative, keeping its gender and number; ``case`` (a UD case such as "Loc") picks
    the reading the parser chose when the word has several."""
    parses = _analyzer().parse(word)
    if not parses:
        return word.lower()
    want = _UD_CASES.get(case or "")
    p = next((q for q in parses if want and q.tag.case == want), parses[0])
    if "-" in word and not p.tag.POS:
        return word.lower()
    f = p.inflect({"nomn"})
    return f.word if f is not None else word.lower()


_UD_CASES = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}


def adjective_bases(lemma: str) -> list[str]:
    """The names an adjective in "-ский" may derive from: "аскеранский" -> аскеран, аскерана, ...; "шушинский" ->
    also шуша; empty for other words."""
    if not lemma.endswith("ский") or len(lemma) < 7:
        return []
    stem = lemma[:-4]
    out = [stem + e for e in _ADJ_BASES]
    if stem.endswith("ин") and len(stem) > 4:
        out += [stem[:-2] + e for e in _ADJ_BASES]
    return out


def lookup(gaz: Any, form: str) -> list[int]:
    """Candidates for a Russian ``form``: the gazetteer's names, and a country's Russian name first."""
    from presswatch.gazetteer.normalize import key

    ids = candidates(gaz, form)
    c = country_names(gaz, "ru", short_forms=False).get(key(form))
    return ids if c is None or c in ids else [c, *ids]


def _cased(form: str, like: str) -> str:
    """``form`` (pymorphy3 gives lower case) capitalised when ``like`` is: the form reported as the name used."""
    return form[:1].upper() + form[1:] if like[:1].isupper() else form


def _forms(toks: list[Any]) -> list[str]:
    """The forms under which a window of words is looked up: as written, in the nominative, as lemmas."""
    written = " ".join(t.text for t in toks)
    nom = " ".join(_cased(nominative(t.text, t.feats.get("Case")), t.text) for t in toks)
    lem = " ".join(_cased(t.lemma, t.text) for t in toks)
    return list(dict.fromkeys([written, nom, lem]))


def recognise_ru(text: str, parsed: Any, gaz: Any, min_pop: int = 5000) -> tuple[list[Mention], list[tuple]]:
    """Place mentions in a Russian ``text`` from its :class:`~presswatch.nlp.ru.RuParse`; no demonym spans (the
    gazetteer's demonyms are English)."""
    from presswatch.nlp.ru import FUNCTION_POS, is_function_word

    note_enriched(gaz)
    toks = [t for t in parsed.tokens if _CYR_WORD.fullmatch(t.text) or t.text[:1].isalpha()]
    ent_at: dict[int, Any] = {}
    for e in parsed.ents:
        for c in range(e.start, e.end):
            ent_at[c] = e
    sent_first = {parsed.tokens[a].i for a, b in parsed.sents if b > a}
    mentions: list[Mention] = []
    taken = bytearray(len(text) + 1)
    n = len(toks)
    i = 0
    while i < n:
        t = toks[i]
        if not t.text[:1].isupper() or t.pos in FUNCTION_POS or is_function_word(t.text):
            i += 1
            continue
        found = None
        for k in range(min(_MAX_WORDS, n - i), 0, -1):
            window = toks[i : i + k]
            if "\n" in text[t.start : window[-1].end] or any(
                b.i != a.i + 1 for a, b in zip(window, window[1:], strict=False)
            ):
                continue
            if k > 1 and not window[-1].text[:1].isupper() and window[-1].lemma not in RU_HEADS:
                continue
            for form in _forms(window):
                ids = lookup(gaz, form)
                if ids:
                    found = (k, form, ids, False)
                    break
            if found:
                break
        if found is None and t.pos == "ADJ":
            for base in adjective_bases(t.lemma):
                ids = candidates(gaz, base)
                if ids:
                    found = (1, base.capitalize(), ids, True)
                    break
        if found is None:
            i += 1
            continue
        k, form, ids, derived = found
        a, end = t.start, toks[i + k - 1].end
        head_tok = toks[i + k] if i + k < n and toks[i + k].i == toks[i + k - 1].i + 1 else None
        head = (
            head_tok
            if head_tok is not None and head_tok.lemma in RU_HEADS and not head_tok.text[:1].isupper()
            else None
        )
        if _accept(
            gaz,
            ids,
            window_ents(ent_at, a, end),
            a,
            end,
            k,
            derived,
            head is not None,
            t.i in sent_first,
            t.pos,
            min_pop,
        ):
            m = Mention(a, end, form, None, None, ids)
            if head is not None:
                m.end = head.end
                m.head = head.lemma
            elif k > 1 and toks[i + k - 1].lemma in RU_HEADS:
                m.head = toks[i + k - 1].lemma
            mentions.append(m)
            for c in range(a, m.end):
                taken[c] = 1
            i += k + (head is not None)
        else:
            i += 1
    # locations slovnet found that no window matched: looked up by their nominative form
    for e in parsed.ents:
        if e.label != "LOC" or any(taken[e.start : e.end]):
            continue
        ids = lookup(gaz, e.normal) or lookup(gaz, e.text)
        if ids:
            mentions.append(Mention(e.start, e.end, e.normal, None, "LOC", ids))
    mentions.sort(key=lambda m: m.start)
    return mentions, []


def _accept(
    gaz: Any,
    ids: list[int],
    ents: list[Any],
    a: int,
    b: int,
    k: int,
    derived: bool,
    has_head: bool,
    sentence_start: bool,
    pos: str,
    min_pop: int,
) -> bool:
    """Whether a gazetteer match is a place here (see the module's docstring)."""
    labels = {e.label for e in ents}
    if "LOC" in labels:
        return True
    if "PER" in labels:
        # slovnet now and then calls a lone town a person ("мимо Агдама"): a curated or big place named alone is
        # kept; a name inside a person's name ("Пётр Париж") is not a place
        alone = all(e.start >= a and e.end <= b for e in ents if e.label == "PER")
        return alone and (_curated_any(gaz, ids) or _big_place(gaz, ids, 100_000))
    if "ORG" in labels:
        return _big_place(gaz, ids, 50_000)  # "Министерство обороны Армении" names Armenia
    if derived:
        # "Мартакертский район"; a capitalised adjective inside a sentence is part of a name; "Азербайджанская
        # сторона" opening a sentence is no place
        return has_head or not sentence_start and _curated_any(gaz, ids)
    if k > 1:
        return True
    if sentence_start or pos not in ("PROPN",):
        return _strong(gaz, ids, 100_000) or _curated_any(gaz, ids)
    return _strong(gaz, ids, min_pop)


# the cases each preposition governs, for the prepositions that never take the genitive: after one of these a
# word that would be the genitive of another name ("Шуши" of "Шуша") can only be that word itself
_PREP_CASES = {
    "в": {"loct", "accs", "loc2"}, "во": {"loct", "accs", "loc2"}, "на": {"loct", "accs", "loc2"},
    "о": {"loct"}, "об": {"loct"}, "обо": {"loct"}, "при": {"loct"}, "по": {"datv", "loct"},
    "к": {"datv"}, "ко": {"datv"}, "через": {"accs"}, "сквозь": {"accs"}, "про": {"accs"},
    "под": {"ablt", "accs"}, "подо": {"ablt", "accs"}, "над": {"ablt"}, "надо": {"ablt"},
    "перед": {"ablt"}, "передо": {"ablt"}, "за": {"ablt", "accs"}, "между": {"ablt"},
}
_PREV_WORD = re.compile(r"([А-ЯЁа-яё]+)\s*$")


def readings(surface: str, text: str, start: int) -> list[str]:
    """The other names a one-word Russian place name ``surface`` (at ``start`` in ``text``) may be a form of: the
    nominatives of its parses as an inflected noun ("Шуши": the genitive of "Шуша"), capitalised. A preposition
    before it that cannot govern a case those parses have rules them out ("в Шуши" is not "в Шуше")."""
    if not _CYR_WORD.fullmatch(surface) or "-" in surface:
        return []
    prev = _PREV_WORD.search(text[max(0, start - 20):start])
    allowed = _PREP_CASES.get(prev.group(1).lower()) if prev else None
    out: list[str] = []
    for p in _analyzer().parse(surface):
        if p.tag.POS != "NOUN" or p.tag.case is None or p.tag.case == "nomn":
            continue
        if allowed is not None and p.tag.case not in allowed:
            continue
        lemma = p.normal_form
        name = _cased(lemma, surface)
        if lemma != surface.lower() and name not in out:
            out.append(name)
    return out
