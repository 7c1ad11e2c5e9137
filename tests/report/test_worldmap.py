"""The offline map picture: framing, projection, labels, and its place in the HTML report."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from presswatch.model import Document, Span
from presswatch.report.html import report_html
from presswatch.report.worldmap import frame, land, places_of, svg_map

SVG = "{http://www.w3.org/2000/svg}"


def test_frame_fits_points_with_a_margin_and_a_minimum_span():
    w, s, e, n = frame([(40.0, 45.0), (41.0, 46.0)])
    assert w < 45.0 and e > 46.0 and s < 40.0 and n > 41.0
    assert e - w >= 12.0  # a cluster of villages still shows its region
    assert frame([]) == (-180.0, -60.0, 180.0, 85.0)
    w, s, e, n = frame([(-80.0, -179.0), (80.0, 179.0)])
    assert w >= -180.0 and e <= 180.0 and s >= -85.0 and n <= 85.0


def test_svg_map_draws_coastlines_dots_and_labels():
    assert land(), "the shipped coastline data is missing"
    svg = svg_map([{"lat": 40.41, "lon": 49.87, "name": "Baku", "count": 3},
                   {"lat": 40.18, "lon": 44.51, "name": "Yerevan", "count": 1},
                   {"lat": None, "lon": None, "name": "Nowhere"}])
    root = ET.fromstring(svg)  # well-formed
    circles = root.findall(f"{SVG}circle")
    assert len(circles) == 2
    big, small = sorted(circles, key=lambda c: -float(c.get("r")))
    assert "Baku (3 mentions)" in big.find(f"{SVG}title").text
    # west is left: Yerevan (44.5 E) lies left of Baku (49.9 E), and both inside the picture
    width = float(root.get("width"))
    assert 0 < float(small.get("cx")) < float(big.get("cx")) < width
    assert {t.text for t in root.findall(f"{SVG}text")} >= {"Baku", "Yerevan"}
    assert re.search(r'<path d="M', svg)  # the Caspian coast is in frame


def test_no_places_no_map():
    assert svg_map([]) == ""
    assert svg_map([{"lat": None, "lon": 3.0, "name": "x"}]) == ""


def test_html_report_includes_a_map_of_the_resolved_places():
    text = "Shelling was reported near Baku and in Baku again."
    a = text.index("Baku")
    b = text.index("Baku", a + 1)
    attrs = {"place_id": "gn:587084", "name": "Baku", "lat": 40.37767, "lon": 49.89201}
    doc = Document(text, language="en", spans=[Span(a, a + 4, "PLACE", "places", dict(attrs)),
                                               Span(b, b + 4, "PLACE", "places", dict(attrs))])
    assert places_of(doc) == [{**{k: attrs[k] for k in ("lat", "lon", "name")}, "count": 2}]
    page = report_html([doc])
    assert '<figure class="map"><svg' in page and "Baku (2 mentions)" in page
    assert '<figure class="map">' not in report_html([Document("No places here.", language="en")])
