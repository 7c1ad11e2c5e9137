"""Evaluating alert rules against the store: which events happened, as :class:`~presswatch.alerts.events.Alert`
objects. Nothing here writes; :mod:`presswatch.alerts.ledger` records and :mod:`presswatch.alerts.deliver` sends.

Document rules (:data:`~presswatch.alerts.rules.DOCUMENT_KINDS`) look at newly stored documents; one event per
rule and document (``keyword``, ``place``, ``technique``, ``policy``, every match its evidence), or per rule,
source and window-long period (``anonymous_share_above``). Clock rules look at the store as it is at ``now``: an
incident some sources reported and one did not within ``within`` of the first report (one event per incident and
source), a source with no new document for ``for`` (one event per quiet spell: it ends with the next document).
"""

from __future__ import annotations

import json
import logging
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from presswatch.alerts.events import Alert, Evidence, iso, parse_moment
from presswatch.alerts.ledger import StoredRule
from presswatch.alerts.rules import Rule
from presswatch.model import FIELDS, Document

LOG = logging.getLogger("presswatch.alerts")
MAX_EVIDENCE = 20  # evidence items kept per alert (the message gives the full count)
PlaceResolver = Callable[[str], set[str]]
_PLACE_ID = re.compile(r"[a-z]+:\S+")


def gazetteer_places(name: str) -> set[str]:
    """The ids of the gazetteer's places that have ``name`` among their names (the gazetteer is loaded, or built
    on first use, only when a ``place:`` rule names a place instead of giving its id)."""
    from presswatch.gazetteer.index import get_gazetteer

    return {p.id for p in get_gazetteer(progress=False).lookup(name)}


def _quoted(text: str, limit: int = 60) -> str:
    """Words of a page in a message: on one line, cut at ``limit``, in quotes. Kept as they are otherwise (what
    prints them on a terminal removes control characters; JSON keeps the data)."""
    text = " ".join(text.split())
    return "'" + (text if len(text) <= limit else text[: limit - 1] + "…") + "'"


def _what(doc: Document) -> str:
    """A document in a message: its source and title (or id)."""
    title = _quoted(doc.title) if doc.title else f"document {doc.id}"
    return f"{doc.source or 'unknown source'}: {title}"


class Evaluator:
    """Evaluates a set of stored rules. ``resolve_place`` turns a place name into gazetteer ids (default: the
    shipped gazetteer); ``since_loaded`` makes clock rules skip incidents already overdue when their rule was
    loaded (live use: loading a rule must not fire on a year of history; a dry run looks at everything)."""

    def __init__(
        self,
        store: Any,
        rules: Iterable[StoredRule],
        *,
        resolve_place: PlaceResolver | None = None,
        since_loaded: bool = True,
    ) -> None:
        self.store = store
        self.rules = list(rules)
        self.resolve_place = resolve_place or gazetteer_places
        self.since_loaded = since_loaded
        self._policies: dict[str, Any] = {}
        self._places: dict[str, tuple[set[str], str]] = {}
        self._series: dict[str, tuple[list[float], list[int], list[int], list[str]]] = {}

    # ---------------------------------------------------------------------------------- documents
    def documents(self, document_ids: Iterable[str]) -> list[tuple[Alert, StoredRule]]:
        """The events the document rules fire on these stored documents (ids not stored are skipped)."""
        rules = [r for r in self.rules if r.rule.on_documents]
        out: list[tuple[Alert, StoredRule]] = []
        if not rules:
            return out
        from presswatch.errors import ConfigError, NotFoundError

        broken: set[str] = set()
        for did in dict.fromkeys(document_ids):
            try:
                doc = self.store.get(did)
            except NotFoundError:
                continue
            for stored in rules:
                rule = stored.rule
                if rule.name in broken or (rule.source is not None and rule.source != doc.source):
                    continue
                try:
                    alert = getattr(self, f"_{rule.kind}")(rule, doc)
                except ConfigError as e:  # its policy file is gone or broken: the other rules still run
                    broken.add(rule.name)
                    LOG.warning("alert rule %s is skipped: %s", rule.name, e)
                    continue
                if alert is not None:
                    out.append((alert, stored))
        return out

    def _document_alert(
        self, rule: Rule, doc: Document, found: list[Evidence], what: str, details: dict[str, Any] | None = None
    ) -> Alert | None:
        if not found:
            return None
        shown = ", ".join(dict.fromkeys(_quoted(e.text, 40) for e in found[:5]))
        more = f" and {len(found) - 5} more" if len(found) > 5 else ""
        return Alert(
            rule.name,
            rule.kind,
            f"{rule.name}|document|{doc.id}",
            f"{_what(doc)}: {what} ({len(found)}: {shown}{more})",
            found[:MAX_EVIDENCE],
            {
                "document_id": doc.id,
                "source": doc.source,
                "title": doc.title,
                "url": doc.url,
                "published": doc.published,
                "matches": len(found),
                **(details or {}),
            },
        )

    def _keyword(self, rule: Rule, doc: Document) -> Alert | None:
        words = str(rule.value).split()
        rx = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)", re.IGNORECASE)
        found = [
            Evidence(doc.id, f, m.start(), m.end(), m.group()) for f in FIELDS for m in rx.finditer(doc.field_text(f))
        ]
        return self._document_alert(rule, doc, found, f"the words {str(rule.value)!r} appear")

    def _place(self, rule: Rule, doc: Document) -> Alert | None:
        from presswatch.gazetteer.normalize import key

        ids, name_key = self._place_target(str(rule.value))
        found = []
        for s in doc.spans:
            if s.label != "PLACE" or s.analyzer != "places":
                continue
            a = s.attrs
            names = {key(n) for n in (doc.span_text(s), a.get("name"), a.get("matched_name")) if n}
            if a.get("place_id") in ids or (name_key and name_key in names):
                found.append(Evidence(doc.id, s.field, s.start, s.end, doc.span_text(s)))
        return self._document_alert(rule, doc, found, f"the place {rule.value} is named")

    def _place_target(self, value: str) -> tuple[set[str], str]:
        """(gazetteer ids, normalised name) a place rule matches: an id matches itself; a name matches the places
        the gazetteer gives for it and any place span written or resolved with that name."""
        if value not in self._places:
            from presswatch.gazetteer.normalize import key

            if _PLACE_ID.fullmatch(value):
                self._places[value] = ({value}, "")
            else:
                self._places[value] = (set(self.resolve_place(value)), key(value))
        return self._places[value]

    def _technique(self, rule: Rule, doc: Document) -> Alert | None:
        from presswatch.analyzers.techniques.taxonomy import BY_KEY

        found = [
            Evidence(doc.id, s.field, s.start, s.end, doc.span_text(s))
            for s in doc.spans
            if s.analyzer == "techniques" and s.label == rule.value
        ]
        return self._document_alert(rule, doc, found, f"the technique {BY_KEY[str(rule.value)].name} is found")

    def _policy(self, rule: Rule, doc: Document) -> Alert | None:
        from presswatch.gazetteer.policy import check, load_policy

        name = str(rule.value)
        if name not in self._policies:
            self._policies[name] = load_policy(name)
        policy = self._policies[name]
        violations = check(doc, policy, {"own"})
        found = [Evidence(doc.id, v.field, v.start, v.end, v.text) for v in violations]
        return self._document_alert(
            rule,
            doc,
            found,
            f"names that {policy.id} rejects, in the text's own voice",
            {
                "violations": [
                    {
                        "text": v.text,
                        "status": v.status,
                        "suggestion": v.suggestion,
                        "place_id": v.place_id,
                        "policy_line": v.rule_line,
                    }
                    for v in violations[:MAX_EVIDENCE]
                ]
            },
        )

    def _anonymous_share_above(self, rule: Rule, doc: Document) -> Alert | None:
        when = parse_moment(doc.published) or parse_moment(self._ingested(doc.id))
        if doc.source is None or when is None or rule.window is None:
            return None
        times, anon, total, ids = self._source_series(doc.source)
        t = when.timestamp()
        lo, hi = bisect_left(times, t - rule.window), bisect_right(times, t)
        n_anon, n_total = anon[hi] - anon[lo], total[hi] - total[lo]
        if n_total < rule.min_attributions or n_anon / n_total <= float(rule.value):
            return None
        share = n_anon / n_total
        window_ids = ids[lo:hi]
        period = int(t // rule.window)
        return Alert(
            rule.name,
            rule.kind,
            f"{rule.name}|anonymous_share|{doc.source}|{period}",
            f"{doc.source}: {share:.0%} of its {n_total} attributions in {len(window_ids)} document(s) over the "
            f"{_span(rule.window)} to {iso(when)} are to anonymous sources (above {float(rule.value):.0%})",
            self._anonymous_sources(window_ids),
            {
                "source": doc.source,
                "share": round(share, 4),
                "anonymous": n_anon,
                "attributions": n_total,
                "documents": window_ids[:MAX_EVIDENCE],
                "window_start": iso(when - timedelta(seconds=rule.window)),
                "window_end": iso(when),
            },
        )

    def _ingested(self, document_id: str) -> str | None:
        row = self.store.conn.execute("SELECT ingested_at FROM documents WHERE id = ?", (document_id,)).fetchone()
        return row[0] if row else None

    def _source_series(self, source: str) -> tuple[list[float], list[int], list[int], list[str]]:
        """A source's documents by time (published, else stored), with running sums of anonymous and all
        attributions (the sourcing profile's counts): any window's share in two look-ups."""
        if source not in self._series:
            rows = []
            for did, published, ingested, summaries in self.store.conn.execute(
                """SELECT d.id, d.published, d.ingested_at, d.summaries FROM documents d
                       JOIN sources s ON s.id = d.source_id WHERE s.name = ?""",
                (source,),
            ):
                when = parse_moment(published) or parse_moment(ingested)
                profile = json.loads(summaries or "{}").get("sourcing") or {}
                if when is not None:
                    rows.append(
                        (
                            when.timestamp(),
                            did,
                            int((profile.get("by_kind") or {}).get("anonymous", 0)),
                            int(profile.get("attributions", 0)),
                        )
                    )
            rows.sort()
            times, anon, total, ids = [r[0] for r in rows], [0], [0], [r[1] for r in rows]
            for r in rows:
                anon.append(anon[-1] + r[2])
                total.append(total[-1] + r[3])
            self._series[source] = (times, anon, total, ids)
        return self._series[source]

    def _anonymous_sources(self, document_ids: list[str]) -> list[Evidence]:
        out: list[Evidence] = []
        for i in range(0, len(document_ids), 500):
            part = document_ids[i : i + 500]
            out += [
                Evidence(r[0], "text", r[1], r[2], r[3])
                for r in self.store.conn.execute(
                    f"""SELECT s.document_id, s.start, s."end", substr(d.text, s.start + 1, s."end" - s.start)
                    FROM spans s JOIN documents d ON d.id = s.document_id
                    WHERE s.analyzer = 'sourcing' AND s.label = 'SOURCE'
                    AND json_extract(s.attrs, '$.kind') = 'anonymous'
                    AND s.document_id IN ({",".join("?" * len(part))}) ORDER BY s.document_id, s.start
                    LIMIT {MAX_EVIDENCE}""",
                    part,
                )
            ]
            if len(out) >= MAX_EVIDENCE:
                break
        return out[:MAX_EVIDENCE]

    # ---------------------------------------------------------------------------------- the clock
    def clock(self, now: datetime) -> list[tuple[Alert, StoredRule]]:
        """The events the clock rules fire at ``now``."""
        out: list[tuple[Alert, StoredRule]] = []
        reports: list[dict[str, Any]] | None = None
        for stored in self.rules:
            rule = stored.rule
            if rule.kind == "unreported_by":
                if reports is None:
                    reports = self._incident_reports()
                out += [(a, stored) for a in self._unreported(stored, reports, now)]
            elif rule.kind == "source_quiet":
                out += [(a, stored) for a in self._quiet(rule, now)]
        return out

    def _incident_reports(self) -> list[dict[str, Any]]:
        rows = self.store.conn.execute(
            """SELECT r.incident_id, r.document_id, r.start, r."end", s.attrs, src.name AS source, d.published,
                      d.ingested_at, substr(d.text, r.start + 1, r."end" - r.start) AS words
               FROM incident_reports r JOIN documents d ON d.id = r.document_id
               LEFT JOIN sources src ON src.id = d.source_id
               LEFT JOIN spans s ON s.document_id = r.document_id AND s.start = r.start AND s."end" = r."end"
                    AND s.analyzer = 'incidents' AND s.label = 'INCIDENT'
                    AND COALESCE(CAST(json_extract(s.attrs, '$.part') AS INTEGER), 0) = r.part
               ORDER BY r.incident_id, r.id"""
        ).fetchall()
        return [dict(r) for r in rows]

    def _unreported(self, stored: StoredRule, reports: list[dict[str, Any]], now: datetime) -> list[Alert]:
        rule = stored.rule
        silent = str(rule.value)
        window = timedelta(seconds=rule.window or 0)
        loaded = parse_moment(stored.loaded_at) if self.since_loaded else None
        by_incident: dict[str, list[dict[str, Any]]] = {}
        for r in reports:
            by_incident.setdefault(r["incident_id"], []).append(r)
        out = []
        for iid, reps in by_incident.items():
            if any(r["source"] == silent for r in reps):
                continue
            dated = [(m, r) for r in reps if (m := parse_moment(r["published"]) or parse_moment(r["ingested_at"]))]
            others = sorted({r["source"] for r in reps if r["source"]})
            if not dated or not others:
                continue
            first = min(m for m, _ in dated)
            deadline = first + window
            if deadline > now or (loaded is not None and deadline < loaded):
                continue
            attrs = next((json.loads(r["attrs"]) for r in reps if r["attrs"]), {})
            what = " ".join(x for x in (attrs.get("type"), attrs.get("date") and f"on {attrs['date']}") if x)
            places = ", ".join(
                dict.fromkeys(p.get("place") or p.get("name_used") or "?" for p in attrs.get("places") or [])
            )
            out.append(
                Alert(
                    rule.name,
                    rule.kind,
                    f"{rule.name}|incident|{iid}|{silent}",
                    f"incident {iid} ({what or 'incident'}{f' in {places}' if places else ''}) reported by "
                    f"{', '.join(others)} has no report from {silent} within {_span(rule.window or 0)} of the first "
                    f"report ({iso(first)})",
                    [
                        Evidence(r["document_id"], "text", r["start"], r["end"], r["words"] or "")
                        for _, r in sorted(dated, key=lambda x: x[0])
                    ][:MAX_EVIDENCE],
                    {
                        "incident_id": iid,
                        "source": silent,
                        "reported_by": others,
                        "first_report": iso(first),
                        "deadline": iso(deadline),
                        "type": attrs.get("type"),
                        "date": attrs.get("date"),
                    },
                )
            )
        return out

    def _quiet(self, rule: Rule, now: datetime) -> list[Alert]:
        rows = self.store.conn.execute(
            """SELECT s.name, MAX(d.ingested_at) FROM documents d JOIN sources s ON s.id = d.source_id
               GROUP BY s.name ORDER BY s.name"""
        ).fetchall()
        out = []
        for source, last in rows:
            if rule.value != "all" and source != rule.value:
                continue
            seen = parse_moment(last)
            if seen is None or (now - seen).total_seconds() < (rule.window or 0):
                continue
            out.append(
                Alert(
                    rule.name,
                    rule.kind,
                    f"{rule.name}|source_quiet|{source}|{iso(seen)}",
                    f"{source}: no new document for {_span((now - seen).total_seconds())} (the last was stored "
                    f"{iso(seen)}; the rule allows {_span(rule.window or 0)})",
                    [],
                    {
                        "source": source,
                        "last_stored": iso(seen),
                        "quiet_for_seconds": int((now - seen).total_seconds()),
                    },
                )
            )
        return out


def _span(seconds: float) -> str:
    """A duration for a person: ``2 days``, ``5 hours``, ``30 minutes``."""
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = int(seconds // size)
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return f"{int(seconds)} seconds"
