"""A self-contained HTML report: every finding highlighted in the text it rests on.

No scripts or styles are loaded from elsewhere, so the page works offline and can be mailed as one file.
Overlapping spans are drawn by cutting the text at every span boundary: each piece is wrapped once per
covering span (outermost first), so nested findings stay visible.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections import Counter
from typing import Any

from presswatch._version import __version__
from presswatch.model import Document, Span

_CSS = """
body{font:15px/1.55 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
header.top{background:#1d2430;color:#fff;padding:14px 24px}header.top h1{margin:0;font-size:19px}
header.top p{margin:4px 0 0;color:#b9c1cf;font-size:13px}
main{max-width:1040px;margin:0 auto;padding:18px 24px}
table.summary{border-collapse:collapse;width:100%;background:#fff;font-size:13.5px}
table.summary th,table.summary td{border-bottom:1px solid #e3e6eb;padding:6px 8px;text-align:left;vertical-align:top}
section.doc{background:#fff;border:1px solid #e3e6eb;border-radius:6px;margin:22px 0;padding:16px 20px}
section.doc h2{margin:0 0 6px;font-size:18px}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;font-size:13px;color:#4a5568;margin:8px 0 12px}
dl.meta dt{font-weight:600}dl.meta dd{margin:0}
.legend{display:flex;flex-wrap:wrap;gap:6px;margin:6px 0 12px;font-size:12.5px}
.legend label{border-radius:3px;padding:1px 7px;cursor:pointer;user-select:none}
.text p{margin:0 0 .8em}.text p.standfirst{font-weight:600}
mark{border-bottom:2px solid var(--c);padding:0 1px;background:color-mix(in srgb,var(--c) 16%,transparent)}
mark>sup{font-size:9.5px;color:var(--c);font-weight:700;margin-left:1px}
.muted{color:#6b7280}
table.figures{font-size:12.5px;border-collapse:collapse;margin:0 0 10px}
figure.map{margin:6px 0 12px}figure.map svg{max-width:100%;height:auto;border:1px solid #d5dbe3}
figure.map figcaption{font-size:12px;color:#6b7280}
table.figures caption{text-align:left;font-weight:600}
table.figures th,table.figures td{padding:1px 10px 1px 0;text-align:left;font-weight:normal;color:#4a5568;
vertical-align:top}
table.figures table{border-collapse:collapse;font-size:12px}
table.figures table th,table.figures table td{padding:0 8px 0 0}
table.records thead th{font-weight:600;border-bottom:1px solid #e3e6eb}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.bar{display:inline-block;width:120px;height:8px;background:#e8ebf0;border-radius:2px;vertical-align:middle}
.bar>span{display:block;height:100%;background:#4a6fa5;border-radius:2px}
footer{font-size:12px;color:#6b7280;text-align:center;padding:20px}
"""


def _color(key: str) -> str:
    h = int(hashlib.md5(key.encode()).hexdigest()[:6], 16)
    return f"hsl({h % 360} 62% 40%)"


def _tooltip(doc: Document, s: Span) -> str:
    parts = [f"{s.analyzer}: {s.label}"]
    for k, v in s.attrs.items():
        if k == "text":
            continue
        if isinstance(v, float):
            v = round(v, 3)
        val = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
        if len(val) > 200:
            val = val[:197] + "..."
        parts.append(f"{k}: {val}")
    return "\n".join(parts)


def segments(start: int, end: int, spans: list[Span]) -> list[tuple[int, int, list[tuple[Span, bool]]]]:
    """``[start, end)`` cut at every boundary of the ``spans`` (all over one field) that overlap it: each piece
    as ``(a, b, covering)``, ``covering`` being the spans over the piece, outermost first, each with whether it
    ends with this piece. Shared by this report and the dashboard, so that nested findings are drawn alike."""
    inside = [s for s in spans if s.start < end and s.end > start and s.end > s.start]
    cuts = {start, end}
    for s in inside:
        cuts.add(max(s.start, start))
        cuts.add(min(s.end, end))
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:], strict=False):
        covering = sorted((s for s in inside if s.start <= a and s.end >= b), key=lambda s: (s.start, -s.end))
        out.append((a, b, [(s, b == min(s.end, end)) for s in covering]))
    return out


def _render_paragraph(doc: Document, start: int, end: int, spans: list[Span], field: str = "text") -> str:
    text = doc.field_text(field)
    out: list[str] = []
    for a, b, covering in segments(start, end, [s for s in spans if s.field == field]):
        piece = html.escape(text[a:b])
        for s, ends in reversed(covering):
            key = f"{s.analyzer}:{s.label}"
            tag = f"<sup>{html.escape(s.label)}</sup>" if ends else ""
            piece = (f'<mark class="{html.escape(_cls(key))}" style="--c:{_color(key)}" '
                     f'title="{html.escape(_tooltip(doc, s))}">{piece}{tag}</mark>')
        out.append(piece)
    return "".join(out)


def _cls(key: str) -> str:
    return "s-" + "".join(c if c.isalnum() else "-" for c in key)


# Findings shown only on request (click their legend entry): spaCy's raw entities repeat what the
# places and sourcing analyzers say more precisely, and would bury them.
_START_HIDDEN = {"entities"}


def _document_section(doc: Document, seen_at: list[str] | None = None) -> str:
    counts = Counter(f"{s.analyzer}:{s.label}" for s in doc.spans)
    legend = "".join(
        f'<label style="background:color-mix(in srgb,{_color(k)} 18%,white);color:{_color(k)}">'
        f'<input type="checkbox" checked data-cls="{_cls(k)}" hidden'
        f'{" data-start-hidden" if k.split(":")[0] in _START_HIDDEN else ""}>{html.escape(k)} ({n})</label>'
        for k, n in sorted(counts.items())
    )
    meta = [
        ("Source", doc.source or "—"),
        ("URL", doc.url or doc.canonical_url or "—"),
        ("Published", f"{doc.published or '—'}" + (f" (from {doc.published_from})" if doc.published_from else "")),
        ("Authors", ", ".join(doc.authors) or "—"),
        ("Language", f"{doc.language or '—'}"),
        *[("Seen at" if i == 0 else "", where) for i, where in enumerate(seen_at or [])],
        ("Document id", doc.id),
        ("Analyzers", ", ".join(f"{k} [{v}]" for k, v in doc.analyzers.items()) or "none"),
    ]
    dl = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(str(v))}</dd>" for k, v in meta)
    paras = "".join(f"<p>{_render_paragraph(doc, a, b, doc.spans)}</p>" for a, b in doc.paragraphs)
    title = _render_paragraph(doc, 0, len(doc.title), doc.spans, "title") if doc.title else "(untitled)"
    standfirst = ""
    if doc.description and any(s.field == "description" for s in doc.spans):  # read, so not a repeat of the body
        rendered = _render_paragraph(doc, 0, len(doc.description), doc.spans, "description")
        standfirst = f'<p class="standfirst">{rendered}</p>'
    summaries = "".join(_summary_table(name, figures) for name, figures in doc.summaries.items() if figures)
    from presswatch.report.worldmap import places_of, svg_map

    picture = svg_map(places_of(doc))
    picture = f'<figure class="map">{picture}<figcaption>Places named (dot size: mentions)</figcaption></figure>' \
        if picture else ""
    return (
        f'<section class="doc" id="doc-{doc.id}"><h2>{title}</h2>'
        f'<dl class="meta">{dl}</dl>{summaries}{picture}<div class="legend">{legend}</div>'
        f'<div class="text">{standfirst}{paras}</div></section>'
    )


def _summary_table(name: str, figures: dict[str, object]) -> str:
    """An analyzer's per-document figures as a table: numbers by name get a bar each, lists of records a table."""
    rows = "".join(f"<tr><th>{html.escape(str(key))}</th><td>{_figure(value)}</td></tr>"
                   for key, value in figures.items())
    return f'<table class="figures"><caption>{html.escape(name)}</caption>{rows}</table>' if rows else ""


def _number(value: float) -> str:
    return str(value) if isinstance(value, int) else f"{value:.3g}"


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _bar(fraction: float) -> str:
    width = max(0.0, min(1.0, fraction)) * 100
    return f'<span class="bar" role="presentation"><span style="width:{width:.1f}%"></span></span>'


def figure_view(value: object, depth: int = 0) -> dict[str, Any]:
    """One figure as a tree that a page draws: ``muted`` (a dash or "none"), ``text``, ``bars`` (numbers by name
    with their share of the bar: shares and scores on a 0-1 scale, counts against the largest), ``kv`` (named
    figures), ``records`` (a list of records as a table) or ``list``. This report and the dashboard both draw it,
    so that no page ever shows a raw Python value."""
    if value is None:
        return {"kind": "muted", "text": "—"}
    if isinstance(value, bool):
        return {"kind": "text", "text": "yes" if value else "no"}
    if _is_number(value):
        return {"kind": "text", "text": _number(value)}  # type: ignore[arg-type]
    if isinstance(value, str):
        return {"kind": "text", "text": value}
    if depth > 3:
        return {"kind": "text", "text": json.dumps(value, ensure_ascii=False, default=str)}
    if isinstance(value, dict):
        if not value:
            return {"kind": "muted", "text": "none"}
        if all(_is_number(v) for v in value.values()):
            nums: dict[str, float] = value  # type: ignore[assignment]
            unit = all(0 <= v <= 1 for v in nums.values()) and any(isinstance(v, float) for v in nums.values())
            top = 1.0 if unit else max(1.0, *(abs(v) for v in nums.values()))
            rows = [(str(k), _number(v), max(0.0, min(1.0, v / top)))
                    for k, v in sorted(nums.items(), key=lambda kv: -kv[1])]
            return {"kind": "bars", "rows": rows}
        return {"kind": "kv", "rows": [(str(k), figure_view(v, depth + 1)) for k, v in value.items()]}
    if isinstance(value, list | tuple):
        if not value:
            return {"kind": "muted", "text": "none"}
        if all(isinstance(v, dict) for v in value):
            cols = list(dict.fromkeys(k for v in value for k in v))
            return {"kind": "records", "columns": [str(c) for c in cols],
                    "rows": [[figure_view(v.get(c), depth + 1) for c in cols] for v in value]}
        return {"kind": "list", "items": [figure_view(v, depth + 1) for v in value]}
    return {"kind": "text", "text": str(value)}


def _figure(value: object) -> str:
    return _figure_html(figure_view(value))


def _figure_html(view: dict[str, Any]) -> str:
    kind = view["kind"]
    if kind == "muted":
        return f'<span class="muted">{view["text"]}</span>'
    if kind == "text":
        return html.escape(view["text"])
    if kind == "bars":
        rows = "".join(f"<tr><th>{html.escape(k)}</th><td class=\"num\">{shown}</td><td>{_bar(share)}</td></tr>"
                       for k, shown, share in view["rows"])
        return f'<table class="bars">{rows}</table>'
    if kind == "kv":
        rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{_figure_html(v)}</td></tr>" for k, v in view["rows"])
        return f'<table class="kv">{rows}</table>'
    if kind == "records":
        head = "".join(f"<th>{html.escape(c)}</th>" for c in view["columns"])
        body = "".join("<tr>" + "".join(f"<td>{_figure_html(v)}</td>" for v in row) + "</tr>"
                       for row in view["rows"])
        return f'<table class="records"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    return ", ".join(_figure_html(v) for v in view["items"])


_JS = """
document.querySelectorAll('.legend label').forEach(function(l){l.addEventListener('click',function(e){
e.preventDefault();var box=l.querySelector('input');box.checked=!box.checked;l.style.opacity=box.checked?1:.35;
var sec=l.closest('section');sec.querySelectorAll('mark.'+box.dataset.cls).forEach(function(m){
m.style.borderBottomColor=box.checked?'':'transparent';m.style.background=box.checked?'':'none';
var s=m.querySelector(':scope>sup');if(s)s.style.display=box.checked?'':'none';});});});
document.querySelectorAll('.legend input[data-start-hidden]').forEach(function(b){b.parentNode.click();});
"""


def report_html(docs: list[Document], *, title: str = "presswatch report",
                seen_at: dict[str, list[str]] | None = None) -> str:
    """The page; ``seen_at``: document id -> every URL or origin it was seen at (from the store)."""
    rows = "".join(
        f'<tr><td><a href="#doc-{d.id}">{html.escape(d.title or "(untitled)")}</a></td>'
        f"<td>{html.escape(d.source or '—')}</td><td>{html.escape(d.published or '—')}</td>"
        f"<td>{html.escape(d.language or '—')}</td><td>{len(d.text.split())}</td><td>{len(d.spans)}</td></tr>"
        for d in docs
    )
    sections = "".join(_document_section(d, (seen_at or {}).get(d.id)) for d in docs)
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
        f'<header class="top"><h1>{html.escape(title)}</h1><p>{len(docs)} document(s) · presswatch {__version__}'
        " · hover a highlight for details, click a legend entry to show or hide it</p></header><main>"
        '<table class="summary"><thead><tr><th>Title</th><th>Source</th><th>Published</th><th>Lang</th>'
        f"<th>Words</th><th>Findings</th></tr></thead><tbody>{rows}</tbody></table>{sections}</main>"
        f"<footer>presswatch reports what texts say, not what is true.</footer><script>{_JS}</script></body></html>"
    )
