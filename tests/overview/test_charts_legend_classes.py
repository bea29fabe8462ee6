"""The heat map's legend names each colour's range: single counts up to 5, then bounds on
the 1-2-5 ladder that grow with the largest count, at most five classes besides zero."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import pairwise

from alliance.overview.charts import SCALE, _bins, heat_map

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # noqa: S314 (the charts' own output, not outside XML)


def legend(top: int) -> list[str]:
    svg = parse(heat_map(["Health"], ["2020-04"], [[top]], title="t", row_label="r", column_label="c"))
    [group] = [group for group in svg.iter(f"{SVG}g") if group.get("class") == "chart-legend"]
    swatches = [rect.get("fill") for rect in group.iter(f"{SVG}rect")]
    assert len(swatches) == len(set(swatches))
    return [text.text or "" for text in group.iter(f"{SVG}text")]


def test_small_counts_each_get_a_colour():
    assert legend(3) == ["0", "1", "2", "3"]


def test_larger_counts_are_binned_on_a_ladder_up_to_the_largest():
    assert legend(57) == ["0", "1", "2–4", "5–9", "10–19", "20–57"]
    assert legend(1_000_000) == ["0", "1–19", "20–199", "200–4999", "5000–49\u202f999",
                                 "50\u202f000–1\u202f000\u202f000"]


def test_an_all_zero_map_has_only_the_zero_class():
    assert legend(0) == ["0"]


def test_bins_cover_every_count_once_in_at_most_five_classes():
    for top in [*range(1, 200), 999, 1000, 12345, 10**6]:
        bins = _bins(top)
        assert 1 <= len(bins) <= len(SCALE)
        assert bins[0][0] == 1 and bins[-1][1] == top
        assert all(high + 1 == low for (_l, high), (low, _h) in pairwise(bins))
        assert all(low <= high for low, high in bins)
