"""A label too long for its line is cut with an ellipsis; its full text stays in the
chart as the label's tooltip (and in the cell's or bar's)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from alliance.overview.charts import LABEL_SIZE, WIDTH, bar_chart, heat_map, text_width, truncate

SVG = "{http://www.w3.org/2000/svg}"
LONG = "Proximity, social economy & civil security, and everything else a very long name can hold " * 2

def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # noqa: S314 (the charts' own output, not outside XML)



def label_groups(markup: str) -> list[tuple[str, str]]:
    """(tooltip, shown text) of each cut label."""
    svg = parse(markup)
    return [(group.findtext(f"{SVG}title") or "", group.findtext(f"{SVG}text") or "")
            for group in svg.iter(f"{SVG}g")
            if group.find(f"{SVG}title") is not None and group.find(f"{SVG}text") is not None
            and group.find(f"{SVG}rect") is None]


def test_a_long_bar_label_is_cut_with_an_ellipsis_and_kept_whole_in_its_tooltip():
    markup = bar_chart([LONG, "Company"], [3, 4], title="t")
    [(full, shown)] = label_groups(markup)
    assert full == LONG.strip()
    assert shown.endswith("…") and full.startswith(shown[:-1])
    assert text_width(shown, LABEL_SIZE) <= WIDTH


def test_a_long_ecosystem_name_is_cut_and_kept_whole_in_its_tooltips():
    markup = heat_map([LONG], ["2020-04"], [[2]], title="t", row_label="r", column_label="c")
    [(full, shown)] = label_groups(markup)
    assert full == LONG.strip() and shown.endswith("…")
    assert f"{LONG.strip()} · 2020-04: 2" in " ".join(parse(markup).itertext())


def test_labels_that_fit_are_not_cut():
    markup = bar_chart(["Civil-society / social-economy organisation"], [3], title="t")
    assert label_groups(markup) == []


def test_truncate_keeps_what_fits_and_never_exceeds_the_width():
    assert truncate("Health", 200, 14) == "Health"
    for width in (5, 30, 80, 150):
        cut = truncate(LONG, width, 14)
        assert cut.endswith("…")
        assert text_width(cut, 14) <= max(width, text_width("…", 14))
