"""For any labels and any counts (0 to 10^6, 1 to 30 rows) both charts are well-formed
XML with one rect per cell or bar, every count in a tooltip, and nothing outside the
viewBox's width."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from alliance.overview.charts import WIDTH, bar_chart, format_count, heat_map

SVG = "{http://www.w3.org/2000/svg}"
labels = st.text(max_size=80)
counts = st.integers(min_value=0, max_value=10**6)

def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # noqa: S314 (the charts' own output, not outside XML)



def rects(svg: ET.Element, css: str) -> list[ET.Element]:
    return [rect for rect in svg.iter(f"{SVG}rect") if rect.get("class") == css]


@st.composite
def grids(draw):
    rows = draw(st.lists(labels, min_size=1, max_size=30))
    columns = draw(st.lists(labels, min_size=1, max_size=30))
    values = draw(st.lists(st.lists(counts, min_size=len(columns), max_size=len(columns)),
                           min_size=len(rows), max_size=len(rows)))
    linked = draw(st.booleans())
    links = [[draw(st.one_of(st.none(), st.just("/o/?q=" + draw(labels)))) for _ in columns] for _ in rows]
    return rows, columns, values, links if linked else None


@settings(max_examples=60, deadline=None)
@given(grids(), labels)
def test_any_heat_map_is_well_formed_with_one_rect_per_cell(grid, title):
    rows, columns, values, links = grid
    svg = parse(heat_map(rows, columns, values, title=title, row_label="r", column_label="c",
                         cell_links=links))
    cells = rects(svg, "chart-cell")
    assert len(cells) == len(rows) * len(columns)
    assert all(float(cell.get("x", "")) + float(cell.get("width", "")) <= WIDTH + 0.01 for cell in cells)
    tips = " ".join(svg.itertext())
    assert all(f": {format_count(value)}" in tips for row in values for value in row)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(labels, counts, st.one_of(st.none(), st.just("/o/?type=x&y=1"))), min_size=1, max_size=30),
       labels)
def test_any_bar_chart_is_well_formed_with_one_rect_per_bar(bars, title):
    names, values, links = (list(part) for part in zip(*bars, strict=True))
    svg = parse(bar_chart(names, values, title=title, links=links))
    drawn = rects(svg, "chart-bar")
    assert len(drawn) == len(bars)
    assert all(float(bar.get("width", "")) <= WIDTH for bar in drawn)
    assert len(list(svg.iter(f"{SVG}a"))) == sum(link is not None for link in links)
