"""Incidents: what happened, where, when, to whom and by whose account, as one ``INCIDENT`` span each.

A sentence states an incident when it holds a trigger of one of presswatch's incident types
(:mod:`.taxonomy`) and does not say that nothing happened ("no violations were recorded"), ask a question,
or speak of what might happen ("could lead to clashes"); in English, an ambiguous trigger ("agreement", "lockdown")
in a sentence the incident detector reads as no report of an event does not count (:func:`vetoed`). Sentences
that continue one incident (the same type family, no other place, no other date) are merged into it, so an
article that tells one exchange of fire in four sentences yields one incident with four ``mentions``. A sentence
naming several specific places yields one incident per place. The list of other stories at the foot of a page is
not read.

Attributes, each pointing at its own words where the text has them:
``type``, ``acled_event_type``, ``acled_sub_event_type``, ``trigger``; ``places`` (from the places
analyzer: id, canonical name, the name used, its span); ``date`` (ISO), ``date_from`` (explicit, relative,
document), ``date_span``; ``date_range`` [first, last] (ISO) and ``date_range_span`` when the text
states a period but no day ("this week", "last month", "over the past few days"; ``date`` is then the
publication date, as before); ``actors``; ``counts`` and ``count_spans``; ``attribution`` (the sourcing
analyzer's SOURCE that reports it, or ``own_voice``); ``stance`` (``asserts``, ``reports_claim``,
``denies`` when the document's own voice refutes it, ``reports_denial`` when it relays another party's
denial; ``questions``: the sentence casts doubt on it without refuting it, "questioned whether ...", "could not be
independently verified") and ``mentions``.

The analyzer needs the ``places`` and ``sourcing`` spans (it runs after them in the default order); alone,
it still finds incidents, without places or attribution. Language-specific words live in one module per
language (``lang_en``, ``lang_ru``); a language without one is skipped, never guessed.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from types import ModuleType
from typing import Any

from presswatch.analyzers.incidents.dates import DateMention, DateRange, find_dates, find_ranges, publication_date
from presswatch.analyzers.incidents.model import (
    TypeModel,
    combine,
    detector,
    found_by_models,
    incident_probability,
    may_change,
    shipped,
)
from presswatch.analyzers.incidents.taxonomy import PROTESTS, TYPES, acled_of, family, same_family
from presswatch.gazetteer.index import haversine_km
from presswatch.model import Document, Span
from presswatch.nlp.literals import Gate, fold, may_match
from presswatch.nlp.sentences import split_sentences

LEXICONS = {"en": "presswatch.analyzers.incidents.lang_en", "ru": "presswatch.analyzers.incidents.lang_ru",
            "az": "presswatch.analyzers.incidents.lang_az", "hy": "presswatch.analyzers.incidents.lang_hy"}
# place features too broad to say where an incident happened when a more specific place is named
BROAD_FEATURES = {"RGN", "PCLS", "PCLI", "PCLD", "PCLIX", "ADM1", "CONT", "TERR", "AREA", "ZN"}
_lexicons: dict[str, ModuleType] = {}
# the languages the learned type classifier was trained on (``models/incident-types``)
MODEL_LANGUAGES = frozenset({"en"})


def lexicon(lang: str) -> ModuleType | None:
    """The word lists of ``lang``, or None when presswatch has none for it."""
    if lang not in LEXICONS:
        return None
    if lang not in _lexicons:
        _lexicons[lang] = importlib.import_module(LEXICONS[lang])
    return _lexicons[lang]


# a denial in the document's own voice, or another party's denial that it relays
DENIAL_STANCES = frozenset({"denies", "reports_denial"})


@dataclass(slots=True)
class Found:
    """One incident while it is being assembled from its sentences."""

    start: int
    end: int
    type: str
    trigger: tuple[int, int]
    paragraph: int
    places: list[dict[str, Any]] = field(default_factory=list)
    date: str | None = None
    date_from: str = "document"
    date_span: tuple[int, int] | None = None
    date_range: DateRange | None = None  # "this week", "over the past few days": the period, when no day is said
    counts: dict[str, int] = field(default_factory=dict)
    count_spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    actors: list[dict[str, Any]] = field(default_factory=list)
    attribution: dict[str, Any] = field(default_factory=lambda: {"kind": "own_voice"})
    stance: str = "asserts"
    mentions: list[tuple[int, int]] = field(default_factory=list)
    disputed: bool = False
    part: int = 0  # several incidents stated by one sentence ("near X and Y") are parts 0, 1, ... of its span
    reference: bool = False  # a mention of an incident told elsewhere ("a day after the shelling", "the detention")
    mentioned: set[str] = field(default_factory=set)  # every place id its sentences name, where or not
    # the words that refute it ("groundless") or cast doubt on it ("could not be verified"): its ``stance_cue``
    denial: tuple[int, int] | None = None
    by_models: bool = False  # found by the learned models in a sentence without a trigger word
    ongoing: bool = False  # a road closure or a protest told as going on ("for the third day", "remained blocked")
    since: str | None = None  # the first day of such a state when it began long before the day it is told
    # people said to be hurt with no word for what hurt them ("one farmer was killed and another wounded"), or a blast
    # with no word for what blew up ("Explosion at a position"): part of a violent incident the document tells next
    # to it, when there is one, which says what it was
    casualty_only: bool = False

    def place_ids(self) -> set[str]:
        return {p["place_id"] for p in self.places}

    def units(self) -> set[str]:
        """The units (districts) its places lie in, as the gazetteer files them (``within``)."""
        return {p["within"] for p in self.places if p.get("within")}

    def may_be_at(self, other: Found) -> bool:
        """Whether the two can have happened at one place: a shared place, a place one of them only mentions
        ("shelled X from positions in Y"), or a village and the district the other names (the gazetteer's
        ``within``; two villages of one district are still two places)."""
        return bool(
            self.place_ids() & other.place_ids()
            or self.place_ids() & other.mentioned
            or other.place_ids() & self.mentioned
            or self.units() & other.place_ids()
            or other.units() & self.place_ids()
        )


def body_end(text: str, lex: ModuleType) -> int:
    """Where the article ends: the first "Related stories"-style heading in the last two thirds, else the end."""
    for m in lex.BOILERPLATE.finditer(text):
        if m.start() >= len(text) // 3:
            return m.start()
    return len(text)


def classify(sentence: str, lex: ModuleType) -> tuple[str | None, tuple[int, int] | None, dict[str, float]]:
    """The incident type a sentence states (None when none), its trigger (offsets in the sentence) and the
    score of every type that has a trigger. Triggers in a hypothetical context ("to prevent", "could") do not
    count. The last few thousand answers are remembered (a sentence is read whole, then in its clauses)."""
    name, trig, scores = _classify(sentence, lex)
    return name, trig, dict(scores)


_gates: dict[str, Gate] = {}


def _gate(lex: ModuleType) -> Gate:
    """The trigger patterns of ``lex`` behind one :class:`~presswatch.nlp.literals.Gate` (made once a lexicon)."""
    g = _gates.get(lex.__name__)
    if g is None:
        g = _gates[lex.__name__] = Gate([pat for patterns in lex.TRIGGERS.values() for pat, _ in patterns])
    return g


def _list_gate(lex: ModuleType, name: str) -> Gate:
    """The patterns of the list ``lex.<name>`` (``COUNT_PATTERNS`` as its patterns) behind one
    :class:`~presswatch.nlp.literals.Gate`: a sentence that holds none of a pattern's words (the fate, the counted
    noun, the negation) is not scanned for it."""
    g = _gates.get(f"{lex.__name__}.{name}")
    if g is None:
        items = getattr(lex, name)
        g = _gates[f"{lex.__name__}.{name}"] = Gate([p[0] if isinstance(p, tuple) else p for p in items])
    return g


@lru_cache(maxsize=4096)
def _classify(sentence: str, lex: ModuleType) -> tuple[str | None, tuple[int, int] | None, dict[str, float]]:
    scores: dict[str, float] = {}
    first: dict[str, tuple[int, int]] = {}
    may = _gate(lex).open(sentence)  # the triggers that may match: none for most sentences
    if not may:
        return None, None, scores
    i = -1
    for name, patterns in lex.TRIGGERS.items():
        weights: list[float] = []
        for pat, w in patterns:
            i += 1
            if i not in may:
                continue  # none of the words that every match of it holds: no match
            hit = False
            for m in pat.finditer(sentence):
                if _hypothetical(sentence, (m.start(), m.end()), lex) or _in_name(sentence, m.start()):
                    continue
                demand = getattr(lex, "DEMAND_BEFORE", None)
                if demand is not None and demand.search(_clause_before(sentence, m.start(), lex)):
                    continue  # what is demanded has not happened
                negation = getattr(lex, "NEGATION_BEFORE", None)
                if (negation is not None and not TYPES[name].violent
                        and negation.search(sentence[max(0, m.start() - 40) : m.start()])):
                    continue  # "have not agreed": no agreement (a denied attack is still a report of it)
                without = getattr(lex, "WITHOUT_BEFORE", None)
                if without is not None and without.search(sentence[max(0, m.start() - 30) : m.start()]):
                    continue  # "the first night without shelling", "without a shot being fired": none of it
                if name in TERRITORY_TYPES and _after_war(sentence, m.start(), lex):
                    continue  # "after the 2020 war Azerbaijan regained the districts": the war's outcome, background
                if not weights or w > max(weights) or name not in first:
                    first[name] = (m.start(), m.end()) if not weights or w >= max(weights) else first[name]
                hit = True
            if hit:
                weights.append(w)
        if weights:
            weights.sort(reverse=True)
            # other words of a type only lift a weak one ("convoy" + "delivered"); a strong word stands alone
            scores[name] = weights[0] if weights[0] >= 1.0 else min(1.0, weights[0] + 0.5 * sum(weights[1:]))
    if not scores or max(scores.values()) < getattr(lex, "MIN_SCORE", 0.0):
        return None, None, scores
    name = max(scores, key=lambda k: (scores[k], -first[k][0]))
    name = refine_type(name, sentence, scores, lex)
    return name, first.get(name) or first[max(scores, key=lambda k: scores[k])], scores


def refine_type(name: str, sentence: str, scores: dict[str, float], lex: ModuleType) -> str:
    """Combinations a single trigger cannot tell: protest with intervention or excessive force, shooting at
    civilians, demining versus a mine going off, who took a territory."""
    if (
        name
        in (
            "protest",
            "arrest",
            "riot",
            "ceasefire_violation",
            "attack_on_civilians",
            "property_destruction",
            "checkpoint_or_road_closure",
        )
        and "protest" in scores
    ):
        if lex.LETHAL.search(sentence):
            return "excessive_force_against_protesters"
        if name == "riot" or lex.PROTEST_VIOLENCE.search(sentence):
            return "riot"
        if lex.INTERVENTION.search(sentence):
            return "protest_with_intervention"
        return "protest"
    if name == "ceasefire_violation" and "attack_on_civilians" in scores:
        return "attack_on_civilians"
    if name == "shelling" and scores.get("attack_on_civilians", 0.0) >= 1.0:
        return "attack_on_civilians"  # an attack on civilians said in words; civilians hurt by shells were shelled
    if (
        name == "ceasefire_violation"
        and getattr(lex, "FIRE_AT_CIVILIANS", None) is not None
        and lex.FIRE_AT_CIVILIANS.search(sentence)
    ):
        return "attack_on_civilians"
    if name == "patrol_or_escort" and "aid_delivery" in scores:
        return "aid_delivery"  # "a convoy of 11 trucks escorted by the monitors": the escort is of an aid delivery
    if name in ("mine_explosion", "mine_clearance") and {"mine_explosion", "mine_clearance"} <= set(scores):
        # a mine that went off and hurt someone is an explosion, whoever reports it; otherwise demining
        went_off = getattr(lex, "WENT_OFF", None) or re.compile(
            r"\bexplod\w*|\bexplosions?\b|blast|went off|injur|wound|kill|died|dead|struck|set off|stepped on"
            r"|hit (?:a|an)\b",
            re.I,
        )
        went_off = went_off.search(sentence)
        return "mine_explosion" if went_off else "mine_clearance"
    if name in ("territory_taken", "territory_regained"):
        state = lex.TERRITORY_STATE.search(sentence)
        nonstate = lex.TERRITORY_NONSTATE.search(sentence)
        if name == "territory_taken" and state and not nonstate:
            return "territory_regained"
        if name == "territory_regained" and nonstate and not state:
            return "territory_taken"
    if name == "official_statement" and scores[name] < 1.0:  # "condemned", "called on": another event comes first
        others = [k for k in scores if k != "official_statement" and scores[k] >= 0.8]
        if others:
            return max(others, key=lambda k: scores[k])
    return name


def retype(sentence: str, kind: str, scores: dict[str, float], language: str, m: TypeModel | None = None) -> str:
    """The type of a sentence the word lists call an incident of ``kind``, with the learned classifier's opinion
    (:mod:`.model`; English only, and only when the model is shipped; :func:`.model.combine` says when it
    wins): its ACLED sub-event type, as the presswatch type of that sub-event the lexicon scored best (the first
    of the taxonomy when it scored none; a model's ``Other`` without such a lexicon type keeps ``kind``)."""
    if language not in MODEL_LANGUAGES:
        return kind
    m = m or shipped()
    if m is None:
        return kind
    if kind not in scores or scores[kind] < max(scores.values()) or not may_change(acled_of(kind)[1], _subs(scores),
                                                                                   m.meta):
        return kind  # the model cannot change the answer: it is not asked (most sentences)
    return retype_with(kind, scores, m.proba(sentence), m.meta)


def _cut_head(
    parts: dict[tuple[int, int], tuple[int, int]], tails: dict[tuple[int, int], int], sa: int, sb: int
) -> tuple[int, int] | None:
    """The part a sentence begins with, when ``[sa, sb)`` is the rest of it after a clause about its people was cut out
    ("Today, two servicemen [who had been detained in January] were handed over"); None for any other part."""
    if (sa, sb) not in tails:
        return None
    return next(((a, b) for a, b in parts if a == tails[sa, sb] and (a, b) != (sa, sb)), None)


def _goes_on(
    found: list[Found], para: int, sentence: str, kind: str | None, trig: tuple[int, int] | None, lex: ModuleType
) -> bool:
    """Whether a sentence goes on about the incident just told (in its paragraph or the one before, of the same
    family): it starts with a pronoun ("It lasted an hour") or names the event with a definite article ("The
    shooting lasted ...")."""
    if kind is None or trig is None or not found or para - found[-1].paragraph > 1:
        return False
    if not same_family(found[-1].type, kind):
        return False
    pronoun = getattr(lex, "PRONOUN_START", None)
    return bool(pronoun is not None and pronoun.match(sentence)) or _anaphoric(sentence, trig, lex) == "definite"


_WIDE = frozenset({"PCLI", "PCLS", "PCL", "PCLD", "RGN", "CONT"})  # a country or a region: no place of one's own


def _follows_up(
    found: list[Found],
    para: int,
    kind: str,
    scores: dict[str, float],
    where: tuple[int, int],
    places: list[Span],
    dated: bool,
) -> bool:
    """Whether a sentence with no place and no day of its own tells what came of the violent incident just told in
    its paragraph or the one before (damage: a type of :data:`CONSEQUENCES`), or what the monitors did about an
    incident just told (a patrol, a statement, with no word of violence or detention of their own)."""
    if not found or not 0 <= para - found[-1].paragraph <= 1 or dated or found[-1].reference:
        return False
    if any(where[0] <= s.start and s.end <= where[1] and s.attrs.get("feature") not in _WIDE for s in places):
        return False  # a place of its own ("the Nagorno-Karabakh side" names a party, not a place)
    if kind in ("patrol_or_escort", "official_statement") and not any(
        TYPES[t].violent or family(t) == "detention" for t in scores if t in TYPES
    ):
        # "a patrol visited the site", "at the time of the patrol": no place of its own
        return True
    return kind in CONSEQUENCES and TYPES[found[-1].type].violent


def unanchored_veto(
    doc: Document,
    para: int,
    at: tuple[int, int],
    parts: dict[tuple[int, int], tuple[int, int]],
    places: list[Span],
    dated_or_counted: bool,
    scores: dict[str, float],
    found_by: TypeModel | None,
    lex: ModuleType,
) -> bool:
    """Whether an incident stated by an ambiguous word (best trigger below the detector's ``veto_below_score``) is
    dropped because nothing around it is what a report of an event has and the detector is not sure enough of it:
    no place named in its sentence, its paragraph or the one before, no date in its paragraph so far, no count, no
    actor ("the border guards", "gunmen"), and a probability of an incident below ``meta["veto_unanchored"]`` (a
    stricter veto than ``meta["veto"]``, which applies to every sentence). "The GAA has suspended all activity",
    "Rocket Pass 4 brings a new car" have none of these; "units ... took retaliatory measures with an unmanned aerial
    vehicle" has its place in the sentence before. Never with a detector without ``veto_unanchored``."""
    if found_by is None or dated_or_counted:
        return False
    bar = found_by.meta.get("veto_unanchored")
    if bar is None or max(scores.values(), default=0.0) >= found_by.meta.get("veto_below_score", 1.2):
        return False
    sa, sb = parts.get(at, at)  # a clause cut from a sentence: the whole sentence
    first = doc.paragraphs[max(para - 1, 0)][0]
    if any(first <= s.start and s.end <= sb for s in places):
        return False
    actor = getattr(lex, "ACTOR", None)
    if actor is not None and actor.search(doc.text, sa, sb) is not None:
        return False
    return incident_probability(found_by, doc.text[at[0] : at[1]]) < bar


def type_of_sub_event(sub: str) -> str:
    """The presswatch type of an ACLED sub-event type: the first of the taxonomy that maps to it."""
    return next(t for t in TYPES if acled_of(t)[1] == sub)


def vetoed(sentence: str, scores: dict[str, float], found_by: TypeModel) -> bool:
    """Whether the detector (:func:`.model.detector`) is so sure that a sentence holding a trigger word reports no
    event (probability of an incident below its ``veto``) that the word does not count: "the Paris Agreement",
    "to combat the heat", "a second lockdown would ruin us" (a word list cannot tell these from reports)."""
    if max(scores.values(), default=0.0) >= found_by.meta.get("veto_below_score", 1.2):
        return False  # an unambiguous trigger ("ceasefire violation", "suicide bomber") stands
    return incident_probability(found_by, sentence) < found_by.meta.get("veto", 0.0)


def _subs(scores: dict[str, float]) -> dict[str, float]:
    """The best trigger score of each ACLED sub-event type among the types scored."""
    subs: dict[str, float] = {}
    for t, v in scores.items():
        subs[acled_of(t)[1]] = max(subs.get(acled_of(t)[1], 0.0), v)
    return subs


def retype_with(kind: str, scores: dict[str, float], proba: dict[str, float], meta: dict[str, Any]) -> str:
    """:func:`retype` with the model's probabilities ``proba`` and thresholds ``meta`` given. A type that
    :func:`refine_type` chose from a combination of words (fire at farmers: an attack on civilians; a mine that
    went off and hurt someone) stands: the model is for near-ties between plain triggers."""
    if kind not in scores or scores[kind] < max(scores.values()):
        return kind
    sub = combine(acled_of(kind)[1], _subs(scores), proba, meta)
    if sub is None:
        return kind
    candidates = [t for t in TYPES if acled_of(t)[1] == sub]
    scored = [t for t in candidates if t in scores]
    if scored:
        return max(scored, key=lambda t: scores[t])
    return kind if sub == "Other" else candidates[0]


def _number(word: str, lex: ModuleType) -> int | None:
    """The value of a count's number: digits, a number word, or words that compose one ("twenty-five", "two
    thousand", "one hundred and twenty", "1.5 thousand") with the language's ``MULTIPLIERS``."""
    w = word.lower().replace(",", "")
    if w.replace(".", "").isdigit():
        try:
            return int(float(w))
        except ValueError:
            return None
    if w in lex.NUMBER_WORDS:
        return lex.NUMBER_WORDS[w]
    multipliers, joiners = getattr(lex, "MULTIPLIERS", {}), getattr(lex, "NUMBER_JOINERS", frozenset())
    total = current = 0.0
    for part in re.split(r"[\s-]+", w):
        if part in joiners:
            continue
        if part in multipliers:
            if multipliers[part] >= 1000:
                total, current = total + (current or 1) * multipliers[part], 0.0
            else:
                current = (current or 1) * multipliers[part]
        elif part.replace(".", "").isdigit():
            try:
                current += float(part)
            except ValueError:
                return None
        elif lex.NUMBER_WORDS.get(part) is not None:
            current += lex.NUMBER_WORDS[part]
        else:
            return None
    return int(total + current)


_YEAR = re.compile(r"(?<![\w,.])(?:19|20)\d\d(?![\w]|[,.]\d)")


def find_counts(text: str, start: int, end: int, lex: ModuleType) -> tuple[dict[str, int], dict[str, tuple[int, int]]]:
    """What a sentence counts: ``{"wounded": 2, "violations": 3, ...}`` and the words of each count."""
    seg = text[start:end]
    counts: dict[str, int] = {}
    spans: dict[str, tuple[int, int]] = {}
    taken: list[tuple[int, int]] = []
    year = getattr(lex, "YEAR_CONTEXT", None)
    if year is not None and _YEAR.search(seg):
        # "On 27 August 2022 the shepherd was detained": a date's year is no count of 2,022 people; masked (same length)
        seg = _YEAR.sub(lambda y: "year" if year.search(seg, max(0, y.start() - 30), y.start()) else y.group(), seg)
    may = _list_gate(lex, "COUNT_PATTERNS").open(seg)
    for i, (pat, key) in enumerate(lex.COUNT_PATTERNS):
        if i not in may:
            continue
        for m in pat.finditer(seg):
            if key in counts or any(not (m.end() <= a or m.start() >= b) for a, b in taken):
                continue
            if m.group("n").lower() in getattr(lex, "NOT_A_COUNT", {}).get(key, ()):
                continue
            size = getattr(lex, "SIZE_OF", None)
            if size is not None and size.search(seg[max(0, m.start() - 40) : m.start()]):
                continue  # "a village of about 3,000 people": how many live there, not how many it happened to
            n = _number(m.group("n"), lex)
            if n is None:
                continue

            counts[key] = n
            spans[key] = (start + m.start(), start + m.end())
            taken.append((m.start(), m.end()))
    if "people" in counts and any(k in counts for k in ("killed", "wounded", "detained", "abducted", "missing")):
        del counts["people"], spans["people"]
    return counts, spans


_NAME_BEFORE = re.compile(r"(?:^|[\s(])[A-Z][\w'’-]*(?:,?\s+(?:of|on|for|and|the|de|du)){0,2},?\s+$")


_NAME_AFTER = re.compile(r"[\w'’-]*(?:,?\s+(?:of|on|for|and|the|de|du)){0,2}\s+[A-Z]")


def _in_name(sentence: str, at: int) -> bool:
    """Whether the word at ``at`` is capitalised inside a proper name that begins before it and goes on after it
    ("the State Commission on Prisoners of War, Hostages and Missing Persons"): a body's name, not an event."""
    return (at > 0 and sentence[at].isupper() and _NAME_BEFORE.search(sentence, max(0, at - 40), at) is not None
            and _NAME_AFTER.match(sentence, at) is not None)


def _hypothetical(sentence: str, trig: tuple[int, int], lex: ModuleType) -> bool:
    before = sentence[max(0, trig[0] - 60) : trig[0]]
    words = re.findall(r"[\w']+", before)[-6:]
    after = re.findall(r"[\w']+", sentence[trig[1] : trig[1] + 50])[:4]
    modal_after = getattr(lex, "MODAL_AFTER", None)
    return bool(lex.HYPOTHETICAL.search(" ".join(words))) or bool(
        modal_after is not None and any(modal_after.fullmatch(w) for w in after)
    )


def _clauses(
    text: str,
    sentences: list[tuple[int, int]],
    lex: ModuleType,
    places: list[Span] | None = None,
    shared: dict[tuple[int, int], tuple[int, int]] | None = None,
    pub: Any = None,
    floor: int = 0,
    tails: dict[tuple[int, int], int] | None = None,
    gaps: dict[tuple[int, int], int] | None = None,
) -> list[tuple[int, int, bool]]:
    """Sentences, with a back-reference to another incident split off ("shooting near X, a day after the shelling
    of Y"): the part after the connector is read on its own when both parts name an incident. The third item
    says whether the clause refers back to an incident told elsewhere. A sentence that states two events side by
    side ("shelled X and detained two shepherds near Y") is two clauses (:func:`_two_events`). ``tails``: the
    words after a clause cut from the middle of a sentence (:func:`_embedded`), with where that sentence starts:
    they go on with the sentence's own incident when its start told one. ``gaps``: for a clause cut off after a time
    apart ("The attack came a day after a woman was wounded in X"), how many days from the incident the sentence
    tells to the one the clause tells (-1: the day before; 0: "hours after")."""
    pat = getattr(lex, "BACK_REFERENCE", None)
    out: list[tuple[int, int, bool]] = []
    shared = {} if shared is None else shared
    tails = {} if tails is None else tails
    gaps = {} if gaps is None else gaps
    pronoun = getattr(lex, "PRONOUN_START", None)
    for sa, sb in sentences:
        held = _embedded(text, sa, sb, lex, pub, floor)
        if held is not None:
            # "The two shepherds [captured near X on Thursday] were handed over at Y this afternoon": the clause that
            # tells, with its own day, what happened to the people the sentence is about is another incident
            na, ra, rb = held  # the people, the clause about them, its end
            out += [(sa, ra, False), (na, rb, True), (rb, sb, False)]
            shared[(sa, ra)], shared[(rb, sb)] = (sa, ra), (rb, sb)  # each part dated by its own words only
            tails[(rb, sb)] = sa
            continue
        m = pat.search(text, sa, sb) if pat is not None else None
        first = classify(text[sa : m.start()], lex)[0] if m else None
        second = classify(text[m.end() : sb], lex)[0] if m else None
        # "left without power after a line was damaged" is one incident: without a time apart ("a day after"),
        # only an incident of another family is another incident
        apart = m is not None and bool(m.groupdict().get("gap") or m.groupdict().get("gap2"))
        # "The attack came a day after a woman was wounded in X": the sentence's subject is the incident just told
        anaphor = (m is not None and first is None and apart and pronoun is not None
                   and pronoun.match(text[sa : m.start()]) is not None)
        if m and second and ((first and (apart or not same_family(first, second))) or anaphor):
            out += [(sa, m.start(), False), (m.end(), sb, True)]
            days = _gap_days(m.groupdict().get("gap") or m.groupdict().get("gap2") or "", lex)
            if days is not None:
                gaps[(m.end(), sb)] = -days if re.search(r"\bafter\b", m.group(0), re.I) else days
            continue
        # a round-up may tell three events in one sentence ("X near A and Y near B, while Z at C"): the rest after
        # a cut is cut again
        start = sa
        for _ in range(MAX_PARTS - 1):
            cut = _two_events(text, start, sb, lex, places or [], pub, floor)
            if cut is None:
                break
            # the words before the cut may tell two events of one family themselves, each at its own place and day
            # ("It began with shots at X on Tuesday, brought a drone strike near Y on Thursday, a closure on Friday")
            inner = _dated_apart(text, start, cut[0], lex, places or [], pub, floor, sb) if pub is not None else None
            if inner is not None:
                out.append((start, inner[0], False))
                shared[(start, inner[0])] = (sa, sb)
                start = inner[1]
            out.append((start, cut[0], False))
            shared[(start, cut[0])] = (sa, sb)
            start = cut[1]
        out.append((start, sb, False))
        if start != sa:
            shared[(start, sb)] = (sa, sb)
    return out


MAX_PARTS = 4  # the most events one sentence is read as
_COUNTRIES = frozenset({"PCL", "PCLI", "PCLD", "PCLIX", "PCLF"})  # gazetteer features of a country
MAX_SPLIT_PLACES = 2  # violence at more places listed side by side, without a day each, is one incident along a front
OPENING_CHARS = 30  # a day said this close to a sentence's start frames all of it ("On Monday, ... and ...")
ANAPHOR_PARAGRAPHS = 3  # how far back "On the same day, ..." opening a sentence finds the incident it refers to


def _respective_days(text: str, dates: list[Any], n: int, lex: ModuleType) -> list[Any] | None:
    """``n`` different days said side by side ("on Monday and Tuesday", "on 3, 4 and 5 May" as the text's date
    words), in text order, for as many places listed side by side; None when the sentence does not say so."""
    days = sorted({d.start: d for d in dates}.values(), key=lambda d: d.start)
    if len(days) != n or len({d.date for d in days}) != n:
        return None
    coordination = getattr(lex, "COORDINATION", None)
    if coordination is None or not all(
        coordination.fullmatch(text[a.end : b.start]) for a, b in zip(days, days[1:], strict=False)
    ):
        return None
    return days


def _gap_days(gap: str, lex: ModuleType) -> int | None:
    """The days a time apart says ("a day" 1, "two days" 2, "hours" 0); None for a week or more, or no number."""
    words = gap.lower().split()
    if not words:
        return None
    if words[-1] in ("hours", "hour", "minutes", "shortly", "just") or words[0] in ("hours", "minutes", "shortly"):
        return 0
    if words[-1] in ("day", "days") and len(words) >= 2:
        if words[0] in ("a", "one"):
            return 1
        return int(words[0]) if words[0].isdigit() else lex.NUMBER_WORDS.get(words[0])
    return None


def _embedded(
    text: str, sa: int, sb: int, lex: ModuleType, pub: Any, floor: int = 0
) -> tuple[int, int, int] | None:
    """Where a clause about the people a sentence is about ("herders [it had detained near X on Thursday]") tells
    an incident of its own, with its own day, while the rest of the sentence tells another (a handover): where the
    people are named, where the clause starts and where it ends; None else."""
    pat = getattr(lex, "EMBEDDED_EVENT", None)
    m = pat.search(text, sa, sb) if pat is not None else None
    if m is None:
        return None
    ra, rb = m.span("rel")
    if pub is None or rb <= floor or not find_dates(text, max(ra, floor), rb, pub, lex):
        return None
    inner = classify(text[m.start() : rb], lex)[0]  # with the people it is about ("persons taken near X")
    outer = classify(text[sa:ra].rstrip() + " " + text[rb:sb].lstrip(), lex)[0]
    if inner is None or outer != "ceasefire_agreement" or same_family(inner, outer):
        return None  # only a handover of the people the clause is about
    return m.start(), ra, rb


def _two_events(
    text: str, sa: int, sb: int, lex: ModuleType, places: list[Span], pub: Any = None, floor: int = 0
) -> tuple[int, int] | None:
    """Where a sentence that states two distinct events side by side splits (the connector's start and end), or
    None. The words on each side of a connector (``lex.EVENT_COORDINATION``: "and", "; ", ", while") must each
    state an incident of their own, of two families (:func:`.taxonomy.same_family`: "fired at the post and
    shelled the village" stays one exchange of fire), and the whole sentence must read as one of the two (a
    type made of both, "dispersed the rally and detained ten protesters", a protest with intervention, is one
    event). After a bare "and", the second clause may not start with a trigger word unless that is a verb
    (``lex.CLAUSE_VERB``): "moved troops and artillery" lists things. Damage or a statement that follows
    violence is its consequence ("shelled X and destroyed two houses"), one event, unless it names a place of its
    own."""
    pat = getattr(lex, "EVENT_COORDINATION", None)
    if pat is None:
        return None
    sentence = text[sa:sb]
    kind, _, scores = classify(sentence, lex)
    strong = {t for t, v in scores.items() if v >= getattr(lex, "MIN_SCORE", 0.0)}
    if kind is None:
        return None
    if len({family(t) for t in strong}) < 2:
        # one family of event words: one event (the cheap test that spares most sentences), unless the sentence
        # tells it twice, each time with its own day and its own place ("a week that began with fire near X on
        # Monday and ended, on Friday, with fire at positions in Y")
        return _dated_apart(text, sa, sb, lex, places, pub, floor) if pub is not None else None
    verb = getattr(lex, "CLAUSE_VERB", None)
    kept_whole = False  # a connector between two families that the rules below keep as one event
    for m in pat.finditer(text, sa, sb):
        first = classify(text[sa : m.start()], lex)[0]
        second = classify(text[m.end() : sb], lex)[0]
        if first is None or second is None or same_family(first, second) or kind not in (first, second):
            continue
        if {family(first), family(second)} == {PROTESTS, "detention"} and m.group(0).strip():
            # ("the detention of two students sparked protests": what one event led to, a connector of no letters)
            kept_whole = True
            continue  # "broke up a sit-in and detained 31 people": the detentions are the protest's intervention
        listing = m.group(0).split() == ["and"]  # a bare "and" (no comma) also joins the items of a list
        if listing and verb is not None and not verb.match(text, m.end()) and _listed(text, m.end(), lex, verb):
            kept_whole = True
            continue  # "moved troops and artillery towards the border": a list of things, not a second clause
        if TYPES[first].violent and not TYPES[second].violent and second in CONSEQUENCES:
            own = {s.attrs.get("place_id") for s in places if m.end() <= s.start and s.end <= sb}
            before = {s.attrs.get("place_id") for s in places if sa <= s.start and s.end <= m.start()}
            if not own - before:
                kept_whole = True
                continue
        return m.start(), m.end()
    # no two families on the two sides of one connector: perhaps one family told twice, apart in days and places
    return _dated_apart(text, sa, sb, lex, places, pub, floor) if pub is not None and not kept_whole else None


_PLACE_WORD = re.compile(r"(?:at|near|in|on|outside|around|towards?|inside|along)\b", re.I)


def _fronts(text: str, places: list[dict[str, Any]], lex: ModuleType) -> bool:
    """Whether places listed side by side are named as the directions of one operation ("in the X and Y directions",
    "in the directions of X and Y"; ``lex.FRONT_BEFORE`` / ``lex.FRONT_AFTER``), not as two scenes."""
    before, after = getattr(lex, "FRONT_BEFORE", None), getattr(lex, "FRONT_AFTER", None)
    spans = sorted(p["span"] for p in places)
    return bool(
        (after is not None and after.match(text, spans[-1][1]))
        or (before is not None and before.search(text, max(0, spans[0][0] - 40), spans[0][0]))
    )


def _listed(text: str, at: int, lex: ModuleType, verb: re.Pattern[str]) -> bool:
    """Whether an event word at ``at`` (after a bare "and") continues a list of things: a noun ("troops and
    artillery"), not a clause whose words go on to a verb ("a soldier was killed and fields burned near X")."""
    for pats in lex.TRIGGERS.values():
        for p, _ in pats:
            hit = p.match(text, at)
            if hit is not None and not any(verb.fullmatch(w) for w in hit.group(0).split()[1:]):
                return True
    return False


def _dated_apart(
    text: str, sa: int, sb: int, lex: ModuleType, places: list[Span], pub: Any, floor: int = 0,
    context_end: int | None = None,
) -> tuple[int, int] | None:
    """Where a sentence that tells events of one family splits when the words on each side of a connector state an
    incident at places of its own (none shared), each with a date of its own (two different days; the day it was
    said counts: "said on Thursday that a sniper had wounded a farmer in X, and on Friday accused ... of firing on
    Y"), or neither with one (a round-up: "earlier in the week, a soldier was killed near X and fields burned near
    Y"). ``floor``: where the text after a dateline starts (the dateline's date is the story's, not an event's).
    ``context_end``: where the sentence goes on after ``sb`` (a connector may look ahead to the rest of a list)."""
    pat = getattr(lex, "EVENT_COORDINATION", None)
    if pat is None or len({s.attrs.get("place_id") for s in places if sa <= s.start and s.end <= sb}) < 2:
        return None  # two places are needed (the cheap test)
    lo = max(sa, floor)
    for m in pat.finditer(text, sa, max(sb, context_end or sb)):
        if m.start() >= sb:
            break
        if classify(text[sa : m.start()], lex)[0] is None:
            continue
        # the second clause may leave its event word out, said once for both ("mortar rounds landed near X on
        # Monday and at positions near Y on Tuesday", "mines wounded deminers in X on Thursday and killed a farmer
        # near Y on Friday"): then a day and a place of its own are needed
        elided = classify(text[m.end() : sb], lex)[0] is None
        rest = text[m.end() : sb]
        verb = getattr(lex, "CLAUSE_VERB", None)
        starts_with_verb = verb is not None and verb.match(rest) is not None
        # a clause without an event word of its own has no subject of its own either: it opens with a place word or a
        # verb ("... and at positions near Y", "... and killed a farmer near Y"), not "the foreign minister flew ..."
        # ("... shelled X on Monday and Y on Tuesday": the clause may also open with the place itself)
        opens_with_place = any(s.start == m.end() for s in places)
        if elided and not (starts_with_verb or _PLACE_WORD.match(rest) or opens_with_place):
            continue
        # (a country is no place of a clause's own: "X has been firing artillery and drones at positions near Y" is
        # one event whose author is named by its country)
        where_a = {s.attrs.get("place_id") for s in places if sa <= s.start and s.end <= m.start()
                   and s.attrs.get("feature") not in _COUNTRIES}
        where_b = {s.attrs.get("place_id") for s in places if m.end() <= s.start and s.end <= sb
                   and s.attrs.get("feature") not in _COUNTRIES}
        if not where_a or not where_b or where_a & where_b:
            continue
        days_a = {d.date for d in find_dates(text, lo, m.start(), pub, lex)} if m.start() > lo else set()
        days_b = {d.date for d in find_dates(text, max(m.end(), lo), sb, pub, lex)}
        # undated: a round-up, each clause with a subject of its own ("a soldier was killed near X and fields burned
        # near Y"), not one subject doing two things ("rallied in X and marched to Y")
        undated = not days_a and not days_b and not elided and not starts_with_verb
        # violence told with an event word of its own at each of two places, the day said once or not at all: two
        # incidents ("fired on X and shelled positions outside Y on Monday"), where a crowd that "rallied in X and
        # marched to Y" is one
        # ("firing small arms and grenade launchers at positions in X" lists weapons: the clause needs a verb)
        violent = (not elided and not (days_a and days_b) and _has_verb(rest, lex)
                   and _violent(text[sa : m.start()], lex) and _violent(rest, lex))
        if (days_a and days_b and not days_a & days_b) or undated or violent:
            return m.start(), m.end()
    return None


def _habitual(sentence: str, habitual: re.Pattern[str], lex: ModuleType) -> bool:
    """Whether the sentence tells what happens habitually or over a long time (``lex.HABITUAL``); "the first death
    since February" measures the incident against the past (``lex.MEASURED_SINCE`` before "since"), it is no state; a
    state told inside a demand is what is demanded, not the sentence's news."""
    measured, demand = getattr(lex, "MEASURED_SINCE", None), getattr(lex, "DEMAND_BEFORE", None)
    relative = getattr(lex, "RELATIVE_STATE", None)
    return any(
        (measured is None or not m.group(0).lower().startswith("since")
         or not measured.search(sentence, max(0, m.start() - 60), m.start()))
        # "marched ..., demanding that Azerbaijan free the people it is holding": the state is what is demanded
        and (demand is None or not demand.search(sentence, 0, m.start()))
        # "the handover of one of the residents who had been held since 2 August": the people's state, not the news
        and not (relative is not None and relative.search(sentence, max(0, m.start() - 40), m.start()))
        for m in habitual.finditer(sentence)
    )


def _not_conflict(sentence: str, lex: ModuleType) -> bool:
    """Whether the sentence tells of harm or a blast outside any conflict (an accident, a disaster, a household
    explosion) or uses the words of violence in another sense (a sport, a film), naming none of the conflict's own
    means or actors (``lex.NOT_CONFLICT``, ``lex.CONFLICT_MEANS``)."""
    other, means = getattr(lex, "NOT_CONFLICT", None), getattr(lex, "CONFLICT_MEANS", None)
    return other is not None and means is not None and other.search(sentence) is not None and (
        means.search(sentence) is None)


# how far after the words of an event the war it belongs to may be named ("died in missile strikes on Ganja and Barda
# during the war")
PAST_WAR_CHARS = 60


# the kinds of incident that go on for days: a road kept closed, a protest kept up (a sit-in, a blockade by protesters)
ONGOING_TYPES = frozenset({"checkpoint_or_road_closure"})


def _scene(
    doc: Document, sentences: list[tuple[int, int]], sa: int, places: list[Span], found: list[Found], lex: ModuleType
) -> list[dict[str, Any]]:
    """The places where the sentence before ``sa`` in its paragraph says something is (``locative``), when that
    sentence told no incident of its own: the scene of an incident told without a place."""
    before = [s for s in sentences if s[1] <= sa]
    if not before:
        return []
    qa, qb = before[-1]
    if any(qa <= m[0] < qb for f in found for m in f.mentions):
        return []  # it told an incident: its places are that incident's
    return [p for p in _where(doc, [s for s in places if qa <= s.start and s.end <= qb], lex) if p["cue"] == "locative"]


def _goes_on_for_days(kind: str | None) -> bool:
    return kind is not None and (kind in ONGOING_TYPES or family(kind) == PROTESTS)


def _ongoing_start(
    sentence: str, sa: int, dates: list[Any], pub: Any, kind: str, text: str, lex: ModuleType
) -> Any:
    """The first day of an event that goes on, for a road closure or a protest: the day the sentence tells of less the
    days it has lasted ("for the third day" on Wednesday: Monday; ``lex.ONGOING_NTH``), or the day it has gone on
    since ("since Monday"; ``lex.ONGOING_SINCE`` before a date). None for other kinds, or when the sentence says
    neither."""
    if pub is None or not _goes_on_for_days(kind):
        return None
    nth = getattr(lex, "ONGOING_NTH", None)
    m = nth.search(sentence) if nth is not None else None
    other = getattr(lex, "ONGOING_OF_OTHER", None)
    if m is not None and other is not None and other.search(sentence, max(0, m.start() - 16), m.start()):
        m = None  # "the blockade, which entered its fourteenth day": another thing's days
    if m is not None:
        word = (m.group("n") or m.group("n2") or m.group("n3") or m.group("n4")).lower()
        digits = re.match(r"\d+", word)
        n = int(digits.group(0)) if digits else getattr(lex, "ORDINALS", {}).get(word) or lex.NUMBER_WORDS.get(word)
        if not n:
            return None
        unit = 7 if (m.group("unit") or m.group("unit2") or "day").lower() == "week" else 1
        told = [d for d in dates if d.end <= sa + m.start() or d.start >= sa + m.end()]
        day = min(told, key=lambda d: abs(d.start - (sa + m.start()))).date if told else pub
        return day - timedelta(days=(n - 1) * unit)
    since = getattr(lex, "ONGOING_SINCE", None)
    for d in dates:
        if since is not None and since.search(text, max(sa, d.start - 70), d.start + 6):
            return d.date
    return None


def _shift_from(days: int, told: Found | None, antecedent: Any, pub: date | None) -> date | None:
    """The day that "a day later" (``days`` > 0) or "the previous evening" (< 0) counts from: the incident just
    told, or the day the paragraph stated before. The day before is counted from a day the text states ("On 7 April
    ... fired at the previous evening"); else from the publication (a bulletin's "the previous night", whatever
    the items before it were dated by)."""
    if days > 0:
        return date.fromisoformat(told.date) if told is not None and told.date else (
            antecedent.date if antecedent is not None else None)
    if told is not None and told.date and told.date_from == "explicit":
        return date.fromisoformat(told.date)
    if told is None and antecedent is not None and antecedent.kind == "explicit":
        return antecedent.date
    return pub


# a paragraph that is an item of a list: "1. ...", "- ...", "• ..."
_LIST_ITEM = re.compile(r"\s*(?:\(?\d{1,2}[.)]|[-•*–])\s")


def _list_leads(doc: Document, pub: date | None, dateline_end: int, end: int, lex: ModuleType) -> dict[int, Any]:
    """The day that the lead of a list states ("... the following provocations committed on 20 April:") for each
    paragraph that is an item of that list: the day of the items that say none of their own."""
    leads: dict[int, Any] = {}
    lead = None
    for pi, (pa, pb) in enumerate(doc.paragraphs):
        if pa >= end:
            break
        body = doc.text[pa:pb]
        if lead is not None and _LIST_ITEM.match(body):
            leads[pi] = lead
            continue
        lead = None
        if body.rstrip().endswith(":") and pb > dateline_end:
            stated = find_dates(doc.text, max(pa, dateline_end), pb, pub, lex)
            lead = stated[-1] if stated else None
    return leads


# changes of who holds a territory, which a war long over explains ("after the 2020 war Azerbaijan regained X")
TERRITORY_TYPES = frozenset({"territory_regained", "territory_taken", "territory_transfer"})


def _after_war(sentence: str, at: int, lex: ModuleType) -> bool:
    """Whether a past war (``lex.PAST_WAR_BEFORE``) is named in the words right before ``at``."""
    pat = getattr(lex, "PAST_WAR_BEFORE", None)
    return pat is not None and pat.search(sentence, max(0, at - PAST_WAR_CHARS), at) is not None


def _not_news(sentence: str, kind: str, trig: tuple[int, int], lex: ModuleType) -> bool:
    """Whether the sentence tells something that is no incident of its days (``lex.NOT_NEWS``: a trial, a frequency, a
    capacity, a lasting problem, a drill; ``lex.PAST_WAR`` right after the event's words: a past war's toll;
    ``lex.RECALLED_BEFORE`` right before them: an anniversary), or an
    agreement that is none of the conflict's (``lex.NOT_AN_AGREEMENT``: on trade or energy, or still discussed)."""
    not_news, not_agreement = getattr(lex, "NOT_NEWS", None), getattr(lex, "NOT_AN_AGREEMENT", None)
    recalled = getattr(lex, "RECALLED_BEFORE", None)
    if recalled is not None and recalled.search(sentence, max(0, trig[0] - 60), trig[0]) is not None:
        return True  # "the anniversary of the killing of ...": a day that recalls the event
    past_war, of_people = getattr(lex, "PAST_WAR", None), getattr(lex, "WAR_OF_PEOPLE", None)
    war = past_war.search(sentence, trig[0], trig[1] + PAST_WAR_CHARS) if past_war is not None else None
    if war is not None and not (
        of_people is not None
        and any(p.start() <= war.start() and war.end() <= p.end() for p in of_people.finditer(sentence))
    ):
        return True
    return (not_news is not None and may_match(not_news, fold(sentence)) and not_news.search(sentence) is not None) or (
        kind == "ceasefire_agreement" and not_agreement is not None and not_agreement.search(sentence) is not None)


def _has_verb(words: str, lex: ModuleType) -> bool:
    verb = getattr(lex, "CLAUSE_VERB", None)
    return verb is not None and any(verb.fullmatch(w) for w in re.findall(r"[\w-]+", words))


def _violent(words: str, lex: ModuleType) -> bool:
    kind = classify(words, lex)[0]
    return kind is not None and TYPES[kind].violent


# the types a weak, unspecific word gives (people hurt, an explosion): another violent type the document tells next to
# it says what happened (:attr:`Found.casualty_only`)
UNSPECIFIC = frozenset({"attack_on_civilians", "mine_explosion", "ceasefire_violation"})


# types that, after a violent event in the same sentence, tell its consequence rather than an event of their own
CONSEQUENCES = frozenset({"property_destruction", "official_statement", "security_measure"})


def _coordinated(text: str, places: list[dict[str, Any]], lex: ModuleType) -> bool:
    """Whether the places are listed side by side ("near X and near Y", "in X, Y and Z")."""
    pat = getattr(lex, "COORDINATION", None)
    if pat is None:
        return False
    unit_after, unit_word = getattr(lex, "UNIT_AFTER", None), getattr(lex, "UNIT_WORD", None)
    ordered = sorted(places, key=lambda p: p["span"])
    for p, q in zip(ordered, ordered[1:], strict=False):
        between = text[p["span"][1] : q["span"][0]]
        if not pat.fullmatch(between):
            return False
        if unit_after is not None and unit_after.fullmatch(between) and (
            q.get("feature") in ("ADM1", "ADM2", "ADM3", "ADMD")
            or (unit_word is not None and unit_word.search(q.get("name_used") or ""))
        ):
            return False  # "near X, in the Y region": where X lies, not a second place
    return True


def _clause_before(sentence: str, at: int, lex: ModuleType) -> str:
    """The words before ``at`` back to the start of its relative clause ("demanding the release of X, who was
    detained on Wednesday": a relative clause states a fact, not what is demanded), or to the sentence start."""
    rel = getattr(lex, "RELATIVE_CLAUSE", None)
    before = sentence[:at]
    if rel is None:
        return before
    starts = [m.end() for m in rel.finditer(before)]
    return before[starts[-1] :] if starts else before


def _refutes_other(sentence: str, refuted: re.Match[str], trig: tuple[int, int], lex: ModuleType) -> str | None:
    """Whether the sentence's refutation leaves the incident its trigger tells standing: a denial told aside, after the
    claim (", which Baku denies", ", a charge Yerevan rejected as false", "each side denied the other's account", ",
    denied by Baku"), or
    an incident the refutation says the claim hides ("... is disinformation meant to divert attention from the wounding
    of a civilian"): the sentence relays the claim ("aside"), or states the incident ("diversion"), and does not deny
    it; None when the refutation is the incident's."""
    aside, diversion = getattr(lex, "DENIAL_ASIDE", None), getattr(lex, "DIVERSION", None)
    if aside is not None and trig[1] <= refuted.start() and aside.search(sentence[: refuted.start()]):
        return "aside"
    after = getattr(lex, "DENIER_AFTER", None)
    if (after is not None and trig[1] <= refuted.start() and sentence[: refuted.start()].rstrip().endswith(",")
            and after.match(sentence[refuted.end() :])):
        return "aside"  # "what Armenians say was a drone strike near X, denied by Baku, and ..."
    if diversion is not None and refuted.end() <= trig[0] and diversion.search(sentence, refuted.end(), trig[0]):
        return "diversion"
    return None


def _denier(sentence: str, refuted: re.Match[str], lex: ModuleType) -> str | None:
    """Who refutes, when the refutation is a verb whose subject the sentence names ("Baku flatly denied that ...", "the
    ministry has rejected as false claims that ...") or a passive one with its agent ("was refuted by X"); None when
    the refutation is no verb ("groundless", "disinformation") or has no named subject (the document's own voice)."""
    verb, before = getattr(lex, "DENYING_VERB", None), getattr(lex, "DENIER_BEFORE", None)
    passive, after = getattr(lex, "PASSIVE_BEFORE", None), getattr(lex, "DENIER_AFTER", None)
    if verb is None or before is None or passive is None or after is None or not verb.match(refuted.group(0)):
        return None
    head = sentence[: refuted.start()]
    if passive.search(head):
        by = after.match(sentence[refuted.end() :])
        return by.group("who") if by else None
    m = before.search(head)
    return m.group("who") if m else None


def _refutation(sentence: str, lex: ModuleType) -> re.Match[str] | None:
    """The first denial cue of the sentence ("groundless", "did not open fire", "опроверг"), or None: the
    stance step's search, with :meth:`IncidentsAnalyzer._attribute` (``bench_incidents`` times the two)."""
    return next((m for p in lex.DENIAL for m in [p.search(sentence)] if m), None)


def _anaphoric(sentence: str, trig: tuple[int, int], lex: ModuleType) -> str | None:
    """``characterising`` ("called the detention an abduction"), ``definite`` ("the shooting", "his detention")
    or None, from the words before the trigger."""
    pat = getattr(lex, "ANAPHORIC", None)
    words = re.match(r"(?:[\w-]+\s+)+?(?=[\w-]+\b)", sentence[trig[0] : trig[1]])
    if pat is not None and words is not None and pat.fullmatch(words.group(0)):
        trig = (trig[0] + words.end(), trig[1])  # a trigger that opens with its determiner ("the march")
    before = sentence[max(0, trig[0] - 60) : trig[0]]
    characterising = getattr(lex, "CHARACTERISING", None)
    if characterising is not None and characterising.search(before):
        return "characterising"
    people = getattr(lex, "PEOPLE_OF_EVENT", None)
    if people is not None and pat is not None and people.match(sentence, trig[0]) and pat.search(before[-30:]):
        return "definite"  # "the returned soldiers were met by their families"
    noun = getattr(lex, "EVENT_NOUN", None)
    first = re.match(r"[\w-]+", sentence[trig[0] : trig[1]])
    if noun is not None and (first is None or not noun.match(first.group(0))):
        return None  # "the remains were exchanged", "the convoy reached": not a mention of an incident told before
    news_of = getattr(lex, "NEWS_NOUN_OF", None)
    if news_of is not None and news_of.match(sentence, trig[0]):
        return None  # "facilitated the handover of two persons": the news itself
    return "definite" if pat is not None and pat.search(before[-30:]) else None


def _referent(
    found: list[Found], kind: str, para: int, here: list[dict[str, Any]], how: str, day: str | None = None
) -> Found | None:
    """The incident a definite mention refers back to: the latest one of the same family within five paragraphs
    that names no other place (``here``: the places attached to the mention) and, when the mention names its day
    (``day``: "Thursday's shooting"), no other day; for a characterising one, the latest incident of any type when
    the mention has no place of its own; for a sentence that opens with a pronoun (``how`` "pronoun"), a protest for a
    road closed or the reverse ("They blocked the highway"). None: a new incident (or one told elsewhere)."""
    near = [f for f in found if para - f.paragraph <= 5]
    ids = {p["place_id"] for p in here}
    units = {p["within"] for p in here if p.get("within")}  # a village of the incident's district
    for f in reversed(near):
        if day is not None and f.date is not None and f.date_from != "document" and f.date != day:
            continue  # dated by its words, on another day
        # (an incident placed only in a country names no place a mention could contradict: "Azerbaijan handed over
        # four bodies ... The handover took place in the Aghdam direction")
        if (same_family(f.type, kind) or (how == "pronoun" and _blockade_of_protest(f.type, kind))) and (
            not ids or not f.places or all(p.get("feature") in _COUNTRIES for p in f.places)
            or ids & f.place_ids() or units & f.place_ids() or ids & f.units() or units & f.units()
        ):
            return f
    return near[-1] if how == "characterising" and near and not here else None


def _blockade_of_protest(a: str, b: str) -> bool:
    """Whether one of two types is a protest and the other a road closed: "Several hundred people marched to X. They
    blocked the highway for two hours." tells one protest."""
    return {family(a), family(b)} == {PROTESTS, "checkpoint_or_road_closure"}


CUES = {2: "locative", 1: "other", 0: "not_location"}


# a place in the possessive before a lower-case word names the owner of a body or an office ("X's defence
# ministry", "X's foreign minister"), not where something happened
_OWNER = re.compile(r"['’]s\s+[a-z]")


def _where(doc: Document, spans: list[Span], lex: ModuleType, trigger: int | None = None) -> list[dict[str, Any]]:
    """The places of a sentence, each with a ``cue``: ``locative`` after a word that says where something
    happened ("near X", "in the X district"), ``not_location`` after one that says otherwise ("a resident of
    X", "the leadership of X"), ``other`` else; a place coordinated with the previous one ("X and Y", "X's Y") takes its
    cue. The best-cued places are kept (all of them when none is better than ``not_location``). Where the words
    before the event word (at ``trigger``) say where its authors stood ("units positioned in X fired at
    positions in Y"), that place is where they were, not where it happened, when a place follows the event word."""
    loc, neutral = getattr(lex, "LOCATIVE", None), getattr(lex, "NOT_LOCATIVE", None)
    stood, target, origin = getattr(lex, "STATIONED", None), getattr(lex, "TARGET", None), getattr(lex, "ORIGIN", None)
    elsewhere = getattr(lex, "ELSEWHERE", None)
    speaker, says = getattr(lex, "SPEAKER_AT", None), getattr(lex, "REPORTING", None)
    subject, party = getattr(lex, "SPEAKS", None), getattr(lex, "PARTY_AFTER", None)
    seat = getattr(lex, "SEAT_OF", None)
    after = trigger is not None and any(s.start >= trigger for s in spans)
    # the first place named as the positions fired at ("subjected the positions ... located in Y to fire")
    aimed = next(
        (s.start for s in spans if target is not None and target.search(doc.text[max(0, s.start - 80) : s.start])), None
    )
    scored: list[tuple[int, Span]] = []
    for s in sorted(spans, key=lambda x: x.start):
        body = getattr(lex, "BODY_OF", None)
        owner = doc.text.startswith(("'s", "’s"), s.end) and (
            (party is not None and party.match(doc.text, s.end + 2))
            or (body is not None and body.match(doc.text, s.end))
        )
        if _OWNER.match(doc.text, s.end) or owner or (party is not None and party.match(doc.text, s.end)):
            # "Azerbaijan's defence ministry said", "Azerbaijan's State Border Service", "the Nagorno-Karabakh side",
            # "the Artsakh Defence Army": the place names a body or a party, nothing happened there
            continue
        if subject is not None and subject.match(doc.text, s.end) and not (loc is not None and loc.search(
                doc.text[max(0, s.start - 40) : s.start])):
            continue  # "Baku has denied that ...", "Yerevan says": a capital or a country that speaks
        before = doc.text[max(0, s.start - 40) : s.start]
        apposed = getattr(lex, "APPOSED_UNIT", None)
        if scored and apposed is not None and apposed.fullmatch(doc.text, scored[-1][1].end, s.start):
            # "mortar shells hit Khramort, a village in the Askeran district": the district says where the village
            # is; the village is where it happened (unless it was named as someone's home: "a resident of X, a
            # village in Y")
            if scored[-1][0] > 0:
                scored[-1] = (2, scored[-1][1])  # locative
            scored.append((0, s))
            continue
        # ("the Yeraskh–Sadarak section": two names a dash joins)
        if scored and re.fullmatch(r"\s*(?:,|and|or|&|['’]s|[–—-])?\s*(?:the\s+)?",
                                   doc.text[scored[-1][1].end : s.start]):
            score = scored[-1][0]
        elif origin is not None and origin.search(before):
            score = 0  # "fire from the direction of X": where it came from
        elif elsewhere is not None and elsewhere.search(before):
            score = 0  # "is in hospital in X": where the wounded were taken
        elif speaker is not None and says is not None and speaker.search(before) and says.search(
            doc.text, s.end, s.end + 40
        ):
            score = 0  # "outlets in X claimed that ...": where it was said
        elif seat is not None and seat.search(before):
            score = 0  # "according to the Defence Ministry in Yerevan": where a body sits
        elif stood is not None and stood.search(before) and (
            (after and s.end <= (trigger or 0)) or (aimed is not None and s.end <= aimed)
        ):
            score = 0
        elif loc is not None and loc.search(before):
            score = 2
        elif neutral is not None and neutral.search(before):
            score = 0
        else:
            score = 1
        scored.append((score, s))
    top = max((sc for sc, _ in scored), default=0)
    return [{**_place_entry(doc, s), "cue": CUES[sc]} for sc, s in scored if sc == top]


def _framed(doc: Document, sa: int, before: int, places: list[Span], lex: ModuleType) -> list[dict[str, Any]]:
    """The places of a sentence's opening frame ("In Khankendi, ..."; ``lex.FRAME``) that end before ``before``."""
    frame, says = getattr(lex, "FRAME", None), getattr(lex, "REPORTING", None)
    m = frame.match(doc.text, sa, before) if frame is not None else None
    if m is None or (says is not None and says.search(doc.text, m.end(), before)):
        return []  # "In Yerevan, the ministry said ...": where it was said
    return [{**_place_entry(doc, s), "cue": CUES[2]} for s in places if m.start(1) <= s.start and s.end <= m.end(1)]


def _unframed(doc: Document, sa: int, sb: int, places: list[Span], lex: ModuleType) -> list[Span]:
    """The places of the sentence ``[sa, sb)`` without those of an opening frame of speech ("In Yerevan, the ministry
    said troops shelled Sotk": where it was said) when the sentence names another place; "In Sotk, villagers said
    shells fell overnight" keeps Sotk, the only place it names."""
    spans = [s for s in places if sa <= s.start and s.end <= sb]
    frame, says = getattr(lex, "FRAME", None), getattr(lex, "REPORTING", None)
    m = frame.match(doc.text, sa, sb) if frame is not None and says is not None else None
    if m is None or not says.search(doc.text, m.end(), sb):
        return spans
    rest = [s for s in spans if not (m.start(1) <= s.start and s.end <= m.end(1))]
    return rest or spans


def _place_entry(doc: Document, s: Span) -> dict[str, Any]:
    a = s.attrs
    return {
        "place_id": a["place_id"],
        "place": a.get("name"),
        "name_used": doc.text[s.start : s.end],
        "name_kind": a.get("name_kind"),
        "feature": a.get("feature"),
        "country": a.get("country"),
        "admin1": a.get("admin1"),
        "lat": a.get("lat"),
        "lon": a.get("lon"),
        "span": [s.start, s.end],
        **({"within": a["within"], "coarse_point": bool(a.get("coarse_point"))} if a.get("within") else {}),
    }


def _specific(places: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Places without the broad regions when a more specific place is named, and without the unit that holds another
    place named ("near the village of X, in the Y district": X, which the gazetteer files within Y, or a town in the
    first-level unit named); one entry per place id."""
    seen: dict[str, dict[str, Any]] = {}
    for p in places:
        seen.setdefault(p["place_id"], p)
    out = list(seen.values())
    narrow = [p for p in out if p.get("feature") not in BROAD_FEATURES] or out

    def holds(unit: dict[str, Any], p: dict[str, Any]) -> bool:
        if p is unit:
            return False
        if p.get("within") == unit["place_id"]:
            return True
        return (unit.get("feature") == "ADM1" and p.get("feature") != "ADM1" and bool(unit.get("admin1"))
                and (unit.get("country"), unit.get("admin1")) == (p.get("country"), p.get("admin1")))

    return [u for u in narrow if not any(holds(u, p) for p in narrow)]


class IncidentsAnalyzer:
    name = "incidents"
    version = "1.11"
    languages: set[str] | None = set(LEXICONS)
    # the body only: a headline restates the body's incident, and a second report of it from the same document
    # would be linked and counted as a report of its own
    fields: tuple[str, ...] = ()

    def annotate(self, doc: Document, resources: Any) -> list[Span]:
        lex = lexicon(doc.language or "en")
        if lex is None:
            return []
        text = doc.text
        end_of_body = body_end(text, lex)
        pub = publication_date(doc.published)
        dateline_end = 0
        if doc.paragraphs and getattr(lex, "DATELINE", None) is not None:
            m = lex.DATELINE.match(text, doc.paragraphs[0][0])
            dateline_end = m.end() if m else 0
        places = [
            s
            for s in doc.spans
            if s.analyzer == "places" and s.label == "PLACE" and s.attrs.get("place_id") and s.start >= dateline_end
        ]
        undated_day = _reporting_day(doc, pub, dateline_end, lex)
        sourcing = [s for s in doc.spans if s.analyzer == "sourcing"]
        type_model = shipped() if (doc.language or "en") in MODEL_LANGUAGES else None
        found_by = detector() if type_model is not None else None  # English only, as the type classifier
        found: list[Found] = []
        item_lead = _list_leads(doc, pub, dateline_end, end_of_body, lex)
        for pi, (pa, pb) in enumerate(doc.paragraphs):
            if pa >= end_of_body:
                break
            pb = min(pb, end_of_body)
            para_dates: list[Any] = []
            parts: dict[tuple[int, int], tuple[int, int]] = {}
            sentences = [(pa + a, pa + b) for a, b in split_sentences(text[pa:pb])]
            tails: dict[tuple[int, int], int] = {}
            gaps: dict[tuple[int, int], int] = {}
            for sa, sb, back in _clauses(text, sentences, lex, places, parts, pub, dateline_end, tails, gaps):
                sentence = text[sa:sb]
                dates = find_dates(text, max(sa, dateline_end), sb, pub, lex) if sb > dateline_end else []
                dated_here = bool(dates)  # by its own words, not the sentence's of which it is a part
                if not dates and (sa, sb) in parts and parts[sa, sb][1] > dateline_end:
                    # one of two events of a sentence: the sentence's date ("shelled X and detained two shepherds
                    # near Y on Monday")
                    ssa, ssb = parts[sa, sb]
                    # not a day said inside an earlier event of the sentence ("a drone strike near X on Thursday,
                    # and the detention of two men"), unless the sentence opens with it ("On Monday, ... and ...")
                    dates = [d for d in find_dates(text, max(ssa, dateline_end), ssb, pub, lex)
                             if d.start >= sb or d.start - ssa <= OPENING_CHARS]
                said = getattr(lex, "REPORT_DATE_BEFORE", None)
                said_after = getattr(lex, "REPORT_DATE_AFTER", None)
                if said is not None:  # "the bulletin on Thursday", "said on Friday": when it was said
                    kept = [
                        d
                        for d in dates
                        if not said.search(text[max(sa, d.start - 30) : d.start].replace(" on ", " ").rstrip() + " ")
                        # "the ministry today called the reports a fabrication": when it was said
                        and not (said_after is not None and said_after.match(text, d.end, sb))
                    ]
                    # one of two events a sentence tells, each with its day: the day this one was said is its day at
                    # the latest, nearer than the other's ("said on Thursday that ..., and on Friday accused ...")
                    # ("said on Thursday that ...": the day it was said, in this clause, before what was said)
                    dates = kept if kept or (sa, sb) not in parts else [
                        d for d in dates if sa <= d.start < sb and re.match(r"\s*,?\s*that\b", text[d.end : sb])
                    ]
                stated_dates = dates  # with the days a state began ("since Monday"), which the first day of an event
                # that goes on is
                since = getattr(lex, "STATE_SINCE", None)
                if since is not None:  # "held since Tuesday": when a state began, not when this sentence's event was
                    dates = [d for d in dates if not since.search(text[max(sa, d.start - 10) : d.start])
                             and not since.match(text, d.start, d.end)]
                may_negate = _list_gate(lex, "NEGATED").open(sentence)
                negated = [p for i, p in enumerate(lex.NEGATED) if i in may_negate and p.search(sentence)]
                no_violence = getattr(lex, "NO_VIOLENCE", ())
                # "no violations were recorded" rules out violence only: "the handover passed without incident"
                # still reports the handover
                violence_only = bool(negated) and all(p in no_violence for p in negated)
                if sentence.rstrip(" \"'”’»)").endswith("?") or (negated and not violence_only):
                    para_dates.extend(dates)
                    continue
                head = next((f for f in reversed(found) if f.start == tails[sa, sb] and not f.reference), None) if (
                    (sa, sb) in tails) else None
                if head is not None:
                    # "Azerbaijan returned two herders [it had detained ...], handing them over at X": the rest of the
                    # incident the sentence began with, and where it happened
                    tail_places = [p for p in places if sa <= p.start and p.end <= sb]
                    head.places = _specific(head.places + _where(doc, tail_places, lex))
                    head.mentioned |= {p.attrs["place_id"] for p in places if sa <= p.start and p.end <= sb}
                    head.mentions.append((sa, sb))
                    para_dates.extend(dates)
                    continue
                kind, trig, scores = classify(sentence, lex)
                inherited = False
                if kind is None and (sa, sb) in parts and found and found[-1].start >= parts[sa, sb][0]:
                    # the second of two events a sentence tells with the event word said once ("... near X on Monday
                    # and at positions near Y on Tuesday"): the first one's type; the trigger is the clause's first word
                    first_word = re.match(r"\W*[\w-]+", sentence)
                    if first_word is not None:
                        kind, trig, inherited = found[-1].type, (0, first_word.end()), True
                        scores = {kind: 1.0}
                # not asked: a clause cut from a sentence (too short to judge), and a sentence that goes on about the
                # incident just told ("The shooting lasted twenty minutes.": it adds to that incident)
                judged = not back and (sa, sb) not in parts and not _goes_on(found, pi, sentence, kind, trig, lex)
                # "blocked the road for the third day", "have camped outside the building since Monday": an event that
                # goes on, dated from its first day, which a state or a habit is not (nor is it the model's to overrule)
                started = _ongoing_start(sentence, sa, stated_dates, pub, kind, text, lex) if kind is not None else None
                if kind is not None and found_by is not None and judged and started is None and vetoed(
                    sentence, scores, found_by
                ):
                    kind = trig = None  # a trigger word in a sentence that reads as no report of an event
                by_models = False
                if (kind is None and found_by is not None and type_model is not None and not negated
                        and _refutation(sentence, lex) is None):  # "Baku denied that its troops had fired": a denial
                    # no trigger word: the two learned models may still agree that the sentence tells an incident
                    guess = found_by_models(sentence, type_model, found_by)
                    if guess is not None and not _hypothetical(sentence, guess[1], lex):  # "may detain anyone"
                        kind, trig, by_models = type_of_sub_event(guess[0]), guess[1], True
                        scores = {kind: 0.0}
                asked = not by_models and not inherited  # a type the word lists chose, which the model may change
                if kind is not None and not violence_only and type_model is not None and asked:
                    # the rest of a sentence cut around a clause ("[two servicemen who had been detained in January]
                    # were handed over at the border") is read by the model with the words it is about
                    cut = _cut_head(parts, tails, sa, sb)
                    said = text[cut[0] : cut[1]].rstrip() + " " + sentence.lstrip() if cut else sentence
                    kind = retype(said, kind, scores, doc.language or "en", type_model)
                if violence_only and (kind is None or TYPES[kind].violent):
                    para_dates.extend(dates)
                    continue
                if (kind is None or trig is None) and (not found or pi - found[-1].paragraph > 1):
                    para_dates.extend(dates)  # nothing here, and no incident just told to add counts to
                    continue
                counts, count_spans = find_counts(text, sa, sb, lex)
                if kind == "ceasefire_agreement" and "detained" in counts and "released" not in counts:
                    # "returned ten soldiers captured in the clashes": in a handover the people held are those set free
                    counts["released"], count_spans["released"] = counts.pop("detained"), count_spans.pop("detained")
                claim = getattr(lex, "CLAIM_NOUN", None)
                if ((kind is None or trig is None) and found and pi - found[-1].paragraph <= 1
                        and found[-1].stance not in DENIAL_STANCES and claim is not None and claim.search(sentence)
                        and _refutation(sentence, lex) is not None):
                    # "Baku called the claim absolutely groundless.": the incident just told, disputed in the document
                    found[-1].disputed = True
                    found[-1].mentions.append((sa, sb))
                    para_dates.extend(dates)
                    continue
                if kind is None or trig is None:
                    self._continue(found, pi, counts, count_spans, sa, sb)
                    para_dates.extend(dates)
                    continue
                started = _ongoing_start(sentence, sa, stated_dates, pub, kind, text, lex)  # of the type it has now
                habitual = getattr(lex, "HABITUAL", None)
                if habitual is not None and started is None and _habitual(sentence, habitual, lex):
                    para_dates.extend(dates)
                    continue
                if _not_conflict(sentence, lex) or _not_news(sentence, kind, trig, lex):
                    para_dates.extend(dates)
                    continue  # "a gas explosion injured three people", "the shooting championship opened"
                if not back and _follows_up(found, pi, kind, scores, (sa, sb), places, dated_here):
                    # "A house was damaged and a woman wounded." after the shelling just told; "A patrol visited the
                    # site.": what came of the incident, or what was done about it, adds to it
                    self._continue(found, pi, counts, count_spans, sa, sb, any_count=True, max_gap=0)
                    para_dates.extend(dates)
                    continue
                if not by_models and unanchored_veto(
                    doc, pi, (sa, sb), parts, places, bool(dates or para_dates or counts), scores, found_by, lex
                ):
                    para_dates.extend(dates)
                    continue  # an ambiguous word with nothing around it that a report of an event has
                here = _where(doc, _unframed(doc, sa, sb, places, lex), lex, sa + trig[0])
                if (sa, sb) in parts and parts[sa, sb][0] < sa:
                    # a later part of a sentence that opens "In X, ...": X frames every event the sentence tells
                    here = _specific(here + _framed(doc, parts[sa, sb][0], sa, places, lex))
                if not here and not back:
                    # "X has grazed sheep on the slopes east of Chartar for forty years. On Monday evening someone
                    # fired at his flock.": the place the sentence before it set the scene in, when it told no incident
                    here = _scene(doc, sentences, sa, places, found, lex)
                how = None if back else _anaphoric(sentence, trig, lex)  # "a day after the shooting": another one
                pronoun = getattr(lex, "PRONOUN_START", None)
                opening = None  # where a sentence that opens with "the shooting" or "it" names its subject
                if how is None and not back and pronoun is not None and pronoun.match(sentence) and found:
                    how = "definite"  # "Both took place in the evening ...", "It lasted an hour"
                    opening = sa + pronoun.match(sentence).end()
                if how is not None:
                    # "the detention", "this shooting": the incident just told, not a new one
                    gap = getattr(lex, "ATTACHED_PLACE", None)
                    attached = [  # "the shooting near X"; a sentence's subject ("The shooting near X lasted ..."), by
                        # the words right after it, not by a destination later on ("The vehicles carried ... to Y",
                        # "The marchers stopped before X")
                        p for p in here if (opening is None and 0 <= p["span"][0] - (sa + trig[1]) <= 40 and (
                            gap is None or gap.fullmatch(doc.text, sa + trig[1], p["span"][0])))
                        or (opening is not None and 0 <= p["span"][0] - opening <= 20)
                    ]
                    # "Thursday's sniper attack": the incident of that day
                    day = next((d.date.isoformat() for d in dates if 0 <= sa + trig[0] - d.end <= 20), None)
                    if day is None and dated_here and dates and how == "definite":
                        # "It was the second attack this week, after three soldiers were wounded on Monday": a sentence
                        # that dates its own event tells of the incident of that day
                        day = min(dates, key=lambda x: abs(x.start - (sa + trig[0]))).date.isoformat()
                    ref = _referent(found, kind, pi, attached, "pronoun" if opening is not None else how, day)
                    old_day = getattr(lex, "BACKGROUND_DAYS", 10**6)
                    if (ref is None and not dated_here and para_dates and pub is not None
                            and (pub - para_dates[-1].date).days > old_day):
                        continue  # "... again last September. Those two days of fighting killed ...": the past events
                        # just recalled, not an incident told elsewhere
                    if ref is not None:
                        self._continue([ref], pi, counts, count_spans, sa, sb, any_count=True, max_gap=5)
                        own = [p for p in here if p.get("feature") not in _COUNTRIES and p.get("cue") != "not_location"]
                        if own and ref.places and all(p.get("feature") in _COUNTRIES for p in ref.places):
                            ref.places = own  # "The handover took place in the Aghdam direction": where it happened
                        if (ref.stance in DENIAL_STANCES) != (_refutation(sentence, lex) is not None):
                            ref.disputed = True  # the document tells both the claim and its denial
                        para_dates.extend(dates)
                        continue
                    back = True  # "the detention" with nothing before it in this text: an incident told elsewhere
                f = Found(
                    sa,
                    sb,
                    kind,
                    (sa + trig[0], sa + trig[1]),
                    pi,
                    counts=counts,
                    count_spans=count_spans,
                    mentioned={s.attrs["place_id"] for s in places if sa <= s.start and s.end <= sb},
                    reference=back,
                    by_models=by_models,
                    casualty_only=kind in UNSPECIFIC and set(scores) == {kind} and scores[kind] < 1.0,
                )
                # the date nearest the words that state the incident (one of this period's when the sentence has one:
                # "held since crossing in April, were handed over today"); else the last one of the paragraph so far
                old = getattr(lex, "BACKGROUND_DAYS", 10**6)
                past = getattr(lex, "PAST_CLAUSE", None)
                clause = past.search(text, sa + trig[1], sb) if past is not None and dates else None
                # "returned two men who had strayed across the border in December": that day is the clause's, an
                # earlier event of the people, not the day of the handover
                own = [x for x in dates if clause is None or x.start < clause.start()]
                # "... were detained and taken to X; they were released on Wednesday morning": a day told after a
                # semicolon, in a clause that tells no incident of its own, is that clause's
                semi = text.find("; ", sa + trig[1], sb)
                if semi >= 0 and own and classify(text[semi + 2 : sb], lex)[0] is None:
                    own = [x for x in own if x.start < semi]
                recent = [x for x in own if pub is None or (pub - x.date).days <= old]
                # the last day of the paragraph so far, a recent one before an old one ("welcomes the return today of
                # two men held since they crossed in December. They were handed over at X")
                para_recent = [x for x in para_dates if pub is None or (pub - x.date).days <= old] or para_dates
                dm = (
                    min(recent or own, key=lambda x: abs(x.start - (sa + trig[0])))
                    if own
                    else (para_recent[-1] if para_recent and not back else None)
                )
                if dm is None and not back:
                    dm = item_lead.get(pi)  # an item of a list under "... on 20 April:"
                if not dates and not back and dm is not None and found:
                    # "Azerbaijan handed back a shepherd on Saturday ... He was detained on Thursday ... He was handed
                    # over near X": the paragraph's last day is another kind of incident's; the document told one of
                    # this kind, dated, before: its day
                    owner = next((g for g in reversed(found) if g.date_span == (dm.start, dm.end) or any(
                        a <= dm.start < b for a, b in [(g.start, g.end), *g.mentions])), None)
                    same = next((g for g in reversed(found) if g.type == kind and g.date and g.date_span
                                 and g.date_from != "document" and not g.reference), None)
                    if owner is not None and owner.type != kind and same is not None and same.date_span:
                        dm = DateMention(date.fromisoformat(same.date), *same.date_span, same.date_from)
                if not dates and (sa, sb) in tails:
                    # "Today, two servicemen [who had been detained in January] were handed over": the rest of a
                    # sentence is dated by the sentence's start, not by the clause cut from its middle
                    head = _cut_head(parts, tails, sa, sb)
                    said = find_dates(text, max(head[0], dateline_end), head[1], pub, lex) if head else []
                    if said:
                        dm = said[-1]
                    elif head:
                        # "The shepherd [who was abducted on Wednesday] has been returned": not the clause's day, but
                        # one the paragraph stated before the sentence, else the publication's
                        before = [x for x in para_recent if x.end <= head[0]]
                        dm = before[-1] if before else None
                same_day = getattr(lex, "SAME_DAY", None)
                later = same_day.search(sentence) if same_day is not None and not dated_here and not back else None
                shift = None if dated_here or back else next(
                    ((m, n) for pat, n in getattr(lex, "DAYS_AFTER_PREVIOUS", ()) if (m := pat.search(sentence))), None
                )
                # the incident just told, in this paragraph or the one before (a few before when the sentence
                # opens with the words: "On the same day, ..." after paragraphs of quotes and background)
                opens = (later is not None and later.start() <= OPENING_CHARS) or (
                    shift is not None and shift[0].start() <= OPENING_CHARS)
                told = (found and found[-1].date and found[-1].date_from != "document"
                        and pi - found[-1].paragraph <= (ANAPHOR_PARAGRAPHS if opens else 1))
                antecedent = None
                if (later is not None or shift is not None) and not told:
                    # "Since 11 April it has been a different life. That day four soldiers were killed": the last
                    # day the paragraph stated before the sentence, told incident or not
                    before = find_dates(text, max(pa, dateline_end), sa, pub, lex) if sa > max(pa, dateline_end) else []
                    antecedent = before[-1] if before else None
                if later is not None and told:
                    # "Hours later, ...", "on the same day": the day of the incident just told, not the paragraph's
                    f.date, f.date_from = found[-1].date, found[-1].date_from
                    f.date_span = (sa + later.start(), sa + later.end())
                elif later is not None and antecedent is not None:
                    f.date, f.date_from = antecedent.date.isoformat(), antecedent.kind
                    f.date_span = (sa + later.start(), sa + later.end())
                elif shift is not None and (ref := _shift_from(shift[1], found[-1] if told else None, antecedent,
                                                               pub)) is not None:
                    day = ref + timedelta(days=shift[1])
                    f.date, f.date_from = day.isoformat(), "relative"
                    f.date_span = (sa + shift[0].start(), sa + shift[0].end())
                elif (back and not dated_here and (sa, sb) in gaps and found and found[-1].date
                      and found[-1].date_from != "document" and pi - found[-1].paragraph <= 1):
                    # "The attack came a day after a woman was wounded in X": a day before the incident just told
                    day = date.fromisoformat(found[-1].date) + timedelta(days=gaps[sa, sb])
                    f.date, f.date_from = day.isoformat(), "relative"
                elif dm is not None:
                    f.date, f.date_from, f.date_span = dm.date.isoformat(), dm.kind, (dm.start, dm.end)
                elif undated_day is not None:
                    f.date = undated_day.isoformat()
                if not dates and sb > dateline_end:
                    ranges = find_ranges(text, max(sa, dateline_end), sb, pub, lex)
                    if not ranges and (sa, sb) in parts and parts[sa, sb][1] > dateline_end:
                        # one of the events of a round-up sentence: the sentence's period ("Earlier in the week, ...")
                        ranges = find_ranges(text, max(parts[sa, sb][0], dateline_end), parts[sa, sb][1], pub, lex)
                    if ranges:  # the period nearest the words that state the incident
                        f.date_range = min(ranges, key=lambda r: abs(r.start - (sa + trig[0])))
                if started is not None:
                    f.date, f.date_from = started.isoformat(), "relative"
                state = getattr(lex, "ONGOING_STATE", None)
                f.ongoing = started is not None or (
                    _goes_on_for_days(kind) and state is not None and state.search(sentence) is not None)
                para_dates.extend(dates)
                first_day = started or (dm.date if dm is not None else None)
                if pub is not None and first_day is not None and (pub - first_day).days > getattr(
                    lex, "BACKGROUND_DAYS", 10**6
                ):
                    if started is None or (dm is not None and (pub - dm.date).days > getattr(
                            lex, "BACKGROUND_DAYS", 10**6)):
                        continue  # "withdrew from the district in November 2020": background
                    # "The blockade entered its 35th day on Sunday": a state that began long ago, told as going on
                    # now: an incident of the day it is told, which began on its first day (``since``)
                    f.date, f.date_from = (dm.date.isoformat(), dm.kind) if dm is not None else (pub.isoformat(),
                                                                                                 "document")
                    f.since = started.isoformat()
                refuted = _refutation(sentence, lex)
                other = _refutes_other(sentence, refuted, trig, lex) if refuted is not None else None
                if other is not None:  # ", which Baku denies": the claim, disputed; "divert attention from ...": stated
                    refuted, f.disputed = None, other == "aside"
                questioning = getattr(lex, "QUESTIONING", None)
                doubt = questioning.search(sentence) if refuted is None and questioning is not None else None
                if refuted is not None:
                    f.stance, f.denial = "denies", (sa + refuted.start(), sa + refuted.end())
                elif doubt is not None:  # "questioned whether the shelling took place": doubt, not a denial
                    f.stance, f.denial = "questions", (sa + doubt.start(), sa + doubt.end())
                f.actors = [
                    {"text": m.group(0), "span": [sa + m.start(), sa + m.end()]} for m in lex.ACTOR.finditer(sentence)
                ]
                self._attribute(f, doc, sourcing, lex)
                if f.stance == "denies" and refuted is not None and not f.attribution.get("self"):
                    who = _denier(sentence, refuted, lex)
                    if who is not None and not _is_self(who, doc.source):
                        f.stance = "reports_denial"  # "Baku denied that its troops had fired": another party's denial
                f.mentions = [(sa, sb)]
                specific = _specific(here)
                # violence "near X and near Y" is one incident per place; fire "from X at Y" or a convoy "from X
                # to Y" is one incident, and so is fire along a front of three places or more ("positions in the
                # directions of A, B, C and D"), unless it gives each of them a day ("near A, B and C on Monday,
                # Tuesday and Wednesday")
                split = len(specific) > 1 and TYPES[kind].violent and _coordinated(text, specific, lex)
                # "fire near X and Y on Monday and Tuesday": as many days said side by side as places, in order
                paired = _respective_days(text, dates, len(specific), lex) if split and dated_here else None
                split = split and (len(specific) <= MAX_SPLIT_PLACES or paired is not None) and (
                    paired is not None or not _fronts(text, specific, lex))
                groups = [[p] for p in specific] if split else [specific]
                for k, g in enumerate(groups):
                    g_found = f if k == 0 else _copy(f)
                    g_found.places = g
                    g_found.part = k if len(groups) > 1 else 0
                    if split:  # each part is at its own place, not at its siblings'
                        g_found.mentioned = f.mentioned - {p["place_id"] for p in specific}
                    if paired is not None:
                        d = paired[k]
                        g_found.date, g_found.date_from = d.date.isoformat(), d.kind
                        g_found.date_span = (d.start, d.end)
                    if len(groups) > 1:  # counts of a sentence naming several places are not split between them
                        g_found.counts, g_found.count_spans = {}, {}
                    self._merge_or_add(found, g_found, text, lex)
        placed = "places" in doc.analyzers  # where nothing looked for places, no incident can be said to have none
        return [self._span(f, text) for f in _casualties_joined(found) if not (placed and _status_line(f))]

    # ------------------------------------------------------------------------------------- assembly
    @staticmethod
    def _continue(
        found: list[Found],
        para: int,
        counts: dict[str, int],
        spans: dict[str, tuple[int, int]],
        sa: int,
        sb: int,
        any_count: bool = False,
        max_gap: int = 1,
    ) -> None:
        """A sentence without a trigger that counts casualties adds them to the incident just told (with
        ``any_count``, a sentence that names that incident again adds whatever it counts)."""
        people = (
            counts
            if any_count
            else {k: v for k, v in counts.items() if k in ("killed", "wounded", "detained", "abducted", "missing")}
        )
        if not found or (not people and not any_count) or para - found[-1].paragraph > max_gap:
            return
        last = found[-1]
        for k, v in people.items():
            if k not in last.counts:
                last.counts[k] = v
                last.count_spans[k] = spans[k]
        last.mentions.append((sa, sb))

    @staticmethod
    def _merge_or_add(found: list[Found], f: Found, text: str, lex: ModuleType | None = None) -> None:
        if f.reference:  # "a day after the shooting near X": another incident than the one the sentence tells
            found.append(f)
            return
        for prev in reversed(found):
            if (prev.start, prev.end) == (f.start, f.end):
                continue
            # the escort of a convoy just told ("..., after it crossed the corridor under the escort of peacekeepers"),
            # and what the convoy took back the same day ("On the way back, the Red Cross took nine patients to X")
            escort = (f.type in ("patrol_or_escort", "aid_delivery") and prev.type == "aid_delivery"
                      and f.paragraph - prev.paragraph <= 1 and (f.date_from == "document" or f.date == prev.date))
            if not same_family(prev.type, f.type) and not (f.casualty_only and TYPES[prev.type].violent) and not escort:
                continue
            # a refutation right after another one, undated or of its day, elaborates it ("... is false. Our units did
            # not fire in any direction on 22 February."), wherever each says the fire came from
            elaborates = (
                f.stance in DENIAL_STANCES
                and prev.stance in DENIAL_STANCES
                and (f.date_from == "document" or f.date == prev.date)
                and f.paragraph - prev.paragraph <= 1
            )
            # told again in another sentence of the document, on its day, a few kilometres away ("near Khramort" and
            # "near Khojaly", the district's town): the same incident in other words
            retold = f.start != prev.start and f.date == prev.date and _within_km(f, prev, RETOLD_KM)
            apart = _located(f) and _located(prev) and not f.may_be_at(prev)
            if apart and not elaborates and not retold and not escort:
                continue
            one_refuted = (f.stance in DENIAL_STANCES) != (prev.stance in DENIAL_STANCES)
            if one_refuted and f.type != prev.type and f.places and not f.place_ids() & prev.place_ids():
                # "Separately, the ministry refuted claims that a civilian was wounded in X" after a mine blast in
                # Y, or a drone strike near X denied after shelling from X: a refutation of another kind of event,
                # at a place of its own, is another incident than the one told without it
                continue
            # a paragraph's lead-in without a verb ("Rally in Yerevan.") and the sentence that tells its event
            lead = (lex is not None and prev.date_from == "document" and f.paragraph == prev.paragraph
                    and len(prev.mentions) == 1 and len(text[prev.start : prev.end].split()) <= 6
                    and not _has_verb(text[prev.start : prev.end], lex))
            if f.date_from != "document" and prev.date != f.date and not lead:
                continue
            if not f.places and f.paragraph - prev.paragraph > 5:
                continue
            prev.mentions.append((f.start, f.end))
            prev.mentioned |= f.mentioned
            if lead and f.date_from != "document":  # the sentence that tells the event is the report's words
                prev.start, prev.end, prev.trigger = f.start, f.end, f.trigger
            if prev.casualty_only and not f.casualty_only:
                # the casualties came first ("one farmer was killed"), what hurt them after ("a tractor ran over a
                # mine"): the incident is what hurt them, where it happened
                prev.type, prev.trigger, prev.casualty_only = f.type, f.trigger, False
                if _located(f) and not _located(prev):
                    prev.places = f.places
            if (f.stance in DENIAL_STANCES) != (prev.stance in DENIAL_STANCES):
                prev.disputed = True  # the document tells both the claim and its denial
            for k, v in f.counts.items():
                if k not in prev.counts:
                    prev.counts[k] = v
                    prev.count_spans[k] = f.count_spans[k]
            if not prev.places or (_located(f) and not _located(prev)) or (_specific_at(f) and not _specific_at(prev)):
                # "units of the armed forces of Armenia violated ..." and then where they fired; "fire on towns inside
                # Armenia" and then the towns
                prev.places = f.places
            if prev.date_from == "document" and f.date_from != "document":
                prev.date, prev.date_from, prev.date_span = f.date, f.date_from, f.date_span
            if prev.date_range is None and prev.date_from == "document":
                prev.date_range = f.date_range
            if (
                prev.attribution.get("kind") == "own_voice"
                and f.attribution.get("kind") != "own_voice"
                and (f.stance in DENIAL_STANCES) == (prev.stance in DENIAL_STANCES)
            ):
                # "X happened ... according to Y": the account it is told on; a later sentence that refutes what
                # the document first stated does not turn its report into a denial (it is ``disputed`` above)
                prev.attribution, prev.stance = f.attribution, f.stance
            known = {a["text"] for a in prev.actors}
            prev.actors += [a for a in f.actors if a["text"] not in known]
            return
        found.append(f)

    @staticmethod
    def _attribute(f: Found, doc: Document, sourcing: list[Span], lex: ModuleType | None = None) -> None:
        """The SOURCE of a CONTENT that covers the incident's trigger; own voice when none, or when the source
        is the document's own outlet speaking of itself. A cue that is the trigger itself ("Armenian units fired
        mortars": the units are the actors, not speakers; ``lex.ACTION_CUE``) frames no content; a speaker who accuses
        another party of what the sentence tells ("Baku accused Yerevan of shelling Aghdam"; ``lex.ACCUSING``) relays a
        claim even where the accusation's object is no CONTENT."""
        ta, tb = f.trigger
        accusing, action = getattr(lex, "ACCUSING", None), getattr(lex, "ACTION_CUE", None)
        cues: dict[Any, list[Span]] = {}
        for x in sourcing:
            if x.label == "CUE":
                cues.setdefault(x.attrs.get("attribution"), []).append(x)
        framed = [
            s for s in sourcing if s.label == "CONTENT" and s.start <= ta and tb <= s.end
            and not (action is not None and any(
                c.start < tb and ta <= c.end + 1 and action.fullmatch(doc.text[c.start : c.end])
                for c in cues.get(s.attrs.get("attribution"), [])))
        ]
        if not framed and accusing is not None:
            # "Baku accused Yerevan on Tuesday of shelling Aghdam": an accusation in the incident's sentence, before
            # its trigger
            framed = [
                s for s in sourcing if s.label == "CONTENT"
                and any(f.start <= c.start and c.end <= ta and accusing.fullmatch(doc.text[c.start : c.end])
                        for c in cues.get(s.attrs.get("attribution"), []))
            ][:1]
        for s in framed:
            aid = s.attrs.get("attribution")
            src = next((x for x in sourcing if x.label == "SOURCE" and x.attrs.get("attribution") == aid), None)
            speaker = (src.attrs.get("speaker") if src else None) or s.attrs.get("speaker")
            entry: dict[str, Any] = {
                "kind": (src.attrs.get("kind") if src else None) or "unknown",
                "speaker": speaker,
                "attribution": aid,
            }
            if src is not None:
                entry["span"] = [src.start, src.end]
            if _is_self(speaker, doc.source) or entry["kind"] == "author":  # "we deny": the document's own voice
                entry["self"] = True
            elif f.stance == "asserts":
                f.stance = "reports_claim"  # another party's claim, relayed
            elif f.stance == "denies" and f.denial is not None and _denied_by(f.denial, s, src, cues.get(aid, []),
                                                                              doc.text):
                # the refutation is in the other party's words ("X said ... was groundless") or its frame ("X
                # dismissed as false claims that ...", "...; Baku denied the accusation", "was refuted by X, which
                # said ..."): relayed
                f.stance = "reports_denial"
            # else the document's own words refute the claim it attributes ("the information spread by ... is
            # groundless"): its own denial
            f.attribution = entry
            return

    @staticmethod
    def _span(f: Found, text: str) -> Span:
        ev, sub = acled_of(f.type)
        attrs: dict[str, Any] = {
            "type": f.type,
            "acled_event_type": ev,
            "acled_sub_event_type": sub,
            "trigger": {"text": text[f.trigger[0] : f.trigger[1]], "span": list(f.trigger)},
            "places": f.places,
            "places_mentioned": sorted(f.mentioned - f.place_ids()),
            "date": f.date,
            "date_from": f.date_from if f.date else None,
            "date_span": list(f.date_span) if f.date_span else None,
            "date_range": [f.date_range.first.isoformat(), f.date_range.last.isoformat()] if f.date_range else None,
            "date_range_span": [f.date_range.start, f.date_range.end] if f.date_range else None,
            "actors": f.actors,
            "counts": f.counts,
            "count_spans": {k: list(v) for k, v in f.count_spans.items()},
            "attribution": f.attribution,
            "stance": f.stance,
            "mentions": [list(m) for m in f.mentions],
        }
        if f.denial is not None:  # the words that refute it or cast doubt on it
            attrs["stance_cue"] = {"text": text[f.denial[0] : f.denial[1]], "span": list(f.denial)}
        if f.disputed:
            attrs["disputed"] = True
        if f.part:
            attrs["part"] = f.part
        if f.reference:
            attrs["reference"] = True
        if f.ongoing:  # told as going on: linking joins it to the same closure or protest told on an earlier day
            attrs["ongoing"] = True
        if f.since is not None:
            attrs["since"] = f.since
        if f.by_models:  # no trigger word: the two learned models agreed (the trigger is the model's strongest word)
            attrs["found_by"] = "models"
        return Span(f.start, f.end, "INCIDENT", "incidents", attrs)

    def summarize(self, doc: Document) -> dict[str, Any]:
        spans = [s for s in doc.spans if s.analyzer == self.name and s.label == "INCIDENT"]
        by_type: dict[str, int] = {}
        for s in spans:
            by_type[s.attrs["type"]] = by_type.get(s.attrs["type"], 0) + 1
        return {"incidents": len(spans), "by_type": dict(sorted(by_type.items()))}


def _reporting_day(doc: Document, pub: Any, floor: int, lex: ModuleType) -> Any:
    """The day an incident the document does not date happened: the publication date, or the day before when the
    document opens with the period it reports on ("In the past 24 hours the mission registered ...": a daily report,
    whose undated lines are about that day too), or the day it names as that period ("Reporting period: 10 April")."""
    period, named = getattr(lex, "REPORT_PERIOD", None), getattr(lex, "REPORTED_DAY", None)
    first = next(((a, b) for a, b in doc.paragraphs if b > floor and doc.text[max(a, floor) : b].strip()), None)
    if pub is None or first is None:
        return pub
    m = named.search(doc.text, max(first[0], floor), first[1]) if named is not None else None
    if m is not None:  # "Reporting period: 10 April 2023, 00:00 to 24:00": the day the report is about
        days = find_dates(doc.text, m.end(), min(first[1], m.end() + 40), pub, lex)
        if days and days[0].date <= pub:
            return days[0].date
    if period is None or not period.search(doc.text, max(first[0], floor), first[1]):
        return pub
    return pub - timedelta(days=1)


def _casualties_joined(found: list[Found]) -> list[Found]:
    """The incidents, each casualty told with no cause ("According to updated information, one farmer was killed")
    joined to the violent incident the document tells in the paragraph after it (or before it), at a place it may be
    at and on its day: the casualties of that incident, not an attack of their own."""
    out = list(found)
    for f in found:
        if not f.casualty_only or f.reference:
            continue
        host = next(
            (g for g in sorted(out, key=lambda g: abs(g.paragraph - f.paragraph))
             if g is not f and not g.casualty_only and not g.reference and TYPES[g.type].violent
             and abs(g.paragraph - f.paragraph) <= 1
             and (f.date_from == "document" or g.date_from == "document" or g.date == f.date)
             and (not (_located(f) and _located(g)) or f.may_be_at(g))),
            None,
        )
        if host is None:
            continue
        host.mentions.append((f.start, f.end))
        host.mentioned |= f.mentioned
        for k, v in f.counts.items():
            host.counts.setdefault(k, v)
            host.count_spans.setdefault(k, f.count_spans[k])
        out.remove(f)
    return out


def _denied_by(denial: tuple[int, int], content: Span, src: Span | None, cues: list[Span], text: str) -> bool:
    """Whether the words that refute an incident are the speaker's, whose CONTENT tells it: inside that content, the
    speaker's cue ("Baku denied ..."), between the speaker and the content in either order ("X dismissed as false
    claims that ...", "Troops shelled X; Baku denied the accusation"), or a passive refutation whose agent is the
    speaker ("was refuted by Yerevan, which said ...")."""
    at = denial[0]
    if content.start <= at < content.end or any(c.start <= at < c.end for c in cues):
        return True
    if src is None:
        return False
    if src.start <= at < content.start or content.end <= at < src.start:
        return True
    between = text[denial[1] : src.start] if denial[1] <= src.start else ""
    speaker = str(src.attrs.get("speaker") or text[src.start : src.end])
    return bool(re.match(r"\s+by\s", between)) and len(between) <= 60 and speaker in between + text[src.start : src.end]


RETOLD_KM = 12.0  # two places of one document this close, for one event on one day, are one place told twice


def _within_km(a: Found, b: Found, km: float) -> bool:
    """Whether some place of ``a`` and some place of ``b`` (points, in one country) lie within ``km`` of each other."""
    return any(
        haversine_km(p["lat"], p["lon"], q["lat"], q["lon"]) <= km
        for p in a.places
        for q in b.places
        if None not in (p.get("lat"), q.get("lat")) and p.get("country") == q.get("country")
        and p.get("feature") not in BROAD_FEATURES and q.get("feature") not in BROAD_FEATURES
    )


# work a mission does every day, which its bulletins tally ("Engineering units cleared 2.9 hectares of land", "During
# the week, the agency cleared 1,412 hectares"): an incident only where the text says where or on which day it was
# done, not as a bare tally
STATUS_TYPES = frozenset({"mine_clearance"})


def _status_line(f: Found) -> bool:
    return f.type in STATUS_TYPES and f.date_from == "document" and not _located(f) and f.stance == "asserts"


def _specific_at(f: Found) -> bool:
    """Whether the incident is placed somewhere narrower than a country or a broad region."""
    return any(p.get("cue") != "not_location" and p.get("feature") not in _WIDE for p in f.places)


def _located(f: Found) -> bool:
    """Whether the incident's places say where it happened (not only "a resident of X")."""
    return any(p.get("cue") != "not_location" for p in f.places)


def _copy(f: Found) -> Found:
    """Another part of ``f``'s sentence: the same words, date, actors and attribution; places and counts its own."""
    return replace(f, places=[], counts={}, count_spans={}, actors=list(f.actors), attribution=dict(f.attribution),
                   mentions=list(f.mentions), mentioned=set(f.mentioned))


_SELF_WORDS = re.compile(r"[A-Za-z\u0400-\u04ff]{4,}")
_GENERIC = {
    "ministry",
    "press",
    "service",
    "news",
    "agency",
    "office",
    "defence",
    "defense",
    "bulletin",
    "times",
    "daily",
}


def _is_self(speaker: str | None, source: str | None) -> bool:
    """Whether the speaker is the outlet itself ("the mission" in the mission's bulletin)."""
    if not speaker or not source:
        return False
    a = {w.lower() for w in _SELF_WORDS.findall(speaker)}
    b = {w.lower() for w in _SELF_WORDS.findall(source)}
    common = a & b
    return bool(common) and (bool(common - _GENERIC) or a <= b)


__all__ = ["TYPES", "IncidentsAnalyzer", "classify", "find_counts", "lexicon"]
