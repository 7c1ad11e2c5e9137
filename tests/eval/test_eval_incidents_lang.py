"""``presswatch eval incidents --data`` reads an optional language column (the Azerbaijani and Armenian sets)."""

from __future__ import annotations

from pathlib import Path

import presswatch.eval.incidents as ev

SETS = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "hyaz"


def test_each_sentence_is_read_in_its_language(tmp_path, monkeypatch):
    tsv = tmp_path / "s.tsv"
    tsv.write_text(
        "text\tacled_event_type\tacled_sub_event_type\tlanguage\n"
        "Kənd atəşə tutulub.\tExplosions/Remote violence\tShelling/artillery/missile attack\taz\n"
        "Գյուղը գնդակոծվել է։\tExplosions/Remote violence\tShelling/artillery/missile attack\thy\n"
        "A village was shelled.\tExplosions/Remote violence\tShelling/artillery/missile attack\t\n",
        encoding="utf-8",
    )
    seen: list[str] = []

    def fake(text: str, language: str = "en") -> tuple[str, str]:
        seen.append(language)
        return "Explosions/Remote violence", "Shelling/artillery/missile attack"

    monkeypatch.setattr(ev, "predict", fake)
    r = ev.evaluate(ev.read_sentences(tsv))
    assert seen == ["az", "hy", "en"] and r["accuracy"] == 1.0


def test_the_shipped_sets_are_well_formed():
    from presswatch.analyzers.incidents.taxonomy import ACLED_SUB_EVENT_TYPES

    for lang in ("az", "hy"):
        rows = ev.read_sentences(SETS / f"incident-types-{lang}.tsv")
        assert len(rows) >= 40 and {r["language"] for r in rows} == {lang}
        for r in rows:
            sub = r["acled_sub_event_type"]
            assert sub == ev.NONE and r["acled_event_type"] == ev.NONE or ACLED_SUB_EVENT_TYPES[sub] == r[
                "acled_event_type"]
