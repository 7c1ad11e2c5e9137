"""A mention of an incident told elsewhere, dated a day off by the words around it; one incident told twice in one
document."""

from __future__ import annotations

from datetime import date

from presswatch.comparison.linking import Linker, Report, best_incident, date_score, pair_score, told_twice


def _place(pid: str, lat: float, lon: float, name: str) -> dict:
    return {"place_id": pid, "lat": lat, "lon": lon, "name_used": name, "feature": "PPL", "cue": "locative"}


BERDAN = _place("gn:910001", 39.95, 46.70, "Berdan")
KORAVI = _place("gn:910002", 39.98, 46.73, "Koravi")  # a neighbouring village, 4 km away


def rep(doc: str, day: int, places: list, text: str, kind: str = "shelling", date_from: str = "relative",
        reference: bool = False, start: int = 0) -> Report:
    r = Report(doc, start, start + len(text), kind, date(2023, 6, day).toordinal(), date_from, places, {}, "asserts",
               None, text)
    r.reference = reference
    return r


def test_a_mention_dated_by_the_words_around_it_may_lie_a_day_off():
    told = rep("d1", 12, [BERDAN], "mortar rounds hit berdan on monday evening, wounding a woman")
    # "the authorities on Tuesday accused the army of shelling Berdan": the day is the accusation's
    mention = rep("d2", 13, [BERDAN], "the authorities accused the army of shelling berdan", reference=True)
    assert date_score(told, mention) is not None and pair_score(told, mention) is not None
    assert date_score(told, rep("d2", 13, [BERDAN], mention.text)) is None  # a report of its own: another day
    stated = rep("d2", 13, [BERDAN], mention.text, date_from="explicit", reference=True)  # "on 13 June": stated
    assert date_score(told, stated) is None
    assert date_score(told, rep("d2", 14, [BERDAN], mention.text, reference=True)) is None  # two days off: no
    assert pair_score(told, rep("d2", 13, [KORAVI], mention.text, reference=True)) is None  # another village
    other_type = rep("d2", 13, [BERDAN], "the authorities condemned the firing at berdan", "ceasefire_violation",
                     reference=True)
    assert pair_score(told, other_type) is None  # the same type only


def test_a_mention_a_day_off_prefers_the_incident_of_its_own_day():
    linker = Linker()
    monday = linker.add(rep("d1", 12, [BERDAN], "mortar rounds hit berdan on monday evening"))
    tuesday = linker.add(rep("d2", 13, [BERDAN], "berdan was shelled again on tuesday morning"))
    assert monday != tuesday  # both texts date them: two incidents of consecutive days
    assert linker.add(rep("d3", 13, [BERDAN], "the shelling of berdan", reference=True)) == tuesday
    linker = Linker()
    monday = linker.add(rep("d1", 12, [BERDAN], "mortar rounds hit berdan on monday evening"))
    assert linker.add(rep("d3", 13, [BERDAN], "the shelling of berdan", reference=True)) == monday


def test_one_incident_told_twice_in_one_document_stays_one():
    # a mention in the lead, dated by the day of the statement ("on Tuesday accused"), and the mission's account
    lead = rep("d1", 13, [BERDAN], "on tuesday the authorities accused the army of shelling berdan", reference=True)
    later = rep("d1", 12, [BERDAN], "observers registered explosions near berdan on monday", "mine_explosion",
                start=200)
    assert told_twice(later, lead)
    assert not told_twice(later, rep("d1", 12, [KORAVI], "koravi was shelled", start=300))  # another village
    assert not told_twice(later, rep("d1", 10, [BERDAN], "berdan was shelled on saturday", start=300))
    assert not told_twice(later, rep("d2", 12, [BERDAN], later.text))  # another document: not this question
    part = rep("d1", 12, [BERDAN], later.text, start=200)
    part.part = 1
    assert not told_twice(later, part)  # two incidents one sentence states stay two
    mission = rep("d9", 12, [BERDAN], "the mission registered explosions near berdan on monday evening")
    mission.incident_id, lead.incident_id = "inc-a", "inc-a"
    assert best_incident(later, [mission, lead])[0] == "inc-a"  # not barred by the document's other report
    other = rep("d1", 12, [KORAVI], "koravi was shelled on monday", start=300)
    other.incident_id = "inc-a"
    assert best_incident(later, [mission, lead, other])[0] is None  # a report of another place of its document
