"""The dashboard in a real browser: Debian's Chromium driven by Playwright (never a downloaded browser) against
uvicorn on loopback serving the invented store of conftest.py.

Each test saves a screenshot of its page in $PRESSWATCH_SCREENSHOTS (default: the test's temporary folder).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:  # pragma: no cover
    from conftest import WatchStore, WebStore

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file():
        pytest.skip(
            f"the browser tests drive the system's Chromium at {CHROMIUM}, which is not installed "
            "(Debian: apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


class Tab:
    """A page with what it logged: console messages, uncaught errors and dialogs (alert, confirm...)."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.console: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

        def dialog(d: Any) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)

    def open(self, url: str) -> Any:
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.status == 200, url
        return response

    def csp_violations(self) -> list[str]:
        return [m for m in self.console if "Content Security Policy" in m or "Content-Security-Policy" in m]


@pytest.fixture
def tab(browser: Any) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    try:
        yield Tab(context.new_page())
    finally:
        context.close()


def _style(locator: Any, prop: str) -> str:
    return str(locator.evaluate(f"e => getComputedStyle(e).{prop}"))


def test_document_layers_switch_off_and_on_and_highlights_explain_themselves(
    live_server: str, web_store: WebStore, tab: Tab, screenshots: Path
) -> None:
    page = tab.page
    tab.open(f"{live_server}/documents/{web_store.ids['gazette']}?policy=az-official")
    place = page.locator("#doc-text mark.L-places").first
    assert _style(place, "borderBottomStyle") == "solid"
    switch = page.locator("input[data-layer=places]")
    switch.uncheck()
    assert _style(place, "borderBottomStyle") == "none"
    assert _style(place, "backgroundColor") in ("rgba(0, 0, 0, 0)", "transparent")
    assert _style(page.locator("#doc-text mark.L-sourcing").first, "borderBottomStyle") != "none"  # others stay
    switch.check()
    assert _style(place, "borderBottomStyle") == "solid"

    # a place under a naming policy: the tooltip says what it is, its other names and the verdict
    verdict = page.locator("#doc-text mark.L-policy.K-deprecated").first
    verdict.hover()
    tip = page.locator("#tip")
    tip.wait_for(state="visible")
    text = tip.inner_text()
    assert "Place:" in text and "Other names:" in text and "az-official: deprecated" in text
    page.screenshot(path=str(screenshots / "document.png"), full_page=True)
    page.mouse.move(5, 5)
    tip.wait_for(state="hidden")

    # the policy select reloads the page with another policy
    page.select_option("#policy", "dual-naming")
    page.wait_for_url("**policy=dual-naming**")
    assert page.locator("#doc-text mark.L-policy.K-deprecated").count() == 0
    assert not tab.csp_violations() and not tab.errors


def test_techniques_tooltip_explains_the_technique(
    live_server: str, web_store: WebStore, tab: Tab, screenshots: Path
) -> None:
    page = tab.page
    tab.open(f"{live_server}/documents/{web_store.ids['opinion']}")
    mark = page.locator("#doc-text mark.L-techniques").first
    mark.hover()
    page.locator("#tip").wait_for(state="visible")
    assert "confidence" in page.locator("#tip").inner_text()
    assert page.locator(".figures svg.bar").count() > 0  # figures are drawn as bars, not printed as dicts
    assert "{'" not in page.locator(".figures").inner_text()
    page.screenshot(path=str(screenshots / "document-techniques.png"), full_page=True)
    assert not tab.csp_violations() and not tab.errors


def test_search_with_a_source_facet(live_server: str, tab: Tab, screenshots: Path) -> None:
    page = tab.page
    tab.open(f"{live_server}/search")
    page.fill("input[name=q]", "Askeran")
    page.select_option("select[name=source]", "Valley Herald")
    page.click("form.search button[type=submit]")
    page.wait_for_url("**q=Askeran**")
    titles = page.locator("li.result a.title").all_inner_texts()
    assert titles == ["Troops open fire near Askeran"]
    assert page.locator("li.result mark.match").count() >= 1
    page.screenshot(path=str(screenshots / "search.png"), full_page=True)
    page.select_option("select[name=source]", "")
    with page.expect_navigation():
        page.click("form.search button[type=submit]")
    assert page.locator("li.result").count() >= 3  # the gazette, the herald and the page with payloads
    assert not tab.csp_violations() and not tab.errors


def test_map_shows_dots_with_names_and_counts(
    live_server: str, web_store: WebStore, tab: Tab, screenshots: Path
) -> None:
    page = tab.page
    tab.open(f"{live_server}/map")
    dots = page.locator("figure.map circle.dot")
    assert dots.count() >= 4  # Askeran, Stepanakert/Khankendi, Ganja, Baku
    labels = [dots.nth(i).get_attribute("data-label") for i in range(dots.count())]
    assert any(label and label.startswith("Askyaran (") and "mentions" in label for label in labels)
    page.screenshot(path=str(screenshots / "map.png"), full_page=True)
    tab.open(f"{live_server}/map?document={web_store.ids['wire']}")
    assert page.locator("figure.map circle.dot").count() == 2  # Ganja and Baku
    assert not tab.csp_violations() and not tab.errors


def test_compare_matrix_two_sources_report_one_is_silent(live_server: str, tab: Tab, screenshots: Path) -> None:
    page = tab.page
    tab.open(f"{live_server}/compare")
    row = page.locator("table.matrix tbody tr", has_text="Askyaran").first
    statuses = {
        page.locator("table.matrix thead th.src").nth(i).inner_text(): row.locator("td.cell")
        .nth(i)
        .get_attribute("data-status")
        for i in range(row.locator("td.cell").count())
    }
    assert statuses["Harbor Gazette"] == "reported" and statuses["Valley Herald"] == "reported"
    assert statuses["Capital Wire"] == "not_reported"
    assert page.locator("#omissions + table", has_text="Capital Wire").count() == 1
    assert page.locator("figure.timeline").count() >= 1
    page.screenshot(path=str(screenshots / "compare.png"), full_page=True)
    assert not tab.csp_violations() and not tab.errors


def test_sources_and_overview(live_server: str, tab: Tab, screenshots: Path) -> None:
    page = tab.page
    tab.open(f"{live_server}/sources")
    cards = page.locator("section.card.source")
    assert cards.count() == 4
    gazette = page.locator("section.card.source", has_text="Harbor Gazette")
    assert gazette.locator("figure.hist rect.hbar").count() > 0
    assert "techniques per 100 words" in gazette.inner_text()
    page.screenshot(path=str(screenshots / "sources.png"), full_page=True)
    tab.open(f"{live_server}/")
    for href in ("/search", "/map", "/compare", "/sources", "/analyze"):
        assert page.locator(f"header nav a[href='{href}']").count() == 1
    page.screenshot(path=str(screenshots / "overview.png"), full_page=True)
    assert not tab.csp_violations() and not tab.errors


def test_analyze_a_pasted_text(live_server: str, tab: Tab, screenshots: Path) -> None:
    page = tab.page
    tab.open(f"{live_server}/analyze")
    page.fill(
        "#text",
        "Talks in Ganja\n\nShots were fired near Askeran on Monday, the ministry said. "
        '"We will not give up Stepanakert," said Lilit Avetisyan, a resident.',
    )
    for box in page.locator("input[name=analyzers]").all():
        if box.get_attribute("value") not in ("sourcing", "places"):
            box.uncheck()
    page.select_option("#policy", "az-official")
    with page.expect_navigation(timeout=180_000):  # the server analyses the text before it answers
        page.click("form.analyze button[type=submit]")
    assert page.locator("#doc-text mark.L-places").count() >= 2
    assert page.locator("#doc-text mark.L-sourcing.K-source").count() >= 1
    assert page.locator("#doc-text mark.L-policy").count() >= 1
    assert "analysed, not stored" in page.locator(".kicker").inner_text()
    page.screenshot(path=str(screenshots / "analyze.png"), full_page=True)
    assert not tab.csp_violations() and not tab.errors


def test_hostile_document_runs_nothing(
    bare_server: str, web_store: WebStore, payloads: dict[str, str], tab: Tab, screenshots: Path
) -> None:
    """Payloads in the title, author, text, quoted speaker, source name and a URL stay text on every page that shows
    them, on the app as it is (no policy added by the tests)."""
    page = tab.page
    pages = [
        f"/documents/{web_store.ids['hostile']}",
        "/search?q=talks",
        "/search",
        f"/map?document={web_store.ids['hostile']}",
        "/map?q=talks",
        "/map",
        "/compare",
        "/sources",
        "/",
    ]
    for path in pages:
        tab.open(bare_server + path)
        for mark in page.locator("mark.hl").all()[:40]:  # hover what could carry an onmouseover
            mark.hover()
        page.locator("body").hover()
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        assert page.locator("a[href^='javascript:' i]").count() == 0, path
        assert page.locator("script:not([src])").count() == 0, path
        assert page.locator("img").count() == 0, path
    tab.open(f"{bare_server}/documents/{web_store.ids['hostile']}")
    assert payloads["script"] in page.locator("h1").inner_text()
    assert payloads["img"] in page.locator("dl.meta").inner_text()
    assert payloads["source"] in page.locator("dl.meta").inner_text()
    speaker = page.locator("#doc-text mark.K-source", has_text="spokesman").first
    speaker.hover()
    assert "<script>" in page.locator("#tip").inner_text()
    page.screenshot(path=str(screenshots / "hostile.png"), full_page=True)
    assert tab.dialogs == [] and tab.errors == []


def _colour(locator: Any) -> tuple[str, str]:
    return _style(locator, "backgroundColor"), _style(locator, "color")


def test_alerts_page_lists_filters_and_links_to_evidence(
    watch_server: str, watch_store: WatchStore, tab: Tab, screenshots: Path
) -> None:
    page = tab.page
    tab.open(f"{watch_server}/alerts")
    rows = page.locator("table.alerts tbody tr")
    assert rows.count() == 4
    fired = [rows.nth(i).locator("td").first.inner_text() for i in range(4)]
    assert fired == sorted(fired, reverse=True)  # newest first
    assert rows.first.locator("td").nth(1).inner_text().startswith("strike")
    # the message with script payloads is shown as its characters, and nothing of it ran
    hostile = page.locator("table.alerts tbody td", has_text="window.__pwned=5")
    assert hostile.count() == 1 and hostile.inner_text().strip().startswith("<script>")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    # deliveries: the webhook without its secret path, each with its state
    deliveries = page.locator("table.alerts span.delivery").all_inner_texts()
    assert "webhook https://hooks.example/…: pending" in deliveries and not any("secret" in d for d in deliveries)
    assert not any(" :" in d for d in deliveries), deliveries  # a channel without a target (log) has no blank target
    # the watch health box: the failing source in its colour, linking to its card on the sources page
    failing = page.locator("section.card ul.health-list span.health-failing")
    assert failing.inner_text() == "failing" and _colour(failing)[0] not in ("rgba(0, 0, 0, 0)", "transparent")
    page.screenshot(path=str(screenshots / "alerts.png"), full_page=True)

    # the rule facet
    page.select_option("select[name=rule]", "strike")
    with page.expect_navigation():
        page.click("form.search button[type=submit]")
    assert "rule=strike" in page.url
    assert rows.count() == 1 and "strike at the port" in rows.first.inner_text()
    page.select_option("select[name=rule]", "ferry")
    with page.expect_navigation():
        page.click("form.search button[type=submit]")
    assert rows.count() == 3

    # the evidence opens the document it rests on
    oldest = rows.last
    assert "ferry in notice 0" in oldest.inner_text()
    with page.expect_navigation():
        oldest.locator("a", has_text="ferry").click()
    assert f"/documents/{watch_store.ids[0]}" in page.url
    assert page.locator("h1").inner_text() == "Ferry notice 0"
    assert not tab.csp_violations() and not tab.errors and not tab.dialogs


def test_sources_page_shows_watch_health(watch_server: str, tab: Tab, screenshots: Path) -> None:
    page = tab.page
    tab.open(f"{watch_server}/alerts")
    with page.expect_navigation():  # from the alerts' health box to the source's card
        page.locator("ul.health-list a", has_text="Lake Courier").click()
    assert page.url.endswith("/sources#source-Lake%20Courier")
    heading = page.locator("section.card.source h2", has_text="Lake Courier")
    assert heading.is_visible()
    assert page.evaluate(  # the fragment scrolled the card's heading into view
        "() => { const r = document.getElementById('source-Lake%20Courier').getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; }"
    )
    badge = heading.locator("span.health")
    assert badge.inner_text() == "failing"
    assert "5 failed poll(s) in a row" in (badge.get_attribute("title") or "")
    card = page.locator("section.card.source", has_text="Lake Courier")
    assert "the last 5 polls failed" in card.inner_text() and "HTTP 503" in card.inner_text()
    # an unwatched source has no badge; a watched one with no document is listed apart, waiting
    plain = page.locator("section.card.source", has_text="Plain Ledger")
    assert plain.count() == 1 and plain.locator("span.health").count() == 0
    waiting = page.locator("section.card", has_text="Watched, no document in this window").locator("li")
    assert waiting.count() == 1 and "Hill Times" in waiting.inner_text()
    waiting_badge = waiting.locator("span.health")
    assert waiting_badge.inner_text() == "waiting"
    assert _colour(waiting_badge) != _colour(badge)  # each status has its colours
    page.screenshot(path=str(screenshots / "sources-health.png"), full_page=True)
    assert not tab.csp_violations() and not tab.errors


def test_compare_timeline_draws_each_name_by_source_over_time(live_server: str, tab: Tab, screenshots: Path) -> None:
    page = tab.page
    tab.open(f"{live_server}/compare")
    figure = page.locator("figure.timeline").first
    figure.scroll_into_view_if_needed()
    figure.screenshot(path=str(screenshots / "compare-timeline-figure.png"))
    box = figure.locator("svg[role=img]").bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 40  # drawn, not collapsed
    legend = figure.locator("figcaption svg.sw rect")
    colours = [legend.nth(i).get_attribute("fill") for i in range(legend.count())]
    assert len(colours) >= 2 and len(set(colours)) == len(colours)  # one colour per name
    labels = figure.locator("text.row-label").all_text_contents()
    assert len(labels) >= 2 and all(" — " in label for label in labels)
    names_by_source = [label.split(" — ") for label in labels]
    assert len({name for _, name in names_by_source}) >= 2  # the sources wrote the place differently
    days = figure.locator("rect.day")
    assert days.count() >= len(labels)  # at least one mark per row
    tips = [days.nth(i).locator("title").text_content() or "" for i in range(days.count())]
    assert all(" wrote " in t and " on 2023-06-" in t for t in tips)
    # later days lie further right
    by_day = sorted((t.rsplit(" on ", 1)[1], float(days.nth(i).get_attribute("x") or 0)) for i, t in enumerate(tips))
    xs = [x for _, x in by_day]
    assert xs == sorted(xs)
    ticks = figure.locator("text.tick").all_text_contents()
    assert ticks == sorted(ticks) and ticks[0].startswith("2023-06-")
    page.locator("#timeline").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "compare-timeline.png"), full_page=True)
    assert not tab.csp_violations() and not tab.errors


def test_compare_timeline_marks_stay_on_the_plot(live_server: str, tab: Tab) -> None:
    page = tab.page
    tab.open(f"{live_server}/compare")
    figure = page.locator("figure.timeline").first
    line = figure.locator("line.axis")
    plot_left, plot_right = float(line.get_attribute("x1") or 0), float(line.get_attribute("x2") or 0)
    labels = figure.locator("text.row-label")
    label_right = max(labels.nth(i).evaluate("e => e.getBBox().x + e.getBBox().width") for i in range(labels.count()))
    days = figure.locator("rect.day")
    spans = [(float(d.get_attribute("x") or 0), float(d.get_attribute("width") or 0)) for d in days.all()]
    assert all(x >= label_right and x >= plot_left - 1 for x, _ in spans), (label_right, plot_left, spans)
    assert all(x + w <= plot_right + 1 for x, w in spans), (plot_right, spans)
