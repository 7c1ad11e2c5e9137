"""Linking a report to an incident of several reports: it must agree with most of them, not with all, nor one."""

from __future__ import annotations

from datetime import date

from presswatch.comparison.linking import Linker, Report, majority_score, pair_score


def _place(pid: str, lat: float, lon: float, name: str, feature: str = "PPL") -> dict:
    return {"place_id": pid, "lat": lat, "lon": lon, "name_used": name, "feature": feature, "cue": "locative"}


ROAD = _place("cau:high-pass-road", 39.70, 46.50, "the High Pass road", "RD")
TOWN = _place("gn:900001", 39.90, 46.90, "Dalrun")  # where the road ends, some 40 km from the road's point
DISTRICT = _place("gn:900002", 40.21, 46.82, "Vernask district", "ADM2")
VILLAGE = _place("gn:900003", 40.25, 46.90, "Orhat")  # a village inside the district
NEIGHBOUR = _place("gn:900004", 40.22, 46.87, "Sevkar")  # another village of the district, 4 km from Orhat


def rep(doc: str, places: list, text: str, kind: str = "aid_delivery", mentioned: list | None = None) -> Report:
    r = Report(doc, 0, len(text), kind, date(2023, 6, 14).toordinal(), "relative", places, {}, "asserts", None, text)
    r.mentioned = list(mentioned or [])
    return r


def test_majority_score_is_the_mean_of_the_best_strict_majority():
    assert majority_score([0.8]) == 0.8
    assert majority_score([0.8, 0.0]) == 0.4  # one of two is no majority
    assert abs(majority_score([0.8, 0.0, 0.7]) - 0.75) < 1e-9
    assert abs(majority_score([0.9, 0.0, 0.0, 0.6]) - 0.5) < 1e-9  # two of four is not enough either


def test_a_report_of_the_town_a_convoy_reached_joins_the_convoy_told_by_its_road():
    linker = Linker()
    a = linker.add(rep("d1", [ROAD], "a convoy of nine aid trucks drove along the high pass road to dalrun",
                       mentioned=[TOWN["place_id"]]))
    assert linker.add(rep("d2", [ROAD], "nine aid trucks reached dalrun by the high pass road",
                          mentioned=[TOWN["place_id"]])) == a
    assert linker.add(rep("d3", [ROAD], "nine trucks of flour and medicine arrived in the capital by the road")) == a
    town = rep("d4", [TOWN], "the aid convoy reached dalrun in the afternoon")
    assert pair_score(town, linker.incidents[a][2]) is None  # the one report that names only the road
    assert linker.add(town) == a  # agrees with two of the three: one report naming another place is no veto


def test_a_neighbouring_village_that_agrees_with_one_report_only_stays_apart():
    linker = Linker()
    kind = "shelling"
    a = linker.add(rep("d1", [DISTRICT], "mortar rounds landed on a village of the vernask district", kind))
    assert linker.add(rep("d2", [VILLAGE], "mortar rounds landed on orhat", kind)) == a
    assert linker.add(rep("d3", [VILLAGE], "orhat was shelled with mortars", kind)) == a
    other = rep("d4", [NEIGHBOUR], "mortar rounds landed on sevkar", kind)
    assert pair_score(other, linker.incidents[a][0]) is not None  # inside the district the first report names
    assert linker.add(other) != a  # but not the village the others name: a look-alike, not the same incident
