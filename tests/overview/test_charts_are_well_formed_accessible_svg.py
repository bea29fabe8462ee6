"""Both charts are SVG that parses as XML, scales to its container (a viewBox, 100 % wide)
and is one image named by its <title> and described by its <desc>."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from alliance.overview.charts import bar_chart, heat_map

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # noqa: S314 (the charts' own output, not outside XML)


def a_heat_map(**options) -> str:
    return heat_map(["Health", "Tourism"], ["2020-04", "2020-05", "2020-06"], [[3, 0, 12], [1, 5, 0]],
                    title="Statements by ecosystem and month", row_label="Ecosystem", column_label="Month", **options)


def a_bar_chart(**options) -> str:
    return bar_chart(["Company", "University"], [12, 4], title="Statements by organisation type",
                     description="Companies said most", **options)


def labelled_by(svg: ET.Element, attribute: str) -> list[str]:
    texts = {element.get("id"): element.text for element in svg.iter() if element.get("id")}
    return [texts[ident] or "" for ident in (svg.get(attribute) or "").split()]


def test_a_heat_map_is_an_image_named_by_its_title_and_described_by_its_desc():
    svg = parse(a_heat_map())
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    assert labelled_by(svg, "aria-labelledby") == ["Statements by ecosystem and month"]
    assert labelled_by(svg, "aria-describedby") == ["Ecosystem × Month"]
    assert svg[0].tag == f"{SVG}title"


def test_a_bar_chart_is_an_image_named_and_described_as_the_caller_says():
    svg = parse(a_bar_chart())
    assert svg.get("role") == "img"
    assert labelled_by(svg, "aria-labelledby") == ["Statements by organisation type"]
    assert labelled_by(svg, "aria-describedby") == ["Companies said most"]


def test_a_bar_chart_without_a_description_has_no_desc():
    svg = parse(bar_chart(["Company"], [1], title="By type"))
    assert svg.find(f"{SVG}desc") is None
    assert svg.get("aria-describedby") is None


def test_charts_scale_to_their_container():
    for markup in (a_heat_map(), a_bar_chart()):
        svg = parse(markup)
        assert svg.get("width") == "100%"
        assert svg.get("height") is None
        x, y, width, height = (float(part) for part in (svg.get("viewBox") or "").split())
        assert (x, y) == (0, 0) and width > 0 and height > 0
        assert "chart" in (svg.get("class") or "").split()


def test_charts_hold_no_inline_styles_the_content_security_policy_would_block():
    for markup in (a_heat_map(), a_bar_chart()):
        svg = parse(markup)
        assert not [element for element in svg.iter() if element.get("style") is not None]
        assert svg.find(f".//{SVG}style") is None
        assert "<script" not in markup


def test_ids_come_from_the_caller_when_given_so_two_charts_on_a_page_do_not_clash():
    svg = parse(a_heat_map(chart_id="ecosystems-by-month"))
    assert svg.get("aria-labelledby") == "ecosystems-by-month-title"
    assert svg.get("aria-describedby") == "ecosystems-by-month-desc"
    assert parse(a_heat_map()).get("aria-labelledby") != parse(a_bar_chart()).get("aria-labelledby")
