"""A cell or bar can link to the statements it counts. Links are escaped, only relative
or http(s), and each is named for screen readers, as the chart is then a group of links
rather than one image (an image's children are hidden from them)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from alliance.overview.charts import bar_chart, heat_map

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # noqa: S314 (the charts' own output, not outside XML)


def links(markup: str) -> list[tuple[str | None, str | None]]:
    return [(a.get("href"), a.get("aria-label")) for a in parse(markup).iter(f"{SVG}a")]


def test_heat_map_cells_link_where_a_link_is_given():
    markup = heat_map(["Health"], ["2020-04", "2020-05"], [[3, 0]], title="t", row_label="r", column_label="c",
                      cell_links=[["/overview/?ecosystem=health&month=2020-04", None]])
    assert links(markup) == [("/overview/?ecosystem=health&month=2020-04", "Health · 2020-04: 3")]
    assert "&amp;month=" in markup
    svg = parse(markup)
    assert svg.get("role") == "group"
    assert svg.get("aria-labelledby") is not None


def test_the_rest_of_a_linked_chart_is_hidden_from_screen_readers_which_have_the_table():
    svg = parse(heat_map(["Health"], ["2020-04", "2020-05"], [[3, 0]], title="t", row_label="r",
                         column_label="c", cell_links=[["/a", None]]))
    top = [child for child in svg if child.tag not in (f"{SVG}title", f"{SVG}desc")]
    assert [(child.tag, child.get("aria-hidden")) for child in top] == [
        (f"{SVG}g", "true"), (f"{SVG}a", None), (f"{SVG}g", "true")]


def test_bars_link_with_their_label_bar_and_figure():
    markup = bar_chart(["Company", "Other"], [12, 0], title="t", links=['/overview/?type=company&q="x"', None])
    assert links(markup) == [('/overview/?type=company&q="x"', "Company: 12")]
    assert '&amp;q=&quot;x&quot;' in markup
    [link] = parse(markup).iter(f"{SVG}a")
    assert {element.get("class") for element in link.iter(f"{SVG}rect")} == {"chart-bar", "chart-track"}


def test_without_links_there_is_no_link():
    assert links(bar_chart(["Company"], [1], title="t", links=[None])) == []
    assert parse(bar_chart(["Company"], [1], title="t", links=[None])).get("role") == "img"


def test_absolute_http_links_are_kept():
    assert links(bar_chart(["Company"], [1], title="t", links=["https://example.org/x"]))[0][0] == "https://example.org/x"


@pytest.mark.parametrize("href", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<b>x</b>",
                                  "vbscript:x"])
def test_links_to_scripts_or_data_are_refused(href):
    with pytest.raises(ValueError, match="relative or http"):
        bar_chart(["Company"], [1], title="t", links=[href])
    with pytest.raises(ValueError, match="relative or http"):
        heat_map(["Health"], ["2020-04"], [[1]], title="t", row_label="r", column_label="c", cell_links=[[href]])
