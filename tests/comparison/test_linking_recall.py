"""Linking recall: mentions of an incident told elsewhere, and reports of a period ("this week")."""

from __future__ import annotations

from datetime import date

from presswatch.comparison.linking import Linker, Report, date_score, pair_score

ASKERAN = {"place_id": "gn:148450", "lat": 39.9391, "lon": 46.83161, "name_used": "Askeran", "feature": "PPL",
           "cue": "locative"}


def rep(doc: str, day: int, places: list, kind: str, text: str, date_from: str = "relative") -> Report:
    return Report(doc, 0, len(text), kind, date(2023, 6, day).toordinal(), date_from, places, {}, "asserts",
                  None, text)


def _detention_incident(linker: Linker) -> str:
    a = linker.add(rep("d1", 19, [ASKERAN], "abduction", "guards abducted a patient travelling for surgery"))
    b = linker.add(rep("d2", 19, [ASKERAN], "arrest", "border service detained a man over smuggling"))
    assert a == b  # one incident, worded two ways, typed two ways of one family
    return a


def test_a_placeless_mention_joins_the_incident_whose_report_it_matches_best():
    def mention(reference: bool) -> Report:
        r = rep("d3", 19, [], "abduction", "speakers condemned the abduction on wednesday")
        r.reference = reference
        return r

    linker = Linker()
    a = _detention_incident(linker)
    # the same words as a report of its own (no place, typed like only one of the two): below the average bar
    assert linker.add(mention(False)) != a
    linker = Linker()
    a = _detention_incident(linker)
    assert linker.add(mention(True)) == a  # a mention of an incident told elsewhere: its best match decides


def test_a_mention_still_needs_one_report_that_passes_the_threshold():
    linker = Linker()
    a = linker.add(rep("d1", 19, [ASKERAN], "arrest", "border service detained a man over smuggling"))
    m = rep("d2", 19, [], "abduction", "speakers condemned the abduction")  # type 0.7, no place: 0.55 < 0.62
    m.reference = True
    assert linker.add(m) != a


def _period(day: int, first: int, last: int) -> Report:
    r = rep("d9", day, [ASKERAN], "arrest", "speakers condemned this week's detention at the checkpoint",
            date_from="document")
    r.span_days = (date(2023, 6, first).toordinal(), date(2023, 6, last).toordinal())
    return r


def test_a_report_of_a_period_links_with_a_report_of_a_day_inside_it():
    day14 = rep("d1", 14, [ASKERAN], "arrest", "guards detained a driver near askeran on wednesday")
    assert date_score(_period(18, 12, 18), day14) == 0.7
    assert date_score(day14, _period(18, 12, 18)) == 0.7
    assert date_score(_period(18, 15, 18), day14) is None  # four days outside the period: not it
    linker = Linker()
    a = linker.add(day14)
    assert linker.add(_period(18, 12, 18)) == a  # blocking reaches back to the period's first day
    linker = Linker()
    a = linker.add(rep("d1", 14, [ASKERAN], "arrest", "guards detained a driver near askeran on wednesday"))
    assert linker.add(_period(18, 15, 18)) != a


def test_a_dated_report_is_not_stretched_by_a_period():
    day14 = rep("d1", 14, [ASKERAN], "arrest", "guards detained a driver near askeran on wednesday")
    dated = _period(18, 12, 18)
    dated.date_from = "explicit"  # the text says the 18th itself: the period does not widen that
    assert pair_score(dated, day14) is None


def test_from_span_reads_the_period():
    r = Report.from_span("d", 0, 5, {"type": "arrest", "date": "2023-06-18", "date_from": "document",
                                     "date_range": ["2023-06-12", "2023-06-18"]})
    assert r.span_days == (date(2023, 6, 12).toordinal(), date(2023, 6, 18).toordinal())
    assert r.within_period(date(2023, 6, 14).toordinal()) and r.back_days == 6
    assert Report.from_span("d", 0, 5, {"type": "arrest", "date": "2023-06-18"}).span_days is None


def _incident_doc(published: str, text: str, rng: list[str] | None):
    """A stored document holding one arrest at Askeran, dated by its publication or stating the period ``rng``."""
    from presswatch.model import Document, Span

    attrs = {"type": "arrest", "date": published, "date_from": "relative" if rng is None else "document",
             "places": [ASKERAN], "date_range": rng}
    d = Document(text=text, language="en", published=published, source="S" + published)
    d.spans = [Span(0, len(text), "INCIDENT", "incidents", attrs)]
    d.analyzers["incidents"] = "test"
    return d


def test_store_linking_reaches_back_to_a_periods_first_day(tmp_path):
    from presswatch.comparison.linking import link_store
    from presswatch.store import open_store

    docs = [_incident_doc("2023-06-13", "guards detained a driver near askeran", None),
            _incident_doc("2023-06-18", "speakers condemned this week's detention", ["2023-06-12", "2023-06-18"])]
    with open_store(tmp_path / "s.sqlite") as store:
        for d in docs:
            store.put(d)
        assert link_store(store, embed=False) == 2
        rows = store.conn.execute("SELECT DISTINCT incident_id FROM incident_reports").fetchall()
    assert len(rows) == 1  # five days apart, but within the period the later one states


def test_a_country_holds_its_places_however_far_its_centre():
    from presswatch.comparison.linking import place_score

    country = {"place_id": "gn:587116", "feature": "PCLI", "country": "AZ", "lat": 40.5, "lon": 47.5}
    far_inside = {"place_id": "gn:2", "feature": "PPL", "country": "AZ", "lat": 39.6, "lon": 46.5}  # ~135 km
    far_abroad = {"place_id": "gn:3", "feature": "PPL", "country": "AM", "lat": 39.5, "lon": 46.3}
    assert place_score([country], [far_inside]) == 0.4  # as much as naming no place
    assert place_score([far_inside], [country]) == 0.4
    assert place_score([country], [far_abroad]) is None  # another country's place, far from this one
    region = {**country, "feature": "PCLS"}  # a region within a country does not hold the whole country
    assert place_score([region], [far_inside]) is None
    day = date(2023, 6, 14).toordinal()
    a = Report("d1", 0, 9, "shelling", day, "relative", [country], {}, "asserts", None, "shelling")
    b = Report("d2", 0, 9, "shelling", day, "relative", [far_inside], {}, "asserts", None, "shelling")
    assert pair_score(a, b) is not None


def test_a_mention_does_not_vote_on_what_else_joins_its_incident():
    def run(reference: bool) -> tuple[str, str, str]:
        linker = Linker()
        a = linker.add(rep("d1", 14, [ASKERAN], "arrest", "a driver was detained at askeran", date_from="document"))
        m = rep("d2", 13, [ASKERAN], "arrest", "the arrest at askeran on tuesday was condemned")  # a day off
        m.reference = reference
        r = linker.add(m)
        b = linker.add(rep("d3", 14, [ASKERAN], "arrest", "border guards held a man on wednesday"))
        return a, r, b

    a, r, b = run(True)
    assert r == a and b == a  # the mention dated a day off does not keep the incident's own report out
    a, r, b = run(False)
    assert r == a and b != a  # a report of its own dated the 13th: the 14th's report is another incident


def test_a_mention_does_not_vote_on_the_incidents_type_and_date():
    import json

    from presswatch.comparison.coverage import _incidents

    def row(doc: str, attrs: dict) -> dict:
        return {"document_id": doc, "incident_id": "inc-1", "start": 0, "end": 5, "attrs": json.dumps(attrs),
                "source": doc}

    own = {"type": "arrest", "date": "2023-06-14", "date_from": "document"}
    mention = {"type": "abduction", "date": "2023-06-13", "date_from": "relative", "reference": True}
    (inc,) = _incidents([row("d1", own), row("d2", mention)], {"d1": {}, "d2": {}})
    assert (inc["type"], inc["date"]) == ("arrest", "2023-06-14")  # the report's own, not the mention's
    assert len(inc["reports"]) == 2  # the mention is still one of its reports
    (inc,) = _incidents([row("d2", mention)], {"d2": {}})
    assert (inc["type"], inc["date"]) == ("abduction", "2023-06-13")  # nothing else to go by


def test_a_report_of_a_day_finds_a_period_linked_before_it():
    """A weekly summary linked first, the report of a day inside its week later (out of order): one incident, as in
    the other order; a period that does not hold the day is not found."""
    day13 = rep("d1", 13, [ASKERAN], "arrest", "guards detained a driver near askeran on tuesday")
    linker = Linker()
    a = linker.add(_period(18, 12, 18))
    assert linker.add(day13) == a  # five days before the summary: outside the day's own window of 3
    linker = Linker()
    linker.add(_period(18, 15, 18))
    assert linker.add(rep("d1", 13, [ASKERAN], "arrest", "guards detained a driver near askeran")) != a


def test_store_linking_finds_a_period_linked_in_an_earlier_run(tmp_path):
    from presswatch.comparison.linking import link_store
    from presswatch.store import open_store

    with open_store(tmp_path / "s.sqlite") as store:
        store.put(_incident_doc("2023-06-18", "speakers condemned this week's detention", ["2023-06-12", "2023-06-18"]))
        assert link_store(store, embed=False) == 1
        store.put(_incident_doc("2023-06-13", "guards detained a driver near askeran", None))  # read late
        store.put(_incident_doc("2023-06-11", "guards detained a driver near askeran again", None))  # before the week
        assert link_store(store, embed=False) == 2
        rows = dict(store.conn.execute(
            "SELECT d.published, r.incident_id FROM incident_reports r JOIN documents d ON d.id = r.document_id"
        ).fetchall())
    assert rows["2023-06-13"] == rows["2023-06-18"] != rows["2023-06-11"]


def test_a_detention_each_side_places_on_its_own_side_of_the_border_is_one_but_fire_is_two():
    # written for this test: a village on one side, the district across the border about 30 km away
    village = {"place_id": "gn:174717", "lat": 39.53, "lon": 46.32, "name_used": "Verishen", "feature": "PPL",
               "cue": "locative", "country": "AM", "admin1": "08"}
    district = {"place_id": "gn:147694", "lat": 39.35, "lon": 46.58, "name_used": "Gubadli district",
                "feature": "ADM1", "cue": "locative", "country": "AZ", "admin1": "44"}
    linker = Linker()
    a = linker.add(rep("d1", 19, [village], "arrest", "a shepherd was taken by soldiers from the pastures east of"))
    b = linker.add(rep("d2", 19, [district], "arrest", "a citizen who crossed the border was detained in the district"))
    assert a == b
    linker = Linker()
    a = linker.add(rep("d1", 19, [village], "ceasefire_violation", "units opened fire at positions near the village"))
    b = linker.add(rep("d2", 19, [district], "ceasefire_violation", "units opened fire at positions in the district"))
    assert a != b  # one side's claim and the other's counter-claim
    far = dict(district, lat=40.4, lon=47.6)  # the same country, but far from the border village
    assert pair_score(rep("d1", 19, [village], "arrest", "detained"),
                      rep("d2", 19, [far], "arrest", "detained")) is None
