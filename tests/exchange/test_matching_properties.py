"""For any candidates: scores lie in [0, 1] and come best first, a need is offered only
offers, organisations and solutions (never other needs), an expired candidate and the
query itself are never returned, and the same input gives the same output."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance.exchange import matching as m
from alliance.lib.exchange_vocabulary import NEED, OFFER, REACHES, RESOURCE_CATEGORIES

TODAY = date(2021, 6, 1)
WORDS = ["masks", "Masken", "mascherine", "ventilators", "chips", "transport", "training", "funding", "hall", ""]


@st.composite
def candidates(draw: st.DrawFn, id_: int) -> m.Candidate:
    vector = draw(st.none() | st.lists(st.floats(-1, 1), min_size=4, max_size=4))
    posted = TODAY - timedelta(days=draw(st.integers(0, 400)))
    place = draw(st.none() | st.sampled_from([(45.46, 9.19), (48.14, 11.58), (40.42, -3.70)]))
    return m.Candidate(
        id=id_, kind=draw(st.sampled_from(m.KINDS)), text=" ".join(draw(st.lists(st.sampled_from(WORDS), max_size=5))),
        language=draw(st.sampled_from(["", "en", "de", "it"])),
        vector=None if vector is None else np.array(vector, dtype=np.float32),
        categories=tuple(draw(st.lists(st.sampled_from(RESOURCE_CATEGORIES), max_size=2))),
        quantity=draw(st.none() | st.floats(0.5, 1e6)), unit=draw(st.sampled_from(["", "pieces", "kg"])),
        region=draw(st.sampled_from(["", "ITC4", "ITC4C", "ITC1", "DE21", "FR10", "ES51"])),
        reach=draw(st.sampled_from(["", *REACHES])), posted_on=posted,
        expires_on=draw(st.none() | st.just(posted + timedelta(days=draw(st.integers(0, 500))))),
        lat=place[0] if place else None, lon=place[1] if place else None)


collections = st.integers(0, 12).flatmap(lambda n: st.tuples(*[candidates(i) for i in range(n)])).map(list)


@settings(max_examples=150, deadline=None)
@given(query=candidates(0), others=collections, limit=st.integers(1, 15))
def test_any_ranking_is_well_formed(query: m.Candidate, others: list[m.Candidate], limit: int) -> None:
    pool = [query, *others]
    matches = m.rank(query, pool, today=TODAY, limit=limit)
    assert len(matches) <= limit
    scores = [x.score for x in matches]
    assert scores == sorted(scores, reverse=True)
    for match in matches:
        assert 0.0 <= match.score <= 1.0
        assert all(0.0 <= v <= 1.0 for v in match.parts.values())
        assert match.candidate is not query
        assert match.candidate.kind in m.COUNTERPARTS[query.kind]
        assert match.candidate.expires_on is None or match.candidate.expires_on >= TODAY
        assert isinstance(match.explain(), str)
    if query.kind == NEED:
        assert all(x.candidate.kind != NEED for x in matches)
    if query.kind == OFFER:
        assert all(x.candidate.kind == NEED for x in matches)
    again = m.rank(query, pool, today=TODAY, limit=limit)
    assert [(x.id, x.score, x.reasons) for x in again] == [(x.id, x.score, x.reasons) for x in matches]
