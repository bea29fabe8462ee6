"""The index cuts the candidates into the slices each kind of query ranks, sorted by
expiry, and skips parts of weight 0 until the matches are chosen: the top 10 among
many mixed candidates (every kind, expired ones, the query's own id, places, reaches,
units) are still the ones each candidate scores alone, with the same scores, equal
scores in the candidates' order."""

from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np
import pytest

from alliance.exchange import matching as m
from alliance.lib.exchange_vocabulary import NEED, REACHES, RESOURCE_CATEGORIES

TODAY = date(2021, 6, 1)
# Words' IDF depends on the whole collection, so a candidate alone would score other words.
WEIGHTS = m.Weights(meaning=0.4, words=0.0, category=0.2, geography=0.15, quantity=0.1, recency=0.05,
                    mismatch=0.5, out_of_reach=0.4)
PLACES = [None, (45.46, 9.19), (48.14, 11.58), (40.42, -3.70), (45.07, 7.69)]
REGIONS = ["", "ITC4", "ITC4C", "ITC1", "DE21", "ES30", "ES51"]


def candidate(pick: random.Random, id_: object) -> m.Candidate:
    # A one-hot vector: its cosine with any query is one product, exact whatever the
    # order BLAS sums in, and many candidates tie. Every candidate has one (alone without
    # one, meaning's weight would go to words).
    vector = np.eye(6, dtype=np.float32)[pick.randrange(6)]
    posted = TODAY - timedelta(days=pick.randint(0, 200))
    place = pick.choice(PLACES)
    return m.Candidate(
        id=id_, kind=pick.choice(m.KINDS), text="masks", vector=vector,
        categories=tuple(pick.sample(RESOURCE_CATEGORIES, pick.randint(0, 2))),
        quantity=pick.choice([None, 50.0, 300.0]), unit=pick.choice(["", "pieces", "kg"]),
        region=pick.choice(REGIONS), reach=pick.choice(["", *REACHES]), posted_on=posted,
        expires_on=None if pick.random() < 0.3 else posted + timedelta(days=pick.randint(0, 300)),
        lat=place[0] if place else None, lon=place[1] if place else None)


@pytest.mark.parametrize("seed", [1, 2])
def test_the_top_10_are_the_best_scores_of_each_candidate_alone(seed: int) -> None:
    pick = random.Random(seed)
    pool = [candidate(pick, f"c{i}") for i in range(250)]
    pool.append(candidate(pick, "c3"))  # a second row with the id of a query below
    index = m.Index(pool)
    queries = [pool[3], pool[7], m.Candidate("n", NEED, "masks", vector=np.array([3, 1, 0, 2, 0, 1], np.float32),
                                             categories=(RESOURCE_CATEGORIES[0],), quantity=100, unit="pieces",
                                             region="ITC4C", reach="local", lat=45.5, lon=9.2)]
    for query in queries:
        alone = []
        for row, other in enumerate(pool):
            for match in m.rank(query, [other], weights=WEIGHTS, today=TODAY):
                alone.append((-match.score, row, match.id, match.parts, match.reasons))
        expected = [(i, -s, parts, reasons) for s, _, i, parts, reasons in sorted(alone)[:10]]
        found = m.rank(query, pool, weights=WEIGHTS, today=TODAY, index=index)
        assert [(x.id, x.score, x.parts, x.reasons) for x in found] == expected


def test_equal_scores_at_the_cut_come_in_the_candidates_order() -> None:
    pick = random.Random(5)
    twins = [m.Candidate(f"o{i}", m.OFFER, "masks", vector=np.ones(3, np.float32),
                         expires_on=TODAY + timedelta(days=pick.randint(0, 90))) for i in range(40)]
    need = m.Candidate("n", NEED, "masks", vector=np.ones(3, np.float32))
    assert [x.id for x in m.rank(need, twins, today=TODAY, limit=7)] == [f"o{i}" for i in range(7)]
