"""``presswatch demo``: the main job on the sample documents that ship with the package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from presswatch.errors import PresswatchError


def samples_dir() -> Path:
    return Path(str(resources.files("presswatch") / "samples"))


def sample_paths() -> list[Path]:
    return sorted(p for p in samples_dir().iterdir() if p.suffix in (".html", ".txt"))


def run_demo(out: Path, *, comparison: bool = True) -> str:
    """Analyse and store the samples; write ``report.json``, ``report.html`` and a store into ``out``; then
    (with ``comparison``) compare the sources of the shipped scenario week: ``comparison.html`` and its store."""
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
        from presswatch.analyzers import DEFAULT, OPTIONAL

        for outcome in process([str(p) for p in sample_paths()], analyzers=[*DEFAULT, *OPTIONAL]):
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
    if comparison:
        parts.append(compare_scenario(out))
    if problems:
        parts.append("problems: " + "; ".join(problems))
    return "\n\n".join(parts)


def compare_scenario(out: Path) -> str:
    """Store the invented scenario week (five sources), link its incidents and compare the sources."""
    from presswatch.comparison.coverage import compare
    from presswatch.comparison.render import to_html, to_table
    from presswatch.comparison.scenario import COMPARE_ANALYZERS, ingest_scenario
    from presswatch.store import open_store

    path = out / "presswatch-scenario.sqlite"
    path.unlink(missing_ok=True)
    with open_store(path) as store:
        ingest_scenario(store, analyzers=COMPARE_ANALYZERS)
        result = compare(store)
    (out / "comparison.html").write_text(to_html(result, title="presswatch demo: five sources, one invented week"),
                                         encoding="utf-8")
    table = to_table(result).split("\n")
    head = table[: table.index("") + 1 + 5 + len(result.incidents)] if "" in table else table
    return ("Comparing the sources of the scenario week (presswatch compare --db "
            f"{path}):\n" + "\n".join(head) + f"\n... wrote {out / 'comparison.html'}: the coverage matrix, "
            "omissions and naming")
