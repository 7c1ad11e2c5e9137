"""Print the incidents presswatch finds in each document of a probe folder, to read beside its EXPECTED.md.

    .venv/bin/python benchmarks/whole_documents/run.py benchmarks/whole_documents/probe2 [--json OUT]

Each document is a text file: line 1 the publication date ("14 December 2022"), line 2 the headline, line 3 empty,
the body from line 4; it is analysed with the default pipeline (``presswatch.analyze``), as a user's file would be.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import presswatch


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--json", type=Path, default=None, help="also write every incident's attributes to this file")
    args = ap.parse_args()
    out: dict[str, list[dict]] = {}
    total = 0
    for path in sorted(args.folder.glob("*.txt")):
        doc = presswatch.analyze(str(path))
        spans = [s for s in doc.spans if s.analyzer == "incidents" and s.label == "INCIDENT"]
        total += len(spans)
        print(f"== {path.name} ({doc.published})")
        for s in spans:
            a = s.attrs
            places = ", ".join(p.get("name_used") or p["place_id"] for p in a.get("places") or [])
            words = " ".join(doc.text[s.start : s.end].split())[:110]
            print(f"   {a['type']:28} {a.get('date')} ({a.get('date_from')}) [{places}] {a.get('counts') or ''} "
                  f"{a.get('stance')} | {words}")
        out[path.name] = [{"words": doc.text[s.start : s.end], **s.attrs} for s in spans]
    print(f"{total} incidents in {len(out)} documents")
    if args.json is not None:
        args.json.write_text(json.dumps(out, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
