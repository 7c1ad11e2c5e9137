"""Who reported which incident, who left it out, and which names each source used: one comparison of a store.

:func:`compare` reads the store (linking whatever was not linked yet) and returns a :class:`Comparison`:

- ``incidents``: each with its id, type, ACLED types, date, places and one entry in ``reports`` per document;
- ``coverage``: incident × source → ``reported``, ``differs`` (other counts or another date than the others),
  ``denies`` (the source refutes it), ``relays_denial`` (the source only passes on another party's denial),
  ``maybe_reported`` (the source told something of the incident's family, at its place, within a day of it, that the
  linking did not join: maybe this incident in other words; ``documents`` and ``incidents`` point at it),
  ``not_reported`` (the source published within the incident's window
  but not this), or ``no_documents`` (the source published nothing then: silence, not omission);
- ``omissions``: every ``not_reported`` cell of an incident that some report places (``located``: a town, a
  village, a district, a road; not only a country or a broad region), with the sources that did report it. Where no
  report says where an incident happened, that a source left it out is not asserted: such incidents are also where
  the analyzer's false incidents gather (general statements, plans, a country named in passing); nor where every
  report only mentions it in passing (a back-reference: "hours after the shelling of X"), which nobody told; nor for
  a patrol, an escort or a troop movement (``ROUTINE_TYPES``) that only one source tells;
- ``naming``: per place, the names each source wrote (with their normal form and kind), counts, first and
  last dates and the mentions per publication day (``days``): the naming divergence between sources over time;
- ``sourcing``: per source, the shares of named, anonymous and unattributed attributions, and whose sources it
  cites: ``by_affiliation`` / ``affiliation_shares`` over its attributions that name a source, by the affiliation
  the actors registry gives the source (:mod:`presswatch.actors`; ``unknown`` included);
- per incident, ``voices``: who ``asserts`` it (an outlet in its own voice, or the party whose claim an outlet
  relays), who ``denies`` it, and who ``relays`` someone else's claim or denial, each with its affiliation.

Affiliations are read with the registry in effect when comparing (shipped data plus the user's file), so that a
newly classified source counts without analysing again. It reports what the texts say, not what is true; the
registry says who a body belongs to, not whether it is right.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from presswatch.analyzers.incidents.taxonomy import TYPES, acled_of
from presswatch.comparison.linking import (
    BROAD_FEATURES,
    FINE_DEG,
    MAY_TELL_DAYS,
    ONGOING_DAYS,
    REFERENCE_DAYS,
    Report,
    cell_of,
    may_tell,
    neighbourhood,
)

OMISSION_DAYS = 3  # a source that published within this many days after an incident could have reported it
# places too broad to say where an incident happened (a country, "Karabakh"); a district (ADM1) is specific enough
UNSPECIFIC_PLACES = frozenset({"RGN", "PCLS", "PCLI", "PCLD", "PCLIX", "PCL", "PCLF", "CONT", "TERR", "AREA", "ZN"})
UNKNOWN_SOURCE = "(unknown source)"
# what a mission does every day (its patrols and escorts, troops it moves): another source's silence about one that only
# the mission tells is no omission
ROUTINE_TYPES = frozenset({"patrol_or_escort", "troop_movement"})
COVERAGE_STATES = (
    "reported", "differs", "denies", "relays_denial", "maybe_reported", "not_reported", "no_documents"
)
DENIAL_STANCES = frozenset({"denies", "reports_denial"})
# the voice of the party whose words an outlet relays
_ROLE_OF_RELAYED = {"reports_claim": "asserts", "reports_denial": "denies", "questions": "questions"}


@dataclass(slots=True)
class Comparison:
    """The JSON-ready result of :func:`compare` (see the module docstring)."""

    window: dict[str, str | None]
    sources: list[str]
    incidents: list[dict[str, Any]] = field(default_factory=list)
    coverage: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    omissions: list[dict[str, Any]] = field(default_factory=list)
    naming: list[dict[str, Any]] = field(default_factory=list)
    sourcing: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "window": self.window,
            "sources": self.sources,
            "incidents": self.incidents,
            "coverage": self.coverage,
            "omissions": self.omissions,
            "naming": self.naming,
            "sourcing": self.sourcing,
        }


def _day(s: str | None) -> date | None:
    if not s:
        return None
    try:
        return date.fromisoformat(str(s)[:10])
    except ValueError:
        return None


def compare(
    store: Any,
    sources: list[str] | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    *,
    link: bool = True,
    embed: Any = True,
    registry: Any = None,
) -> Comparison:
    """Compare the sources of a store over a date window (by publication date; both ends included).

    ``sources`` limits the comparison to these outlets (names as stored, e.g. given by ``ingest --source``).
    With ``link`` (the default), documents stored since the last comparison are linked to incidents first.
    ``registry`` is the actors registry affiliations are read with (default: the one in effect).
    """
    from presswatch.actors.registry import default_registry
    from presswatch.comparison.linking import link_store

    lo = since if isinstance(since, date) or since is None else _day(since)
    hi = until if isinstance(until, date) or until is None else _day(until)
    if link:
        link_store(store, embed=embed)
    bounds = (lo.isoformat() if lo else None, hi.isoformat() if hi else None)
    docs = [
        d
        for d in store.document_rows(*bounds)
        if sources is None or (d["source"] or UNKNOWN_SOURCE) in sources  # the store selects the window
    ]
    selected = {d["id"]: d for d in docs}
    source_names = sorted({d["source"] or UNKNOWN_SOURCE for d in docs})
    result = Comparison(
        window={"since": lo.isoformat() if lo else None, "until": hi.isoformat() if hi else None}, sources=source_names
    )
    registry = registry or default_registry()
    rows, placed = _affiliated(store, bounds, selected, registry)
    linked = store.incident_rows(*bounds)
    result.incidents = _incidents(linked, selected)
    _voices(result.incidents, placed, registry)
    result.coverage, result.omissions = _coverage(result.incidents, docs, source_names, _accounts(linked, selected))
    result.naming = place_naming(store.place_rows(*bounds), selected)
    result.sourcing = sourcing_profiles(docs)
    _whose(result.sourcing, rows, selected, placed)
    return result


def _affiliated(
    store: Any, bounds: tuple[str | None, str | None], selected: dict[str, dict[str, Any]], registry: Any
) -> tuple[list[dict[str, Any]], dict[tuple[str, int, int], tuple[str, str | None, str | None]]]:
    """The SOURCE rows of the selected documents in the window, and the affiliation the registry gives each."""
    from presswatch.analyzers.sourcing.affiliation import affiliate_rows

    rows = [r for r in store.source_rows(*bounds) if r["document_id"] in selected]
    return rows, {(r["document_id"], r["start"], r["end"]): found for r, found in affiliate_rows(rows, registry)}


def whose_sources(
    sourcing: dict[str, dict[str, Any]],
    store: Any,
    since: str | None,
    until: str | None,
    docs: list[dict[str, Any]],
    registry: Any = None,
) -> None:
    """Add ``by_affiliation`` and ``affiliation_shares`` to :func:`sourcing_profiles`' result, as :func:`compare`
    does (``docs``: the :meth:`document_rows` the profiles were made of; the window by publication day)."""
    from presswatch.actors.registry import default_registry

    selected = {d["id"]: d for d in docs}
    rows, placed = _affiliated(store, (since, until), selected, registry or default_registry())
    _whose(sourcing, rows, selected, placed)


# ------------------------------------------------------------------------------------- incidents
def _incidents(rows: list[dict[str, Any]], selected: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if r["document_id"] in selected:
            grouped[str(r["incident_id"])].append(r)
    out = []
    for iid, reps in grouped.items():
        attrs = [json.loads(r["attrs"]) for r in reps]
        # a mention of the incident told elsewhere ("condemned Tuesday's detention") is linked by its best match and
        # loosely dated: it does not vote on the incident's type and date while the incident has reports of its own
        own = [a for a in attrs if not a.get("reference")] or attrs
        types = Counter(a.get("type") for a in own if a.get("stance") not in DENIAL_STANCES) or Counter(
            a.get("type") for a in own
        )
        itype = types.most_common(1)[0][0]
        dated = Counter(a["date"] for a in own if a.get("date") and a.get("date_from") in ("explicit", "relative"))
        idate = dated.most_common(1)[0][0] if dated else min((a["date"] for a in own if a.get("date")), default=None)
        places: dict[str, dict[str, Any]] = {}
        for a in attrs:
            for p in a.get("places") or []:
                e = places.setdefault(
                    p["place_id"],
                    {
                        "place_id": p["place_id"],
                        "place": p.get("place"),
                        "lat": p.get("lat"),
                        "lon": p.get("lon"),
                        "names_used": [],
                    },
                )
                if p.get("name_used") and p["name_used"] not in e["names_used"]:
                    e["names_used"].append(p["name_used"])
        located = any(
            p.get("feature") not in UNSPECIFIC_PLACES and p.get("lat") is not None
            for a in attrs
            for p in a.get("places") or []
        )
        ev, sub = acled_of(itype) if itype in TYPES else (None, None)
        reports = []
        for r, a in zip(reps, attrs, strict=True):
            att = a.get("attribution") or {}
            reports.append(
                {
                    "document_id": r["document_id"],
                    "url": r.get("url"),
                    "source": r.get("source") or UNKNOWN_SOURCE,
                    "published": r.get("published"),
                    "title": r.get("title"),
                    "span": [r["start"], r["end"]],
                    "text": r.get("words"),
                    "type": a.get("type"),
                    "counts": a.get("counts") or {},
                    "stance": a.get("stance") or "asserts",
                    "date": a.get("date"),
                    "date_from": a.get("date_from"),
                    "names_used": [p.get("name_used") for p in a.get("places") or []],
                    "attribution": (
                        {"kind": att.get("kind"), "speaker": att.get("speaker"), "span": att.get("span"),
                         "self": bool(att.get("self"))}
                        if att
                        else None
                    ),
                    "link_score": r.get("score"),
                }
            )
        out.append(
            {
                "id": iid,
                "type": itype,
                "acled_event_type": ev,
                "acled_sub_event_type": sub,
                "date": idate,
                "places": list(places.values()),
                "reports": reports,
                "located": located,
                # told by at least one report, not only mentioned in passing ("hours after the shelling of X")
                "told": any(not a.get("reference") for a in attrs),
            }
        )
    out.sort(key=lambda i: (i["date"] or "", i["id"]))
    return out


def consensus_counts(reports: list[dict[str, Any]]) -> dict[str, int]:
    """The most common value of each count over the reports that assert the incident (ties: the larger)."""
    values: dict[str, Counter[int]] = defaultdict(Counter)
    for r in reports:
        if r["stance"] not in DENIAL_STANCES:
            for k, v in r["counts"].items():
                values[k][v] += 1
    return {k: max(c.items(), key=lambda kv: (kv[1], kv[0]))[0] for k, c in values.items()}


def _accounts(rows: list[dict[str, Any]], selected: dict[str, dict[str, Any]]) -> dict[str, list[Report]]:
    """Every linked report of the window as a linking :class:`Report`, by incident id."""
    out: dict[str, list[Report]] = defaultdict(list)
    for r in rows:
        if r["document_id"] in selected:
            out[str(r["incident_id"])].append(
                Report.from_span(
                    str(r["document_id"]),
                    int(r["start"]),
                    int(r["end"]),
                    json.loads(str(r["attrs"])),
                    source=r.get("source") or UNKNOWN_SOURCE,
                    text=str(r.get("words") or ""),
                    incident_id=str(r["incident_id"]),
                )
            )
    return out


class _SourceAccounts:
    """One source's linked reports indexed by the places that :func:`~presswatch.comparison.linking.may_tell` can
    accept (one place: a shared place id, or a point within a few kilometres, by a fine grid cell), so that an
    incident is compared only with the reports at its places, not with all of them."""

    def __init__(self) -> None:
        self.by_place: dict[str, list[Report]] = defaultdict(list)
        self.by_cell: dict[int, list[Report]] = defaultdict(list)

    @staticmethod
    def _cells(r: Report) -> set[int]:
        return {cell_of(p["lat"], p["lon"], FINE_DEG) for p in r.places
                if p.get("lat") is not None and p.get("lon") is not None and p.get("feature") not in BROAD_FEATURES}

    def add(self, r: Report) -> None:
        for pid in {p["place_id"] for p in r.places}:
            self.by_place[pid].append(r)
        for c in self._cells(r):
            self.by_cell[c].append(r)

    def near(self, mine: list[Report]) -> list[Report]:
        """The reports (linked to other incidents) that might tell the incident ``mine`` tell."""
        found: dict[int, Report] = {}
        for m in mine:
            for pid in {p["place_id"] for p in m.places}:
                found.update((id(r), r) for r in self.by_place.get(pid, ()))
            for c in self._cells(m):
                for n in neighbourhood(c):
                    found.update((id(r), r) for r in self.by_cell.get(n, ()))
        reach = max(ONGOING_DAYS, REFERENCE_DAYS, MAY_TELL_DAYS)  # the farthest apart two days may_tell accepts
        return [t for t in found.values() if any(
            (m.day is None or t.day is None or abs(m.day - t.day) <= reach) and may_tell(m, t) for m in mine)]


def _coverage(
    incidents: list[dict[str, Any]],
    docs: list[dict[str, Any]],
    sources: list[str],
    accounts: dict[str, list[Report]] | None = None,
) -> tuple[dict[str, dict[str, dict[str, Any]]], list[dict[str, Any]]]:
    published: dict[str, list[date]] = defaultdict(list)
    for d in docs:
        day = _day(d["published"])
        if day is not None:
            published[d["source"] or UNKNOWN_SOURCE].append(day)
    for days in published.values():
        days.sort()
    accounts = accounts or {}
    by_source_all: dict[str, _SourceAccounts] = defaultdict(_SourceAccounts)
    for reps in accounts.values():
        for rep in reps:
            by_source_all[rep.source or UNKNOWN_SOURCE].add(rep)
    coverage: dict[str, dict[str, dict[str, Any]]] = {}
    omissions: list[dict[str, Any]] = []
    for inc in incidents:
        agreed = consensus_counts(inc["reports"])
        by_source: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in inc["reports"]:
            by_source[r["source"]].append(r)
        cells: dict[str, dict[str, Any]] = {}
        iday = _day(inc["date"])
        for src in sources:
            reps = by_source.get(src)
            if reps:
                cells[src] = _reported_cell(reps, agreed, inc["date"])
                continue
            days = published.get(src, [])  # sorted: the first day on or after the day before the incident
            at = bisect_left(days, iday - timedelta(days=1)) if iday is not None else 0
            active = iday is None or (at < len(days) and days[at] <= iday + timedelta(days=OMISSION_DAYS))
            cells[src] = {"status": "not_reported" if active else "no_documents"}
            near = by_source_all[src].near(accounts.get(inc["id"], [])) if active and src in by_source_all else []
            if near:
                # the source told something of its kind, there and then, that the linking did not join: perhaps this
                # incident in other words, perhaps another; not a silence to report
                cells[src] = {
                    "status": "maybe_reported",
                    "documents": sorted({r.document_id for r in near}),
                    "incidents": sorted({str(r.incident_id) for r in near}),
                }
                continue
            if not active:
                continue
            # an incident no report places, that every report only mentions in passing, or a routine act one source
            # alone tells: its omission is not asserted (``unasserted`` says why)
            why = (
                "no place stated" if not inc["located"]
                else "only mentioned in passing" if not inc.get("told", True)
                else "routine, told by one source" if inc["type"] in ROUTINE_TYPES and len(by_source) < 2
                else None
            )
            if why is not None:
                cells[src]["unasserted"] = why
            else:
                omissions.append(
                    {
                        "source": src,
                        "incident": inc["id"],
                        "type": inc["type"],
                        "date": inc["date"],
                        "places": [p["place"] for p in inc["places"]],
                        "reported_by": sorted(by_source),
                    }
                )
        coverage[inc["id"]] = cells
    return coverage, omissions


def _reported_cell(reps: list[dict[str, Any]], agreed: dict[str, int], idate: str | None) -> dict[str, Any]:
    cell: dict[str, Any] = {"status": "reported", "documents": sorted({r["document_id"] for r in reps})}
    if all(r["stance"] in DENIAL_STANCES for r in reps):
        cell["status"] = "denies" if any(r["stance"] == "denies" for r in reps) else "relays_denial"
        return cell
    diffs: list[str] = []
    for r in reps:
        for k, v in r["counts"].items():
            if k in agreed and agreed[k] != v:
                diffs.append(f"{k} {v} (others {agreed[k]})")
        if r["date"] and idate and r["date"] != idate and r["date_from"] in ("explicit", "relative"):
            diffs.append(f"date {r['date']} (others {idate})")
    if diffs:
        cell["status"] = "differs"
        cell["differences"] = sorted(set(diffs))
    return cell


# ---------------------------------------------------------------------------------------- naming
def place_naming(rows: list[dict[str, Any]], selected: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Per place, the names each source wrote, with counts, dates and the voice of each mention (from
    :meth:`place_rows` of the ``selected`` documents), divergent places first; the comparison and the dashboard's
    sources page both read it.

    A name is a source's *use* only where the source writes it in its own voice; a name it quotes, puts in scare
    quotes or talks about ("the so-called ...", "the toponym ..., which does not exist") is listed with its
    voices but does not make the source's naming differ (a refutation is not a use of the name it rejects).
    Headline and standfirst mentions count like the body's (``fields`` says where they were)."""
    places: dict[str, dict[str, Any]] = {}
    for r in rows:
        if r["document_id"] not in selected:
            continue
        a = json.loads(r["attrs"])
        pid = a.get("place_id")
        if not pid:
            continue
        e = places.setdefault(pid, {"place_id": pid, "place": a.get("name"), "by_source": {}, "mentions": 0})
        src = r["source"] or UNKNOWN_SOURCE
        written = str(r["words"])
        day = (r["published"] or "")[:10] or None
        n = (
            e["by_source"]
            .setdefault(src, {})
            .setdefault(
                written,
                {
                    "count": 0,
                    "own": 0,
                    "voices": {},
                    "fields": {},
                    "normal": a.get("matched_name") or written,
                    "kind": a.get("name_kind"),
                    "lang": a.get("name_lang"),
                    "first": day,
                    "last": day,
                    "days": {},
                },
            )
        )
        voice = a.get("voice") or "own"  # stores written before voices existed: every mention was counted
        field = a.get("field") or "text"
        n["count"] += 1
        n["own"] += voice == "own"
        n["voices"][voice] = n["voices"].get(voice, 0) + 1
        n["fields"][field] = n["fields"].get(field, 0) + 1
        e["mentions"] += 1
        if day:
            n["first"] = min(n["first"] or day, day)
            n["last"] = max(n["last"] or day, day)
            n["days"][day] = n["days"].get(day, 0) + 1
    out = []
    for e in places.values():
        used = {
            src: sorted({n["normal"] for n in names.values() if n["own"]}) for src, names in e["by_source"].items()
        }
        used = {src: names for src, names in used.items() if names}
        e["names"] = sorted({name for names in used.values() for name in names})
        e["divergent"] = len({tuple(v) for v in used.values()}) > 1
        out.append(e)
    out.sort(key=lambda e: (not e["divergent"], -e["mentions"], e["place"] or ""))
    return out


# -------------------------------------------------------------------------------------- sourcing
def sourcing_profiles(docs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per source, its documents' sourcing summaries added up, with the shares of named, anonymous, role-only and
    unattributed attributions (``docs``: rows of :meth:`document_rows`)."""
    out: dict[str, dict[str, Any]] = {}
    for d in docs:
        prof = (json.loads(d["summaries"] or "{}") if isinstance(d["summaries"], str) else d["summaries"] or {}).get(
            "sourcing"
        )
        src = d["source"] or UNKNOWN_SOURCE
        e = out.setdefault(src, {"documents": 0, "attributions": 0, "by_kind": Counter(), "unsourced_claims": 0})
        e["documents"] += 1
        if prof:
            e["attributions"] += prof.get("attributions", 0)
            e["by_kind"].update(prof.get("by_kind") or {})
            e["unsourced_claims"] += prof.get("unsourced_count", 0)
    for e in out.values():
        total = e["attributions"]
        k = e["by_kind"]
        named = k["named_person"] + k["named_organisation"] + k["media_outlet"] + k["document"]
        e["by_kind"] = dict(k)
        e["shares"] = {
            "named": round(named / total, 3) if total else 0.0,
            "anonymous": round(k["anonymous"] / total, 3) if total else 0.0,
            "role_only": round(k["role_only"] / total, 3) if total else 0.0,
            "unattributed": round(k["unattributed"] / total, 3) if total else 0.0,
        }
    return dict(sorted(out.items()))


# ------------------------------------------------------------------------------------ whose voices
def _voices(
    incidents: list[dict[str, Any]], placed: dict[tuple[str, int, int], tuple[str, str | None, str | None]],
    registry: Any,
) -> None:
    """Per incident, who asserts, denies and relays it, each with an affiliation (``unknown`` when the registry
    cannot place it); each report's ``attribution`` gains the affiliation of its source."""
    from presswatch.actors.registry import UNKNOWN

    outlets: dict[str, str] = {}
    for inc in incidents:
        voices: dict[str, list[dict[str, Any]]] = {"asserts": [], "denies": [], "questions": [], "relays": []}
        for r in inc["reports"]:
            src = r["source"]
            if src not in outlets:
                outlet = registry.outlet(src)
                outlets[src] = outlet.affiliation if outlet is not None else UNKNOWN
            own = {"who": src, "affiliation": outlets[src], "document_id": r["document_id"]}
            att = r.get("attribution")
            relayed = r["stance"] in ("reports_claim", "reports_denial", "questions") and att and not att.get("self")
            if att is not None:
                span = att.get("span")
                found = placed.get((r["document_id"], span[0], span[1])) if span else None
                att["affiliation"] = found[0] if found else UNKNOWN
            if relayed:
                party = {"who": att.get("speaker") or "(unnamed)", "affiliation": att["affiliation"], "via": src,
                         "document_id": r["document_id"]}
                voices[_ROLE_OF_RELAYED[r["stance"]]].append(party)
                voices["relays"].append({**own, "whose": party["who"]})
            else:
                voices["denies" if r["stance"] in DENIAL_STANCES else r["stance"] if r["stance"] == "questions"
                       else "asserts"].append(own)
        for role, entries in voices.items():  # one entry per party (and outlet it came through)
            seen: set[tuple[str, str | None]] = set()
            voices[role] = [
                e for e in entries if not ((e["who"], e.get("via")) in seen or seen.add((e["who"], e.get("via"))))
            ]
        inc["voices"] = voices


def _whose(
    sourcing: dict[str, dict[str, Any]],
    rows: list[dict[str, Any]],
    selected: dict[str, dict[str, Any]],
    placed: dict[tuple[str, int, int], tuple[str, str | None, str | None]],
) -> None:
    """Per source, its attributions that name a source by the source's affiliation ("whose sources"); the
    writer's own voice is left out, as in the sourcing profile."""
    from presswatch.analyzers.sourcing.affiliation import AUTHOR

    counts: dict[str, Counter[str]] = defaultdict(Counter)
    seen: set[tuple[str, int]] = set()
    for r in rows:
        if r["document_id"] not in selected:
            continue
        a = json.loads(r["attrs"]) if isinstance(r["attrs"], str) else r["attrs"]
        key = (str(r["document_id"]), int(a.get("attribution", -1)))
        if a.get("kind") == AUTHOR or key in seen:
            continue  # the writer's voice; one source per attribution
        seen.add(key)
        found = placed.get((r["document_id"], r["start"], r["end"]))
        counts[selected[r["document_id"]]["source"] or UNKNOWN_SOURCE][found[0] if found else "unknown"] += 1
    for src, e in sourcing.items():
        c = counts.get(src, Counter())
        total = sum(c.values())
        e["by_affiliation"] = dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))
        e["affiliation_shares"] = {k: round(v / total, 3) for k, v in e["by_affiliation"].items()}
