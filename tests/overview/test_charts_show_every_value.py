"""Every count is in the chart: in each cell's or bar's tooltip ("Health · 2020-05: 12"),
in the cell itself when it fits, at the end of each bar."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from alliance.overview.charts import bar_chart, format_count, heat_map

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # noqa: S314 (the charts' own output, not outside XML)


def tooltips(markup: str) -> list[str]:
    svg = parse(markup)
    return [title.text or "" for group in svg for title in group.findall(f"{SVG}title")]


def texts(markup: str) -> list[str]:
    return [element.text or "" for element in parse(markup).iter(f"{SVG}text")]


def test_each_cell_of_a_heat_map_has_a_tooltip_with_its_row_column_and_count():
    markup = heat_map(["Health", "Tourism"], ["2020-04", "2020-05"], [[3, 0], [1, 12]], title="t",
                      row_label="Ecosystem", column_label="Month")
    assert tooltips(markup) == ["Health · 2020-04: 3", "Health · 2020-05: 0", "Tourism · 2020-04: 1",
                                "Tourism · 2020-05: 12"]


def test_counts_that_fit_are_written_in_their_cells_and_zeros_are_left_blank():
    markup = heat_map(["Health"], ["2020-04", "2020-05", "2020-06"], [[3, 0, 12]], title="t", row_label="r",
                      column_label="c")
    assert {"3", "12"} <= set(texts(markup))
    assert "0" in texts(markup)  # in the legend only
    assert texts(markup).count("0") == 1


def test_counts_too_wide_for_their_cells_are_only_in_the_tooltip():
    columns = [f"2020-{month:02d}" for month in range(1, 13)] + [f"2021-{month:02d}" for month in range(1, 13)]
    values = [[1_000_000] + [7] * 23]
    markup = heat_map(["Health"], columns, values, title="t", row_label="r", column_label="c")
    assert "Health · 2020-01: 1\u202f000\u202f000" in tooltips(markup)
    assert "1\u202f000\u202f000" not in texts(markup)[-24:]


def test_month_columns_are_labelled_by_year_and_month_number():
    markup = heat_map(["Health"], ["2020-11", "2020-12", "2021-01"], [[1, 2, 3]], title="t", row_label="r",
                      column_label="Month")
    axis = ["Month", "2020", "2021", "11", "12", "01"]
    assert [text for text in texts(markup) if text in axis] == axis


def test_each_bar_ends_with_its_count_and_has_it_in_its_tooltip():
    markup = bar_chart(["Company", "University", "Other"], [268, 1_000_000, 0], title="t")
    assert {"268", "1\u202f000\u202f000", "0"} <= set(texts(markup))
    assert tooltips(markup) == ["Company: 268", "University: 1\u202f000\u202f000", "Other: 0"]


def test_the_caller_formats_the_numbers_in_the_pages_language():
    markup = bar_chart(["Company"], [12345], title="t", format_value=lambda value: f"{value:,}")
    assert "12,345" in texts(markup)


def test_large_counts_are_grouped_by_narrow_spaces_small_ones_are_not():
    assert [format_count(value) for value in (0, 12, 9999, 10_000, 1_000_000)] == [
        "0", "12", "9999", "10\u202f000", "1\u202f000\u202f000"]
