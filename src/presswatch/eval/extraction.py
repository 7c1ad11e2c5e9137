"""``presswatch eval extraction``: article text and metadata on trafilatura's evaluation corpus.

The corpus (``evaldata.json`` + ``html/``) gives, for each page, text snippets that must appear in
the main text (``with``) and boilerplate snippets that must not (``without``), and on most pages the
gold title, date (YYYY-MM-DD) and author.

Measures, computed the way trafilatura's own evaluation (``tests/eval_common.py``) computes them:

* **body**: each snippet is looked for as a substring of the extracted text after both are
  whitespace-normalised (runs of whitespace -> one space). A ``with`` snippet found is a true
  positive, missing a false negative; a ``without`` snippet found is a false positive, absent a true
  negative. Counts are summed over pages, then precision, recall, accuracy and F1 come from the totals.
  A page a system fails on (exception, or no text) counts as a full miss.
* **title, date, author**: exact match over the pages whose gold value is not empty, as in
  trafilatura's ``tests/eval_authors.py`` (correct / pages with gold). Strings are compared after
  whitespace normalisation; dates on their first ten characters. trafilatura gives several authors as
  one string joined by ``"; "``; presswatch's author list is joined the same way. ``author~`` is a
  softer figure for both systems: the two author lists (split on ``;``, ``,``, ``and``, ``und``,
  ``&``) are equal, ignoring case and a leading "By"/"Von".

Like with like: trafilatura's ``text`` often begins with the headline line; presswatch moves it to
``Document.title`` and drops it from ``Document.text``. The body measure therefore scores presswatch
on its article text as extracted, before that line is removed
(:func:`presswatch.ingest.extract.extract_html_with_text` returns both), so neither system gains or
loses a snippet for where the headline goes. (The corpus is not consistent about headlines: on some
pages the headline is a ``with`` snippet, on others a ``without`` one.)

Bare trafilatura runs in the same process on the same bytes, as
``trafilatura.bare_extraction(html, with_metadata=True)`` with default settings (no URL, as the
published figures). presswatch gets the page URL (its normal use: it knows what it fetched); pass
``--no-url`` to withhold it as well. Speed is pages per second of each system's extraction alone.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presswatch.corpora.trafilatura_eval import DEFAULT_DATA, read_evaldata, read_html
from presswatch.errors import PresswatchError
from presswatch.learn.metrics import f1_counts, prf, ratio

FIELDS = ("title", "date", "author")


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


_AUTHOR_SPLIT = re.compile(r"\s*(?:;|,|&|\band\b|\bund\b)\s*", re.I)
_AUTHOR_PREFIX = re.compile(r"^(?:by|von|from|par|por|di|от|автор:?)\s+", re.I)


def author_set(value: str | None) -> frozenset[str]:
    if not value:
        return frozenset()
    out = set()
    for part in _AUTHOR_SPLIT.split(value):
        part = _AUTHOR_PREFIX.sub("", norm(part)).strip(" .").casefold()
        if part:
            out.add(part)
    return frozenset(out)


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    seconds: float = 0.0
    pages: int = 0
    failures: int = 0  # exceptions or no text
    meta_gold: dict[str, int] = field(default_factory=lambda: {f: 0 for f in (*FIELDS, "author~")})
    meta_ok: dict[str, int] = field(default_factory=lambda: {f: 0 for f in (*FIELDS, "author~")})

    def add_body(self, item: dict[str, Any], text: str | None) -> tuple[list[str], list[str]]:
        """Count snippets; return (missed with-snippets, found without-snippets)."""
        missed: list[str] = []
        leaked: list[str] = []
        t = norm(text) if text else None
        for w in item["with"]:
            if t is not None and norm(w) in t:
                self.tp += 1
            else:
                self.fn += 1
                missed.append(w)
        for w in item["without"]:
            if t is not None and norm(w) in t:
                self.fp += 1
                leaked.append(w)
            else:
                self.tn += 1
        return missed, leaked

    def scores(self) -> dict[str, float]:
        p, r, _ = prf(self.tp, self.fp, self.fn)
        total = self.tp + self.fp + self.fn + self.tn
        acc = ratio(self.tp + self.tn, total)
        out = {"precision": p, "recall": r, "accuracy": acc, "f1": f1_counts(self.tp, self.fp, self.fn)}
        for f in self.meta_gold:
            out[f] = self.meta_ok[f] / self.meta_gold[f] if self.meta_gold[f] else 0.0
        out["pages_per_s"] = self.pages / self.seconds if self.seconds else 0.0
        return out


@dataclass
class Output:
    text: str | None = None
    title: str | None = None
    date: str | None = None
    author: str | None = None
    error: str | None = None


def run_trafilatura(html: bytes, url: str | None = None) -> Output:
    import trafilatura

    r = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if r is None:
        return Output(error="no result")
    return Output(text=r.text, title=r.title, date=r.date, author=r.author)


def run_presswatch(html: bytes, url: str | None) -> Output:
    from presswatch.ingest.extract import extract_html_with_text

    doc, text = extract_html_with_text(html, url=url, origin=url)  # text as extracted, before the headline is moved
    return Output(text=text, title=doc.title, date=doc.published, author="; ".join(doc.authors) or None)


def score_meta(t: Tally, item: dict[str, Any], out: Output) -> dict[str, tuple[str, str | None]]:
    """Add metadata matches; return the fields that were wrong as {field: (gold, predicted)}."""
    wrong: dict[str, tuple[str, str | None]] = {}
    for f in FIELDS:
        gold = norm(str(item.get(f) or ""))
        if not gold:
            continue
        pred = getattr(out, f)
        pred = norm(pred) if pred else None
        if f == "date" and pred:
            pred = pred[:10]
        t.meta_gold[f] += 1
        if pred == gold:
            t.meta_ok[f] += 1
        else:
            wrong[f] = (gold, pred)
        if f == "author":
            t.meta_gold["author~"] += 1
            if author_set(gold) == author_set(pred):
                t.meta_ok["author~"] += 1
    return wrong


def _lang_of(html: bytes) -> str:
    m = re.search(rb"<html[^>]*\slang\s*=\s*[\"']?([A-Za-z]{2})", html[:5000], re.I)
    return m.group(1).decode().lower() if m else "?"


def evaluate(
    data: Path, *, limit: int | None = None, give_url: bool = True, progress: bool | None = None,
    trafilatura_url: bool = False,
) -> dict[str, Any]:
    items = read_evaldata(data, limit)
    import trafilatura  # noqa: F401  (imports paid before timing)

    from presswatch.ingest.extract import extract_html

    warm = b"<html><head><title>x</title></head><body><article><p>" + b"word " * 40 + b"</p></article></body></html>"
    with contextlib.suppress(PresswatchError):
        extract_html(warm, url="https://example.org/a")
    run_trafilatura(warm)

    systems = {"trafilatura": Tally(), "presswatch": Tally()}
    pages: list[dict[str, Any]] = []
    from presswatch.progress import Progress

    prog = Progress("extraction eval", total=len(items), show=progress)
    try:
        for url, item in items:
            html = read_html(data, item)
            record: dict[str, Any] = {"url": url, "file": item["file"], "lang": _lang_of(html)}
            for name, t in systems.items():
                start = time.perf_counter()
                try:
                    if name == "trafilatura":
                        out = run_trafilatura(html, url if trafilatura_url else None)
                    else:
                        out = run_presswatch(html, url if give_url else None)
                except PresswatchError as e:
                    out = Output(error=f"{type(e).__name__}: {e.message}")
                except Exception as e:  # a crash counts as a miss, as in trafilatura's evaluation
                    out = Output(error=f"{type(e).__name__}: {e}")
                t.seconds += time.perf_counter() - start
                t.pages += 1
                if out.error or not out.text:
                    t.failures += 1
                missed, leaked = t.add_body(item, out.text)
                wrong = score_meta(t, item, out)
                record[name] = {
                    "missed": missed, "leaked": leaked,
                    "wrong": {k: list(v) for k, v in wrong.items()}, "error": out.error,
                }
            pages.append(record)
            prog.advance()
    finally:
        prog.close()
    return {
        "data": str(data),
        "pages": len(items),
        "presswatch_given_url": give_url,
        "trafilatura_given_url": trafilatura_url,
        "systems": {
            name: {**{k: round(v, 4) for k, v in t.scores().items()},
                   "tp": t.tp, "fp": t.fp, "fn": t.fn, "tn": t.tn,
                   "failures": t.failures, "seconds": round(t.seconds, 4),
                   "gold_counts": dict(t.meta_gold)}
            for name, t in systems.items()
        },
        "per_page": pages,
    }


COLUMNS = ("precision", "recall", "accuracy", "f1", "title", "date", "author", "author~", "pages_per_s")


def format_table(result: dict[str, Any]) -> str:
    sysres = result["systems"]
    gold = next(iter(sysres.values()))["gold_counts"]
    head = ["system", "body P", "body R", "body acc", "body F1",
            f"title ({gold['title']})", f"date ({gold['date']})", f"author ({gold['author']})",
            "author~", "pages/s", "failed"]
    rows = [head]
    for name, s in sysres.items():
        rows.append([name] + [f"{s[c]:.3f}" if c != "pages_per_s" else f"{s[c]:.1f}" for c in COLUMNS]
                    + [str(s["failures"])])
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
             for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    tr, pw = sysres.get("trafilatura"), sysres.get("presswatch")
    if tr and pw and tr["seconds"]:
        lines.append(f"presswatch time / trafilatura time: {pw['seconds'] / tr['seconds']:.2f} "
                     f"on {result['pages']} pages")
    return "\n".join(lines)


def failure_report(result: dict[str, Any], *, n: int = 3, system: str = "presswatch") -> str:
    """Per-language error rates and a few examples of each kind of error, for the developer."""
    from collections import Counter, defaultdict

    by_lang: dict[str, Counter[str]] = defaultdict(Counter)
    examples: dict[str, list[str]] = defaultdict(list)
    for p in result["per_page"]:
        r, other = p[system], p["trafilatura" if system == "presswatch" else "presswatch"]
        c = by_lang[p["lang"]]
        c["pages"] += 1
        c["missed"] += len(r["missed"])
        c["leaked"] += len(r["leaked"])
        for f, (gold, pred) in r["wrong"].items():
            c[f] += 1
            worse = f not in other["wrong"]
            if worse or len(examples[f]) < n:
                tag = " [trafilatura right]" if worse else ""
                examples[f].append(f"{p['file']}: gold={gold!r} got={pred!r}{tag}")
        if r["error"] and len(examples["error"]) < n:
            examples["error"].append(f"{p['file']}: {r['error']}")
        if r["missed"] and len(examples["missed"]) < n:
            examples["missed"].append(f"{p['file']}: {r['missed'][0][:80]!r}")
        if r["leaked"] and len(examples["leaked"]) < n:
            examples["leaked"].append(f"{p['file']}: {r['leaked'][0][:80]!r}")
    lines = [f"{system} errors by page language (html lang attribute):",
             "lang  pages  missed  leaked  title  date  author"]
    for lang, c in sorted(by_lang.items(), key=lambda kv: -kv[1]["pages"]):
        lines.append(f"{lang:4}  {c['pages']:5}  {c['missed']:6}  {c['leaked']:6}  "
                     f"{c['title']:5}  {c['date']:4}  {c['author']:6}")
    for kind in ("title", "date", "author", "missed", "leaked", "error"):
        ex = examples.get(kind) or []
        # pages where only this system is wrong first, then a few others
        ex = sorted(ex, key=lambda s: not s.endswith("[trafilatura right]"))[: max(n, 2 * n)]
        if ex:
            lines.append(f"\n{kind}:")
            lines.extend(f"  {e}" for e in ex)
    return "\n".join(lines)


def run(
    *,
    data: Path = Path(DEFAULT_DATA),
    limit: int | None = None,
    json_out: Path | None = None,
    no_url: bool = False,
    trafilatura_url: bool = False,
    failures: int = 0,
    no_progress: bool = False,
) -> int:
    """``presswatch eval extraction``: print the figures (and, with ``failures``, examples of each kind of
    error); write them to ``json_out`` too if given."""
    import logging

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    result = evaluate(
        Path(data), limit=limit, give_url=not no_url,
        progress=False if no_progress else None, trafilatura_url=trafilatura_url,
    )
    print(format_table(result))
    if failures:
        print()
        print(failure_report(result, n=failures))
    if json_out:
        Path(json_out).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0
