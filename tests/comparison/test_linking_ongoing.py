"""A road closure or a protest that goes on for days: a report told as going on ("the road remained blocked on
Wednesday") joins the closure told on an earlier day at its place; a road blocked by protesters, reported by some as a
protest and by others as the road's closure, is one incident."""

from __future__ import annotations

from test_linking_mentions import BERDAN, KORAVI, rep

from presswatch.comparison.linking import date_score, pair_score


def test_a_closure_told_as_going_on_joins_the_one_told_days_before_at_its_place():
    first = rep("d1", 12, [BERDAN], "activists blocked the road near berdan on monday", "checkpoint_or_road_closure")
    later = rep("d2", 14, [BERDAN], "the road near berdan remained blocked on wednesday", "checkpoint_or_road_closure")
    assert date_score(first, later) is None  # two days apart, each dated by its words: two closures
    later.ongoing = True
    assert date_score(first, later) == 0.7 and pair_score(first, later) is not None
    # going on is no reason to join a closure at another village
    assert pair_score(first, rep("d2", 14, [KORAVI], later.text, "checkpoint_or_road_closure")) is None
    assert later.back_days >= 21
    early = rep("d1", 2, [BERDAN], first.text, "checkpoint_or_road_closure")
    far = rep("d2", 28, [BERDAN], later.text, "checkpoint_or_road_closure")
    far.ongoing = True
    assert date_score(early, far) is None  # more than three weeks on: the analyzer's background


def test_a_protest_blocking_a_road_and_the_roads_closure_are_one_incident():
    protest = rep("d1", 12, [BERDAN], "hundreds of protesters blocked the road near berdan on monday", "protest")
    closure = rep("d2", 12, [BERDAN], "the road near berdan was blocked by protesters on monday",
                  "checkpoint_or_road_closure")
    assert pair_score(protest, closure) is not None
    mine = rep("d2", 12, [BERDAN], "a mine exploded near berdan on monday", "mine_explosion")
    assert pair_score(protest, mine) is None


def test_a_closure_told_going_on_without_a_place_joins_one_told_going_on_elsewhere():
    first = rep("d1", 12, [BERDAN], "the road near berdan remained blocked", "checkpoint_or_road_closure")
    first.ongoing = True
    later = rep("d2", 14, [], "the blockade has now lasted 31 days", "checkpoint_or_road_closure",
                date_from="document", reference=True)
    later.ongoing = True
    # told going on, it is dated as such, however much it reads as a mention of an incident told elsewhere
    assert date_score(first, later) == 0.7
    placeless = pair_score(first, later)
    later.ongoing = False
    assert placeless is not None and (pair_score(first, later) or 0.0) < placeless


def test_patients_taken_through_under_escort_are_one_event_to_an_aid_desk_and_to_a_patrol():
    from presswatch.comparison.linking import type_score

    assert type_score("aid_delivery", "patrol_or_escort") == type_score("patrol_or_escort", "aid_delivery") == 0.4
    aid = rep("d1", 12, [BERDAN], "the red cross took nine patients from berdan to armenia", "aid_delivery")
    escort = rep("d2", 12, [BERDAN], "nine patients were taken from berdan to armenia under escort", "patrol_or_escort")
    assert pair_score(aid, escort) is not None
