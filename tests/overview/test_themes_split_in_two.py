"""The curator's "split this theme": ``split_in_two`` gives each row 0 or 1, two
groups that both have members whenever there are two different vectors, the same
answer for the same vectors and seed, and an error when there is nothing to split."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from alliance.overview.themes import split_in_two


def test_two_clear_groups_are_told_apart():
    rng = np.random.default_rng(5)
    left = np.array([1.0, 0, 0, 0]) + rng.normal(scale=0.1, size=(8, 4))
    right = np.array([0, 1.0, 0, 0]) + rng.normal(scale=0.1, size=(6, 4))
    labels = split_in_two(np.vstack([left, right]))
    assert labels == [0] * 8 + [1] * 6


def test_two_different_rows_are_two_groups():
    assert split_in_two([[1.0, 0.0], [0.0, 1.0]]) == [0, 1]
    assert split_in_two([[1.0, 0.0], [1.0, 0.0], [1.0, 1e-7]]) == [0, 0, 1]


def test_rows_without_a_vector_go_with_the_first_group():
    assert split_in_two([[np.nan, 0.0], [1.0, 0.0], [0.0, 0.0], [0.0, 1.0]]) == [0, 0, 0, 1]


@pytest.mark.parametrize("vectors", [[[1.0, 0.0]], [[1.0, 0.0], [2.0, 0.0]], [[0.0, 0.0], [np.nan, 1.0]],
                                     np.zeros((0, 3))])
def test_nothing_to_split_is_an_error(vectors):
    with pytest.raises(ValueError, match="two different vectors"):
        split_in_two(vectors)


@settings(max_examples=80, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(2, 30), st.integers(1, 5)),
              elements=st.floats(-10, 10, allow_nan=False, width=32)), st.integers(0, 3))
def test_any_two_different_directions_give_two_groups_and_the_same_ones_again(vectors, seed):
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    directions = {tuple(np.round(row, 5)) for row in (vectors / np.where(norms > 0, norms, 1))[norms[:, 0] > 1e-6]}
    try:
        labels = split_in_two(vectors, seed=seed)
    except ValueError:
        assert len(directions) <= 1 or norms.max() < 1e-3
        return
    assert set(labels) == {0, 1}
    assert labels == split_in_two(vectors, seed=seed)
