"""A short human-readable summary of a document and what was found in it, and :func:`for_terminal`, which every
line printed for a person goes through."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from presswatch.model import Document

# Titles, URLs and texts come from the pages read: a page can hide terminal escape sequences in them (recolour
# the terminal, set its title, rewrite what was printed before with a carriage return). These are removed, whole
# sequences first (so that no "[31m" is left behind), then any other C0 or C1 control character.
_TERMINAL_JUNK = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, clearing
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window title, hyperlinks, clipboard
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[ -/]*[0-~]?"  # any other escape sequence, or a lone ESC
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"  # the other C0 controls (tab and newline are kept), DEL, C1
)


def for_terminal(text: object, *, oneline: bool = False) -> str:
    """``text`` made safe to print on a terminal: escape sequences and control characters removed (tab and
    newline kept, or with ``oneline`` every run of white space made one space). JSON output keeps the data as is."""
    out = _TERMINAL_JUNK.sub("", "" if text is None else str(text))
    return " ".join(out.split()) if oneline else out


def document_text(doc: Document, *, max_examples: int = 8, seen_at: list[str] | None = None) -> str:
    """The summary; ``seen_at``: every URL or origin the document was seen at (listed when more than its URL)."""

    def one(value: object) -> str:
        return for_terminal(value, oneline=True)

    lines = [
        f"{one(doc.title) or '(no title)'}",
        f"  id        {doc.id}",
        f"  source    {one(doc.source) or '-'}" + (f"  <{one(doc.url)}>" if doc.url else ""),
        f"  published {one(doc.published) or '-'}" + (f" (from {doc.published_from})" if doc.published_from else ""),
        f"  authors   {one(', '.join(doc.authors)) or '-'}",
        f"  language  {one(doc.language) or '-'}"
        + (f" ({doc.language_score:.2f})" if doc.language_score is not None else ""),
        f"  length    {len(doc.text.split())} words, {len(doc.paragraphs)} paragraphs",
    ]
    for i, where in enumerate(seen_at or []):
        lines.append(f"  {'seen at' if i == 0 else '':<9} {one(where)}")
    for i, (lang, what) in enumerate((doc.summaries.get("languages") or {}).items()):
        lines.append(f"  {'languages' if i == 0 else '':<9} {one(_language_line(lang, what))}")
    for name, version in doc.analyzers.items():
        spans = doc.spans_by(name)
        summary = doc.summaries.get(name, {})
        lines.append(f"  {name:<9} [{one(version)}] {_headline(spans, summary)}")
        for s in spans[:max_examples]:
            snippet = one(doc.text[s.start : s.end])
            if len(snippet) > 70:
                snippet = snippet[:67] + "..."
            lines.append(f"      {s.start:>6}-{s.end:<6} {one(s.label):<14} {snippet}")
        if len(spans) > max_examples:
            lines.append(f"      ... {len(spans) - max_examples} more")
        for key, value in summary.items():
            lines.append(f"      {one(key)}: {one(_short(value))}")
    return "\n".join(lines)


def _language_line(lang: str, what: dict) -> str:
    """One language of ``summaries["languages"]``: its paragraphs, the analyzers that read them, those that did not
    and why."""
    ran = ", ".join(what.get("ran") or []) or "none"
    line = f"{lang}: {what.get('paragraphs', 0)} paragraph(s), read by {ran}"
    not_run = what.get("not_run") or {}
    if not_run:
        line += "; not read by " + "; ".join(f"{n} ({why})" for n, why in not_run.items())
    return line


def _headline(spans: list, summary: dict) -> str:
    """What an analyzer found, in one line. An analyzer that counts its findings itself (``counts`` in its summary:
    the techniques count one finding per paragraph and technique, however many spans it was narrowed to) is
    headlined with those counts, the number of spans beside them, so that the line agrees with the figures below."""
    counts = summary.get("counts")
    if isinstance(counts, dict) and all(isinstance(v, int) for v in counts.values()) and (counts or not spans):
        if not counts:
            return "nothing found"
        shown = ", ".join(f"{label} {n}" for label, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        return f"{shown} (per paragraph; {len(spans)} span(s))"
    by_label = Counter(s.label for s in spans)
    if by_label:
        return ", ".join(f"{label} {n}" for label, n in by_label.most_common())
    labels = summary.get("labels")  # a document-level analyzer's own summary (frames)
    return str(labels) if labels else "nothing found"


def _short(value: object, limit: int = 100) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."
