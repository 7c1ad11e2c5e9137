"""Places in Azerbaijani and Armenian: the gazetteer's names found with their case endings and articles.

Both languages add endings to a name: Azerbaijani case suffixes ("Xankəndidə" in Khankendi, "Şuşaya" to Shusha,
"Ağdamın" of Aghdam, "Laçından" from Lachin, "Xankəndi'də"), Armenian case endings and articles ("Ստեփանակերտում"
in Stepanakert, "Շուշիի" of Shushi, "Գորիսից" from Goris, "Հայաստանը", "Մարտունու" of Martuni). A window of up
to four capitalised words is looked up as written, then with an ending taken off its last word (longest ending
first; Armenian "-ու" also as "-ի"); the gazetteer's keys already meet the Latin, Armenian and transliterated
spellings. A generic head after the name stays in the mention and says what kind of place it is ("Ağdam rayonu",
"Laçın dəhlizində", "Ասկերանի շրջանում", "Լաչինի միջանցքով"). Country names come from pycountry's Azerbaijani
and Armenian translations of ISO 3166-1 ("Azərbaycan", "Ադրբեջան"), which GeoNames lacks.

The span covers the words as written; the mention's ``text`` is the name it matched, so that ranking and the
name used read "Şuşa", not "Şuşaya". With the Armenian entity model (``models/ner-hy``), its entities decide as
slovnet's do in Russian: a LOC is a place, a name inside a person's name is not; without a model (Azerbaijani
always), a multiword name is kept, a lone word inside a sentence must be a known place of some size, and one
that opens a sentence (where any word is capitalised) a big or curated one.
"""

from __future__ import annotations

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

MAX_WORDS = 4
# endings, longest first (tried only when the word as written names no place)
AZ_ENDINGS = sorted(
    {
        "dakı",
        "dəki",
        "takı",
        "təki",
        "ndan",
        "ndən",
        "nda",
        "ndə",
        "na",
        "nə",
        "dan",
        "dən",
        "tan",
        "tən",
        "nın",
        "nin",
        "nun",
        "nün",
        "yla",
        "ylə",
        "da",
        "də",
        "ta",
        "tə",
        "ya",
        "yə",
        "yı",
        "yi",
        "yu",
        "yü",
        "ın",
        "in",
        "un",
        "ün",
        "nı",
        "ni",
        "nu",
        "nü",
        "la",
        "lə",
        "ı",
        "i",
        "u",
        "ü",
        "a",
        "ə",
    },
    key=len,
    reverse=True,
)
HY_ENDINGS = sorted(
    {
        "ներում",
        "ներից",
        "ներով",
        "ների",
        "ները",
        "ներն",
        "ում",
        "ից",
        "ով",
        "ին",
        "ի",
        "ու",
        "ը",
        "ն",
        "յում",
        "յից",
        "յով",
        "յի",
    },
    key=len,
    reverse=True,
)
# generic heads (stems, lower case) -> the English word the ranking reads (places.STATED_TYPES)
AZ_HEADS = {
    "rayon": "district",
    "şəhər": "city",
    "kənd": "village",
    "qəsəbə": "settlement",
    "dəhliz": "corridor",
    "bölgə": "region",
    "vilayət": "province",
    "region": "region",
    "vadi": "valley",
    "ərazi": None,
}
HY_HEADS = {
    "շրջան": "district",
    "մարզ": "marz",
    "քաղաք": "city",
    "գյուղ": "village",
    "ավան": "settlement",
    "միջանցք": "corridor",
    "համայնք": "municipality",
    "հովիտ": "valley",
    "տարածաշրջան": "region",
}
_HEAD_TAIL = 6  # letters a head may carry after its stem ("rayonundan", "շրջանում")
# capitalised words that open sentences and are no place, whatever the gazetteer holds ("Ordu": the army)
AZ_STOP = frozenset(
    {
        "bu",
        "o",
        "bir",
        "və",
        "lakin",
        "amma",
        "ancaq",
        "həmçinin",
        "ordu",
        "ordusu",
        "ordunun",
        "dövlət",
        "prezident",
        "nazir",
        "nazirlik",
        "müdafiə",
        "xarici",
        "daxili",
        "baş",
        "milli",
        "hökumət",
        "respublika",
        "məhkəmə",
        "polis",
        "qeyd",
        "bildirilib",
        "məlumat",
        "mənbə",
        "onlar",
        "biz",
        "siz",
        "mən",
        "sən",
        "ki",
        "hər",
        "heç",
        "artıq",
        "sonra",
        "əvvəl",
        "indi",
        "dünən",
        "bu gün",
        "ötən",
        "keçən",
        "iyun",
        "iyul",
        "may",
        "mart",
        "aprel",
        "avqust",
    }
)
HY_STOP = frozenset(
    {
        "այս",
        "այդ",
        "այն",
        "նա",
        "նրանք",
        "մենք",
        "դուք",
        "որ",
        "և",
        "բայց",
        "սակայն",
        "իսկ",
        "երբ",
        "ըստ",
        "հետո",
        "նաև",
        "այսօր",
        "երեկ",
        "բանակ",
        "պաշտպանության",
        "նախարարություն",
        "կառավարություն",
        "վարչապետ",
        "նախագահ",
    }
)


def lookup(gaz: Any, form: str, lang: str) -> list[int]:
    """Candidates for ``form``: a country's name in ``lang`` first, then the gazetteer's names."""
    from presswatch.gazetteer.normalize import key

    c = country_names(gaz, lang).get(key(form))
    ids = candidates(gaz, form)
    if c is not None:
        return [c, *[i for i in ids if i != c]]
    return ids


def base_forms(word: str, lang: str) -> list[str]:
    """``word`` less each ending it may carry, longest ending first ("Şuşaya" -> "Şuşay", "Şuşa", ...; "Մարտունու"
    -> "Մարտուն", "Մարտունի"); a base keeps at least three letters."""
    out: list[str] = []
    for sep in ("'", "’", "-"):  # "Xankəndi'də", "BMT-nin", "ՄԱԿ-ին": the ending after a mark
        if sep in word:
            out.append(word.split(sep)[0])
    if lang == "az":
        from presswatch.nlp.az import lower

        low = lower(word)
        for e in AZ_ENDINGS:
            if low.endswith(e) and len(word) - len(e) >= 3:
                out.append(word[: -len(e)])
    else:
        low = word.lower()
        for e in HY_ENDINGS:
            if low.endswith(e) and len(word) - len(e) >= 3:
                out.append(word[: -len(e)])
                if e == "ու":
                    out.append(word[: -len(e)] + "ի")
    return list(dict.fromkeys(out))


def _head(tok: Any, lang: str) -> str | None:
    """The stem of the generic head ``tok`` is ("rayonunda" -> "rayon"), or None."""
    heads = AZ_HEADS if lang == "az" else HY_HEADS
    w = tok.norm
    for stem in heads:
        if w.startswith(stem) and len(w) - len(stem) <= _HEAD_TAIL:
            return stem
    return None


def _month(tok: Any, lang: str) -> bool:
    """A month's name with its endings ("Oktyabrın", "Հունիսի"): never a place."""
    from presswatch.nlp import az, hy

    months = az.MONTHS if lang == "az" else hy.MONTHS
    return tok.norm in months or any(b.lower() in months for b in base_forms(tok.norm, lang))


def _acronym(word: str) -> bool:
    """An abbreviation in capitals ("ՄԱԿ", "BMT-nin", "ՀԱՊԿ"): an organisation far more often than a place."""
    letters = [c for c in word.split("-")[0] if c.isalpha()]
    return 1 < len(letters) <= 5 and all(c.isupper() for c in letters)


def _adjacent(text: str, a: Any, b: Any) -> bool:
    """Two tokens separated by spaces only (a hyphen joins too), on one line."""
    gap = text[a.end : b.start]
    return gap.strip(" -\u00a0") == "" and "\n" not in gap


def recognise_hyaz(text: str, parsed: Any, gaz: Any, min_pop: int = 5000) -> tuple[list[Mention], list[tuple]]:
    """Place mentions in an Azerbaijani or Armenian ``text`` from its :class:`~presswatch.nlp.light.LightParse`."""
    lang = parsed.lang
    heads = AZ_HEADS if lang == "az" else HY_HEADS
    stop = AZ_STOP if lang == "az" else HY_STOP
    note_enriched(gaz)
    words = parsed.words()
    first_word = set()
    for a, b in parsed.sents:
        w = next((t for t in parsed.tokens[a:b] if t.is_word), None)
        if w is not None:
            first_word.add(w.i)
    ent_at: dict[int, Any] = {}
    for e in parsed.ents:
        for c in range(e.start, e.end):
            ent_at[c] = e
    mentions: list[Mention] = []
    taken = bytearray(len(text) + 1)
    n = len(words)
    i = 0
    while i < n:
        t = words[i]
        if not t.text[:1].isupper() or t.norm in stop or _month(t, lang):
            i += 1
            continue
        if _acronym(t.text):  # "ABŞ", "ԱՄՆ" (a country's abbreviation), never "ՄԱԿ" (the UN)
            from presswatch.gazetteer.normalize import key

            c = country_names(gaz, lang).get(key(t.text.split("-")[0]))
            if c is not None:
                mentions.append(Mention(t.start, t.end, t.text.split("-")[0], None, None, [c]))
            i += 1
            continue
        found = None
        for k in range(min(MAX_WORDS, n - i), 0, -1):
            window = words[i : i + k]
            if any(x.sent != t.sent for x in window) or not all(
                _adjacent(text, x, y) for x, y in zip(window, window[1:], strict=False)
            ):
                continue
            if not window[-1].text[:1].isupper() and (k == 1 or _head(window[-1], lang) is None):
                continue
            lead = " ".join(x.text for x in window[:-1])
            last = window[-1].text
            for form in [last, *base_forms(last, lang)]:
                full = f"{lead} {form}" if lead else form
                ids = lookup(gaz, full, lang)
                if ids:
                    found = (k, full, ids)
                    break
            if found:
                break
        if found is None:
            i += 1
            continue
        k, form, ids = found
        a, end = t.start, words[i + k - 1].end
        nxt = words[i + k] if i + k < n and _adjacent(text, words[i + k - 1], words[i + k]) else None
        head = _head(nxt, lang) if nxt is not None and not nxt.text[:1].isupper() else None
        ents = window_ents(ent_at, a, end)
        if _accept(gaz, ids, ents, k, head is not None, t.i in first_word, min_pop):
            m = Mention(a, end, form, None, "LOC" if any(e.label == "LOC" for e in ents) else None, ids)
            if head is not None:
                m.end = nxt.end
                m.head = heads[head] or head
            mentions.append(m)
            for c in range(a, m.end):
                taken[c] = 1
            i += k + (head is not None)
        else:
            i += 1
    for e in parsed.ents:  # locations the model found that no window matched
        if e.label != "LOC" or any(taken[e.start : e.end]):
            continue
        words_e = e.text.split()
        for last in [words_e[-1], *base_forms(words_e[-1], lang)]:
            ids = lookup(gaz, " ".join([*words_e[:-1], last]), lang)
            if ids:
                mentions.append(Mention(e.start, e.end, " ".join([*words_e[:-1], last]), None, "LOC", ids))
                break
    mentions.sort(key=lambda m: m.start)
    return mentions, []


def _accept(
    gaz: Any, ids: list[int], ents: list[Any], k: int, has_head: bool, sentence_start: bool, min_pop: int
) -> bool:
    """Whether a gazetteer match is a place here (see the module's docstring)."""
    labels = {e.label for e in ents}
    if "LOC" in labels:
        return True
    if "PER" in labels:
        return _curated_any(gaz, ids) or _big_place(gaz, ids, 100_000)
    if "ORG" in labels:
        return _big_place(gaz, ids, 50_000)  # "Հայաստանի ԱԳՆ" names Armenia
    if k > 1 or has_head:
        return True
    if sentence_start:
        return _strong(gaz, ids, 100_000) or _curated_any(gaz, ids)
    return _strong(gaz, ids, min_pop) or _curated_any(gaz, ids)
