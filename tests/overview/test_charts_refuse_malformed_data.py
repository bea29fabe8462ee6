"""Data that does not match its labels, or negative counts, is a programming error and
raises, instead of drawing a wrong chart."""

from __future__ import annotations

import pytest

from alliance.overview.charts import bar_chart, heat_map


def test_values_must_match_the_rows_and_columns():
    with pytest.raises(ValueError):
        heat_map(["Health", "Tourism"], ["2020-04"], [[1]], title="t", row_label="r", column_label="c")
    with pytest.raises(ValueError):
        heat_map(["Health"], ["2020-04", "2020-05"], [[1]], title="t", row_label="r", column_label="c")
    with pytest.raises(ValueError):
        heat_map(["Health"], ["2020-04"], [[1]], title="t", row_label="r", column_label="c", cell_links=[[]])
    with pytest.raises(ValueError):
        bar_chart(["Company", "Other"], [1], title="t")
    with pytest.raises(ValueError):
        bar_chart(["Company"], [1], title="t", links=[])


def test_counts_cannot_be_negative():
    with pytest.raises(ValueError, match="negative"):
        bar_chart(["Company"], [-1], title="t")
    with pytest.raises(ValueError, match="negative"):
        heat_map(["Health"], ["2020-04"], [[-3]], title="t", row_label="r", column_label="c")


def test_a_chart_id_must_be_a_valid_id():
    with pytest.raises(ValueError):
        bar_chart(["Company"], [1], title="t", chart_id='x" onload="alert(1)')
