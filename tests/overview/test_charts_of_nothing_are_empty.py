"""No data, no chart: the functions return "" and the page says there is nothing to show
in its own words. Zeros are data and are charted."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from alliance.overview.charts import bar_chart, heat_map

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # noqa: S314 (the charts' own output, not outside XML)


def test_a_heat_map_without_rows_or_columns_is_empty():
    assert heat_map([], [], [], title="t", row_label="r", column_label="c") == ""
    assert heat_map([], ["2020-04"], [], title="t", row_label="r", column_label="c") == ""
    assert heat_map(["Health"], [], [[]], title="t", row_label="r", column_label="c") == ""


def test_a_bar_chart_without_bars_is_empty():
    assert bar_chart([], [], title="t") == ""


def test_all_zero_data_is_still_charted():
    svg = parse(heat_map(["Health"], ["2020-04", "2020-05"], [[0, 0]], title="t", row_label="r",
                         column_label="c"))
    assert len([rect for rect in svg.iter(f"{SVG}rect") if rect.get("class") == "chart-cell"]) == 2
    bars = parse(bar_chart(["Company", "Other"], [0, 0], title="t"))
    assert [rect.get("width") for rect in bars.iter(f"{SVG}rect") if rect.get("class") == "chart-bar"] == ["0", "0"]
