"""Russian against English: speed of every default analyzer, model load time, memory, place resolution.

Four measurements:

1. ``speed`` (in this process, after a warm-up): words per second of the parse and of each default analyzer on
   the shipped scenario's Russian mission bulletins (``scenario/mission-ru``) and on the English bulletins they
   translate (``scenario/mission``, the same days), each text read ``--rounds`` times; the ratio ru/en per layer.
2. ``load`` (one subprocess): seconds to analyse the first English document (loads spaCy and the English
   models) and then the first Russian one (loads natasha, pymorphy3 and the Russian models), with the peak RSS
   after each.
3. ``memory`` (one subprocess per case): peak RSS after analysing the English bulletins only, and after
   analysing them and then the Russian ones (Russian loaded lazily, when the first Russian text comes).
4. ``places``: Russian place resolution on the hand-made set ``benchmarks/data/ru_places_gold.tsv`` (every place
   name of the Russian bulletins with the gazetteer id a reader gives it): a mention is right when a PLACE span
   covers exactly its words with that id.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_russian.py [--rounds 5] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "src" / "presswatch" / "scenario"
GOLD = Path(__file__).parent / "data" / "ru_places_gold.tsv"
_WORD = re.compile(r"\w+")


def texts(lang: str) -> list[str]:
    ru = sorted((SCENARIO / "mission-ru").glob("*.txt"))
    files = ru if lang == "ru" else [SCENARIO / "mission" / p.name for p in ru]
    return [p.read_text(encoding="utf-8") for p in files]


def _doc(text: str, lang: str):  # noqa: ANN202
    from presswatch.model import Document

    return Document(text, language=lang)


def speed(rounds: int) -> dict:
    from presswatch import analyzers as A

    names = list(A.DEFAULT)
    out: dict = {}
    for lang in ("en", "ru"):  # warm-up: every model loaded before timing
        A.run(names, _doc(texts(lang)[0], lang), A.Resources())
    for lang in ("en", "ru"):
        words = 0
        secs = {"parse": 0.0, **{n: 0.0 for n in names}}
        for _ in range(rounds):
            for text in texts(lang):
                words += len(_WORD.findall(text))
                doc, res = _doc(text, lang), A.Resources()
                t = time.perf_counter()
                res.parse(doc)
                secs["parse"] += time.perf_counter() - t
                for n in names:
                    t = time.perf_counter()
                    A.run([n], doc, res)
                    secs[n] += time.perf_counter() - t
        total = sum(secs.values())
        out[lang] = {
            "words": words,
            "words_per_s": {k: round(words / v) if v else None for k, v in secs.items()},
            "all_words_per_s": round(words / total),
        }
    out["ratio_ru_over_en"] = {
        k: round(out["ru"]["words_per_s"][k] / out["en"]["words_per_s"][k], 2)
        for k in out["en"]["words_per_s"]
        if out["en"]["words_per_s"][k]
    }
    out["ratio_ru_over_en"]["all"] = round(out["ru"]["all_words_per_s"] / out["en"]["all_words_per_s"], 2)
    return out


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # Linux: KiB


def child(case: str) -> dict:
    """Run in a subprocess: ``load``, ``en`` or ``en+ru``."""
    from presswatch import analyzers as A

    names = list(A.DEFAULT)
    out: dict = {"after_import_mb": _peak_mb()}
    langs = ["en"] if case == "en" else ["en", "ru"]
    for lang in langs:
        for i, text in enumerate(texts(lang)):
            t = time.perf_counter()
            A.run(names, _doc(text, lang), A.Resources())
            if i == 0:
                out[f"first_{lang}_s"] = round(time.perf_counter() - t, 2)
                out[f"after_first_{lang}_mb"] = _peak_mb()
        out[f"after_all_{lang}_mb"] = _peak_mb()
    out["peak_mb"] = _peak_mb()
    return out


def _subprocess(case: str) -> dict:
    r = subprocess.run([sys.executable, __file__, "--child", case], capture_output=True, text=True, check=True)
    return json.loads(r.stdout.strip().splitlines()[-1])


def places() -> dict:
    from presswatch import analyzers as A

    gold: dict[str, list[tuple[int, int, str]]] = {}
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        file, surface, occ, pid = line.split("\t")
        text = (SCENARIO / file).read_text(encoding="utf-8")
        pos = -1
        for _ in range(int(occ)):
            pos = text.index(surface, pos + 1)
        gold.setdefault(file, []).append((pos, pos + len(surface), pid))
    right = found = predicted = 0
    wrong: list[str] = []
    for file, marks in gold.items():
        text = (SCENARIO / file).read_text(encoding="utf-8")
        doc = A.run(["sourcing", "places"], _doc(text, "ru"), A.Resources())
        spans = {
            (s.start, s.end): s.attrs.get("place_id") for s in doc.spans if s.label == "PLACE" and s.field == "text"
        }
        predicted += len(spans)
        for a, b, pid in marks:
            got = spans.get((a, b), "-")
            found += got != "-"
            right += got == pid
            if got != pid:
                wrong.append(f"{file} {text[a:b]!r}: {got} (gold {pid})")
        extra = [text[a:b] for (a, b) in spans if all((a, b) != (x, y) for x, y, _ in marks)]
        wrong += [f"{file} {e!r}: a PLACE span the set does not have" for e in extra]
    n = sum(len(v) for v in gold.values())
    return {
        "mentions": n,
        "found_exact_span": found,
        "resolved_right": right,
        "accuracy": round(right / n, 3),
        "precision": round(right / predicted, 3) if predicted else None,
        "errors": wrong,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    result = {"load": _subprocess("load"), "memory": {"en": _subprocess("en"), "en+ru": _subprocess("en+ru")}}
    result["speed"] = speed(args.rounds)
    result["places"] = places()
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
