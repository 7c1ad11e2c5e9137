"""Linking incidents across documents and comparing sources: unit tests on made-up reports, and the shipped
scenario end to end (ingest with --source, compare, the four output formats)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from typer.testing import CliRunner

from presswatch.cli import app
from presswatch.comparison.coverage import COVERAGE_STATES
from presswatch.comparison.linking import Linker, Report, pair_score
from presswatch.comparison.scenario import SCENARIO, load_truth


def _place(pid: str, lat: float, lon: float, name: str, feature: str = "PPL") -> dict:
    return {"place_id": pid, "lat": lat, "lon": lon, "name_used": name, "feature": feature, "cue": "locative"}


ASKERAN = _place("gn:148450", 39.9391, 46.83161, "Askeran")
KHOJALY = _place("gn:147774", 39.91361, 46.79213, "Khojaly")  # 4 km away: a look-alike's place
AGHDARA_DISTRICT = _place("cau:aghdara", 40.21, 46.82, "Martakert district")
NEAR_AGHDARA = _place("gn:1", 40.25, 46.90, "Talish")  # a village 8 km away, inside the district


def rep(
    doc: str,
    day: int,
    places: list,
    kind: str = "ceasefire_violation",
    date_from: str = "relative",
    text: str = "shooting was reported",
    start: int = 0,
) -> Report:
    return Report(
        doc,
        start,
        start + len(text),
        kind,
        date(2023, 6, day).toordinal(),
        date_from,
        places,
        {},
        "asserts",
        None,
        text,
    )


def test_look_alikes_stay_apart_and_a_report_a_day_later_joins():
    linker = Linker()
    a = linker.add(rep("d1", 14, [ASKERAN]))
    b = linker.add(rep("d2", 15, [KHOJALY]))  # same type, neighbouring village, next day: another incident
    c = linker.add(rep("d3", 14, [ASKERAN], text="small-arms fire near Askeran"))
    d = linker.add(rep("d4", 15, [ASKERAN], date_from="document"))  # published the next day, gives no date
    e = linker.add(rep("d5", 15, [ASKERAN]))  # the text dates it on the 15th: not the incident of the 14th
    assert a != b and c == a and d == a and e != a


def test_district_and_village_join_but_other_types_do_not():
    assert pair_score(rep("d1", 12, [AGHDARA_DISTRICT]), rep("d2", 12, [NEAR_AGHDARA])) is not None
    assert pair_score(rep("d1", 12, [ASKERAN]), rep("d2", 12, [NEAR_AGHDARA])) is None
    assert pair_score(rep("d1", 12, [ASKERAN]), rep("d2", 12, [ASKERAN], kind="aid_delivery")) is None
    assert pair_score(rep("d1", 12, [ASKERAN]), rep("d1", 12, [ASKERAN], start=50)) is None  # one document


def test_no_chaining_through_reports_without_place():
    linker = Linker()
    a = linker.add(rep("d1", 12, [ASKERAN]))
    linker.add(rep("d2", 12, []))  # joins the Askeran incident (same day, same type, no place of its own)
    c = linker.add(rep("d3", 12, [KHOJALY]))  # must not join through the place-less report
    assert c != a


def test_blocking_compares_only_reports_in_the_day_window():
    linker = Linker(window_days=3)
    for day in range(1, 29):
        linker.add(rep(f"d{day}", day, [ASKERAN]))
    # each report looked at no more than the 7-day window's reports, never at all earlier ones
    assert linker.compared <= 28 * 7
    assert len(linker.incidents) == 28


def test_a_placed_report_meets_placeless_ones_of_its_own_type_first_and_a_bounded_number():
    from presswatch.comparison.linking import PLACELESS_FOR_PLACED

    linker = Linker()
    told = linker.add(rep("d0", 12, [], text="gunfire reported overnight from the northern positions"))
    # then many reports of another type of the family, the same day, none naming a place: later, so nearer the
    # front of the day's list than the one above
    crowd = PLACELESS_FOR_PLACED * 5
    for i in range(crowd):
        linker.add(rep(f"s{i}", 12, [], kind="shelling", text=f"artillery round number{'x' * (i % 7)} {i}"))
    before = linker.compared
    placed = linker.add(rep("d1", 12, [ASKERAN], text="gunfire reported overnight from the northern positions"))
    assert placed == told  # its own type is looked at first, whatever the crowd of the rest of the family
    assert linker.compared - before == PLACELESS_FOR_PLACED  # and no more place-less reports than the bound


def test_a_placed_report_still_meets_placeless_ones_of_the_rest_of_its_family():
    words = "shells fell overnight on the northern positions"
    linker = Linker()
    told = linker.add(rep("d0", 12, [], text=words))  # a ceasefire violation, no place
    linker.add(rep("d1", 12, [], kind="aid_delivery", text=words))  # another family: never a candidate
    assert linker.add(rep("d2", 12, [ASKERAN], kind="shelling", text=words)) == told


def test_type_families_block_and_score_alike():
    from itertools import product

    from presswatch.analyzers.incidents.taxonomy import TYPES, family, same_family

    # blocking compares reports of one family (and of the related families of RELATED_FAMILIES, which score less and
    # need a shared place): same_family must agree with family() for the two to stay consistent
    for a, b in product(TYPES, TYPES):
        assert same_family(a, b) == (family(a) == family(b)), (a, b)
    assert same_family("attack_on_civilians", "ceasefire_violation") and same_family("abduction", "arrest")
    assert not same_family("abduction", "attack_on_civilians") and not same_family("sexual_violence", "abduction")
    assert not same_family("attack_on_civilians", "sexual_violence")


def test_damage_and_the_fire_that_caused_it_link_only_at_one_place():
    from presswatch.comparison.linking import type_score

    assert type_score("property_destruction", "shelling") == type_score("ceasefire_violation", "property_destruction")
    burned = rep("d1", 19, [ASKERAN], kind="property_destruction", text="wheat fields burned on the edge of Askeran")
    fired = rep("d2", 19, [ASKERAN], text="incendiary rounds fired at the fields of Askeran")
    assert pair_score(burned, fired) is not None
    linker = Linker()
    assert linker.add(fired) == linker.add(burned)  # found by blocking although of another family
    # without a place they share, no link on date and words alone
    assert pair_score(burned, rep("d3", 19, [], text="incendiary rounds fired at the fields")) is None
    assert pair_score(rep("d4", 19, [], kind="property_destruction"), rep("d5", 19, [])) is None


def _incident_doc(source: str, kind: str, published: str, text: str, places: list | None = None):
    from presswatch.model import Document, Span

    attrs = {"type": kind, "date": published[:10], "date_from": "document", "places": places or []}
    d = Document(text=text, language="en", published=published, source=source)
    d.spans = [Span(0, len(text), "INCIDENT", "incidents", attrs)]
    d.analyzers["incidents"] = "test"
    return d


def _link_in_store(tmp_path, docs: list) -> list[str]:
    """The incident id of each document's report, after link_store over ``docs`` (word overlap only)."""
    from presswatch.comparison.linking import link_store
    from presswatch.store import open_store

    with open_store(tmp_path / "s.sqlite") as store:
        for d in docs:
            store.put(d)
        assert link_store(store, embed=False) == len(docs)
        rows = store.conn.execute("SELECT document_id, incident_id FROM incident_reports").fetchall()
    by_doc = {str(r[0]): str(r[1]) for r in rows}
    return [by_doc[d.id] for d in docs]


def test_store_linking_bounds_only_reports_of_linkable_types(tmp_path, monkeypatch):
    from presswatch.comparison import linking

    monkeypatch.setattr(linking, "UNPLACED_CANDIDATES", 1)
    a, b, c = _link_in_store(
        tmp_path,
        [
            _incident_doc("Wire", "aid_delivery", "2023-06-12", "a convoy of twelve trucks with flour reached town"),
            # nearer in days than the convoy report, but of a type that can never be the same incident
            _incident_doc("Mission", "protest", "2023-06-13T08:00", "protesters gathered outside the parliament"),
            _incident_doc("Agency", "aid_delivery", "2023-06-13T12:00", "twelve trucks carrying flour reached town"),
        ],
    )
    assert c == a and b != a


def test_store_linking_gives_a_placed_report_placeless_ones_of_its_type_first(tmp_path, monkeypatch):
    from presswatch.comparison import linking

    monkeypatch.setattr(linking, "PLACELESS_FOR_PLACED", 1)
    a, b, c = _link_in_store(
        tmp_path,
        [
            _incident_doc("Wire", "ceasefire_violation", "2023-06-12", "gunfire reported overnight from the north"),
            # the same family, no place, and nearer in days: still after the report of its own type
            _incident_doc("Mission", "shelling", "2023-06-13T08:00", "artillery shells landed on farmland"),
            _incident_doc(
                "Agency", "ceasefire_violation", "2023-06-13T12:00", "overnight gunfire from the north", [ASKERAN]
            ),
        ],
    )
    assert c == a and b != a


# ------------------------------------------------------------------------------- the scenario, end to end
@pytest.fixture(scope="module")
def scenario_db(tmp_path_factory) -> str:
    """The shipped scenario ingested as a user would: one `ingest --source` per folder (places, sourcing and
    incidents only, to keep the suite short)."""
    db = str(tmp_path_factory.mktemp("compare") / "press.sqlite")
    truth = load_truth()
    runner = CliRunner()
    for s in truth["sources"]:
        if s.get("lang", "en") != "en":
            continue
        r = runner.invoke(
            app,
            [
                "ingest",
                str(SCENARIO / s["folder"]),
                "--source",
                s["name"],
                "--db",
                db,
                "--analyzers",
                "places,sourcing,incidents",
                "--no-progress",
            ],
        )
        assert r.exit_code == 0, r.output
    return db


def _compare(db: str, *args: str) -> str:
    r = CliRunner().invoke(app, ["compare", "--db", db, *args])
    assert r.exit_code == 0, r.output
    return r.stdout


def _incident_with(result: dict, source: str, words: str) -> dict:
    hits = [
        i for i in result["incidents"] for r in i["reports"] if r["source"] == source and words in (r["text"] or "")
    ]
    assert hits, words
    return hits[0]


def test_compare_json_incidents_coverage_omissions_naming(scenario_db):
    res = json.loads(_compare(scenario_db, "-f", "json"))
    assert set(res) == {"window", "sources", "incidents", "coverage", "omissions", "naming", "sourcing"}
    assert "Ministry of Defence" in res["sources"] and "Peacekeeping Mission bulletin" in res["sources"]
    # the drone strike of 17 June: every outlet's report is one incident, under different place names
    drone = _incident_with(res, "Highland Dispatch", "drone dropped explosives")
    names = {n for r in drone["reports"] for n in r["names_used"] if n}
    assert {"Martakert", "Aghdara"} <= {n.split()[0] for n in names}
    assert {r["source"] for r in drone["reports"]} >= {"Highland Dispatch", "Caucasus Wire Service", "Shirvan Press"}
    for r in drone["reports"]:
        assert set(r) >= {"document_id", "url", "source", "published", "span", "counts", "stance", "names_used"}
    # the look-alikes: shooting near Askeran (14 June) and near Khojaly (15 June) are two incidents
    askeran = _incident_with(res, "Peacekeeping Mission bulletin", "approaches to Askeran")
    khojaly = _incident_with(res, "Peacekeeping Mission bulletin", "area of Khojaly")
    assert askeran["id"] != khojaly["id"] and askeran["date"] == "2023-06-14" and khojaly["date"] == "2023-06-15"
    # the Ministry denies the fire at farmers near Martakert; the mission never names it, but counts violations in
    # the Martakert district over the day before: maybe reported in other words, so not asserted as an omission
    farmers = _incident_with(res, "Highland Dispatch", "farmers harvesting wheat")
    cells = res["coverage"][farmers["id"]]
    assert cells["Ministry of Defence"]["status"] == "denies"
    assert cells["Peacekeeping Mission bulletin"]["status"] == "maybe_reported"
    (near,) = cells["Peacekeeping Mission bulletin"]["incidents"]
    assert _incident_with(res, "Peacekeeping Mission bulletin", "Martakert district")["id"] == near
    assert not [o for o in res["omissions"] if o["incident"] == farmers["id"]]
    # the mine blast near Fuzuli of 15 June: the mission's bulletins tell nothing like it, an omission
    blast = _incident_with(res, "Shirvan Press", "Fuzuli")
    assert blast["type"] == "mine_explosion"
    assert res["coverage"][blast["id"]]["Peacekeeping Mission bulletin"]["status"] == "not_reported"
    assert ("Peacekeeping Mission bulletin", blast["id"]) in {(o["source"], o["incident"]) for o in res["omissions"]}
    # the protest of 18 June: the outlets give different crowd sizes
    protest = _incident_with(res, "Shirvan Press", "rally organised")
    statuses = {s: c["status"] for s, c in res["coverage"][protest["id"]].items()}
    assert "differs" in statuses.values()
    # naming: Khankendi and Stepanakert are one place, written differently by different sources
    kh = next(e for e in res["naming"] if e["place_id"] == "gn:146970")
    assert kh["divergent"] and "Stepanakert" in kh["by_source"]["Highland Dispatch"]
    assert "Khankendi" in kh["by_source"]["Shirvan Press"]
    first = kh["by_source"]["Highland Dispatch"]["Stepanakert"]
    assert first["count"] >= 1 and first["first"] <= first["last"] and first["kind"] == "alternate"
    # sourcing shares per source
    assert 0.0 <= res["sourcing"]["Shirvan Press"]["shares"]["anonymous"] <= 1.0


def test_compare_window_and_sources_filter(scenario_db):
    res = json.loads(
        _compare(
            scenario_db,
            "-f",
            "json",
            "--since",
            "2023-06-16",
            "--until",
            "2023-06-16",
            "--sources",
            "Highland Dispatch,Ministry of Defence",
        )
    )
    assert res["sources"] == ["Highland Dispatch", "Ministry of Defence"]
    for inc in res["incidents"]:
        assert all(r["published"] == "2023-06-16" for r in inc["reports"])
        assert {r["source"] for r in inc["reports"]} <= set(res["sources"])


def test_compare_table_csv_html(scenario_db, tmp_path):
    table = _compare(scenario_db)
    assert "Omissions" in table and "Naming" in table and "Stepanakert" in table
    rows = list(csv.DictReader(io.StringIO(_compare(scenario_db, "-f", "csv"))))
    assert rows and {r["status"] for r in rows} <= set(COVERAGE_STATES)
    out = tmp_path / "compare.html"
    r = CliRunner().invoke(app, ["compare", "--db", scenario_db, "-f", "html", "-o", str(out)])
    assert r.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "<svg" in page and "<mark>" in page and "Omissions" in page
    assert "<script" not in page  # nothing from the documents is executed


def test_compare_bad_date_is_one_line_error(scenario_db):
    r = CliRunner().invoke(app, ["compare", "--db", scenario_db, "--since", "June 12"])
    assert r.exit_code != 0 and "YYYY-MM-DD" in r.output


def test_reingest_does_not_duplicate_reports(scenario_db):
    before = json.loads(_compare(scenario_db, "-f", "json"))
    r = CliRunner().invoke(
        app,
        [
            "ingest",
            str(SCENARIO / "wire"),
            "--source",
            "Caucasus Wire Service",
            "--db",
            scenario_db,
            "--analyzers",
            "places,sourcing,incidents",
            "--no-progress",
        ],
    )
    assert r.exit_code == 0
    after = json.loads(_compare(scenario_db, "-f", "json"))
    assert sum(len(i["reports"]) for i in after["incidents"]) == sum(len(i["reports"]) for i in before["incidents"])


def test_incidents_command_table_and_json(tmp_path):
    f = tmp_path / "bulletin.txt"
    f.write_text(
        "9 April 2024\nBulletin\n\nOver the past day, two ceasefire violations were recorded near Askeran. "
        "No violations were recorded elsewhere.\n",
        encoding="utf-8",
    )
    r = CliRunner().invoke(app, ["incidents", str(f)])
    assert r.exit_code == 0 and "ceasefire_violation" in r.stdout and "2024-04-08" in r.stdout
    spans = json.loads(CliRunner().invoke(app, ["incidents", str(f), "--json"]).stdout)
    assert len(spans) == 1 and spans[0]["attrs"]["counts"] == {"violations": 2}
    r = CliRunner().invoke(app, ["incidents", str(tmp_path / "missing.txt")])
    assert r.exit_code != 0 and "no such file" in r.output


def test_public_api_names_resolve():
    import presswatch

    ns: dict = {}
    exec("from presswatch import *", ns)  # every name in __all__ exists
    assert callable(ns["compare"]) and callable(ns["similarity"]) and callable(ns["analyze_documents"])
    assert presswatch.compare is ns["compare"]  # the package presswatch.comparison does not shadow it


def test_store_links_streaming_and_relinks_a_reanalysed_document(tmp_path):
    from presswatch.analyzers import Resources, run
    from presswatch.comparison.coverage import compare
    from presswatch.comparison.linking import link_store
    from presswatch.model import Document
    from presswatch.store import open_store

    def doc(text: str, source: str, day: str) -> Document:
        d = Document(text=text, language="en", published=day, source=source)
        run(["incidents"], d, Resources())
        return d

    a = doc(
        "Over the past day, a patrol escorted a convoy of 12 trucks carrying flour to the town.",
        "Mission",
        "2023-06-13",
    )
    b = doc("A convoy of twelve trucks with flour and medicine reached the town yesterday.", "Wire", "2023-06-13")
    c = doc("Protesters gathered outside the parliament on Monday.", "Wire", "2023-06-14")
    with open_store(tmp_path / "s.sqlite") as store:
        for d in (a, b, c):
            store.put(d)
        assert link_store(store, embed=False) == 3 and link_store(store, embed=False) == 0  # nothing twice
        res = compare(store, link=False)
        convoy = next(i for i in res.incidents if i["type"] == "aid_delivery")
        assert {r["source"] for r in convoy["reports"]} == {"Mission", "Wire"}
        assert res.coverage[convoy["id"]]["Mission"]["status"] == "reported"
        protest = next(i for i in res.incidents if i["type"] == "protest")
        assert res.coverage[protest["id"]]["Mission"]["status"] == "not_reported"
        # the analysis of one document changes: its reports are unlinked, linked again, and nothing is left over
        b.analyzers["incidents"] = "next"
        assert store.put(b).status == "updated"
        assert link_store(store, embed=False) == 1
        again = compare(store, link=False)
        assert len(again.incidents) == len(res.incidents)
        assert store.conn.execute("SELECT COUNT(*) FROM incidents").fetchone()[0] == len(res.incidents)


def test_a_reference_days_later_joins_the_incident_it_mentions():
    def later(reference: bool) -> Report:
        r = rep("d2", 19, [ASKERAN], kind="abduction", date_from="document", text="speakers condemned the abduction")
        r.reference = reference
        return r

    for reference, joins in ((False, False), (True, True)):  # five days later: only a mention of it may join
        linker = Linker()
        a = linker.add(
            rep("d1", 14, [ASKERAN], kind="arrest", text="border guards detained a driver at the checkpoint")
        )
        assert (linker.add(later(reference)) == a) is joins


def test_a_first_level_unit_holds_only_the_places_filed_under_it():
    from presswatch.comparison.linking import place_score

    unit = {"place_id": "gn:1", "feature": "ADM1", "country": "AZ", "admin1": "26", "lat": 40.03, "lon": 46.25}
    inside = {"place_id": "gn:2", "feature": "PPL", "country": "AZ", "admin1": "26", "lat": 40.11, "lon": 46.04}
    nearby_elsewhere = {"place_id": "gn:3", "feature": "PPL", "country": "AZ", "admin1": "55", "lat": 39.9, "lon": 46.4}
    assert place_score([unit], [inside]) == 0.7
    assert place_score([nearby_elsewhere], [unit]) is None  # 20 km away, but filed under another unit
    no_codes = {k: v for k, v in nearby_elsewhere.items() if k not in ("country", "admin1")}
    assert place_score([unit], [no_codes]) == 0.5  # without codes, distance decides as before (within 80 km)


def test_naming_reads_headlines_and_counts_only_own_voice_uses(tmp_path):
    """The naming table takes a name from the headline with the headline's words, and a name a source only
    rejects ("the so-called ...") or quotes is listed with its voice but is not that source's use."""
    from presswatch.comparison.coverage import compare
    from presswatch.model import Document
    from presswatch.pipeline import analyze_documents
    from presswatch.store import open_store

    docs = [
        Document(
            text="Residents of Khankendi said the water supply was restored on Monday.",
            title="Water back in Khankendi",
            source="Plain Wire",
            published="2023-06-12",
        ),
        Document(
            text="Officials visited Khankendi on Tuesday. The so-called Stepanakert administration was not invited.",
            source="Second Wire",
            published="2023-06-13",
        ),
    ]
    with open_store(str(tmp_path / "n.sqlite")) as store:
        for d in analyze_documents(docs, analyzers=["sourcing", "places"]):
            store.put(d)
        naming = compare(store).naming
    kh = next(e for e in naming if e["place_id"] == "gn:146970")
    plain = kh["by_source"]["Plain Wire"]["Khankendi"]
    assert plain["count"] == 2 and plain["fields"] == {"title": 1, "text": 1}
    rejected = kh["by_source"]["Second Wire"]["Stepanakert"]
    assert rejected["own"] == 0 and rejected["voices"] == {"mentioned": 1}
    assert kh["names"] == ["Khankendi"] and not kh["divergent"]


def test_compare_whose_sources_and_who_asserts_denies_relays(scenario_db, tmp_path):
    """With the scenario's actors file (its invented outlets), each outlet's attributions are shared out by the
    affiliation of the cited source, and each incident says who asserts, denies and relays it."""
    actors = str(SCENARIO / "actors.yaml")
    res = json.loads(_compare(scenario_db, "-f", "json", "--actors", actors))
    for src, e in res["sourcing"].items():
        if e["by_affiliation"]:
            assert abs(sum(e["affiliation_shares"].values()) - 1) < 0.01, src
    shirvan, highland = res["sourcing"]["Shirvan Press"], res["sourcing"]["Highland Dispatch"]
    assert max(shirvan["by_affiliation"], key=shirvan["by_affiliation"].get) in ("az-state", "unknown")
    assert shirvan["by_affiliation"]["az-state"] > shirvan["by_affiliation"].get("nk-de-facto", 0)
    assert highland["by_affiliation"]["nk-de-facto"] > highland["by_affiliation"].get("az-state", 0)
    # the fire at farmers: Highland Dispatch asserts it, the Ministry (az-state) denies it in its own words,
    # Shirvan Press relays the ministry's denial
    farmers = _incident_with(res, "Highland Dispatch", "farmers harvesting wheat")
    v = farmers["voices"]
    assert {"who": "Highland Dispatch", "affiliation": "nk-media"}.items() <= v["asserts"][0].items()
    assert any(e["who"] == "Ministry of Defence" and e["affiliation"] == "az-state" for e in v["denies"])
    assert any(e.get("via") == "Shirvan Press" and e["affiliation"] == "az-state" for e in v["denies"])
    assert any(e["who"] == "Shirvan Press" and e["affiliation"] == "az-media" for e in v["relays"])
    relayed = [r for r in farmers["reports"] if r["source"] == "Shirvan Press"]
    assert relayed and relayed[0]["attribution"]["affiliation"] == "az-state"
    # without the actors file the outlets are unknown, and so is the ministry Shirvan Press cites bare
    bare = json.loads(_compare(scenario_db, "-f", "json"))
    bare_shirvan = bare["sourcing"]["Shirvan Press"]["by_affiliation"]
    assert bare_shirvan.get("az-state", 0) < shirvan["by_affiliation"]["az-state"]
    farmers = _incident_with(bare, "Highland Dispatch", "farmers harvesting wheat")
    assert {"who": "Highland Dispatch", "affiliation": "unknown"}.items() <= farmers["voices"]["asserts"][0].items()
    # the other formats show both
    table = _compare(scenario_db, "--actors", actors)
    assert "Whose sources" in table and "Who asserts / denies / relays" in table and "az-state" in table
    rows = list(csv.DictReader(io.StringIO(_compare(scenario_db, "-f", "csv", "--actors", actors))))
    row = next(r for r in rows if r["incident_id"] == farmers["id"] and r["source"] == "Ministry of Defence")
    assert "Ministry of Defence (az-state)" in row["denied_by"] and "az-state" in row["source_whose_sources"]
    out = tmp_path / "whose.html"
    r = CliRunner().invoke(app, ["compare", "--db", scenario_db, "-f", "html", "-o", str(out), "--actors", actors])
    assert r.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "<h2>Whose sources</h2>" in page and "<th>nk-de-facto</th>" in page and "class=voices" in page


def test_sources_unknown_lists_what_the_registry_cannot_place(scenario_db, tmp_path):
    actors = str(SCENARIO / "actors.yaml")
    r = CliRunner().invoke(app, ["sources", "unknown", "--db", scenario_db, "--json", "--actors", actors])
    assert r.exit_code == 0, r.output
    listed = json.loads(r.stdout)
    names = [e["source"] for e in listed]
    counts = [e["count"] for e in listed]
    assert counts == sorted(counts, reverse=True) and all(e["example"] for e in listed)
    assert "Rauf Karimli" in names and "The peacekeeping mission" in names  # a private person; a mission of no side
    assert not any("Defence Army" in n for n in names)  # placed by the registry
    # classifying the mission in a user file takes it off the list, without analysing again
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        (SCENARIO / "actors.yaml").read_text(encoding="utf-8")
        + "  - {id: my-mission, name: The mission, affiliation: international, country: null, kind: mission,"
        " aliases: {en: [peacekeeping mission]}}\n",
        encoding="utf-8",
    )
    r = CliRunner().invoke(app, ["sources", "unknown", "--db", scenario_db, "--json", "--actors", str(mine)])
    after = [e["source"] for e in json.loads(r.stdout)]
    assert "The peacekeeping mission" not in after and "Rauf Karimli" in after
    r = CliRunner().invoke(app, ["sources", "unknown", "--db", scenario_db, "-n", "3", "--actors", actors])
    assert r.exit_code == 0 and len(r.stdout.strip().splitlines()) == 3 and "(3 shown)" in r.stderr
    r = CliRunner().invoke(app, ["sources", "unknown", "--db", scenario_db, "-n", "0"])
    assert r.exit_code == 2
    r = CliRunner().invoke(app, ["sources", "unknown", "--db", scenario_db, "--actors", str(tmp_path / "none.yaml")])
    assert r.exit_code != 0 and "no such actors file" in r.output


def test_a_party_that_questions_an_incident_has_its_own_voice():
    from presswatch.actors.registry import load_registry
    from presswatch.comparison.coverage import _voices

    def report(doc, source, stance, att=None):
        return {"document_id": doc, "source": source, "stance": stance, "attribution": att}

    inc = {"reports": [
        report("d1", "Outlet A", "asserts"),
        report("d2", "Outlet B", "questions"),  # the outlet's own doubt
        report("d3", "Outlet C", "questions", {"speaker": "the mission", "span": [0, 11]}),  # another party's doubt
    ]}
    _voices([inc], {}, load_registry())
    v = inc["voices"]
    assert [e["who"] for e in v["asserts"]] == ["Outlet A"]
    assert [e["who"] for e in v["questions"]] == ["Outlet B", "the mission"]
    assert [(e["who"], e["whose"]) for e in v["relays"]] == [("Outlet C", "the mission")]
    assert v["denies"] == []


def _compared(tmp_path, texts: list[tuple[str, str]]):
    """The comparison of one-sentence documents (text, source), all published on 14 June 2023, analysed and stored."""
    from presswatch.analyzers import Resources, run
    from presswatch.comparison.coverage import compare
    from presswatch.model import Document
    from presswatch.store import open_store

    with open_store(tmp_path / "s.sqlite") as store:
        for text, source in texts:
            d = Document(text=text, language="en", published="2023-06-14", source=source)
            run(["places", "sourcing", "incidents"], d, Resources())
            store.put(d)
        return compare(store, embed=False)


def test_an_omission_is_asserted_only_for_an_incident_some_report_places(tmp_path):
    # written for this test: one incident at a town, one that no report places, and a source that tells neither
    res = _compared(tmp_path, [
        ("Gunmen abducted two farmers near Stepanakert on Tuesday, officials said.", "Wire"),
        ("Protesters gathered outside the parliament on Tuesday, organisers said.", "Wire"),
        ("The weather was mild and markets were busy on Tuesday.", "Mission"),
    ])
    abduction = next(i for i in res.incidents if i["type"] == "abduction")
    protest = next(i for i in res.incidents if i["type"] == "protest")
    assert abduction["located"] and not protest["located"]
    # neither was reported by the mission: both cells say so, but only the placed one is listed as an omission
    assert res.coverage[abduction["id"]]["Mission"]["status"] == "not_reported"
    assert res.coverage[protest["id"]]["Mission"]["status"] == "not_reported"
    assert [(o["source"], o["incident"]) for o in res.omissions] == [("Mission", abduction["id"])]
    # the coverage picture crosses out the asserted omission only
    from presswatch.comparison.render import _matrix_svg

    svg = _matrix_svg(res)
    assert svg.count('stroke="#c0392b"') == 1 and "not reported (no place stated)" in svg


def test_no_omission_is_asserted_for_an_incident_only_mentioned_in_passing(tmp_path):
    # written for this test: the wire tells a detention and mentions a shelling in passing; the mission tells neither
    res = _compared(tmp_path, [
        ("Troops detained two shepherds near Shusha on Tuesday, two days after the shelling of Askeran.", "Wire"),
        ("The weather was mild and markets were busy on Tuesday.", "Mission"),
    ])
    told = next(i for i in res.incidents if i["type"] == "arrest")
    passing = next(i for i in res.incidents if i["type"] == "shelling")
    assert told["told"] and not passing["told"] and passing["located"]
    assert [(o["source"], o["incident"]) for o in res.omissions] == [("Mission", told["id"])]
    from presswatch.comparison.render import _matrix_svg

    assert "not reported (only mentioned in passing)" in _matrix_svg(res)


def test_villages_with_their_district_point_are_two_places_of_one_district():
    from presswatch.comparison.linking import is_point, place_score

    town = {"place_id": "gn:146969", "feature": "PPL", "country": "AZ", "admin1": "65", "lat": 39.79, "lon": 47.11}
    village = {"place_id": "cau:taghavard", "feature": "PPL", "country": "AZ", "admin1": "65", "lat": 39.79,
               "lon": 47.11, "within": "gn:146969", "coarse_point": True}
    other = {**village, "place_id": "cau:karmir-shuka"}
    elsewhere = {"place_id": "cau:talish", "feature": "PPL", "country": "AZ", "lat": 40.21, "lon": 46.82,
                 "within": "cau:aghdara", "coarse_point": True}
    assert place_score([village], [town]) == 0.7  # a village and the district it lies in
    assert place_score([town], [village]) == 0.7
    assert place_score([village], [other]) == 0.7  # one borrowed point: one district, never "the same point" (0.9)
    assert place_score([village], [elsewhere]) is None
    # a place in a district the gazetteer files it under agrees with it wherever the two points lie
    assert place_score([{**village, "lat": 39.7, "lon": 47.3}], [town]) == 0.7
    assert not is_point(Report("d", 0, 1, "shelling", 738000, places=[village]))
    assert is_point(Report("d", 0, 1, "shelling", 738000, places=[town]))


def test_a_near_account_the_linking_did_not_join_is_no_omission(tmp_path):
    # written for this test: two outlets date one shelling of Stepanakert a day apart, so the linking keeps them apart;
    # an abduction near Shusha, some 10 km away, told by the wire alone stays an omission of the mission's
    res = _compared(tmp_path, [
        ("Mortar shells hit Stepanakert on 13 June, officials said. Gunmen abducted a shepherd near Shusha on 13 June.",
         "Wire"),
        ("Mortar shells hit Stepanakert on 14 June, the mission said.", "Mission"),
    ])
    wire = next(i for i in res.incidents if i["type"] == "shelling" and i["date"] == "2023-06-13")
    mission = next(i for i in res.incidents if i["type"] == "shelling" and i["date"] == "2023-06-14")
    abduction = next(i for i in res.incidents if i["type"] == "abduction")
    assert wire["id"] != mission["id"]
    cell = res.coverage[wire["id"]]["Mission"]
    assert cell["status"] == "maybe_reported" and cell["incidents"] == [mission["id"]]
    assert res.coverage[mission["id"]]["Wire"]["status"] == "maybe_reported"
    assert res.coverage[abduction["id"]]["Mission"]["status"] == "not_reported"
    assert [(o["source"], o["incident"]) for o in res.omissions] == [("Mission", abduction["id"])]


def test_may_tell_needs_one_place_one_family_and_near_days():
    from presswatch.comparison.linking import may_tell

    town = {"place_id": "gn:146970", "feature": "PPL", "lat": 39.815, "lon": 46.752, "name_used": "Stepanakert"}
    other = {"place_id": "gn:147105", "feature": "PPL", "lat": 39.76, "lon": 46.75, "name_used": "Shusha"}

    def r(kind: str, day: int, places: list) -> Report:
        return Report("d", 0, 1, kind, 738685 + day, "explicit", places)

    assert may_tell(r("shelling", 0, [town]), r("ceasefire_violation", 1, [town]))  # one family, a day apart
    assert not may_tell(r("shelling", 0, [town]), r("shelling", 2, [town]))  # two days apart
    assert not may_tell(r("shelling", 0, [town]), r("shelling", 0, [other]))  # two towns
    assert not may_tell(r("shelling", 0, [town]), r("shelling", 0, []))  # no place: not enough to doubt a silence
    assert not may_tell(r("shelling", 0, [town]), r("aid_delivery", 0, [town]))  # unrelated types


def test_two_villages_with_their_district_point_on_two_days_are_look_alikes():
    from presswatch.comparison.linking import villages_apart

    village = {"place_id": "cau:taghavard", "feature": "PPL", "country": "AZ", "lat": 39.79, "lon": 47.11,
               "within": "gn:146969", "coarse_point": True, "name_used": "Taghavard"}
    other = {**village, "place_id": "cau:karmir-shuka", "name_used": "Karmir Shuka"}
    district = {"place_id": "gn:146969", "feature": "PPL", "country": "AZ", "lat": 39.79, "lon": 47.11}

    def r(doc: str, day: int, places: list) -> Report:
        return Report(doc, 0, 1, "ceasefire_violation", 738685 + day, "document", places, text="shots were fired")

    assert villages_apart([village], [other]) and not villages_apart([village], [village, district])
    assert pair_score(r("a", 0, [village]), r("b", 0, [other])) is not None  # one day: maybe one exchange of fire
    assert pair_score(r("a", 0, [village]), r("b", 1, [other])) is None  # consecutive days, neighbouring villages
    assert pair_score(r("a", 0, [village]), r("b", 1, [district])) is not None  # a village and its district


def test_a_patrol_only_the_mission_tells_is_no_omission_of_the_others(tmp_path):
    # written for this test: the mission's own patrol; an abduction the mission alone tells stays an omission
    res = _compared(tmp_path, [
        ("Russian peacekeepers patrolled the road near Shusha on Tuesday. Gunmen abducted two farmers near Stepanakert "
         "on Tuesday, officials said.", "Mission"),
        ("The weather was mild and markets were busy on Tuesday.", "Wire"),
    ])
    patrol = next(i for i in res.incidents if i["type"] == "patrol_or_escort")
    abduction = next(i for i in res.incidents if i["type"] == "abduction")
    assert res.coverage[patrol["id"]]["Wire"] == {"status": "not_reported", "unasserted": "routine, told by one source"}
    assert [(o["source"], o["incident"]) for o in res.omissions] == [("Wire", abduction["id"])]
    from presswatch.comparison.render import _matrix_svg

    svg = _matrix_svg(res)
    assert svg.count('stroke="#c0392b"') == 1 and "not reported (routine, told by one source)" in svg


def test_a_sources_accounts_are_looked_up_by_place_not_all_compared():
    from presswatch.comparison.coverage import _SourceAccounts

    def r(iid: str, pid: str, lat: float, lon: float, day: int = 0) -> Report:
        place = {"place_id": pid, "feature": "PPL", "lat": lat, "lon": lon, "name_used": pid}
        return Report(iid, 0, 1, "shelling", 738685 + day, "explicit", [place], incident_id=iid)

    acc = _SourceAccounts()
    same_id, near_point, far, late = (r("a", "gn:1", 39.80, 46.75), r("b", "cau:x", 39.805, 46.755),
                                      r("c", "gn:3", 39.90, 46.75), r("d", "gn:1", 39.80, 46.75, day=5))
    for x in (same_id, near_point, far, late):
        acc.add(x)
    mine = [r("m", "gn:1", 39.80, 46.75)]
    # the same place id, and another entry a few hundred metres away; not a place 11 km off, nor five days later
    assert {t.incident_id for t in acc.near(mine)} == {"a", "b"}


def test_one_country_both_name_is_not_one_place():
    from presswatch.comparison.linking import place_score

    az = {"place_id": "gn:587116", "feature": "PCLI", "country": "AZ", "lat": 40.5, "lon": 47.5, "cue": "locative"}
    village = {"place_id": "cau:v", "feature": "PPL", "country": "AM", "admin1": "04", "lat": 40.3, "lon": 45.6,
               "cue": "locative"}
    town = {"place_id": "gn:9", "feature": "PPL", "country": "AZ", "admin1": "26", "lat": 40.1, "lon": 46.0,
            "cue": "locative"}
    assert place_score([az], [az]) == 0.5  # "in Azerbaijan" twice: a broad region, not one place
    assert place_score([az, town], [az, town]) == 1.0  # a specific place both name
    assert place_score([az, village], [az, town]) is None  # the country both name does not join two villages
    home = {**az, "cue": "not_location"}
    assert place_score([home], [home]) == 1.0  # as before: both name it, neither as where it happened
