"""Places: find the places a text names, resolve each to a gazetteer place, and record the name used.

Recognition joins two sources: spaCy's GPE / LOC / FAC entities (English) and a gazetteer phrase matcher
over normalised keys (case, Unicode, Azerbaijani letters, Russian and Armenian transliteration), longest
match first, so that "Khankendi", "Xankəndi", "Ханкенди", "Stepanakert" and "Ստեփանակերտ" land on one
place. A generic head that follows a name ("Tavush region", "Lachin corridor") stays in the mention.
Demonyms and adjectives ("Azerbaijani", "Armenian-populated") become ``DEMONYM`` spans, not places.

A gazetteer match is kept when spaCy calls it a place, unless it is a word inside a longer place or person name
("Shamrock Street", "George Washington"); a town that opens an organisation's name ("Gainesville Police"; by a name
of its own, not a foreign town's by-name like "Human" for Uman, nor the organisation's head noun in "the Union of
...") or that spaCy calls a person is kept when it is a real town of some size and not a surname the text gives in
full elsewhere; a place before a demonym in a person entity ("Karabakh Armenian officials") is kept; a one-word
match spaCy did not label is kept only for countries, admin-1 units, capitals and curated places, datelines in
capitals (one city or several: "BAKU/YEREVAN, May 16", "BAKU - "), "X, <state or country>", or names the text calls
a place elsewhere (a spaCy place entity, "the (border) village of X", "X, a village in ...", "the X area", "the X
direction"). A country that closes an organisation's name by its main name ("the Ministry of Defence of
Azerbaijan"; not "Bank of America") and a place that opens an office spaCy calls a person ("the Artsakh Ombudsman's
office") are named; a curated name is taken even where spaCy tags it as a common word ("the Khojavend direction").
A name the gazetteer writes with a generic word in lower case ("Hakari bridge") is matched only as written. spaCy
place entities that no gazetteer name matches are not reported.

Resolution ranks each mention's candidates with a logistic model over features (population, feature
type, match quality, countries and admin-1 units named elsewhere in the text, "X, Y" patterns, spatial
coherence, the outlet's country from its domain, agreement with the names right before and after the mention
in the text), in two passes: the second adds agreement with the first pass' choices for the other mentions. A
name shared by two places goes to the one beside the places named next to it ("Askeran and Martuni"), even where
the document names the other namesake's country further off. Its weights ship in
``gazetteer/data/ranker.json`` (learnt by ``presswatch train geo``; see ``models/places/MODEL_CARD.md``). Work is
linear in the text: every token is tried as the start of at most ``max_words`` words, and context is counted in
dictionaries.

What the text says a place is corrects the ranking's choice: "X district", "the province of X" want an
administrative unit, "the town of X", "X village" a populated place; a choice of the other kind gives way to a
candidate of the stated kind in the same region (a district that GeoNames names only in the local language is
found through the town it is named after; ``attrs["stated_type"]``). A name the curated layer lists for a
place counts as much as GeoNames' main name, so that a place renamed in one usage ("Martuni", "Khojavend") is
not outranked by a namesake on the name alone: the document's other places decide. The headline and
standfirst are resolved with the body's places as context, and a name the body uses keeps the place the body
gives it. Every mention says in which voice the text uses it (``attrs["voice"]``: own, quoted, scare_quoted,
mentioned; see :mod:`presswatch.analyzers.voice`).
"""

from __future__ import annotations

import importlib
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presswatch.model import Document, Span

WEIGHTS = Path(__file__).resolve().parent.parent / "gazetteer" / "data" / "ranker.json"
_WORD = re.compile(r"[^\W\d_](?:[\w'’]|[-.](?=\w))*")
GENERIC_HEADS = {"region", "province", "district", "county", "oblast", "city", "village", "town", "corridor",
                 "valley", "rayon", "marz", "governorate", "area", "state", "parish", "municipality", "mountains"}
# languages whose recognition has a module of its own, given the language's parse (``Resources.parse``); named by
# import path, as analyzers are, so that a language part imports this module and not the other way round
RECOGNISERS: dict[str, str] = {"ru": "presswatch.analyzers.places_ru:recognise_ru",
                               "az": "presswatch.analyzers.places_hyaz:recognise_hyaz",
                               "hy": "presswatch.analyzers.places_hyaz:recognise_hyaz"}
# spaCy entity labels kept when only the fallback resolves them ("Port of Los Angeles", "Neches River")
FALLBACK_ENTITIES = {"GPE", "LOC", "FAC"}
_STRONG_FEATURES = {"PCLI", "PCLS", "ADM1", "CONT", "RGN", "ADMD", "RD", "BDG"}
MAX_CANDIDATES = 40
FEATURES = ["bias", "logpop", "pop_rank1", "is_country", "is_admin1", "is_admin2", "is_city", "is_capital",
            "is_curated", "is_cont", "exact_canonical", "canonical_key", "n_cands", "country_in_doc",
            "admin1_in_doc", "xy_pattern", "coherence", "contains_country", "no_coords", "exact_name",
            "demonym_country", "ctx_admin1", "ctx_country", "outlet_country", "near_share", "pop_share", "adj_agree"]
# features that only the second pass fills (from the first pass' choices for the other mentions)
PASS2_ONLY = {"ctx_admin1", "ctx_country"}


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    head: str | None = None  # generic head kept in the mention ("region")
    ner: str | None = None  # spaCy label when spaCy found it
    cands: list[int] = field(default_factory=list)
    via: str | None = None  # when only a part or a base form of the text resolved: that form (see fallback)
    stated: str | None = None  # the kind of place the text says it is ("town", "district"), when it says so


def _load_weights(key: str = "weights", path: Path | None = None) -> list[float]:
    try:
        data = json.loads((path or WEIGHTS).read_text(encoding="utf-8"))
        w = data.get(key) or data["weights"]
        return [float(w.get(f, 0.0)) for f in FEATURES]
    except (OSError, ValueError, KeyError):
        # a hand-set prior when no learnt weights are present
        prior = {"logpop": 3.0, "pop_rank1": 1.0, "is_country": 2.0, "is_admin1": 1.5, "is_curated": 2.0,
                 "canonical_key": 1.0, "country_in_doc": 1.5, "admin1_in_doc": 1.5, "xy_pattern": 3.0,
                 "coherence": 1.0, "no_coords": -3.0}
        return [prior.get(f, 0.0) for f in FEATURES]


class PlacesAnalyzer:
    name = "places"
    version = "4"
    reads_parse = True  # reads Resources.spacy_doc: its headline is parsed with the batch (Resources.prepare)
    # the matcher reads any script; spaCy entities for English; Russian inflection through places_ru
    languages: set[str] | None = None

    def __init__(self, weights_file: Path | None = None) -> None:
        self._w: list[float] | None = None  # second (final) pass
        self._w1: list[float] | None = None  # first pass
        self._weights_file = weights_file  # None: the shipped ranker.json

    @property
    def weights(self) -> list[float]:
        if self._w is None:
            self._w = _load_weights("weights", self._weights_file)
        return self._w

    @property
    def weights_pass1(self) -> list[float]:
        if self._w1 is None:
            self._w1 = _load_weights("weights_pass1", self._weights_file)
        return self._w1

    # ----------------------------------------------------------------------------------- public
    def annotate(self, doc: Document, resources: Any) -> list[Span]:
        return self._annotate(doc, resources)

    def annotate_field(self, part: Document, doc: Document, resources: Any) -> list[Span]:
        """Places of a headline or standfirst ``part``, resolved with the places of the body of ``doc`` as
        context; a name the body uses keeps the place the body gives it."""
        from presswatch.gazetteer import get_gazetteer
        from presswatch.gazetteer.normalize import key as nkey

        gaz = get_gazetteer()
        context: list[Mention] = []
        same: dict[str, int] = {}
        for s in doc.spans_by(self.name):
            i = gaz.index_of(s.attrs.get("place_id") or "") if s.label == "PLACE" else None
            if i is None:
                continue
            surface = doc.text[s.start:s.end]
            context.append(Mention(s.start, s.end, surface, ner="CONTEXT", cands=[i]))
            same.setdefault(nkey(surface), i)
        return self._annotate(part, resources, context, same)

    def _annotate(self, doc: Document, resources: Any, context: list[Mention] | None = None,
                  same: dict[str, int] | None = None) -> list[Span]:
        from presswatch.analyzers.voice import VoiceReader
        from presswatch.gazetteer import get_gazetteer
        from presswatch.gazetteer.normalize import key as nkey
        from presswatch.nlp.pipelines import supported_languages

        gaz = get_gazetteer()
        if (target := RECOGNISERS.get(doc.language or "en")) is not None:
            module, attr = target.split(":")
            recognise_lang = getattr(importlib.import_module(module), attr)
            mentions, demonyms = recognise_lang(doc.text, resources.parse(doc), gaz)
            voices = VoiceReader(doc.text, doc.spans, None)
        else:
            parsed = resources.spacy_doc(doc) if (doc.language or "en") in supported_languages() else None
            mentions, demonyms = recognise(doc.text, parsed, gaz)
            voices = VoiceReader(doc.text, doc.spans, parsed)
        spans = [Span(a, b, "DEMONYM", self.name, {**_demonym_attrs(gaz, cc, doc.text[a:b]), **voices.voice(a, b)})
                 for a, b, cc in demonyms]
        home = outlet_country(doc.source_domain or doc.url)
        resolved = self.resolve(doc.text, mentions, gaz, home, doc.source_domain or doc.url, context)
        for m, (i, score) in zip(mentions, resolved, strict=True):
            if same and (j := same.get(nkey(m.text))) is not None and j in m.cands:
                i = j  # the headline names what the body names
            spans.append(Span(m.start, m.end, "PLACE", self.name, {**_attrs(gaz, m, i, score),
                                                                      **voices.voice(m.start, m.end)}))
        return spans

    def resolve(self, text: str, mentions: list[Mention], gaz: Any, home: str | None = None,
                outlet: str | None = None, context: list[Mention] | None = None) -> list[tuple[int | None, float]]:
        """For each mention, the index of the chosen place (None when no candidate) and its score.

        Two passes: the first ranks each mention's candidates on their own and with what the text names
        (``weights_pass1``); the second adds how well each candidate agrees with the first pass' choices for
        the other mentions (same admin-1 unit, same country, nearby) and ranks again (``weights``).
        ``home`` is the outlet's country (ISO code) when known; ``outlet`` its domain or URL, which may name
        its town (see :func:`with_outlet`). ``context``: resolved mentions of another text of the same
        document (one candidate each) that count as the other mentions do and are not reported.
        A choice that is not the kind of place the text states gives way to the best candidate of that kind in
        the same region (see :func:`as_stated`).
        """
        for m in mentions:
            if not m.cands:
                m.cands = candidates(gaz, m.text)
            if not m.cands:
                m.cands, m.via = fallback(gaz, m.text)
            m.stated = stated_type(text, m)
        n = len(mentions)
        ms = with_outlet([*mentions, *(context or [])], gaz, outlet)
        first = choose(ms, features(text, ms, gaz, home), self.weights_pass1)
        feats = features(text, ms, gaz, home, [i for i, _ in first])
        out = choose(ms, feats, self.weights)[:n]
        for k, m in enumerate(mentions):
            if m.stated and out[k][0] is not None:
                out[k] = as_stated(gaz, m, out[k], feats[k], self.weights)
        return out


# ------------------------------------------------------------------------------------ stated kind of place

# words a text uses to say what a place is -> the kind of place ("town of X", "X district", "the province of X")
STATED_TYPES = {"town": "settlement", "city": "settlement", "village": "settlement", "hamlet": "settlement",
                "settlement": "settlement", "district": "admin", "rayon": "admin", "raion": "admin",
                "county": "admin", "parish": "admin", "province": "admin", "oblast": "admin", "marz": "admin",
                "governorate": "admin", "prefecture": "admin", "municipality": "admin", "region": "admin",
                "state": "admin",
                # Russian heads, as lemmas (presswatch.analyzers.places_ru keeps a head's lemma in Mention.head)
                "район": "admin", "область": "admin", "округ": "admin", "регион": "admin", "город": "settlement",
                "село": "settlement", "посёлок": "settlement", "поселок": "settlement", "деревня": "settlement"}
# after a name, "state" and "region" more often name something else ("San Diego State", "the Charlotte region")
_AFTER_TYPES = [w for w in STATED_TYPES if w not in ("state", "region")]
_ADMIN_FEATURES = {"ADM1", "ADM2", "ADM3", "ADM4", "ADM5", "ADMD", "RGN", "PRSH", "TERR", "ZN", "PCLS"}
_TYPE_AFTER = re.compile(r" (" + "|".join(_AFTER_TYPES) + r")\b", re.I)
_TYPE_BEFORE = re.compile(r"\bthe\s+(" + "|".join(STATED_TYPES) + r")\s+of\s+(?:the\s+)?$", re.I)
# Russian "города Мартакерт", "в селе Пирлар": the kind before the name, in any case
_RU_TYPE_BEFORE = re.compile(r"(?<![а-яё])(город|сел|посёлк|поселк|деревн)[а-яё]{0,3}\s+$", re.I)
_RU_TYPE_STEMS = {"город": "город", "сел": "село", "посёлк": "посёлок", "поселк": "посёлок", "деревн": "деревня"}


# the kinds of place a city is not, and the most people a place so called may have (villages of some countries are
# towns of tens of thousands)
SMALL_SETTLEMENTS = {"village", "hamlet", "село", "деревня"}
VILLAGE_MAX_POPULATION = 100_000


def stated_type(text: str, m: Mention) -> str | None:
    """The word with which the text says what kind of place ``m`` is: its generic head ("Khojaly district"), the
    word right after it ("Pirlar village") or "the <kind> of" just before it ("the town of Martuni"); None when it
    says nothing."""
    if m.ner in ("OUTLET", "CONTEXT"):
        return None
    if m.head and m.head.lower() in STATED_TYPES:
        return m.head.lower()
    after = _TYPE_AFTER.match(text, m.end)
    if after is not None and m.head is None:
        return after.group(1).lower()
    before = _TYPE_BEFORE.search(text, max(0, m.start - 40), m.start)
    if before is None and (ru := _RU_TYPE_BEFORE.search(text, max(0, m.start - 20), m.start)) is not None:
        return _RU_TYPE_STEMS[ru.group(1).lower()]
    return before.group(1).lower() if before else None


def fits_type(gaz: Any, i: int, word: str) -> bool:
    f = gaz.feature[i]
    if STATED_TYPES[word] == "settlement":
        return f.startswith("PPL")
    return f in _ADMIN_FEATURES or (word == "state" and f in ("PCLI", "PCLS"))


def as_stated(gaz: Any, m: Mention, chosen: tuple[int, float], feats: list[list[float]], w: list[float]
              ) -> tuple[int, float]:
    """``chosen`` for ``m``, or, when it is not the kind of place the text states (``m.stated``), the best-ranked
    candidate of that kind in the same country and admin-1 unit: "Fuzuli district" is the district around the
    town the ranking found, "the town of Fuzuli" the town in the district. A district that GeoNames names only in
    the local language ("Xocalı" for "Khojaly district") is the unit around the town that shares one of its
    names. Elsewhere (a unit the gazetteer lacks: "the Lancaster district") the choice stands."""
    i = chosen[0]
    word = m.stated
    if word in SMALL_SETTLEMENTS and gaz.population[i] > VILLAGE_MAX_POPULATION:
        # "the village of Kut": not the city of 300,000 that the name's fame ranked first, but the best-ranked
        # settlement of the name small enough to be a village, if the candidates hold one
        scores = [sum(a * b for a, b in zip(w, f, strict=True)) for f in feats]
        small = max((j for j, c in enumerate(m.cands) if gaz.feature[c].startswith("PPL")
                     and gaz.population[c] <= VILLAGE_MAX_POPULATION), key=scores.__getitem__, default=None)
        if small is not None:
            return m.cands[small], chosen[1]
    if word is None or fits_type(gaz, i, word):
        return chosen
    scores = [sum(a * b for a, b in zip(w, f, strict=True)) for f in feats]
    region = (gaz.country[i], gaz.admin1[i])
    best = max((j for j, c in enumerate(m.cands) if fits_type(gaz, c, word)
                and (gaz.country[c], gaz.admin1[c]) == region and region[1]), key=scores.__getitem__, default=None)
    if best is not None:
        return m.cands[best], chosen[1]  # the ranking found the region; the text says which place in it
    if STATED_TYPES[word] == "admin":
        units = [u for u in _units_named_after(gaz, [i]) if fits_type(gaz, u, word)]
        if units:
            return units[0], chosen[1]
        # no unit of that name around the place the ranking chose ("Martuni district": the town in Armenia has
        # none): the best-ranked other candidate the curated layer names so that is such a unit or the seat of one
        # ("Martuni", its name of the town that gives Khojavend district its name); not by GeoNames' by-names
        # alone, which give many a town a neighbour's name
        for j in sorted(range(len(m.cands)), key=scores.__getitem__, reverse=True):
            c = m.cands[j]
            if c == i or not _curated_any(gaz, [c]) and m.text.split()[0] not in _curated_names(gaz, c)[0]:
                continue
            if fits_type(gaz, c, word):
                return c, chosen[1]
            units = [u for u in _units_named_after(gaz, [c]) if fits_type(gaz, u, word)]
            if units:
                return units[0], chosen[1]
    return chosen


def _units_named_after(gaz: Any, towns: list[int]) -> list[int]:
    units = getattr(gaz, "_units_by_admin1", None)
    if units is None:
        units = {}
        for i in range(len(gaz)):
            if gaz.feature[i] in ("ADM1", "ADM2") and gaz.admin1[i]:
                units.setdefault((gaz.country[i], gaz.admin1[i]), []).append(i)
        gaz._units_by_admin1 = units
    out: list[int] = []
    for t in towns:
        if not gaz.feature[t].startswith("PPL"):
            continue
        names = _name_keys(gaz, t)
        for u in units.get((gaz.country[t], gaz.admin1[t]), ()):
            if u not in out and names & _name_keys(gaz, u):
                out.append(u)
    return out


def _name_keys(gaz: Any, i: int) -> set[str]:
    from presswatch.gazetteer.normalize import keys

    return {k for n in gaz.place(i).names for k in keys(n.name)}


def choose(mentions: list[Mention], feats: list[list[list[float]]], w: list[float]
           ) -> list[tuple[int | None, float]]:
    out: list[tuple[int | None, float]] = []
    for m, fs in zip(mentions, feats, strict=True):
        if not m.cands:
            out.append((None, 0.0))
            continue
        scores = [sum(a * b for a, b in zip(w, f, strict=True)) for f in fs]
        j = max(range(len(scores)), key=scores.__getitem__)
        mx = scores[j]
        z = sum(math.exp(s - mx) for s in scores)
        out.append((m.cands[j], round(1.0 / z, 4)))
    return out


_GENERIC_TLDS = {"uk": "GB", "su": "RU"}


def outlet_country(domain_or_url: str | None) -> str | None:
    """The outlet's home country from its domain's country-code TLD (``bbc.co.uk`` -> GB); None for .com
    and other generic TLDs."""
    if not domain_or_url:
        return None
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", domain_or_url.strip().lower()).split("/")[0].split(":")[0]
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    if len(tld) != 2 or not tld.isalpha():
        return None
    if tld in _GENERIC_TLDS:
        return _GENERIC_TLDS[tld]
    import pycountry

    c = pycountry.countries.get(alpha_2=tld.upper())
    return c.alpha_2 if c is not None else None


# words that start newspaper domains and also name towns ("timesdispatch", "goldentriangle...")
_MASTHEAD_WORDS = {"times", "daily", "golden", "register", "herald", "tribune", "record", "sentinel", "courier",
                   "gazette", "review", "press", "online", "local", "union", "independent", "telegraph",
                   "guardian", "mirror", "globe", "world", "national", "global", "metro", "state", "county",
                   "pioneer", "leader", "enterprise", "observer", "examiner", "standard", "express", "chronicle",
                   "monitor", "journal", "dispatch", "bulletin", "weekly", "evening", "morning", "sunday", "sun",
                   "news", "post", "star", "eagle", "citizen", "republic", "progress", "reporter", "central",
                   "coast", "valley", "mountain", "river", "lake", "capital", "north", "south", "east", "west"}


def outlet_town(gaz: Any, domain_or_url: str | None) -> list[int]:
    """Places an outlet's domain is named after ("parispi.net": the Parises; "dallasnews.com": Dallas):
    the longest town name (5+ letters, 5,000+ people, or an admin unit) that begins the domain's name."""
    from presswatch.gazetteer.normalize import key as nkey

    if not domain_or_url:
        return []
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", domain_or_url.strip().lower()).split("/")[0].split(":")[0]
    parts = [x for x in host.split(".") if x not in ("www", "m", "news", "en")]
    if len(parts) < 2:
        return []
    label = re.sub(r"[^a-z]", "", parts[-3] if len(parts) > 2 and len(parts[-1]) == 2 and len(parts[-2]) <= 3
                   else parts[-2])
    for n in range(len(label), 4, -1):
        k = label[:n]
        if k in _MASTHEAD_WORDS:
            continue
        ids = [i for i in gaz.lookup_key(k) if nkey(gaz.canon[i]).replace(" ", "") == k
               and (gaz.population[i] >= 5000 or gaz.feature[i] in ("ADM1", "ADM2"))]
        if ids:
            return ids
    return []


def with_outlet(mentions: list[Mention], gaz: Any, outlet: str | None) -> list[Mention]:
    """``mentions`` and, when the outlet's domain names a town, one more mention for it (``ner`` "OUTLET",
    at the end of the text) that ranking uses as context for every mention and that is never reported."""
    ids = outlet_town(gaz, outlet)
    if not ids:
        return mentions
    end = max((m.end for m in mentions), default=0)
    return [*mentions, Mention(end, end, gaz.canon[ids[0]], ner="OUTLET",
                               cands=sorted(ids, key=lambda i: -gaz.population[i])[:MAX_CANDIDATES])]


def _country_index(gaz: Any, cc: str) -> int | None:
    idx = getattr(gaz, "_country_idx", None)
    if idx is None:
        idx = {gaz.country[i]: i for i in range(len(gaz)) if gaz.feature[i] == "PCLI"}
        gaz._country_idx = idx
    return idx.get(cc)


def _demonym_attrs(gaz: Any, cc: str, surface: str) -> dict[str, Any]:
    i = _country_index(gaz, cc)
    c = gaz.coords(i) if i is not None else None
    return {"country": cc, "text": surface, "place_id": gaz.ids[i] if i is not None else None,
            "lat": c[0] if c else None, "lon": c[1] if c else None}


def _attrs(gaz: Any, m: Mention, i: int | None, score: float) -> dict[str, Any]:
    if i is None:
        return {"place_id": None, "name": None, "lat": None, "lon": None, "country": None, "feature": None,
                "matched_name": m.text, "name_kind": None, "name_lang": None, "score": 0.0,
                "head": m.head, "source": m.ner or "gazetteer"}
    p = gaz.place(i)
    surface = m.text
    nm = gaz.matched_name(p, surface)
    return {
        "place_id": p.id, "name": p.name,
        "lat": None if p.lat is None or math.isnan(p.lat) else round(p.lat, 5),
        "lon": None if p.lon is None or math.isnan(p.lon) else round(p.lon, 5),
        "country": p.country or None, "admin1": p.admin1 or None, "feature": p.feature, "matched_name": nm.name,
        "name_kind": nm.kind,
        "name_lang": nm.lang, "name_valid_from": nm.valid_from, "name_valid_to": nm.valid_to,
        "score": score, "head": m.head, "source": m.ner or "gazetteer",
        **({"resolved_via": m.via} if m.via else {}), **({"stated_type": m.stated} if m.stated else {}),
        # the unit it lies in (curated `within`), and whether its point is that unit's ("coarse")
        **({"within": p.within, "coarse_point": p.coarse} if getattr(p, "within", None) else {}),
    }


# ------------------------------------------------------------------------------------ recognition

def candidates(gaz: Any, surface: str, demonyms: bool = False) -> list[int]:
    """Candidate place indices for ``surface``; with ``demonyms``, a demonym gives its country."""
    ids = gaz.lookup_ids(surface)
    if demonyms:
        cc = _demonym(gaz, surface)
        i = _country_index(gaz, cc) if cc else None
        if i is not None and i not in ids:
            ids = [i, *ids]
    if not ids:
        s = re.sub(r"^(?:the|The)\s+", "", surface)
        s = re.sub(r"['’]s$", "", s)
        if s != surface:
            ids = gaz.lookup_ids(s)
    if len(ids) > MAX_CANDIDATES:
        from presswatch.gazetteer.index import FEATURE_RANK

        ids = sorted(ids, key=lambda i: (FEATURE_RANK.get(gaz.feature[i], 9) > 4, -gaz.population[i]))
        ids = ids[:MAX_CANDIDATES]
    return ids


# fallback: forms tried, in order, for a mention none of whose names is in the gazetteer
_ABBR_WORDS = [(re.compile(r"\bSt\.?(?=\s)"), "Saint"), (re.compile(r"\bSte\.?(?=\s)"), "Sainte"),
               (re.compile(r"\bMt\.?(?=\s)"), "Mount"), (re.compile(r"\bFt\.?(?=\s)"), "Fort"),
               (re.compile(r"\bTwp\.?$"), "Township"), (re.compile(r"\bCo\.?$"), "County")]
# English shorthands for places that the gazetteer's names lack (surface without full stops, case-folded)
_SHORTHANDS = {"la": "Los Angeles", "nyc": "New York City", "dc": "Washington, D.C.", "nl": "Newfoundland and Labrador",
               "pei": "Prince Edward Island"}
_FALLBACK_IDS = {"Washington, D.C.": "gn:4140963", "New York City": "gn:5128581"}
# demonym and adjective endings -> endings of the place name ("Ossetian" -> "Ossetia", "Ohioan" -> "Ohio")
_DEMONYM_ENDINGS = [("ians", "ia"), ("ian", "ia"), ("ians", "io"), ("ian", "io"), ("ians", ""), ("ian", ""),
                    ("eans", "e"), ("ean", "e"), ("ans", "a"), ("an", "a"), ("ans", ""), ("an", ""),
                    ("ans", "as"), ("an", "as"), ("ers", ""), ("er", ""), ("ites", ""), ("ite", ""),
                    ("stanis", "stan"), ("stani", "stan"), ("ese", ""), ("ese", "a"), ("", "ia")]
_MODIFIERS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
              "northeast", "northwest", "southeast", "southwest", "upper", "lower", "greater", "downtown",
              "metro", "metropolitan", "inner", "outer"}
_PARTS_BEFORE = re.compile(r"^(?:the\s+)?(?:port|city|town|village|county|township|borough|province|state|"
                           r"republic|region|district|municipality)\s+of\s+", re.I)
_FEATURE_WORDS = {"river", "valley", "township", "twp", "province", "prefecture", "district", "county", "parish",
                  "region", "area", "park", "airport", "international", "harbor", "harbour", "bay", "island",
                  "islands", "square", "station", "creek", "falls", "heights", "national", "lakeshore",
                  "proving", "ground", "hospital", "university", "museum", "church", "cathedral", "gallery",
                  "art", "delta", "basin", "peninsula", "coast", "plains", "plateau", "mountains", "mountain",
                  "hills", "hill", "forest", "canal", "lake", "sea", "gulf", "stadium", "state", "metro",
                  "borough", "municipality", "governorate", "oblast", "raion", "rayon", "department"}


def fallback(gaz: Any, surface: str, _part: bool = False) -> tuple[list[int], str | None]:
    """Candidates for a mention that no name of the gazetteer matches, and the form that matched.

    Tried in order: spelt-out abbreviations ("St." -> "Saint", "Twp." -> "Township"); shorthands ("L.A.",
    "NYC", US and Canadian postal codes); the place a demonym or adjective derives from ("South Ossetian" ->
    "South Ossetia", "Ohioans" -> "Ohio", "Londoner" -> "London"); the text less leading modifiers and
    generic feature words ("Port of Los Angeles", "Southern California", "Neches River", "Akita
    Prefecture"). A place found this way is the nearest the gazetteer offers, not the feature itself
    (a river resolves to the town it is named after): the mention's ``resolved_via`` attribute says so.
    """
    s = re.sub(r"['’]s$", "", surface.strip())
    t = s
    for rx, full in _ABBR_WORDS:
        t = rx.sub(full, t)
    if t != s and (ids := candidates(gaz, t)):
        return ids, t
    bare = s.replace(".", "").replace(" ", "").casefold()
    full = _SHORTHANDS.get(bare)
    if full is None and len(bare) == 2 and s.isupper() and "." not in s:  # postal codes: "KY", not "M.D."
        from presswatch.gazetteer.index import CA_ABBREV, US_ABBREV

        code = bare.upper()
        ab = US_ABBREV.get(code) or CA_ABBREV.get(code)
        if ab and ab in gaz.abbrev:
            return [gaz.abbrev[ab]], ab
    if full is None:
        exact = s.replace(".", "").replace(" ", "")
        for ab, i in gaz.abbrev.items():
            ab_bare = ab.replace(".", "").replace(" ", "")
            # "Calif", "N.Y", "CALIF"; not "M.D." (a doctor) for "Md."
            if ab_bare == exact or (exact.isupper() and len(exact) > 2 and ab_bare.casefold() == bare):
                return [i], ab
    if full is not None:
        pid = _FALLBACK_IDS.get(full)
        i = gaz.index_of(pid) if pid else None
        ids = [i] if i is not None else candidates(gaz, full)
        if ids:
            return ids, full
    words = t.split()
    last = words[-1] if words else ""
    if last[:1].isupper() and last.isalpha() and not _part:
        for old, new in _DEMONYM_ENDINGS:
            if last.endswith(old) and len(last) - len(old) >= 3:
                form = " ".join([*words[:-1], last[: len(last) - len(old)] + new])
                if form.casefold() in _MODIFIERS or form.casefold() in _FEATURE_WORDS:
                    continue  # "Easter" is not someone from the East
                ids = [i for i in candidates(gaz, form) if gaz.feature[i] != "PPL" or gaz.population[i] >= 1000]
                if ids:
                    return ids, form
    core = _PARTS_BEFORE.sub("", t)
    ws = core.split()
    while ws and ws[0].casefold() in _MODIFIERS and len(ws) > 1:
        ws = ws[1:]
    while ws and ws[-1].casefold().rstrip(".") in _FEATURE_WORDS and len(ws) > 1:
        ws = ws[:-1]
    while ws and ws[0].casefold() in ("lake", "mount", "river") and len(ws) > 1:
        ws = ws[1:]
    form = " ".join(ws)
    if form and form != t and form[:1].isupper():
        ids = candidates(gaz, form)
        if not ids:
            ids, via = fallback(gaz, form, _part=True)
            return ids, via
        return ids, form
    return [], None


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper()


def _strong(gaz: Any, ids: list[int] | tuple[int, ...], min_pop: int) -> bool:
    for i in ids:
        if gaz.feature[i] in _STRONG_FEATURES or i in gaz.rich and gaz.rich[i].source.startswith("curated"):
            return True
        if gaz.ids[i] in _ENRICHED or gaz.population[i] >= min_pop:
            return True
    return False


_ENRICHED: set[str] = set()


def _vouched(gaz: Any, i: int, surface: str) -> bool:
    """Whether ``surface`` names place ``i`` on the curated layer's word: any place but a GeoNames one the layer
    qualifies, which it vouches for only by its main name and the names it gives it, not by GeoNames'
    by-names ("Tex", a by-name of Tegh in Syunik)."""
    if gaz.ids[i] not in _ENRICHED or (i in gaz.rich and gaz.rich[i].source.startswith("curated")):
        return True
    from presswatch.gazetteer.normalize import keys

    ks = set(keys(surface))
    return bool(ks & set(keys(gaz.canon[i])) or ks & _curated_names(gaz, i)[1])


def is_notable(gaz: Any, ids: Any) -> bool:
    """One of ``ids`` is a curated place, a country, an admin-1 unit or a town of 100,000 people or more: a word
    that names it is taken for it without other evidence (a search query)."""
    note_enriched(gaz)
    return _curated_any(gaz, ids) or _strong(gaz, ids, 100_000)


def country_names(gaz: Any, lang: str, *, short_forms: bool = True) -> dict[str, int]:
    """Names of countries in ``lang`` (pycountry's translations of ISO 3166-1: "Армения", "Azərbaycan") by lookup
    key -> the country's place index, cached on ``gaz``: GeoNames' alternate names leave most countries out in
    Russian, Armenian and Azerbaijani, and a transliterated key misses the English one. ``short_forms``: also the
    name before a comma or a bracket."""
    cache = getattr(gaz, "_countries_by_lang", None)
    if cache is None:
        cache = {}
        gaz._countries_by_lang = cache
    if (lang, short_forms) in cache:
        return cache[lang, short_forms]
    import gettext

    import pycountry

    from presswatch.gazetteer.normalize import key

    try:
        tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        tr = gettext.NullTranslations()
    got: dict[str, int] = {}
    for i in range(len(gaz)):
        if gaz.feature[i] != "PCLI":
            continue
        c = pycountry.countries.get(alpha_2=gaz.country[i])
        if c is None:
            continue
        for attr in ("name", "common_name", "official_name"):
            en = getattr(c, attr, None)
            local = tr.gettext(en) if en else None
            if local and local != en:
                got.setdefault(key(local), i)
                if short_forms:
                    got.setdefault(key(local.split(",")[0].split(" (")[0]), i)
    cache[lang, short_forms] = got
    return got


def note_enriched(gaz: Any) -> None:
    """Remember the GeoNames places the curated layer qualifies (they count as curated when accepting a match)."""
    if not _ENRICHED:
        _ENRICHED.update(p.id for p in gaz.rich.values() if p.basis)


def recognise(text: str, parsed: Any, gaz: Any, min_pop: int = 5000) -> tuple[list[Mention], list[tuple]]:
    """Place mentions and demonym spans ``(start, end, country)`` in ``text``."""
    note_enriched(gaz)
    toks = _route_ends([(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)], text, gaz)
    route_ends = {a for a, b, w in toks if text[a - 1 : a] == "-" or text[b : b + 1] == "-"}
    for (a1, b1, _w1), (a2, b2, w2) in zip(toks, toks[1:], strict=False):
        # "the Yeraskh–Sadarak section": two names an en dash joins before a route's or a section's word
        if text[b1:a2] in _END_DASHES and b1 < a2 and _is_cap(w2) and _ROUTE_AFTER.match(text, b2):
            route_ends |= {a1, a2}
    ents: dict[int, tuple[int, int, str]] = {}  # char -> (start, end, label)
    ent_list: list[tuple[int, int, str]] = []
    tagmap: dict[int, str] = {}
    if parsed is not None:
        for e in parsed.ents:
            ent_list.append((e.start_char, e.end_char, e.label_))
            for c in range(e.start_char, e.end_char):
                ents[c] = (e.start_char, e.end_char, e.label_)
        for t in parsed:
            tagmap[t.idx] = t.tag_
    from presswatch.gazetteer.normalize import key

    ent_keys = {key(text[es:ee].removeprefix("the ").removeprefix("The ")) for es, ee, lab in ent_list
                if lab in ("GPE", "LOC", "FAC")}
    # a name the text itself says is a settlement ("the village of Sotk", "Sotk, a village in ...") counts as a
    # name called a place elsewhere in the text, as spaCy's place entities do
    ent_keys |= _stated_settlements(text, gaz)
    surnames = {key(text[es:ee].split()[-1]) for es, ee, lab in ent_list
                if lab == "PERSON" and " " in text[es:ee].strip()}
    datelines = _dateline_spans(text)
    mentions: list[Mention] = []
    demonyms: list[tuple] = []
    taken = bytearray(len(text) + 1)
    n = len(toks)
    i = 0
    while i < n:
        a, b, w = toks[i]
        if not _is_cap(w):
            i += 1
            continue
        found = None
        for k in (2, 1):  # abbreviations with their full stops ("Ky.", "W. Va.")
            if i + k <= n and text[toks[i + k - 1][1]:toks[i + k - 1][1] + 1] == ".":
                ab = text[a:toks[i + k - 1][1] + 1]
                if ab in gaz.abbrev:
                    found = (k, toks[i + k - 1][1] + 1, [gaz.abbrev[ab]])
                    break
        for k in range(min(gaz_max_words(), n - i), 0, -1) if found is None else ():
            end = toks[i + k - 1][1]
            # a name whose last word the gazetteer writes in lower case ("Hakari bridge") is matched only as the
            # gazetteer writes it, after capitalised words
            lower_tail = k > 1 and not _is_cap(toks[i + k - 1][2]) and \
                toks[i + k - 1][2].lower() not in GENERIC_HEADS
            if lower_tail and (toks[i + k - 1][2] not in _LOWER_TAILS
                               or not all(_is_cap(t[2]) for t in toks[i:i + k - 1])):
                continue
            phrase = text[a:end]
            if "\n" in phrase:
                continue
            if k > 1 and all(t[2] in _DETERMINERS or t[2].lower() in GENERIC_HEADS for t in toks[i:i + k]):
                continue  # "The city", "This county"
            # a word token keeps its apostrophe ("Azerbaijan's"): the possessive is looked up without it
            ids = gaz.lookup_ids(phrase) or (gaz.lookup_ids(phrase[:-2]) if phrase.endswith(("'s", "’s")) else [])
            if ids and lower_tail:
                ids = [j for j in ids if gaz.has_exact_name(j, phrase)]
            if ids:
                if phrase.endswith(("'s", "’s")):
                    end -= 2  # "Canada's": the possessive is not part of the name
                elif phrase.endswith(("'", "’")):
                    end -= 1  # a closing quote mark ('Nagorno-Karabakh'), or the plural possessive
                elif "." in toks[i + k - 1][2] and text[end:end + 1] == ".":
                    end += 1  # "U.S.", "D.C.": the abbreviation's last full stop
                found = (k, end, ids)
                break
        # demonym ("Azerbaijani", "Armenian-populated") unless a longer place name starts here
        dk = _demonym(gaz, w)
        if dk and (found is None or found[0] == 1):
            demonyms.append((a, b, dk))
            i += 1
            continue
        if found is None:
            i += 1
            continue
        k, end, ids = found
        ent = ents.get(a)
        accept = True
        label = None
        if ent is not None:
            es, ee, lab = ent
            label = lab
            inside = es < a and not _prefix_ok(text[es:a]) or ee > end and not _head_only(text[end:ee])
            if lab in ("GPE", "LOC", "FAC"):
                # a word inside a longer place name ("Shamrock Street", "Van Dorn Street") is not a place
                # of its own: the whole entity is taken below
                accept = not inside or _curated_any(gaz, ids)
            elif inside and lab == "ORG" and (es == a or _prefix_ok(text[es:a])) and ee > end and \
                    not text[end:ee].startswith(" of "):
                # a place that opens an organisation's name ("Gainesville Police", "U.S. Census"; not the head
                # noun of one: "the Union of Artsakh Mothers") is named, by a name of its own: not by another
                # language's spelling of a foreign town ("the Human Rights Defender": "Human" for Uman)
                accept = _big_place(gaz, [j for j in ids if _own_name(gaz, j, text[a:end])], 50_000) \
                    or key(text[a:end]) in ent_keys
            elif inside and lab == "ORG" and _OF_BEFORE.search(text, es, a) and _closes(text[end:ee]):
                # a country that closes an organisation's name ("the Ministry of Defence of Azerbaijan", "the Armed
                # Forces of the Republic of Armenia") is named; by its main name only, not by a by-name that is a
                # brand's ("Bank of America")
                accept = any(gaz.feature[j] in ("PCLI", "PCLS") and _main_name(gaz, j, text[a:end]) for j in ids)
            elif inside and lab == "PERSON" and es == a and _institution_follows(text[end:ee]):
                # spaCy's person for an office a place opens ("the Artsakh Ombudsman's office")
                accept = _big_place(gaz, ids, 50_000) or key(text[a:end]) in ent_keys
            elif inside and es == a and _demonym_follows(gaz, text[end:ee]) and text[a:end].lower() not in _DIRECTIONS:
                # a place that qualifies a people spaCy takes for a person or a group ("Karabakh Armenian
                # officials", "the Gaza Palestinians") is named; a compass word is part of the people's name
                # ("North American", "Northern Irish")
                accept = _big_place(gaz, ids, 50_000)
            elif inside:
                # part of a larger non-place name ("George Washington", "Georgia Tech")
                accept = _curated_any(gaz, ids) and lab not in ("PERSON",)
            elif lab == "PERSON":
                # spaCy's small model often calls a town a person ("Gainesville officials"); not a surname
                # the text gives in full elsewhere ("Brown" after "John Brown")
                accept = (_big_place(gaz, ids, 100_000) or key(text[a:end]) in ent_keys) and \
                    key(text[a:end]) not in surnames
            else:
                accept = _strong(gaz, ids, 10**9) if lab in ("PERSON", "ORG", "NORP") else _strong(gaz, ids, 50_000)
                accept = accept or key(text[a:end]) in ent_keys
        else:
            tag = tagmap.get(a)
            sentence_start = a == 0 or text[max(0, a - 2):a].strip() in (".", "!", "?", "\"", "“") or \
                text[a - 1:a] == "\n"
            # a dateline in capitals opening a line ("BAKU, June 16 (Agency) -", "BAKU/YEREVAN, May 16 (Agency)
            # -"): spaCy tags such words NN
            dateline = w.isupper() and len(w) > 3 and any(da <= a and end <= db for da, db in datelines)
            if dateline:
                accept = _strong(gaz, ids, min_pop)
            elif k == 1 and tag is not None and tag not in ("NNP", "NNPS"):
                # a capitalised word spaCy tags as a common noun or adjective ("Reading", "Mobile") is not a place,
                # unless it is, letter for letter, a name the curated layer gives a place ("the Khojavend
                # direction", a headline's "Lachin checkpoint closed")
                accept = any(w in _curated_names(gaz, j)[0] for j in ids)
            elif k == 1 and parsed is not None:
                # one word that spaCy did not call a place: only countries, admin-1 units, capitals and
                # curated places, a dateline in capitals ("COLUMBUS, Ohio"), "X, <state or country>", or a
                # name that spaCy calls a place elsewhere in the text
                vouched = [j for j in ids if _vouched(gaz, j, w)]
                accept = _strong(gaz, vouched, 10**9) or any(gaz.feature[j] == "PPLC" for j in ids) or \
                    key(text[a:end]) in ent_keys or \
                    (w.isupper() and len(w) > 3 and _strong(gaz, ids, min_pop)) or \
                    (_followed_by_unit(text, end, gaz) and _strong(gaz, ids, 1000))
            elif sentence_start and k == 1:
                accept = _strong(gaz, ids, 100_000)
            else:
                accept = _strong(gaz, ids, min_pop)
        if accept and _STREET_AFTER.match(text, end) and not _curated_any(gaz, ids):
            accept = False  # "France Square", "Baghramyan Avenue": a street named after a place, not the place
        if not accept and k == 1 and a in route_ends:
            # an end of a route the text names by its ends ("the Baku-Tbilisi road", "the Yeraskh–Sadarak section")
            accept = _strong(gaz, ids, 500)
        if accept and _TIME_ZONE.match(text, end) and _CLOCK_BEFORE.search(text, max(0, a - 16), a):
            accept = False  # "at 18:30 Moscow time": a time zone, not a place of the text
        if accept and k == 1 and _compass_word(w, text[end : end + 2]):
            accept = False
        if accept:
            head = None
            if i + k < n:
                nxt = toks[i + k]
                if nxt[2].lower() in GENERIC_HEADS and text[end:nxt[0]] == " " and \
                        (nxt[2].lower() not in _WEAK_HEADS or gaz.lookup_ids(text[a:nxt[1]])):
                    head = nxt[2]
                    end = nxt[1]
                    k += 1
            last = toks[i + k - 1]
            if head is None and last[2].lower() in GENERIC_HEADS and k > 1:
                head = last[2]
            m = Mention(a, end, text[a:end], head, label)
            m.cands = candidates(gaz, text[a:end]) or candidates(gaz, text[a:toks[i + k - 2][1]]) \
                if head else candidates(gaz, text[a:end])
            mentions.append(m)
            for c in range(a, end):
                taken[c] = 1
            i += k
        else:
            i += 1
    # spaCy place entities the matcher did not cover
    for es, ee, lab in ent_list:
        if lab not in ("GPE", "LOC", "FAC") or any(taken[es:ee]):
            continue
        surface = text[es:ee]
        if surface.lower().startswith("the "):
            es += 4
            surface = text[es:ee]
        if _demonym(gaz, surface) or _compass_word(surface, text[ee : ee + 2]):
            continue
        if _TIME_ZONE.match(text, ee) and _CLOCK_BEFORE.search(text, max(0, es - 16), es):
            continue  # "at 9 pm Moscow time"
        if _STREET_END.search(surface) and not gaz.lookup_ids(surface):
            continue  # "France Square", "Freedom Square": a street or a square, which the gazetteer does not hold
        m = Mention(es, ee, surface, None, lab)
        m.cands = candidates(gaz, surface)
        if not m.cands and lab in FALLBACK_ENTITIES:
            if surface.endswith(("'s", "’s")):
                ee -= 2
                m = Mention(es, ee, text[es:ee], None, lab)
            m.cands, m.via = fallback(gaz, m.text)
        if m.cands:  # an entity no gazetteer name matches is mostly a street, a building or a person
            mentions.append(m)
    mentions.sort(key=lambda m: m.start)
    return mentions, demonyms


# a capitalised word for a street or a square after a name: the name of a street, not a place of the text
_STREET_WORDS = r"(?:Square|Street|Avenue|Boulevard|Prospect|Lane|Embankment|Park|Stadium|Hotel|Arena|Hall)"
_STREET_AFTER = re.compile(r" " + _STREET_WORDS + r"\b")
_STREET_END = re.compile(r"\s" + _STREET_WORDS + r"$")
# "18:30 Moscow time", "at 9 pm Baku time": a clock time's zone
_TIME_ZONE = re.compile(r" time\b")
_CLOCK_BEFORE = re.compile(r"(?:\d{1,2}[:.]\d{2}|\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)|hours)\s*(?:\(\s*)?$", re.I)
# "the Aghdam-Askeran road", "the Stepanakert-Goris highway": a route named after the places it joins; "the
# Yeraskh–Sadarak section" (of a border), a stretch of a front or a border named after the places at its ends
_ROUTE_AFTER = re.compile(r"[ -](?:road|highway|motorway|route|railway|railroad|pipeline|section|sector|stretch)s?\b",
                          re.I)
# the dash between the two ends when it is not part of a word ("Yeraskh–Sadarak")
_END_DASHES = "–—"


def _route_ends(toks: list[tuple[int, int, str]], text: str, gaz: Any) -> list[tuple[int, int, str]]:
    """Split a hyphenated word that names a route by its ends ("Aghdam-Askeran road") into the two names, when the
    gazetteer knows the hyphenated word as no name of its own and each end as one ("Nagorno-Karabakh" stays)."""
    out: list[tuple[int, int, str]] = []
    for a, b, w in toks:
        parts = w.split("-")
        if len(parts) in (2, 3) and all(_is_cap(x) for x in parts) and _ROUTE_AFTER.match(text, b) \
                and not gaz.lookup_ids(w) and all(gaz.lookup_ids(x) for x in parts):
            at = a
            for x in parts:
                out.append((at, at + len(x), x))
                at += len(x) + 1
            continue
        out.append((a, b, w))
    return out


# "X, a village in ...", "the (border) village of X", "X village": the text says X is a settlement
_SETTLEMENT_WORDS = r"(?:village|town|hamlet|settlement|township)"
_NAME = r"([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)"
_STATED_SETTLEMENT = [
    re.compile(r"\b" + _SETTLEMENT_WORDS + r"s? of " + _NAME),
    re.compile(_NAME + r", (?:a|an|the) (?:[a-z-]+ ){0,2}" + _SETTLEMENT_WORDS + r"\b"),
    re.compile(_NAME + r" " + _SETTLEMENT_WORDS + r"\b"),
    # "the Sotk area", "from the Vardenis direction": a name with a generic head after it that says no kind of place
    # (a "district" or a "region" would steer resolution to an administrative unit the gazetteer may lack: "the
    # Lancaster district")
    re.compile(r"\bthe " + _NAME + r" (?:area|direction)\b"),
]
_HEADED = _STATED_SETTLEMENT[-1]
# a line that opens with place names in capitals and a comma: a wire dateline ("BAKU/YEREVAN, May 16 (Agency) -")
# or a dash ("BAKU - The week began ...", "YEREVAN — ")
_DATELINE = re.compile(r"^[A-Z][A-Z'’.-]+(?:[ /][A-Z][A-Z'’.-]+)*(?=, | [-–—] )", re.M)
# ... of (the Republic of) X": a name that closes an organisation's name after "of"
_OF_BEFORE = re.compile(r"\bof (?:the )?$")
_INSTITUTIONS = {"ombudsman", "ministry", "government", "army", "police", "parliament", "president", "defence",
                 "defense", "emergency", "service", "council", "office", "authorities", "officials", "forces",
                 "guard", "guards", "court", "assembly", "embassy", "committee", "agency", "administration",
                 "security", "interior", "foreign", "prosecutor", "commission", "mayor", "governor", "cabinet"}


# generic words that end a name in lower case ("Hakari bridge", "Sarsang reservoir", "Lachin road")
_LOWER_TAILS = _FEATURE_WORDS | {"bridge", "road", "highway", "pass", "checkpoint", "crossing", "dam", "reservoir",
                                 "border", "gorge", "river", "canal", "port", "airport", "base", "camp", "square"}


def _stated_settlements(text: str, gaz: Any) -> set[str]:
    """Keys of the names ``text`` says are settlements ("the village of Sotk", "Sotk, a village in Armenia's
    Gegharkunik province", "Pirlar village") or names with a generic head ("the Sotk area") and that name a
    populated place in the gazetteer."""
    from presswatch.gazetteer.normalize import key

    out: set[str] = set()
    for rx in _STATED_SETTLEMENT:
        for mt in rx.finditer(text):
            name = mt.group(1)
            if name.split(" ")[0] in _DETERMINERS:
                continue
            # "In Sotk, a village ...": the last word alone, when the pattern took a word before the name
            for form in (name, name.split(" ")[-1]) if " " in name and rx is not _HEADED else (name,):
                if any(gaz.feature[j].startswith("PPL") for j in gaz.lookup_ids(form)):
                    out.add(key(form))
                    break
    return out


def _dateline_spans(text: str) -> list[tuple[int, int]]:
    return [mt.span() for mt in _DATELINE.finditer(text)]


def _main_name(gaz: Any, i: int, surface: str) -> bool:
    """``surface`` is place ``i``'s main name, or a long form that ends with it ("Republic of Armenia")."""
    return surface == gaz.canon[i] or surface.endswith(" of " + gaz.canon[i])


def _compass_word(surface: str, after: str) -> bool:
    """A compass word alone before a common noun ("the North sector", "East of X"): a direction, no place."""
    return surface.lower() in _DIRECTIONS and re.match(r" [a-z]", after) is not None


def _closes(rest: str) -> bool:
    """What follows a match inside an entity is nothing but space or a possessive."""
    return rest.strip() in ("", "'s", "’s")


def _institution_follows(rest: str) -> bool:
    words = rest.strip().split()
    return bool(words) and re.sub(r"['’]s$", "", words[0]).lower() in _INSTITUTIONS


_DETERMINERS = {"The", "A", "An", "This", "That", "THE", "Our", "Its", "Their", "Every", "Each"}
_UNIT_AFTER = re.compile(r",\s*([A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)")


# heads kept in the mention only when the whole is a gazetteer name ("U.S. county", "Georgia state line")
_WEAK_HEADS = {"state", "county", "city", "area", "town", "village"}
_DIRECTIONS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "central",
               "northern", "southern", "eastern", "western", "upstate", "downstate", "the", "greater", "metro",
               "rural", "coastal", "inner"}


def _prefix_ok(prefix: str) -> bool:
    """What precedes a match inside an entity is only an article or a direction ("Northeast Georgia")."""
    words = prefix.replace("-", " ").lower().split()
    return all(w in _DIRECTIONS for w in words)


def _head_only(rest: str) -> bool:
    """What follows a match inside an entity is only a generic head or a possessive ("'s region")."""
    rest = rest.strip().lower()
    return not rest or rest in GENERIC_HEADS or rest in ("'s", "’s")


def _followed_by_unit(text: str, end: int, gaz: Any) -> bool:
    """``text[end:]`` reads ", <admin-1 unit or country>" ("Fargo, N.D.", "Tbilisi, Georgia")."""
    mt = _UNIT_AFTER.match(text, end, end + 40)
    if mt is None:
        return False
    for cand in (mt.group(1), mt.group(1).split()[0]):
        for j in gaz.lookup_ids(cand):
            if gaz.feature[j] in ("ADM1", "PCLI", "PCLS"):
                return True
    return False


def _big_place(gaz: Any, ids: Any, min_pop: int) -> bool:
    """A country, admin-1 unit, capital or curated place, or a town of ``min_pop`` people or more (admin-2
    units, whose population is the sum of their towns, do not count)."""
    for i in ids:
        f = gaz.feature[i]
        if f in ("PCLI", "PCLS", "ADM1", "PPLC", "CONT") or f.startswith("PPL") and gaz.population[i] >= min_pop:
            return True
    return _curated_any(gaz, ids)


def _own_name(gaz: Any, i: int, surface: str) -> bool:
    """``surface`` names place ``i`` as its own: ``i`` is a country, an admin-1 unit or a capital (any of their
    names and abbreviations: "U.S."), a town of an English-speaking country (its English by-names: "Centerville"),
    or ``surface`` is the town's main name (up to case, diacritics and "St."/"Mt.": "St. Paul" for Saint Paul) or a
    name the curated layer gives it; not another language's spelling of a foreign town ("Human" for Uman)."""
    from presswatch.gazetteer.normalize import keys

    if not gaz.feature[i].startswith("PPL") or gaz.feature[i] == "PPLC" or gaz.country[i] in _ENGLISH_COUNTRIES:
        return True
    full = surface
    for rx, word in _ABBR_WORDS:
        full = rx.sub(word, full)
    if set(keys(surface)) & set(keys(gaz.canon[i])) or set(keys(full)) & set(keys(gaz.canon[i])):
        return True
    p = gaz.rich.get(i)
    return p is not None and any(n.source.startswith("curated") and set(keys(n.name)) & set(keys(surface))
                                 for n in p.names)


# countries whose towns' GeoNames by-names are English forms, as an English text writes them
_ENGLISH_COUNTRIES = {"US", "GB", "CA", "AU", "NZ", "IE"}


def _demonym_follows(gaz: Any, rest: str) -> bool:
    """What follows a match inside an entity opens with a demonym ("Karabakh Armenian officials")."""
    words = rest.split()
    return bool(words) and rest[:1].isspace() and _demonym(gaz, words[0]) is not None


def _curated_any(gaz: Any, ids: Any) -> bool:
    return any(i in gaz.rich and gaz.rich[i].source.startswith("curated") or gaz.ids[i] in _ENRICHED
               for i in ids)


def _demonym(gaz: Any, word: str) -> str | None:
    from presswatch.gazetteer.normalize import key

    k = key(word)
    if k in gaz.demonyms:
        return gaz.demonyms[k]
    if "-" in word:
        first = key(word.split("-")[0])
        if first in gaz.demonyms and word.split("-")[1][:1].islower():
            return gaz.demonyms[first]
    return None


_max_words = 6


def gaz_max_words() -> int:
    return _max_words


# ------------------------------------------------------------------------------------ features

def features(text: str, mentions: list[Mention], gaz: Any, home: str | None = None,
             prev: list[int | None] | None = None) -> list[list[list[float]]]:
    """Feature vectors (in :data:`FEATURES` order) for each candidate of each mention.

    ``prev``: a first pass' choice for each mention; with it, coherence is measured against the chosen
    points of the other mentions and the ``ctx_*`` features count the other mentions (not those with the
    same name) whose choice lies in the candidate's admin-1 unit or country."""
    from presswatch.gazetteer.index import haversine_km
    from presswatch.gazetteer.normalize import key as nkey

    # context: countries and admin-1 units that unambiguous-ish mentions name
    doc_countries: dict[str, int] = {}
    doc_admin1: dict[tuple[str, str], int] = {}
    for m in mentions:
        for i in m.cands:
            f = gaz.feature[i]
            if f in ("PCLI", "PCLS"):
                doc_countries[gaz.country[i]] = doc_countries.get(gaz.country[i], 0) + 1
            elif f == "ADM1":
                kk = (gaz.country[i], gaz.admin1[i])
                doc_admin1[kk] = doc_admin1.get(kk, 0) + 1
    # first-pass points: the most populous candidate of each mention (for coherence), or the first pass' choice
    firsts: list[tuple[float, float] | None] = []
    keys_m = [nkey(m.text) for m in mentions]
    ctx_a1: dict[tuple[str, str], dict[str, int]] = {}
    ctx_cc: dict[str, dict[str, int]] = {}
    if prev is not None:
        for k, i in zip(keys_m, prev, strict=True):
            if i is None:
                continue
            f = gaz.feature[i]
            if f in ("CONT",):
                continue
            cc = gaz.country[i]
            ctx_cc.setdefault(cc, {})
            ctx_cc[cc][k] = ctx_cc[cc].get(k, 0) + 1
            if f not in ("PCLI", "PCLS") and gaz.admin1[i]:
                a1 = (cc, gaz.admin1[i])
                ctx_a1.setdefault(a1, {})
                ctx_a1[a1][k] = ctx_a1[a1].get(k, 0) + 1
    if prev is not None:
        firsts = [gaz.coords(i) if i is not None else None for i in prev]
    else:
        for m in mentions:
            best = None
            bp = -1
            for i in m.cands:
                c = gaz.coords(i)
                if c is not None and gaz.population[i] > bp:
                    best, bp = c, gaz.population[i]
            firsts.append(best)
    a1_tot = {k: sum(v.values()) for k, v in ctx_a1.items()}
    cc_tot = {k: sum(v.values()) for k, v in ctx_cc.items()}
    # "X, Y" pattern: mention followed by ", " and another mention
    nxt: dict[int, Mention] = {}
    for a, b in zip(mentions, mentions[1:], strict=False):
        if text[a.end:b.start] in (", ", ",", " , "):
            nxt[id(a)] = b
    outlet_j = [j for j, m in enumerate(mentions) if m.ner == "OUTLET"]
    adjacent = _adjacent(mentions, keys_m, prev, gaz, firsts)
    out: list[list[list[float]]] = []
    # a window of neighbours bounds the coherence work (no quadratic blow-up on 10,000 mentions)
    for mi, m in enumerate(mentions):
        fs: list[list[float]] = []
        if not m.cands:
            out.append(fs)
            continue
        pops = [gaz.population[i] for i in m.cands]
        maxpop = max(pops)
        pop_sum = sum(pops)
        mk = keys_m[mi]
        dem_cc = _demonym(gaz, m.text)
        follow = nxt.get(id(m))
        follow_units: set[tuple[str, str]] = set()
        follow_cc: set[str] = set()
        if follow is not None:
            for j in follow.cands:
                if gaz.feature[j] == "ADM1":
                    follow_units.add((gaz.country[j], gaz.admin1[j]))
                elif gaz.feature[j] in ("PCLI", "PCLS"):
                    follow_cc.add(gaz.country[j])
        window = range(max(0, mi - 10), min(len(mentions), mi + 11))
        neigh = [firsts[j] for j in (*window, *(j for j in outlet_j if j not in window))
                 if j != mi and firsts[j] is not None and keys_m[j] != mk]
        for i, pop in zip(m.cands, pops, strict=True):
            f = gaz.feature[i]
            cc = gaz.country[i]
            c = gaz.coords(i)
            curated = _curated_names(gaz, i)
            if c is not None and neigh:
                ds = sorted(haversine_km(c[0], c[1], p[0], p[1]) for p in neigh)
                coh = 1.0 - min(1.0, math.log1p(ds[len(ds) // 2]) / 9.0)
                near = sum(d <= 150.0 for d in ds) / len(ds)
            else:
                coh = near = 0.0
            own_country = f in ("PCLI", "PCLS")
            fs.append([
                1.0,
                math.log10(pop + 1) / 7.0,
                1.0 if pop == maxpop else 0.0,
                1.0 if own_country else 0.0,
                1.0 if f == "ADM1" else 0.0,
                1.0 if f == "ADM2" else 0.0,
                1.0 if f.startswith("PPL") else 0.0,
                1.0 if f == "PPLC" else 0.0,
                1.0 if i in gaz.rich and gaz.rich[i].source.startswith("curated") or gaz.ids[i] in _ENRICHED
                else 0.0,
                1.0 if f == "CONT" else 0.0,
                1.0 if gaz.canon[i] == m.text or m.text in curated[0] else 0.0,
                1.0 if nkey(gaz.canon[i]) == mk or mk in curated[1] else 0.0,
                math.log(len(m.cands)) / 4.0,
                0.0 if own_country else min(1.0, doc_countries.get(cc, 0) / 2.0),
                0.0 if f == "ADM1" else min(1.0, doc_admin1.get((cc, gaz.admin1[i]), 0) / 2.0),
                1.0 if (cc, gaz.admin1[i]) in follow_units or (not own_country and cc in follow_cc) else 0.0,
                coh,
                1.0 if own_country and len(doc_countries) > 0 else 0.0,
                1.0 if c is None else 0.0,
                1.0 if gaz.has_exact_name(i, m.text) else 0.0,
                1.0 if own_country and dem_cc == cc else 0.0,
                _ctx(ctx_a1, a1_tot, (cc, gaz.admin1[i]), mk) if not own_country and gaz.admin1[i] else 0.0,
                _ctx(ctx_cc, cc_tot, cc, mk) if cc else 0.0,
                1.0 if home is not None and cc == home else 0.0,
                near,
                pop / pop_sum if pop_sum else 0.0,
                _agree_share(gaz, i, c, adjacent[mi]),
            ])
        out.append(fs)
    return out


# the mentions next to a mention in the text (the nearest other name before it and after it, no further than
# ADJ_CHARS characters away) and how near a candidate must lie to one of them to agree with it (a district's
# reach: two namesakes a country apart differ, two in one valley do not)
ADJ_CHARS = 300
ADJ_KM = 100.0
_CODE_UNITS = {"PCLI", "ADM1"}  # units that hold places by GeoNames' codes (their point says little)


def _adjacent(mentions: list[Mention], keys_m: list[str], prev: list[int | None] | None, gaz: Any,
              firsts: list[tuple[float, float] | None]) -> list[list[tuple[int, tuple[float, float] | None]]]:
    """For each mention, its neighbours in the text: the nearest mention before it and the nearest after it
    that has another name and a place (the first pass' choice, or before it the most populous candidate), as
    (place index, point). Mentions that are not in the text (the outlet's town, a headline's body
    context) have none and are none."""
    order = sorted((j for j, m in enumerate(mentions) if m.ner not in ("OUTLET", "CONTEXT")),
                   key=lambda j: mentions[j].start)
    out: list[list[tuple[int, tuple[float, float] | None]]] = [[] for _ in mentions]

    def place(j: int) -> tuple[int, tuple[float, float] | None] | None:
        if prev is not None:
            i = prev[j]
        else:  # before the first pass: the most populous candidate, as coherence takes it
            i = max(mentions[j].cands, key=lambda c: gaz.population[c]) if mentions[j].cands else None
        return None if i is None or gaz.feature[i] == "CONT" else (i, firsts[j])

    for pos, j in enumerate(order):
        m = mentions[j]
        for step in (-1, 1):
            q = pos + step
            while 0 <= q < len(order):
                o = mentions[order[q]]
                gap = m.start - o.end if step < 0 else o.start - m.end
                if gap > ADJ_CHARS:
                    break
                if keys_m[order[q]] != keys_m[j] and (got := place(order[q])) is not None:
                    out[j].append(got)
                    break
                q += step
    return out


def _agree_share(gaz: Any, i: int, c: tuple[float, float] | None,
                 adjacent: list[tuple[int, tuple[float, float] | None]]) -> float:
    """The share of a mention's neighbours in the text (:func:`_adjacent`) that candidate ``i`` (point ``c``)
    agrees with: where either is a country or an admin-1 unit, one holds the other by GeoNames' codes; else both
    points lie within :data:`ADJ_KM` of each other (an unrecognised state such as Artsakh counts by its point).
    A name shared by two places goes to the one beside the places named next to it, even where the document
    names the other namesake's country or towns further off."""
    if not adjacent:
        return 0.0
    from presswatch.gazetteer.index import haversine_km

    agree = 0
    for j, p in adjacent:
        if gaz.feature[j] in _CODE_UNITS or gaz.feature[i] in _CODE_UNITS:
            agree += i == j or _holds(gaz, j, i) or _holds(gaz, i, j)
        elif c is not None and p is not None:
            agree += haversine_km(c[0], c[1], p[0], p[1]) <= ADJ_KM
    return agree / len(adjacent)


def _holds(gaz: Any, outer: int, inner: int) -> bool:
    """``outer`` is a country or an admin-1 unit and ``inner`` lies in it (by GeoNames' codes)."""
    f = gaz.feature[outer]
    if f == "PCLI":
        return outer != inner and gaz.country[inner] == gaz.country[outer]
    if f == "ADM1":
        return (outer != inner and gaz.country[inner] == gaz.country[outer] and bool(gaz.admin1[outer])
                and gaz.admin1[inner] == gaz.admin1[outer])
    return False


_NO_NAMES: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())


def _curated_names(gaz: Any, i: int) -> tuple[frozenset[str], frozenset[str]]:
    """The names (and their keys) the curated layer gives place ``i`` as current usage (official, alternate
    or exonym): they count as much as GeoNames' main name."""
    p = gaz.rich.get(i)
    if p is None:
        return _NO_NAMES
    cache = getattr(gaz, "_curated_names", None)
    if cache is None:
        cache = gaz._curated_names = {}
    got = cache.get(i)
    if got is None:
        from presswatch.gazetteer.normalize import keys

        names = [n.name for n in p.names if n.source.startswith("curated")
                 and n.kind in ("official", "alternate", "exonym")]
        got = cache[i] = (frozenset(names), frozenset(k for n in names for k in keys(n)))
    return got


def _ctx(counts: dict[Any, dict[str, int]], totals: dict[Any, int], where: Any, own: str) -> float:
    """How many other mentions (not those with this one's name) the first pass put in ``where``, 0..1."""
    c = counts.get(where)
    if not c:
        return 0.0
    return min(1.0, (totals[where] - c.get(own, 0)) / 3.0)


def window_ents(ent_at: dict[int, Any], a: int, b: int) -> list[Any]:
    """The entities (of any parser: spaCy, slovnet, the Armenian model) whose ``ent_at`` character map overlaps
    ``[a, b)``, once each; used by the Russian and the Azerbaijani/Armenian recognisers."""
    seen: dict[int, Any] = {}
    for c in range(a, b):
        e = ent_at.get(c)
        if e is not None:
            seen[id(e)] = e
    return list(seen.values())
