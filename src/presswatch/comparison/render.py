"""A comparison as a table (terminal), JSON, CSV (one row per incident and source) or a self-contained HTML page.

The HTML page draws the coverage matrix (incidents × sources) as an SVG picture with omissions marked (denials
apart from silence), lists the naming divergence, whose sources each source cites (shares by affiliation), and
every incident with who asserts, denies and relays it and the words of each report; every cell of the matrix
links to the words it stands for. Everything from the documents is escaped.
"""

from __future__ import annotations

import io
import json
from html import escape
from typing import Any

from presswatch.comparison.coverage import Comparison
from presswatch.report.csvsafe import SafeWriter

SYMBOLS = {"reported": "●", "differs": "◐", "denies": "✕", "relays_denial": "⊘", "maybe_reported": "◌",
           "not_reported": "○", "no_documents": "·"}
COLOURS = {
    "reported": "#2b7a3d",
    "differs": "#d08a00",
    "denies": "#8b1e3f",
    "relays_denial": "#c98ba0",
    "maybe_reported": "#cfe3d3",
    "not_reported": "#ffffff",
    "no_documents": "#eeeeee",
}
LEGEND = {
    "reported": "reported",
    "differs": "reported, other counts or date",
    "denies": "denies it",
    "relays_denial": "relays another party's denial",
    "maybe_reported": "told something like it there and then, not linked (no omission asserted)",
    "not_reported": "not reported (omission)",
    "no_documents": "published nothing then",
}


def _places(inc: dict[str, Any]) -> str:
    return ", ".join(p["place"] or p["place_id"] for p in inc["places"]) or "(no place)"


def incident_label(inc: dict[str, Any]) -> str:
    """An incident in one line: its date, type and places (the matrix rows here and on the dashboard)."""
    return f"{inc['date'] or '----------'} {inc['type']} — {_places(inc)}"


def other_voices(name: dict[str, Any]) -> str:
    """``; quoted 2, mentioned 1`` for the mentions of a name that are not in the source's own voice."""
    other = {v: k for v, k in (name.get("voices") or {}).items() if v != "own"}
    return "; " + ", ".join(f"{v.replace('_', ' ')} {k}" for v, k in sorted(other.items())) if other else ""


def parties(entries: list[dict[str, Any]]) -> str:
    """"Defence Army (nk-de-facto) via Highland Dispatch; Shirvan Press (az-media)"."""
    return "; ".join(
        f"{e['who']} ({e['affiliation']})" + (f" via {e['via']}" if e.get("via") else "")
        + (f" [{e['whose']}]" if e.get("whose") else "")
        for e in entries
    )


def whose_shares(e: dict[str, Any]) -> str:
    """"az-state 60%, unknown 40%" (whose sources)."""
    return ", ".join(f"{k} {v:.0%}" for k, v in (e.get("affiliation_shares") or {}).items()) or "no named source"


def to_json(c: Comparison, indent: int | None = 2) -> str:
    return json.dumps(c.to_dict(), ensure_ascii=False, indent=indent)


def to_csv(c: Comparison) -> str:
    """One row per incident and source: the coverage, with the incident's type, date and places, who asserts,
    denies and relays the incident, and whose sources the row's source cites (shares by affiliation)."""
    buf = io.StringIO()
    w = SafeWriter(buf, lineterminator="\n")  # no formulas from titles or names
    w.writerow(
        [
            "incident_id",
            "date",
            "type",
            "acled_event_type",
            "acled_sub_event_type",
            "places",
            "source",
            "status",
            "documents",
            "differences",
            "reported_by",
            "asserted_by",
            "denied_by",
            "relayed_by",
            "source_whose_sources",
        ]
    )
    for inc in c.incidents:
        cells = c.coverage.get(inc["id"], {})
        reporters = sorted({r["source"] for r in inc["reports"]})
        for src in c.sources:
            cell = cells.get(src, {})
            w.writerow(
                [
                    inc["id"],
                    inc["date"] or "",
                    inc["type"],
                    inc["acled_event_type"] or "",
                    inc["acled_sub_event_type"] or "",
                    "; ".join(p["place"] or p["place_id"] for p in inc["places"]),
                    src,
                    cell.get("status", ""),
                    " ".join(cell.get("documents", [])),
                    "; ".join(cell.get("differences", [])),
                    "; ".join(reporters),
                    parties(inc.get("voices", {}).get("asserts", [])),
                    parties(inc.get("voices", {}).get("denies", [])),
                    parties(inc.get("voices", {}).get("relays", [])),
                    whose_shares(c.sourcing.get(src, {})),
                ]
            )
    return buf.getvalue()


def to_table(c: Comparison, width: int = 120) -> str:
    """Plain text for a terminal: incidents, the coverage matrix, omissions, naming and sourcing."""
    out: list[str] = []
    win = f"{c.window['since'] or 'the start'} to {c.window['until'] or 'the end'}"
    out.append(f"{len(c.incidents)} incident(s) in {len(c.sources)} source(s), {win}")
    out.append("")
    abbrev = {s: f"S{i + 1}" for i, s in enumerate(c.sources)}
    out.append("Sources: " + "; ".join(f"{abbrev[s]} = {s}" for s in c.sources))
    out.append("Coverage: " + "  ".join(f"{SYMBOLS[k]} {v}" for k, v in LEGEND.items()))
    head = f"{'incident':<18} {'date':<10} {'type':<28} {'places':<28} " + " ".join(
        f"{abbrev[s]:>3}" for s in c.sources
    )
    out.append(head)
    for inc in c.incidents:
        cells = c.coverage.get(inc["id"], {})
        marks = " ".join(f"{SYMBOLS.get(cells.get(s, {}).get('status', ''), '?'):>3}" for s in c.sources)
        out.append(f"{inc['id']:<18} {inc['date'] or '':<10} {inc['type'][:28]:<28} {_places(inc)[:28]:<28} {marks}")
    out.append("")
    out.append("Who asserts / denies / relays (affiliation from the actors registry):")
    for inc in c.incidents:
        v = inc.get("voices") or {}
        out.append(f"  {inc['id']} ({inc['date'] or '----------'} {inc['type']}):")
        roles = ("asserts", "denies", "questions", "relays")
        out.extend(f"    {role:<9} {parties(v[role])}" for role in roles if v.get(role))
    out.append("")
    out.append(f"Omissions ({len(c.omissions)}):")
    for o in c.omissions:
        out.append(
            f"  {o['source']} did not report {o['incident']} ({o['date']}, {o['type']}, "
            f"{', '.join(p or '?' for p in o['places']) or 'no place'}), reported by {', '.join(o['reported_by'])}"
        )
    out.append("")
    divergent = [e for e in c.naming if e["divergent"]]
    out.append(f"Naming: {len(divergent)} place(s) named differently by different sources")
    for e in divergent:
        out.append(f"  {e['place']} ({e['place_id']}):")
        for src, names in sorted(e["by_source"].items()):
            listed = ", ".join(
                f"{w} ×{n['count']} ({n['kind'] or '?'}, {n['first']}..{n['last']}{other_voices(n)})"
                for w, n in sorted(names.items(), key=lambda kv: -kv[1]["count"])
            )
            out.append(f"    {src}: {listed}")
    out.append("")
    out.append("Sourcing (shares of attributions):")
    for src, e in c.sourcing.items():
        sh = e["shares"]
        out.append(
            f"  {src}: {e['documents']} document(s), {e['attributions']} attribution(s); named {sh['named']:.0%}, "
            f"anonymous {sh['anonymous']:.0%}, role only {sh['role_only']:.0%}, unattributed "
            f"{sh['unattributed']:.0%}; {e['unsourced_claims']} unsourced claim(s)"
        )
    out.append("")
    out.append("Whose sources (shares of attributions that name a source, by the source's affiliation):")
    for src, e in c.sourcing.items():
        out.append(f"  {src}: {whose_shares(e)}")
    return "\n".join(line[: width * 2] for line in out)


# ------------------------------------------------------------------------------------------ HTML
_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0}
td,th{border:1px solid #ddd;padding:.25em .5em;vertical-align:top;text-align:left}
th{background:#f4f4f4}.legend span{display:inline-block;margin-right:1.2em}
.sw{display:inline-block;width:.9em;height:.9em;border:1px solid #888;vertical-align:middle;margin-right:.3em}
mark{background:#ffe08a}.rep{margin:.4em 0 .8em 1em}.meta{color:#666;font-size:.9em}.div{color:#8b1e3f}
svg text{font:12px system-ui,sans-serif}
"""


def _matrix_svg(c: Comparison) -> str:
    cw, ch, left, top = 34, 22, 360, 150
    w = left + cw * len(c.sources) + 130  # room for the last rotated source name
    h = top + ch * len(c.incidents) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" role="img" '
        f'aria-label="coverage matrix: incidents by sources">'
    ]
    for j, src in enumerate(c.sources):
        x = left + j * cw + cw / 2
        parts.append(f'<text transform="translate({x:.0f},{top - 8}) rotate(-45)">{escape(src)}</text>')
    for i, inc in enumerate(c.incidents):
        y = top + i * ch
        label = escape(incident_label(inc)[:52])
        parts.append(f'<a href="#{escape(inc["id"])}"><text x="4" y="{y + 15}">{label}</text></a>')
        cells = c.coverage.get(inc["id"], {})
        for j, src in enumerate(c.sources):
            st = cells.get(src, {}).get("status", "no_documents")
            x = left + j * cw
            # no report places it, none tells it (mentions in passing only), or a routine act one source tells: not
            # an omission (the cell says why)
            unasserted = cells.get(src, {}).get("unasserted")
            asserted = st == "not_reported" and unasserted is None
            legend = LEGEND.get(st, st) if asserted or st != "not_reported" else f"not reported ({unasserted})"
            title = f"{src}: {legend}" + (
                f" — {'; '.join(cells[src].get('differences', []))}" if cells.get(src, {}).get("differences") else ""
            )
            rect = (
                f'<rect x="{x + 2}" y="{y + 2}" width="{cw - 4}" height="{ch - 4}" fill="{COLOURS.get(st, "#fff")}" '
                f'stroke="#888"><title>{escape(title)}</title></rect>'
            )
            if asserted:
                rect += (
                    f'<line x1="{x + 6}" y1="{y + 6}" x2="{x + cw - 6}" y2="{y + ch - 6}" stroke="#c0392b" '
                    f'stroke-width="2"/>'
                )
            reported = st in ("reported", "differs", "denies", "relays_denial")
            anchor = f"#{inc['id']}-{j}" if reported else f"#{inc['id']}"
            parts.append(f'<a href="{escape(anchor)}">{rect}</a>')
    parts.append("</svg>")
    return "".join(parts)


def to_html(c: Comparison, title: str = "presswatch: comparison of sources") -> str:
    p: list[str] = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
    ]
    win = f"{c.window['since'] or 'the start'} to {c.window['until'] or 'the end'}"
    p.append(
        f"<p>{len(c.incidents)} incident(s) reported by {len(c.sources)} source(s), {escape(win)}. "
        "presswatch reports what the texts say, not what is true.</p>"
    )
    p.append(
        '<h2>Coverage</h2><p class="legend">'
        + "".join(
            f'<span><i class="sw" style="background:{COLOURS[k]}"></i>{escape(v)}</span>' for k, v in LEGEND.items()
        )
        + "</p>"
    )
    p.append(_matrix_svg(c))
    p.append(
        f"<h2>Omissions ({len(c.omissions)})</h2><table><tr><th>source</th><th>did not report</th>"
        "<th>reported by</th></tr>"
    )
    for o in c.omissions:
        p.append(
            f'<tr><td>{escape(o["source"])}</td><td><a href="#{escape(o["incident"])}">{escape(o["date"] or "")} '
            f"{escape(o['type'])} — {escape(', '.join(x or '?' for x in o['places']) or 'no place')}</a></td>"
            f"<td>{escape(', '.join(o['reported_by']))}</td></tr>"
        )
    p.append("</table>")
    p.append(
        "<h2>Naming</h2><table><tr><th>place</th><th>source</th><th>names written (count, kind, first–last)</th></tr>"
    )
    for e in c.naming:
        rows = sorted(e["by_source"].items())
        for k, (src, names) in enumerate(rows):
            cell = "; ".join(
                f"{escape(w)} ×{n['count']} ({escape(str(n['kind'] or '?'))}, {escape(str(n['first']))}–"
                f"{escape(str(n['last']))}{escape(other_voices(n))})"
                for w, n in sorted(names.items(), key=lambda kv: -kv[1]["count"])
            )
            head = (
                (
                    f'<td rowspan="{len(rows)}"{" class=div" if e["divergent"] else ""}>{escape(e["place"] or "")}'
                    f"<br><span class=meta>{escape(e['place_id'])}</span></td>"
                )
                if k == 0
                else ""
            )
            p.append(f"<tr>{head}<td>{escape(src)}</td><td>{cell}</td></tr>")
    p.append("</table>")
    p.append(
        "<h2>Sourcing</h2><table><tr><th>source</th><th>documents</th><th>attributions</th><th>named</th>"
        "<th>anonymous</th><th>role only</th><th>unattributed</th><th>unsourced claims</th></tr>"
    )
    for src, e in c.sourcing.items():
        sh = e["shares"]
        p.append(
            f"<tr><td>{escape(src)}</td><td>{e['documents']}</td><td>{e['attributions']}</td>"
            f"<td>{sh['named']:.0%}</td><td>{sh['anonymous']:.0%}</td><td>{sh['role_only']:.0%}</td>"
            f"<td>{sh['unattributed']:.0%}</td><td>{e['unsourced_claims']}</td></tr>"
        )
    p.append("</table>")
    labels = sorted({k for e in c.sourcing.values() for k in e.get("affiliation_shares") or {}},
                    key=lambda k: (k == "unknown", k))
    p.append(
        "<h2>Whose sources</h2><p>Shares of each source's attributions that name a source, by the affiliation the "
        "actors registry gives the cited source (who it belongs to, not whether it is right).</p>"
        "<table><tr><th>source</th>" + "".join(f"<th>{escape(k)}</th>" for k in labels) + "</tr>"
    )
    for src, e in c.sourcing.items():
        shares = e.get("affiliation_shares") or {}
        p.append(
            f"<tr><td>{escape(src)}</td>"
            + "".join(f"<td>{shares[k]:.0%}</td>" if k in shares else "<td></td>" for k in labels)
            + "</tr>"
        )
    p.append("</table><h2>Incidents</h2>")
    index = {s: j for j, s in enumerate(c.sources)}
    for inc in c.incidents:
        p.append(
            f'<h3 id="{escape(inc["id"])}">{escape(incident_label(inc))}</h3>'
            f"<p class=meta>{escape(inc['id'])} · ACLED: {escape(str(inc['acled_event_type']))} / "
            f"{escape(str(inc['acled_sub_event_type']))}</p>"
        )
        v = inc.get("voices") or {}
        rows = "".join(
            f"<tr><th>{role}</th><td>{escape(parties(v[role]))}</td></tr>"
            for role in ("asserts", "denies", "questions", "relays")
            if v.get(role)
        )
        if rows:
            p.append(f"<table class=voices>{rows}</table>")
        seen: set[str] = set()
        for r in inc["reports"]:
            j = index.get(r["source"])
            anchor = f' id="{escape(inc["id"])}-{j}"' if j is not None and r["source"] not in seen else ""
            seen.add(r["source"])
            counts = ", ".join(f"{k} {v}" for k, v in r["counts"].items())
            who = (
                r["attribution"]["speaker"] if r.get("attribution") and r["attribution"].get("speaker") else "own voice"
            )
            link = (
                f' · <a href="{escape(r["url"])}">{escape(r["url"])}</a>'
                if r.get("url") and str(r["url"]).startswith(("http://", "https://"))
                else ""
            )
            p.append(
                f"<div class=rep{anchor}><b>{escape(r['source'])}</b> <span class=meta>{escape(str(r['published']))}"
                f" · {escape(r['stance'])} · {escape(who)}{' · ' + escape(counts) if counts else ''}"
                f" · names: {escape(', '.join(n for n in r['names_used'] if n) or '—')}{link}</span>"
                f"<br><mark>{escape(r.get('text') or '')}</mark></div>"
            )
    p.append("</body></html>")
    return "\n".join(p)
