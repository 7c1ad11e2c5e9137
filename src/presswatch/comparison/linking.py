"""The same incident across documents, sources, days and languages.

Every ``INCIDENT`` span of every document is a :class:`Report`. A new report is compared only with the
reports found by **blocking**: those whose day lies within a few days of its own and whose place lies in
the same or a neighbouring cell of a half-degree grid (an index on day and cell, in memory or in the store;
a report without a specific place is compared with at most ``UNPLACED_CANDIDATES`` reports of its days, and a
report with one with at most ``PLACELESS_FOR_PLACED`` reports that name none, those of its own type first), never
with all reports.
Two reports can describe one incident when

- their types are one family (shooting / ceasefire violation / shelling; aid delivery only with aid),
- their places agree: the same place id, or within a district ("Martakert district" holds a village
  10 km from the town; a village the gazetteer files ``within`` it), or one of them names no place; two
  villages that only have their district's point are two places of one district, never one point,
- their dates agree: the same day when both texts date the incident; a day or two apart when one of them
  only has its publication date ("reported on Tuesday" about Monday's shooting); a day apart when one of them is a
  mention of an incident told elsewhere dated by the words around it (often the day of the statement that mentions
  it), of the same type at the same place,
- and they are not two incidents of one document (the analyzer already joined those; but two sentences of one
  document that name the same place on the same day, in types of one family, tell one incident twice).

Among those, the report joins the incident whose reports it matches best on type, place, date and text similarity
(sentence embeddings where available, word overlap otherwise): the mean over the best strict majority of the
incident's reports, if that passes ``threshold``; otherwise it starts a new incident. Two look-alike incidents
(same type, neighbouring villages, consecutive days) stay apart: different places, or different dates stated by
both texts.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from presswatch.analyzers.incidents.taxonomy import PROTESTS, TYPES, family, same_family

FAMILY_TYPES: dict[str, tuple[str, ...]] = {}  # family -> its types, in a fixed order
for _name in sorted(TYPES):
    FAMILY_TYPES[family(_name)] = (*FAMILY_TYPES.get(family(_name), ()), _name)

# families of which one report can tell what another reports as its consequence: a field "burned" in one source is
# the "incendiary rounds fired" of another, the "house destroyed" the shelling. Reports of related families link only
# at a place they share (or one within the other's district) and in words alike, never on place and date alone
RELATED_FAMILIES: dict[str, tuple[str, ...]] = {
    "fire": ("property_destruction",),
    "property_destruction": ("fire",),
    # a road blocked by protesters is reported as a protest by some and as the road's closure by others
    PROTESTS: ("checkpoint_or_road_closure",),
    "checkpoint_or_road_closure": (PROTESTS,),
    # patients or aid taken through under escort: an aid delivery to some, an escort to others
    "aid_delivery": ("patrol_or_escort",),
    "patrol_or_escort": ("aid_delivery",),
}
RELATED_TYPE_SCORE = 0.4
RELATED_MIN_TEXT = 0.3  # place and day alone do not join a demolition to a shelling: the words must be alike too

WINDOW_DAYS = 3  # blocking: candidates within this many days
UNPLACED_CANDIDATES = 60  # a report naming no specific place is compared with at most this many reports of its family,
# the nearest days first: what keeps linking linear when the stream grows denser
PLACELESS_FOR_PLACED = 8  # a report with a place of its own meets at most this many reports that name none: those of
# its own type first, then the rest of its family, the nearest days first (a denser stream adds no comparisons)
REFERENCE_DAYS = 7  # a mention of an incident told elsewhere ("the detention", "a day after the shelling") may come
# this many days after it
ONGOING_DAYS = 21  # a closure or a protest told as going on may be told this many days after its first report (the
# analyzer's background starts there)
REFERENCE_DAY_OFF = 0.4  # a mention dated by the words around it, a day off an incident of its type at its place
THRESHOLD = 0.62
# an omission is not asserted against a source's report of the incident's type family at this place score (one place)
# and this many days apart (:func:`may_tell`)
MAY_TELL_PLACE = 0.9
MAY_TELL_DAYS = 1
PLACELESS = 0.4  # the place score when either report names no place (or only the country the other's place lies in)
ONGOING_PLACELESS = 0.7  # ... when both tell a closure or protest of one type as going on: one long state, seldom two
AREA_WORDS = re.compile(
    r"\b(?:district|region|direction|area|province|rayon|raion|surroundings|outskirts|vicinity|environs"
    r"|zone|sector|marz|corridor|road|highway|route|line of contact|border)\b",
    re.IGNORECASE,
)
LINEAR_FEATURES = {"RD", "RDJCT", "TNL", "BDG", "STM", "VAL", "MTS", "PASS"}  # a road passes many places
BROAD_FEATURES = {"RGN", "PCLS", "PCLI", "PCLD", "PCLIX", "ADM1", "CONT", "TERR", "AREA", "ZN"}
COUNTRY_FEATURES = {"PCL", "PCLI", "PCLD", "PCLIX", "PCLF"}  # a country: it holds the places filed under it
AREA_KM = 25.0  # a district and a place in it
SAME_PLACE_KM = 2.0  # two gazetteer entries for one place
REGION_KM = 80.0  # a broad region ("Karabakh") and a place in it
# a detention each side places on its own side of the border ("taken from the pastures east of X" in one country,
# "crossed into the Y district" in the other): the families told so, how far apart the two places may lie, and their
# score
ACROSS_BORDER_FAMILIES = frozenset({"detention"})
ACROSS_BORDER_KM = 35.0
ACROSS_BORDER_SCORE = 0.5
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


@dataclass(slots=True)
class Report:
    """One document's account of one incident (one INCIDENT span)."""

    document_id: str
    start: int
    end: int
    type: str
    day: int | None  # the incident's date as a proleptic ordinal (date.toordinal())
    date_from: str | None = None  # explicit | relative | document
    places: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    stance: str = "asserts"
    source: str | None = None
    text: str = ""
    vector: Any = None  # numpy row (L2-normalised) or None
    incident_id: str | None = None
    part: int = 0  # one of several incidents one sentence states
    mentioned: list[str] = field(default_factory=list)  # other places its sentences name
    reference: bool = False  # a mention of an incident told elsewhere, maybe days later
    span_days: tuple[int, int] | None = None  # "this week", "over the past few days": [first, last] ordinals
    ongoing: bool = False  # a closure or a protest told as going on ("remained blocked"): it began earlier
    _words: set[str] | None = None

    def word_set(self) -> set[str]:
        if self._words is None:
            self._words = words(self.text)
        return self._words

    @classmethod
    def from_span(
        cls,
        document_id: str,
        start: int,
        end: int,
        attrs: dict[str, Any],
        *,
        source: str | None = None,
        text: str = "",
        vector: Any = None,
        incident_id: str | None = None,
    ) -> Report:
        d = attrs.get("date")
        day = date.fromisoformat(d).toordinal() if d else None
        rng = attrs.get("date_range")
        span_days = (date.fromisoformat(rng[0]).toordinal(), date.fromisoformat(rng[1]).toordinal()) if rng else None
        return cls(
            document_id,
            start,
            end,
            attrs.get("type", "other"),
            day,
            attrs.get("date_from"),
            list(attrs.get("places") or []),
            dict(attrs.get("counts") or {}),
            attrs.get("stance") or "asserts",
            source,
            text,
            vector,
            incident_id,
            int(attrs.get("part") or 0),
            list(attrs.get("places_mentioned") or []),
            reference=bool(attrs.get("reference")),
            span_days=span_days,
            ongoing=bool(attrs.get("ongoing")),
        )

    @property
    def back_days(self) -> int:
        """How many days before its own day a report may describe: the blocking window, longer for a mention of an
        incident told elsewhere, for a closure or a protest told as going on (:data:`ONGOING_DAYS`) and for a report of
        a period ("this week") that starts earlier."""
        back = ONGOING_DAYS if self.ongoing else max(WINDOW_DAYS, REFERENCE_DAYS) if self.reference else WINDOW_DAYS
        if self.span_days is not None and self.day is not None:
            back = max(back, min(self.day - self.span_days[0], REFERENCE_DAYS))
        return back

    def within_period(self, day: int) -> bool:
        """Whether ``day`` lies in the period the report states ("this week", "over the past few days")."""
        return self.span_days is not None and self.span_days[0] <= day <= self.span_days[1]

    @property
    def dated(self) -> bool:
        """Whether the text itself dates the incident (not only the publication date)."""
        return self.date_from in ("explicit", "relative")


def period_days(r: Report) -> range:
    """The days of ``r``'s period (reaching back at most :attr:`Report.back_days`) from which a report of that day
    would not reach ``r`` by its own forward window (``WINDOW_DAYS``): ``r`` is added to their candidates."""
    if r.span_days is None or r.day is None:
        return range(0)
    return range(max(r.span_days[0], r.day - r.back_days), r.day - WINDOW_DAYS)


def incident_id_for(r: Report) -> str:
    """A stable id: the incident is named after the first report that started it."""
    h = hashlib.sha1(f"{r.document_id}:{r.start}:{r.end}:{r.part}".encode()).hexdigest()[:12]
    return f"inc-{h}"


# ----------------------------------------------------------------------------------------- scoring
def _km(a: dict[str, Any], b: dict[str, Any]) -> float | None:
    if a.get("lat") is None or b.get("lat") is None:
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _is_area(p: dict[str, Any]) -> bool:
    """A district, a road, or a place whose point is only its district's (the gazetteer's ``coarse`` points: two
    villages given one district point are not the same place, only two places of one district)."""
    return bool(AREA_WORDS.search(p.get("name_used") or "")) or bool(p.get("coarse_point")) or p.get("feature") in {
        "ADM2",
        "ADM3",
        "ADMD",
        *LINEAR_FEATURES,
    }


def _contains(unit: dict[str, Any], p: dict[str, Any]) -> bool | None:
    """Whether the first-level unit ``unit`` holds ``p`` by the gazetteer's admin codes; None when either lacks them."""
    if not (unit.get("country") and unit.get("admin1") and p.get("country") and p.get("admin1")):
        return None
    if p.get("feature") in BROAD_FEATURES - {"ADM1"}:
        return None  # a country or a broad region: distance decides, as before
    return (unit["country"], unit["admin1"]) == (p["country"], p["admin1"])


def _in_country(country: dict[str, Any], p: dict[str, Any]) -> bool:
    """Whether ``country`` is a country-level entry (however far its centre lies) holding ``p`` by country code."""
    return country.get("feature") in COUNTRY_FEATURES and bool(country.get("country")) and (
        country.get("country") == p.get("country")
    )


def place_score(a: Sequence[dict[str, Any]], b: Sequence[dict[str, Any]]) -> float | None:
    """1 for a shared place (a country both name is not one: it scores as a broad region, 0.5), 0.7 for a place within
    the other's district or region, 0.4 when either names none or only the country the other's place lies in; None
    when both name places that cannot be the same."""
    if not a or not b:
        return PLACELESS
    shared = {p["place_id"] for p in a} & {p["place_id"] for p in b}
    if any(p["place_id"] in shared and p.get("cue") != "not_location" and p.get("feature") not in COUNTRY_FEATURES
           for p in a):
        return 1.0
    # a place named only as someone's home or origin ("a resident of X") does not say where it happened
    a = [p for p in a if p.get("cue") != "not_location"]
    b = [p for p in b if p.get("cue") != "not_location"]
    if not a or not b:
        return 1.0 if shared else 0.4
    if shared:  # one country both name ("in Azerbaijan"): no more than a country holding the other's place
        a = [p for p in a if p["place_id"] not in shared] or a
        b = [p for p in b if p["place_id"] not in shared] or b
    best = None
    for pa in a:
        for pb in b:
            if pa.get("within") == pb["place_id"] or pb.get("within") == pa["place_id"]:
                best = max(best or 0.0, 0.7)  # a village and the district the gazetteer files it in
                continue
            inside = _contains(pa, pb) if pa.get("feature") == "ADM1" else None
            if inside is None and pb.get("feature") == "ADM1":
                inside = _contains(pb, pa)
            if inside is not None:  # a first-level unit (a rayon, a province) and a place the gazetteer files
                if inside:  # under it or under another one: containment, not distance, decides
                    best = max(best or 0.0, 0.7)
                continue
            if _in_country(pa, pb) or _in_country(pb, pa):
                best = max(best or 0.0, PLACELESS)  # "in Azerbaijan": as little as no place, not another
            km = _km(pa, pb)
            if km is None:
                continue
            if pa.get("feature") in BROAD_FEATURES or pb.get("feature") in BROAD_FEATURES:
                limit, s = REGION_KM, 0.5
            elif _is_area(pa) or _is_area(pb):
                limit, s = AREA_KM, 0.7
            else:
                limit, s = SAME_PLACE_KM, 0.9
            if km <= limit:
                best = max(best or 0.0, s)
    return best


def villages_apart(a: Sequence[dict[str, Any]], b: Sequence[dict[str, Any]]) -> bool:
    """Whether two reports name only villages the gazetteer places at their district's point (``coarse_point``), and
    not one village: two places whose distance is unknown, but two places (a village named as its district's point
    is one of several; :func:`place_score` gives them the district's 0.7)."""
    def villages(ps: Sequence[dict[str, Any]]) -> set[str]:
        own = [p for p in ps if p.get("cue") != "not_location"]
        if not own or not all(p.get("coarse_point") and str(p.get("feature", "")).startswith("PPL") for p in own):
            return set()
        return {p["place_id"] for p in own}

    va, vb = villages(a), villages(b)
    return bool(va and vb and not va & vb)


def date_score(a: Report, b: Report) -> float | None:
    """1 on the same day; a day or two apart only when one text gives no date of its own."""
    if a.day is None or b.day is None:
        return 0.5
    gap = abs(a.day - b.day)
    if gap == 0:
        return 1.0
    if (not a.dated and a.within_period(b.day)) or (not b.dated and b.within_period(a.day)):
        return 0.7  # "this week's detention" and a report of Tuesday's: the period holds the other's day
    later = a if a.day > b.day else b
    if later.ongoing and gap <= ONGOING_DAYS:
        return 0.7  # "the road remained blocked on Wednesday": the closure told on Monday, going on
    if later.reference and not later.dated and gap <= REFERENCE_DAYS:
        return 0.4  # "condemned the detention": a mention days later of an incident it does not date
    if a.dated and b.dated:
        return REFERENCE_DAY_OFF if day_off_mention(a, b) else None
    return {1: 0.7, 2: 0.4}.get(gap)


def day_off_mention(a: Report, b: Report) -> bool:
    """Whether two reports a day apart, both dated by their texts, may still be one incident: one of them is a mention
    of an incident told elsewhere, dated by the words around it ("on Tuesday", "yesterday"), not by a date it states.
    Told in passing, in a sentence about something else (the statement that mentions it, the protest), such a day is
    often that sentence's, a day off the incident's. (:func:`pair_score` takes it only at the same place, same type.)"""
    if a.day is None or b.day is None or abs(a.day - b.day) != 1:
        return False
    return any(r.reference and r.date_from == "relative" for r in (a, b))


def type_score(a: str, b: str, going_on: bool = False) -> float | None:
    """1 for one type, 0.7 for one family (or, with ``going_on``, a protest and a road's closure: the blockade one
    source calls a protest and another the road closed), :data:`RELATED_TYPE_SCORE` for related families, None else."""
    if a == b:
        return 1.0
    if going_on and {family(a), family(b)} == {PROTESTS, "checkpoint_or_road_closure"}:
        return 0.7
    if a in TYPES and b in TYPES and same_family(a, b):
        return 0.7
    if a in TYPES and b in TYPES and family(b) in RELATED_FAMILIES.get(family(a), ()):
        return RELATED_TYPE_SCORE
    return None


def families_linked(fam: str) -> tuple[str, ...]:
    """A family and those whose reports may be linked with its reports (:data:`RELATED_FAMILIES`)."""
    return (fam, *RELATED_FAMILIES.get(fam, ()))


def words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def text_score(a: Report, b: Report) -> float:
    """Similarity of the two reports' sentences in [0, 1]: embedding cosine rescaled where both have a
    vector (multilingual e5 cosines of unrelated sentences sit near 0.75), word overlap otherwise."""
    if a.vector is not None and b.vector is not None:
        cos = float((a.vector * b.vector).sum())
        return min(1.0, max(0.0, (cos - 0.78) / 0.17))
    wa, wb = a.word_set(), b.word_set()
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / math.sqrt(len(wa) * len(wb))


def told_twice(a: Report, b: Report) -> bool:
    """Whether two reports of one document may tell one incident twice (the lead and a later paragraph, the
    mission's account after the parties' ones, which the analyzer did not join): other sentences, the same day stated
    or implied, the same place named by both, and types of one family."""
    if a.document_id != b.document_id or (a.start, a.end) == (b.start, b.end):
        return False  # several incidents one sentence states are several
    if a.day is None or (a.day != b.day and not day_off_mention(a, b)) or not a.places or not b.places:
        return False
    t = type_score(a.type, b.type)
    return t is not None and t > RELATED_TYPE_SCORE and (place_score(a.places, b.places) or 0.0) >= 0.9


def names_the_other(a: Report, b: Report) -> bool:
    """Whether one report's sentences name the other's place ("shelled X from positions in Y" against a report of Y)."""
    a_at, b_at = {x["place_id"] for x in a.places}, {x["place_id"] for x in b.places}
    return bool(a_at & set(b.mentioned) or b_at & set(a.mentioned))


def across_border(a: Report, b: Report) -> bool:
    """Whether two reports of a detention place it on the two sides of a border, near each other: each side names where
    its own account puts it (:data:`ACROSS_BORDER_FAMILIES`, :data:`ACROSS_BORDER_KM`). Fire is not joined so: one
    side's claim and the other's counter-claim are two incidents."""
    if a.type not in TYPES or b.type not in TYPES or family(a.type) not in ACROSS_BORDER_FAMILIES or family(
            b.type) not in ACROSS_BORDER_FAMILIES:
        return False
    for pa in a.places:
        for pb in b.places:
            if "not_location" in (pa.get("cue"), pb.get("cue")) or not pa.get("country") or not pb.get("country"):
                continue
            if pa["country"] == pb["country"] or pa.get("feature") in COUNTRY_FEATURES or pb.get("feature") in \
                    COUNTRY_FEATURES:
                continue
            km = _km(pa, pb)
            if km is not None and km <= ACROSS_BORDER_KM:
                return True
    return False


def pair_score(a: Report, b: Report) -> float | None:
    """How likely two reports describe one incident (None: they cannot)."""
    if a.document_id == b.document_id:
        return None
    t = type_score(a.type, b.type, a.ongoing or b.ongoing)
    if t is None:
        return None
    p = place_score(a.places, b.places)
    if p is None:
        # "shelled X from positions in Y" against a report of Y: the place one of them only mentions
        if names_the_other(a, b):
            p = 0.7
        elif across_border(a, b):
            p = ACROSS_BORDER_SCORE  # a detention each side places on its own side of the border
        else:
            return None
    if p == PLACELESS and t == 1.0 and a.ongoing and b.ongoing:
        p = ONGOING_PLACELESS  # "the blockade has now lasted 31 days" and a closure of its kind told going on elsewhere
    if t <= RELATED_TYPE_SCORE and (p < 0.7 or text_score(a, b) < RELATED_MIN_TEXT):
        return None  # another family's account of it: only at one place, and told in words alike
    d = date_score(a, b)
    if d is None:
        return None
    if p < 1.0 and a.day != b.day and villages_apart(a.places, b.places):
        return None  # two villages of one district on two days: the look-alikes, not one incident told twice
    if (t < 1.0 or p < 1.0) and a.dated and b.dated and day_off_mention(a, b):
        return None  # a mention a day off: only of the same type at the same place
    if not a.places and not b.places and t < 1.0:
        return None  # neither says where, and they do not even say the same thing happened
    return 0.3 * t + 0.35 * p + 0.2 * d + 0.15 * text_score(a, b)


def may_tell(a: Report, b: Report) -> bool:
    """Whether two reports linked to different incidents might still tell one: the looser test a source's silence must
    pass before it is called an omission. Types of one family, one place (a place score of at least
    :data:`MAY_TELL_PLACE`: the same place, or two gazetteer entries for it), and days at most :data:`MAY_TELL_DAYS`
    apart (or a report without a day; a mention within :data:`REFERENCE_DAYS`, a state going on within
    :data:`ONGOING_DAYS`): an account the linking did not dare join, not a silence."""
    t = type_score(a.type, b.type, a.ongoing or b.ongoing)
    if t is None or t <= RELATED_TYPE_SCORE:
        return False
    p = place_score(a.places, b.places)
    if p is None or p < MAY_TELL_PLACE:
        return False
    if a.day is None or b.day is None:
        return True
    gap = abs(a.day - b.day)
    later = a if a.day > b.day else b
    if later.ongoing:
        return gap <= ONGOING_DAYS
    return gap <= (REFERENCE_DAYS if later.reference else MAY_TELL_DAYS)


# ----------------------------------------------------------------------------------------- linking
def majority_score(scores: Sequence[float]) -> float:
    """How well a report agrees with an incident, from its scores against the incident's reports: the mean over the
    best strict majority of them. A report must agree with most of the incident's reports (one or two of a pair), not
    with one of them only, or incidents would chain across days and places through reports that name neither; but one
    report that names a place the others do not (the town a convoy reached, not the road it took) does not veto it."""
    best = sorted(scores, reverse=True)[: len(scores) // 2 + 1]
    return sum(best) / len(best)


def best_incident(
    report: Report, candidates: Iterable[Report], threshold: float = THRESHOLD
) -> tuple[str | None, float]:
    """The incident (id) whose reports match ``report`` best (:func:`majority_score`), if that passes ``threshold``.

    An incident that already has a report from the same document is not a candidate, unless that report tells the
    same incident (:func:`told_twice`)."""
    scores: dict[str, list[float]] = {}
    mentions: dict[str, list[float]] = {}  # the scores against reports that only mention the incident
    blocked: set[str] = set()
    for c in candidates:
        if c.incident_id is None:
            continue
        if c.document_id == report.document_id:
            if not told_twice(report, c):
                blocked.add(c.incident_id)
            continue
        (mentions if c.reference else scores).setdefault(c.incident_id, []).append(pair_score(report, c) or 0.0)
    for iid, ss in mentions.items():
        # a mention ("condemned the abduction") joined by its best match, loosely dated and placed: it does not vote
        # on what else joins the incident, unless the incident has nothing else to compare with
        if iid not in scores:
            scores[iid] = ss
    best: tuple[str | None, float] = (None, 0.0)
    for iid, ss in scores.items():
        # majority linkage: a report must agree with most of the incident's reports, not with one of them only, or
        # incidents would chain across days and places through reports that name neither. A mention of an incident
        # told elsewhere ("condemned the abduction on Wednesday") starts no incident of its own: it joins the one
        # whose report it matches best, however loosely the incident's other reports were worded
        s = max(ss) if report.reference else majority_score(ss)
        if iid not in blocked and s >= threshold and s > best[1]:
            best = (iid, s)
    return best


CELL_DEG = 0.5  # coarse grid: half-degree cells (about 55 × 40 km here), which with their neighbours cover AREA_KM
FINE_DEG = 0.05  # fine grid (about 5 km): two point places can only be one place (SAME_PLACE_KM) in neighbouring cells


def cell_of(lat: float, lon: float, size: float = CELL_DEG) -> int:
    return int((lat + 90) // size) * 100000 + int((lon + 180) // size)


def neighbourhood(cell: int) -> list[int]:
    row, col = divmod(cell, 100000)
    return [(row + i) * 100000 + col + j for i in (-1, 0, 1) for j in (-1, 0, 1)]


def _located(r: Report) -> list[dict[str, Any]]:
    return [p for p in r.places if p.get("lat") is not None and p.get("lon") is not None
            and p.get("feature") not in BROAD_FEATURES]


def report_cell(r: Report, size: float = CELL_DEG) -> int | None:
    """The grid cell of a report's specific places; None (compared with every report of its days) when it names
    none, only broad regions, or places in cells far apart (a convoy "from X to Y")."""
    cells = {cell_of(p["lat"], p["lon"], size) for p in _located(r)}
    if len(cells) == 1:
        return cells.pop()
    if cells and all(c in neighbourhood(min(cells)) for c in cells):
        return min(cells)
    return None


def is_point(r: Report) -> bool:
    """A report at one point place (a town, not "the X district" or a road): it can only be at the same place as
    another point within SAME_PLACE_KM, or inside an area within AREA_KM."""
    located = _located(r)
    return bool(located) and not any(_is_area(p) for p in located) and report_cell(r, FINE_DEG) is not None


class Linker:
    """Streaming incident linking in memory, blocked by day window × place × type family (see the module docstring).

    Point reports are indexed by a fine grid cell (a point matches only points a few kilometres away) and by a
    coarse one (an area report looks for the points inside it); area reports by the coarse cell; reports without
    a specific place by day alone. Every index key also holds the type family, except the one under which reports
    without a place wait for placed ones: that one holds the type, so that a placed report meets those of its own
    type first (at most ``PLACELESS_FOR_PLACED`` of them in all).
    """

    def __init__(self, window_days: int = WINDOW_DAYS, threshold: float = THRESHOLD) -> None:
        self.window = window_days
        self.threshold = threshold
        self.index: dict[tuple[Any, ...], list[Report]] = {}
        self.incidents: dict[str, list[Report]] = {}
        self.compared = 0  # candidate reports looked at, for benchmarks

    def _keys(self, r: Report) -> list[tuple[Any, ...]]:
        fam = family(r.type)
        coarse = report_cell(r)
        keys: list[tuple[Any, ...]] = [("all", r.day, fam)]  # what a report without a place of its own looks at
        # a report of a period ("this week") waits too under each day of its period that a later report of that day
        # would not reach by its own window: found whichever of the two is linked first
        keys += [("period", d, fam) for d in period_days(r)]
        if coarse is None:
            return [*keys, ("none", r.day, r.type)]
        if is_point(r):
            return [*keys, ("fine", r.day, report_cell(r, FINE_DEG), fam), ("point", r.day, coarse, fam)]
        return [*keys, ("area", r.day, coarse, fam)]

    def candidates(self, r: Report) -> list[Report]:
        back = max(self.window, r.back_days)
        days: list[int | None] = [None] if r.day is None else list(range(r.day - back, r.day + self.window + 1))
        fam = family(r.type)
        coarse = report_cell(r)
        by_gap = sorted(days, key=lambda d: abs((d or 0) - (r.day or 0)))

        def bounded(kind: str, groups: Sequence[str], limit: int) -> list[Report]:
            """Reports under ``kind`` of each group in turn, the nearest days (and the latest of a day) first, up to
            ``limit``."""
            got: list[Report] = []
            for g in groups:
                for d in by_gap:
                    got.extend(reversed(self.index.get((kind, d, g), ())))
                    if len(got) >= limit:
                        return got[:limit]
            return got

        periods = list(self.index.get(("period", r.day, fam), ())) if r.day is not None else []
        if coarse is None:  # no place of its own: any report of its family
            return bounded("all", (fam,), UNPLACED_CANDIDATES) + periods
        # reports without a place of their own: those of its type, then of the rest of its family
        others = tuple(t for t in FAMILY_TYPES.get(fam, ()) if t != r.type)
        out = bounded("none", (r.type, *others), PLACELESS_FOR_PLACED)
        for d in days:
            for f in families_linked(fam):  # a related family's reports only at a place: placed ones
                for c in neighbourhood(coarse):
                    out.extend(self.index.get(("area", d, c, f), ()))
                if is_point(r):
                    for c in neighbourhood(report_cell(r, FINE_DEG) or 0):
                        out.extend(self.index.get(("fine", d, c, f), ()))
                else:
                    for c in neighbourhood(coarse):
                        out.extend(self.index.get(("point", d, c, f), ()))
        return out + periods

    def add(self, report: Report) -> str:
        cands = self.candidates(report)
        self.compared += len(cands)
        iid, _ = best_incident(report, cands, self.threshold)
        if iid is None:
            iid = incident_id_for(report)
        report.incident_id = iid
        for key in self._keys(report):
            self.index.setdefault(key, []).append(report)
        self.incidents.setdefault(iid, []).append(report)
        return iid

    def add_all(self, reports: Iterable[Report]) -> dict[str, list[Report]]:
        for r in reports:
            self.add(r)
        return self.incidents


# ----------------------------------------------------------------------------------------- the store
def _holds(row: dict[str, Any], day: int) -> bool:
    """Whether a stored report's period reaches back to ``day`` (the days :func:`period_days` gives it)."""
    r = Report.from_span("", 0, 0, json.loads(str(row["attrs"])))
    return day in period_days(r)


def _vector_bytes(v: Any) -> bytes | None:
    if v is None:
        return None
    import numpy as np

    return np.asarray(v, dtype=np.float32).tobytes()


def _vector_from(b: bytes | None) -> Any:
    if not b:
        return None
    import numpy as np

    return np.frombuffer(b, dtype=np.float32)


Embed = Callable[[list[str]], Any]


def default_embedder() -> Embed | None:
    """The sentence embedding of :mod:`presswatch.comparison.similarity`, or None when it cannot run here."""
    try:
        from presswatch.comparison.similarity import embed
    except ImportError:
        return None
    return embed


def link_store(
    store: Any,
    *,
    embed: Embed | None | bool = True,
    threshold: float = THRESHOLD,
    on_document: Callable[[str], None] | None = None,
) -> int:
    """Link the INCIDENT spans of every stored document not linked yet; return how many documents were linked.

    Documents are taken in order of publication; each is compared with the reports already linked in its
    day window (read from the store's day index), then written in one transaction, so an interrupted run
    loses nothing and the next one carries on.
    """
    embedder: Embed | None = default_embedder() if embed is True else (embed or None)
    store.drop_orphan_incidents()
    n = 0
    for did in store.unlinked_documents():
        doc = store.get(did)
        spans = [s for s in doc.spans if s.analyzer == "incidents" and s.label == "INCIDENT"]
        reports = [
            Report.from_span(doc.id, s.start, s.end, s.attrs, source=doc.source, text=doc.text[s.start : s.end])
            for s in spans
        ]
        if embedder is not None and reports:
            try:
                vecs = embedder([r.text for r in reports])
                for r, v in zip(reports, vecs, strict=True):
                    r.vector = v
            except Exception:  # an embedding engine that cannot run here: word overlap instead
                embedder = None
        links: list[dict[str, Any]] = []
        incidents: list[dict[str, Any]] = []
        pool: list[Report] = []
        for r in reports:
            cell = report_cell(r)
            if r.day is not None:
                cells = neighbourhood(cell) if cell is not None else None
                back = r.back_days
                rows = store.incident_reports_between(r.day - back, r.day + WINDOW_DAYS, cells)
                # reports of a period stored before this one, published after its window, whose period holds its day
                later = store.incident_reports_between(r.day + WINDOW_DAYS + 1, r.day + REFERENCE_DAYS, cells)
                rows += [x for x in later if "date_range" in str(x["attrs"]) and _holds(x, r.day)]
            else:
                rows = store.reports_without_day()
            cands = [
                Report.from_span(
                    str(x["document_id"]),
                    int(x["start"]),
                    int(x["end"]),
                    json.loads(str(x["attrs"])),
                    source=x.get("source"),
                    text=str(x.get("words") or ""),  # type: ignore[arg-type]
                    vector=_vector_from(x["vector"]),  # type: ignore[arg-type]
                    incident_id=str(x["incident_id"]),
                )
                for x in rows
            ]
            # only the reports it can be linked with (in memory: the type family of the index keys), then the same
            # bounds as in memory on reports without a place: the nearest days first; for a placed report, those
            # of its own type first
            near_first = sorted(
                (x for x in cands if type_score(r.type, x.type) is not None),
                key=lambda x: abs((x.day or 0) - (r.day or 0)),
            )
            if cell is None:
                cands = near_first[:UNPLACED_CANDIDATES]
            else:
                placed = [x for x in near_first if report_cell(x) is not None]
                unplaced = [x for x in near_first if report_cell(x) is None]
                unplaced.sort(key=lambda x: x.type != r.type)  # stable: the nearest days first within each
                cands = placed + unplaced[:PLACELESS_FOR_PLACED]
            pooled = [x for x in pool if cell is None or report_cell(x) in (None, *neighbourhood(cell))]
            iid, score = best_incident(r, cands + pooled, threshold)
            if iid is None:
                iid, score = incident_id_for(r), 1.0
                incidents.append({"id": iid})  # its type, date and places are its reports' (see coverage.py)
            r.incident_id = iid
            pool.append(r)
            links.append(
                {
                    "incident_id": iid,
                    "document_id": r.document_id,
                    "start": r.start,
                    "end": r.end,
                    "part": r.part,
                    "day": r.day,
                    "cell": cell,
                    "score": round(score, 4),
                    "vector": _vector_bytes(r.vector),
                }
            )
        store.save_incident_reports(links, incidents)
        n += 1
        if on_document is not None:
            on_document(did)
    return n
