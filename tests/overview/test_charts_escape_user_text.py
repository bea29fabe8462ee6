"""Labels are user data (ecosystem, region and organisation names): markup in them is
shown as text, and characters XML cannot hold do not break the chart."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from alliance.overview.charts import bar_chart, heat_map

SVG = "{http://www.w3.org/2000/svg}"
NASTY = 'R&D <b>"Labs"</b> \'n\' </svg><script>alert(1)</script>'

def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # noqa: S314 (the charts' own output, not outside XML)



def all_text(markup: str) -> str:
    return " ".join(parse(markup).itertext())


def test_markup_in_heat_map_labels_and_titles_is_text():
    markup = heat_map([NASTY], [NASTY], [[4]], title=NASTY, row_label=NASTY, column_label=NASTY)
    svg = parse(markup)
    assert svg.find(f".//{SVG}script") is None and svg.find(f".//{SVG}b") is None
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    assert f"{NASTY} · {NASTY}: 4" in all_text(markup)
    assert svg.findtext(f"{SVG}title") == NASTY


def test_markup_in_bar_labels_and_descriptions_is_text():
    markup = bar_chart([NASTY], [4], title=NASTY, description=NASTY)
    svg = parse(markup)
    assert svg.find(f".//{SVG}script") is None
    assert svg.findtext(f"{SVG}desc") == NASTY
    assert f"{NASTY}: 4" in all_text(markup)


def test_characters_xml_cannot_hold_become_replacement_characters():
    markup = bar_chart(["Bad\x00name\x1b", "lone \ud800 surrogate"], [1, 2], title="t\x0c")
    svg = parse(markup)
    assert "Bad\ufffdname\ufffd" in all_text(markup)
    assert "lone \ufffd surrogate" in all_text(markup)
    assert svg.findtext(f"{SVG}title") == "t\ufffd"


def test_line_breaks_and_runs_of_spaces_in_a_label_become_one_space():
    markup = bar_chart(["Cluster\n   organisation\t"], [1], title="t")
    assert "Cluster organisation: 1" in all_text(markup)
