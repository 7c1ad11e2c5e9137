"""``presswatch demo``: the main job on the sample documents that ship with the package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from presswatch.errors import PresswatchError


def samples_dir() -> Path:
    return Path(str(resources.files("presswatch") / "samples"))


def sample_paths() -> list[Path]:
    return sorted(p for p in samples_dir().iterdir() if p.suffix in (".html", ".txt"))


def run_demo(out: Path) -> str:
    """Analyse and store the samples; write ``report.json``, ``report.html`` and a store into ``out``."""
    from presswatch.ingest.sources import InputFailure
    from presswatch.pipeline import Duplicate, process
    from presswatch.report.html import report_html
    from presswatch.report.jsonout import documents_json
    from presswatch.report.text import document_text
    from presswatch.store import open_store

    out.mkdir(parents=True, exist_ok=True)
    docs = []
    problems: list[str] = []
    with open_store(out / "presswatch-demo.sqlite") as store:
        for outcome in process([str(p) for p in sample_paths()]):
            if isinstance(outcome, InputFailure):
                problems.append(str(outcome.error))
            elif isinstance(outcome, Duplicate):
                continue
            else:
                store.put(outcome, seen_url=outcome.url)
                docs.append(outcome)
        hits = store.search("peacekeeping bulletin", limit=3)
    if not docs:
        raise PresswatchError("the demo analysed no document: " + "; ".join(problems))
    (out / "report.json").write_text(documents_json(docs), encoding="utf-8")
    (out / "report.html").write_text(report_html(docs, title="presswatch demo: four invented documents"),
                                     encoding="utf-8")
    parts = [document_text(d, max_examples=4) for d in docs]
    parts.append("search 'peacekeeping bulletin': " + ", ".join(f"{h.document_id} ({h.title})" for h in hits))
    parts.append(f"wrote {out / 'report.json'}, {out / 'report.html'} and {out / 'presswatch-demo.sqlite'}")
    if problems:
        parts.append("problems: " + "; ".join(problems))
    return "\n\n".join(parts)
