"""Who reported which incident, who left it out, and which names each source used: one comparison of a store.

:func:`compare` reads the store (linking whatever was not linked yet) and returns a :class:`Comparison`:

- ``incidents``: each with its id, type, ACLED types, date, places and one entry in ``reports`` per document;
- ``coverage``: incident × source → ``reported``, ``differs`` (other counts or another date than the others),
  ``denies`` (the source refutes it), ``relays_denial`` (the source only passes on another party's denial),
  ``not_reported`` (the source published within the incident's window
  but not this), or ``no_documents`` (the source published nothing then: silence, not omission);
- ``omissions``: every ``not_reported`` cell, with the sources that did report the incident;
- ``naming``: per place, the names each source wrote (with their normal form and kind), counts, first and
  last dates: the naming divergence between sources over time;
- ``sourcing``: per source, the shares of named, anonymous and unattributed attributions.

It reports what the texts say, not what is true.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from presswatch.analyzers.incidents.taxonomy import TYPES, acled_of

OMISSION_DAYS = 3  # a source that published within this many days after an incident could have reported it
UNKNOWN_SOURCE = "(unknown source)"
COVERAGE_STATES = ("reported", "differs", "denies", "relays_denial", "not_reported", "no_documents")
DENIAL_STANCES = frozenset({"denies", "reports_denial"})


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
) -> Comparison:
    """Compare the sources of a store over a date window (by publication date; both ends included).

    ``sources`` limits the comparison to these outlets (names as stored, e.g. given by ``ingest --source``).
    With ``link`` (the default), documents stored since the last comparison are linked to incidents first.
    """
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
    result.incidents = _incidents(store.incident_rows(*bounds), selected)
    result.coverage, result.omissions = _coverage(result.incidents, docs, source_names)
    result.naming = place_naming(store.place_rows(*bounds), selected)
    result.sourcing = sourcing_profiles(docs)
    return result


# ------------------------------------------------------------------------------------- incidents
def _incidents(rows: list[dict[str, Any]], selected: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if r["document_id"] in selected:
            grouped[str(r["incident_id"])].append(r)
    out = []
    for iid, reps in grouped.items():
        attrs = [json.loads(r["attrs"]) for r in reps]
        types = Counter(a.get("type") for a in attrs if a.get("stance") not in DENIAL_STANCES) or Counter(
            a.get("type") for a in attrs
        )
        itype = types.most_common(1)[0][0]
        dated = Counter(a["date"] for a in attrs if a.get("date") and a.get("date_from") in ("explicit", "relative"))
        idate = dated.most_common(1)[0][0] if dated else min((a["date"] for a in attrs if a.get("date")), default=None)
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
                    "attribution": {"kind": att.get("kind"), "speaker": att.get("speaker")} if att else None,
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


def _coverage(
    incidents: list[dict[str, Any]], docs: list[dict[str, Any]], sources: list[str]
) -> tuple[dict[str, dict[str, dict[str, Any]]], list[dict[str, Any]]]:
    published: dict[str, list[date]] = defaultdict(list)
    for d in docs:
        day = _day(d["published"])
        if day is not None:
            published[d["source"] or UNKNOWN_SOURCE].append(day)
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
            active = iday is None or any(
                iday - timedelta(days=1) <= p <= iday + timedelta(days=OMISSION_DAYS) for p in published.get(src, [])
            )
            cells[src] = {"status": "not_reported" if active else "no_documents"}
            if active:
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
    """Per place, the names each source wrote (from :meth:`place_rows` of the ``selected`` documents), divergent
    places first; the comparison and the dashboard's sources page both read it."""
    places: dict[str, dict[str, Any]] = {}
    for r in rows:
        if r["document_id"] not in selected:
            continue
        a = json.loads(r["attrs"])
        pid = a.get("place_id")
        if not pid or a.get("field", "text") != "text":
            continue  # the body's names only: the store gives the words of body spans
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
                    "normal": a.get("matched_name") or written,
                    "kind": a.get("name_kind"),
                    "lang": a.get("name_lang"),
                    "first": day,
                    "last": day,
                },
            )
        )
        n["count"] += 1
        e["mentions"] += 1
        if day:
            n["first"] = min(n["first"] or day, day)
            n["last"] = max(n["last"] or day, day)
    out = []
    for e in places.values():
        normals = {n["normal"] for names in e["by_source"].values() for n in names.values()}
        per_source = {src: sorted({n["normal"] for n in names.values()}) for src, names in e["by_source"].items()}
        e["names"] = sorted(normals)
        e["divergent"] = len({tuple(v) for v in per_source.values()}) > 1
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
