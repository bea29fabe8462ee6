"""An index built once ranks like a fresh one, and is refused for other candidates."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from alliance.exchange import matching as m
from alliance.lib.exchange_vocabulary import NEED, OFFER

TODAY = date(2021, 1, 1)


def test_an_index_ranks_like_a_fresh_one() -> None:
    rng = np.random.default_rng(3)
    offers = [m.Candidate(i, OFFER, f"offer {i} masks gloves"[: 8 + i % 12], vector=rng.normal(size=8).astype(
        np.float32)) for i in range(50)]
    index = m.Index(offers)
    need = m.Candidate("n", NEED, "masks", vector=rng.normal(size=8).astype(np.float32))
    assert [x.id for x in m.rank(need, offers, today=TODAY, index=index)] == \
        [x.id for x in m.rank(need, offers, today=TODAY)]
    assert [x.id for x in index.rank(need, today=TODAY)] == [x.id for x in m.rank(need, offers, today=TODAY)]
    with pytest.raises(ValueError):
        m.rank(need, offers[:10], today=TODAY, index=index)
