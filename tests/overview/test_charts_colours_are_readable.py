"""The colour scale runs light to dark in one hue, so it reads with any colour-vision
deficiency and in greyscale, and every figure on a cell meets WCAG AA contrast (4.5:1)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from alliance.overview.charts import SCALE, ZERO, heat_map

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # noqa: S314 (the charts' own output, not outside XML)


def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(one: str, other: str) -> float:
    light, dark = sorted([luminance(one), luminance(other)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_class_has_a_text_colour_of_at_least_aa_contrast():
    for fill, text in (*SCALE, ZERO):
        assert contrast(fill, text) >= 4.5, (fill, text)


def test_the_classes_get_darker_step_by_step():
    lightness = [luminance(fill) for fill, _text in (ZERO, *SCALE)]
    assert lightness == sorted(lightness, reverse=True)
    assert len(set(lightness)) == len(lightness)


def test_figures_in_cells_use_their_class_text_colour():
    svg = parse(heat_map(["Health"], [f"2020-{m:02d}" for m in range(1, 7)], [[1, 2, 5, 10, 20, 57]],
                         title="t", row_label="r", column_label="c"))
    cells = [group for group in svg if group.find(f"{SVG}rect[@class='chart-cell']") is not None]
    shapes = [(group.find(f"{SVG}rect"), group.find(f"{SVG}text")) for group in cells]
    pairs = [(rect.get("fill"), text.get("fill")) for rect, text in shapes if rect is not None and text is not None]
    assert pairs == [*SCALE, SCALE[-1]]
