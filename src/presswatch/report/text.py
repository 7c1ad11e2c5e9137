"""A short human-readable summary of a document and what was found in it."""

from __future__ import annotations

from collections import Counter

from presswatch.model import Document


def document_text(doc: Document, *, max_examples: int = 8) -> str:
    lines = [
        f"{doc.title or '(no title)'}",
        f"  id        {doc.id}",
        f"  source    {doc.source or '-'}" + (f"  <{doc.url}>" if doc.url else ""),
        f"  published {doc.published or '-'}" + (f" (from {doc.published_from})" if doc.published_from else ""),
        f"  authors   {', '.join(doc.authors) or '-'}",
        f"  language  {doc.language or '-'}"
        + (f" ({doc.language_score:.2f})" if doc.language_score is not None else ""),
        f"  length    {len(doc.text.split())} words, {len(doc.paragraphs)} paragraphs",
    ]
    for name, version in doc.analyzers.items():
        spans = doc.spans_by(name)
        counts = Counter(s.label for s in spans)
        labels = doc.summaries.get(name, {}).get("labels")  # a document-level analyzer's own summary (frames)
        summary = ", ".join(f"{label} {n}" for label, n in counts.most_common()) or \
            (str(labels) if labels else "nothing found")
        lines.append(f"  {name:<9} [{version}] {summary}")
        for s in spans[:max_examples]:
            snippet = " ".join(doc.text[s.start : s.end].split())
            if len(snippet) > 70:
                snippet = snippet[:67] + "..."
            lines.append(f"      {s.start:>6}-{s.end:<6} {s.label:<14} {snippet}")
        if len(spans) > max_examples:
            lines.append(f"      ... {len(spans) - max_examples} more")
        for key, value in doc.summaries.get(name, {}).items():
            lines.append(f"      {key}: {_short(value)}")
    return "\n".join(lines)


def _short(value: object, limit: int = 100) -> str:
    import json

    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."
