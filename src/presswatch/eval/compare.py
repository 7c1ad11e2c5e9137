"""Evaluate the comparison of sources against a scenario's truth file: incident reports, linking, omissions, names.

``presswatch eval compare [--data SCENARIO_DIR] [--lexical] [--json]``

The scenario (default: the one shipped in ``presswatch/scenario``) is analysed and stored in a temporary store,
its incidents linked and compared exactly as ``presswatch ingest`` + ``presswatch compare`` do, and scored:

- **reports**: precision and recall of INCIDENT spans against the truth's reports (a truth report is found
  when its evidence words overlap one of the span's sentences); type accuracy (ACLED sub-event) on found ones;
- **linking**: pairwise precision, recall and F1 over the truth's reports (two reports are a pair when they
  report one incident; a report the analyzer missed is a singleton);
- **omissions**: precision, recall and F1 of (source, incident) omissions, the truth's omissions derived with
  the same rule as ``compare`` (a source that published within the incident's window and did not report it);
- **denials**: precision, recall and F1 of reports whose stance is a denial (``denies``, ``reports_denial``), over
  every predicted report, and the stance accuracy of the found reports;
- **naming**: accuracy of the place id of every place mention the truth lists, in the body and in the headline
  (the places analyzer's spans over the document's title).

**Villages and their district.** A truth file may list a village the gazetteer lacked with the id of the unit it
lies in (``scenario-dev5``: Taghavard as ``gn:146969``, the Martuni/Khojavend district's town). A predicted place
the gazetteer files ``within`` that unit (the curated layer's ``within``) counts as the truth's place, in report
matching and in naming; a place the truth lists by its own id must still be that id.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from presswatch.comparison.coverage import DENIAL_STANCES
from presswatch.comparison.scenario import SCENARIO
from presswatch.learn.metrics import prf_dict


def _same_mention(found: str, listed: str) -> bool:
    """A found mention is the listed one, or the listed name with a generic head or a possessive ("Martakert
    region" for "Martakert": the truth lists names without district words)."""
    f, w = found.casefold(), listed.casefold()
    return f == w or (f.startswith(w) and f[len(w) : len(w) + 1] in (" ", "'", "’"))


def _as_truth(place: dict[str, Any], want: set[str] | dict[str, Any]) -> str:
    """The id a predicted place counts as against the truth's ids ``want``: its own, or the unit it lies in
    (``within``) when the truth lists that unit and not the place itself."""
    pid, unit = str(place.get("place_id")), place.get("within")
    return unit if pid not in want and unit and unit in want else pid


def _key(document_id: str, s: Any) -> tuple[str, int, int, int]:
    return document_id, s.start, s.end, int(s.attrs.get("part") or 0)


def truth_omissions(truth: dict[str, Any], sources: list[str], days: int) -> set[tuple[str, str]]:
    """(source, incident id) pairs the truth implies: active sources that did not report an incident."""
    from presswatch.comparison.scenario import source_names

    names = source_names(truth)
    published: dict[str, list[date]] = defaultdict(list)
    for d in truth["documents"]:
        src = names[d["file"].split("/")[0]]
        if src in sources:
            published[src].append(date.fromisoformat(str(d["published"])))
    out = set()
    for inc in truth["incidents"]:
        reporters = {names[r["file"].split("/")[0]] for r in inc["reports"]}
        iday = date.fromisoformat(str(inc["date"]))
        for src in sources:
            if src in reporters:
                continue
            if any(iday - timedelta(days=1) <= p <= iday + timedelta(days=days) for p in published[src]):
                out.add((src, inc["id"]))
    return out


def evaluate(root: Path = SCENARIO, *, embed: Any = True, languages: tuple[str, ...] = ("en",)) -> dict[str, Any]:
    from presswatch.comparison.coverage import OMISSION_DAYS, compare
    from presswatch.comparison.scenario import COMPARE_ANALYZERS, ingest_scenario, load_truth, source_names
    from presswatch.store import open_store

    truth = load_truth(root)
    langs = languages
    en_files = {d["file"] for d in truth["documents"] if d.get("lang", "en") in langs}  # the files scored
    names = source_names(truth)
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "eval.sqlite")) as store:
        ids = ingest_scenario(store, root, languages=langs, analyzers=COMPARE_ANALYZERS, embed=embed)
        docs = {f: store.get(i) for f, i in ids.items()}
        comparison = compare(store, link=False)
        rows = store.incident_rows()
    pred_incident = {(r["document_id"], r["start"], r["end"], r["part"]): str(r["incident_id"]) for r in rows}

    # -- reports: truth report -> predicted span
    truth_reports = []
    for inc in truth["incidents"]:
        for rep in inc["reports"]:
            if rep["file"] in en_files:
                truth_reports.append((inc, rep))
    matched: dict[int, Any] = {}
    used_spans: set[tuple[str, int, int]] = set()
    missing_evidence = 0
    for k, (inc, rep) in enumerate(truth_reports):
        doc = docs[rep["file"]]
        at = doc.text.find(rep["evidence"].strip())
        if at < 0:
            missing_evidence += 1  # the words are outside the body (e.g. in the headline)
            continue
        ev = (at, at + len(rep["evidence"].strip()))
        cands = [
            s
            for s in doc.spans_by("incidents")
            if any(a < ev[1] and ev[0] < b for a, b in s.attrs.get("mentions") or [[s.start, s.end]])
        ]
        if not cands:
            continue
        want = set(inc.get("places") or [])
        cands.sort(key=lambda s: (not ({_as_truth(p, want) for p in s.attrs["places"]} & want),
                                  s.attrs["acled_sub_event_type"] != inc.get("acled_sub_event_type"), s.start))
        matched[k] = cands[0]
        used_spans.add(_key(doc.id, cands[0]))
    all_spans = [_key(d.id, s) for d in docs.values() for s in d.spans_by("incidents")]
    report_scores = prf_dict(len(used_spans), len(set(all_spans) - used_spans), len(truth_reports) - len(matched))
    type_ok = sum(
        1
        for k, s in matched.items()
        if s.attrs["acled_sub_event_type"] == truth_reports[k][0].get("acled_sub_event_type")
    )
    ptype_ok = sum(1 for k, s in matched.items() if s.attrs["type"] == truth_reports[k][0].get("type"))

    # -- stance: each found report's stance; denials (the source refutes, or relays a refutation) as a detection
    #    task over every predicted report (a false report that says "denies" is a false denial)
    stance_ok = sum(1 for k, s in matched.items() if s.attrs.get("stance") == truth_reports[k][1].get("stance"))
    truth_denials = {k for k, (_inc, rep) in enumerate(truth_reports) if rep.get("stance") in DENIAL_STANCES}
    found_denials = {k for k, s in matched.items() if s.attrs.get("stance") in DENIAL_STANCES}
    matched_keys = {_key(docs[truth_reports[k][1]["file"]].id, s) for k, s in matched.items()}
    false_denials = sum(
        1
        for d in docs.values()
        for s in d.spans_by("incidents")
        if s.attrs.get("stance") in DENIAL_STANCES and _key(d.id, s) not in matched_keys
    )
    denials = prf_dict(
        len(found_denials & truth_denials),
        len(found_denials - truth_denials) + false_denials,
        len(truth_denials - found_denials),
    )

    # -- linking: pairwise over truth reports
    label_pred: list[str] = []
    for k, (_inc, rep) in enumerate(truth_reports):
        s = matched.get(k)
        doc = docs[rep["file"]]
        label_pred.append(pred_incident.get(_key(doc.id, s), f"missing-{k}") if s is not None else f"missing-{k}")
    label_true = [inc["id"] for inc, _ in truth_reports]
    tp = fp = fn = 0
    for i in range(len(truth_reports)):
        for j in range(i + 1, len(truth_reports)):
            same_t, same_p = label_true[i] == label_true[j], label_pred[i] == label_pred[j]
            tp += same_t and same_p
            fp += same_p and not same_t
            fn += same_t and not same_p
    linking = prf_dict(tp, fp, fn)

    # -- omissions: predicted incident -> the truth incident most of its matched reports belong to
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for lp, lt in zip(label_pred, label_true, strict=True):
        votes[lp][lt] += 1
    to_truth = {p: c.most_common(1)[0][0] for p, c in votes.items()}
    sources = comparison.sources
    gold = truth_omissions(truth, sources, OMISSION_DAYS)
    pred = {(o["source"], to_truth.get(o["incident"], o["incident"])) for o in comparison.omissions}
    omissions = prf_dict(len(gold & pred), len(pred - gold), len(gold - pred))

    # -- naming: every truth mention's place id, body and headline apart
    naming: dict[str, Any] = {}
    for part in ("body", "headline"):
        want_names: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        # naming_ru: the mentions of the Russian bulletins, listed apart
        for m in [*(truth.get("naming") or []), *((truth.get("naming_ru") or []) if "ru" in langs else [])]:
            if m["file"] in en_files and m.get("part", "body") == part:
                want_names[(m["file"], m["text"])][str(m["place_id"])] += 1
        total = sum(sum(c.values()) for c in want_names.values())
        correct = 0
        misses: list[dict[str, Any]] = []
        for (file, text), want in want_names.items():
            field = "text" if part == "body" else "title"
            where = docs[file].field_text(field)
            got = Counter(
                _as_truth(s.attrs, want)
                for s in docs[file].spans_by("places", field)
                if s.label == "PLACE" and _same_mention(where[s.start : s.end], text)
            )
            correct += sum(min(n, got[pid]) for pid, n in want.items())
            if any(got[pid] < n for pid, n in want.items()):
                misses.append({"file": file, "text": text, "want": dict(want), "got": dict(got)})
        naming[part] = {"mentions": total, "correct": correct, "accuracy": round(correct / total, 4) if total else 0.0,
                        "misses": misses}
    n_all = naming["body"]["mentions"] + naming["headline"]["mentions"]
    c_all = naming["body"]["correct"] + naming["headline"]["correct"]
    naming.update({"mentions": n_all, "correct": c_all, "accuracy": round(c_all / n_all, 4) if n_all else 0.0})

    diagnostics = [
        {
            "incident": label_true[k],
            "file": rep["file"],
            "found": k in matched,
            "predicted_incident": label_pred[k],
            "predicted": (
                {
                    "type": matched[k].attrs["type"],
                    "date": matched[k].attrs["date"],
                    "places": [p["place_id"] for p in matched[k].attrs["places"]],
                    "stance": matched[k].attrs.get("stance"),
                    "span": [matched[k].start, matched[k].end],
                }
                if k in matched
                else None
            ),
            "truth": {"type": inc.get("type"), "date": str(inc.get("date")), "places": inc.get("places"),
                      "stance": rep.get("stance")},
        }
        for k, (inc, rep) in enumerate(truth_reports)
    ]
    false_reports = [
        {"file": f, "text": docs[f].text[s.start : s.end][:160], "type": s.attrs["type"]}
        for f in docs
        for s in docs[f].spans_by("incidents")
        if _key(docs[f].id, s) not in used_spans
    ]
    return {
        "diagnostics": diagnostics,
        "false_reports": false_reports,
        "documents": len(docs),
        "sources": sources,
        "truth_incidents": len(truth["incidents"]),
        "predicted_incidents": len(comparison.incidents),
        "truth_reports": len(truth_reports),
        "truth_reports_outside_body": missing_evidence,
        "reports": report_scores,
        "type_accuracy": {
            "acled_sub_event_type": round(type_ok / len(matched), 4) if matched else 0.0,
            "presswatch_type": round(ptype_ok / len(matched), 4) if matched else 0.0,
            "reports": len(matched),
        },
        "stance_accuracy": {
            "accuracy": round(stance_ok / len(matched), 4) if matched else 0.0,
            "reports": len(matched),
        },
        "denials": denials,
        "linking": linking,
        "omissions": omissions,
        "naming": naming,
        "source_names": sorted(names.values()),
    }


def run(*, data: Path | None = None, lexical: bool = False, languages: str = "en", as_json: bool = False) -> int:
    """``presswatch eval compare``: score the scenario in ``data`` (default: the shipped one) and print the
    figures; ``lexical`` links with word overlap only; ``languages`` (comma-separated): the documents scored
    ("en,ru" adds the Russian bulletins, their reports and their place names)."""
    langs = tuple(x.strip() for x in languages.split(",") if x.strip()) or ("en",)
    r = evaluate(data or SCENARIO, embed=not lexical, languages=langs)
    r["languages"] = list(langs)
    if as_json:
        print(json.dumps(r, indent=1, ensure_ascii=False))
        return 0
    rep, lk, om = r["reports"], r["linking"], r["omissions"]
    print(
        f"{r['documents']} documents ({', '.join(langs)}), {len(r['sources'])} sources; "
        f"truth: {r['truth_incidents']} incidents, "
        f"{r['truth_reports']} reports ({r['truth_reports_outside_body']} only in a headline); "
        f"predicted: {r['predicted_incidents']} incidents"
    )
    print(
        f"reports    P {rep['precision']:.3f}  R {rep['recall']:.3f}  F1 {rep['f1']:.3f}   "
        f"(type accuracy on found: ACLED {r['type_accuracy']['acled_sub_event_type']:.3f}, "
        f"presswatch {r['type_accuracy']['presswatch_type']:.3f})"
    )
    print(
        f"linking    P {lk['precision']:.3f}  R {lk['recall']:.3f}  F1 {lk['f1']:.3f}   "
        f"(pairwise, {lk['tp']} true pairs found)"
    )
    print(f"omissions  P {om['precision']:.3f}  R {om['recall']:.3f}  F1 {om['f1']:.3f}")
    dn = r["denials"]
    print(
        f"denials    P {dn['precision']:.3f}  R {dn['recall']:.3f}  F1 {dn['f1']:.3f}   "
        f"(denies or relays a denial; stance accuracy on found reports {r['stance_accuracy']['accuracy']:.3f})"
    )
    print(
        f"naming     accuracy {r['naming']['accuracy']:.3f} "
        f"({r['naming']['correct']} of {r['naming']['mentions']} mentions; in the body "
        f"{r['naming']['body']['accuracy']:.3f}, {r['naming']['body']['correct']} of "
        f"{r['naming']['body']['mentions']}; in headlines {r['naming']['headline']['accuracy']:.3f}, "
        f"{r['naming']['headline']['correct']} of {r['naming']['headline']['mentions']})"
    )
    return 0
