"""Bad input is refused when a candidate is built, with a ValueError saying what is
wrong; what is merely unknown (no vector, no region, an all-zero vector) is allowed."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from alliance.exchange import matching as m
from alliance.lib.exchange_vocabulary import NEED, OFFER, PROTECTIVE_EQUIPMENT


@pytest.mark.parametrize("fields", [
    {"kind": "wish"},
    {"categories": ("masks",)},
    {"reach": "galactic"},
    {"quantity": -5},
    {"quantity": 0},
    {"quantity": float("nan")},
    {"vector": np.array([1.0, np.nan], dtype=np.float32)},
    {"vector": np.array([np.inf, 0.0], dtype=np.float32)},
    {"lat": 95.0, "lon": 0.0},
    {"lat": 45.0},
    {"posted_on": date(2021, 5, 1), "expires_on": date(2021, 4, 1)},
])
def test_a_bad_field_raises_value_error(fields: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        m.Candidate(**{"id": 1, "kind": NEED, "text": "masks", **fields})  # type: ignore[arg-type]


def test_bad_weights_and_limits_raise_value_error() -> None:
    with pytest.raises(ValueError):
        m.Weights(meaning=-1)
    with pytest.raises(ValueError):
        m.Weights(**dict.fromkeys(m.PARTS, 0.0))
    with pytest.raises(ValueError):
        m.rank(m.Candidate(1, NEED, "x"), [], today=date(2021, 1, 1), limit=-1)


def test_vectors_of_another_dimension_are_refused() -> None:
    offer = m.Candidate(2, OFFER, "masks", vector=np.ones(4, dtype=np.float32))
    need = m.Candidate(1, NEED, "masks", vector=np.ones(3, dtype=np.float32))
    with pytest.raises(ValueError):
        m.rank(need, [offer], today=date(2021, 1, 1))
    with pytest.raises(ValueError):
        m.Index([offer, m.Candidate(3, OFFER, "gloves", vector=np.ones(3, dtype=np.float32))])


def test_missing_fields_and_zero_vectors_still_rank() -> None:
    need = m.Candidate(1, NEED, "FFP2 masks for 300 workers", vector=np.zeros(4, dtype=np.float32),
                       categories=(PROTECTIVE_EQUIPMENT,))
    offers = [m.Candidate(2, OFFER, "FFP2 masks in stock"), m.Candidate(3, OFFER, ""),
              m.Candidate(4, OFFER, "office chairs", vector=np.ones(4, dtype=np.float32))]
    matches = m.rank(need, offers, today=date(2021, 1, 1))
    assert need.vector is None
    assert matches[0].id == 2
    assert m.rank(need, [], today=date(2021, 1, 1)) == []
