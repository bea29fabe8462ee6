"""A match says why, as structured reasons the app translates and as an English line:
the shared category, the distance, how much of the need the offer covers and, across
languages, that the meaning matched."""

from __future__ import annotations

from datetime import date

import numpy as np

from alliance.exchange import matching as m
from alliance.lib.exchange_vocabulary import DIGITAL, EU_WIDE, LOCAL, NEED, OFFER, PROTECTIVE_EQUIPMENT

TODAY = date(2020, 4, 1)
V = np.array([1.0, 0.2, 0.0], dtype=np.float32)


def need() -> m.Candidate:
    return m.Candidate("n", NEED, "Servono mascherine FFP2 per 300 operai", language="it", vector=V,
                       categories=(PROTECTIVE_EQUIPMENT,), quantity=300, unit="pieces", region="ITC4",
                       reach=EU_WIDE, lat=45.46, lon=9.19, posted_on=TODAY)


def test_reasons_name_category_distance_cover_and_language() -> None:
    offer = m.Candidate("o", OFFER, "Atemschutzmasken FFP2 ab Lager", language="de", vector=V,
                        categories=(PROTECTIVE_EQUIPMENT,), quantity=500, unit="pieces", region="ITC1",
                        reach=EU_WIDE, lat=45.07, lon=7.69, posted_on=TODAY)
    [match] = m.rank(need(), [offer], today=TODAY)
    assert ("category", PROTECTIVE_EQUIPMENT) in match.reasons
    assert ("distance_km", 125) in match.reasons
    assert ("covers", 500, 300, "pieces") in match.reasons
    assert ("language", "de", "meaning") in match.reasons
    assert match.explain() == ("same category: protective equipment · neighbouring region (ITC1) · 125 km · "
                               "offers 500 of 300 pieces needed · written in German, matched by meaning")


def test_a_partial_cover_says_so() -> None:
    offer = m.Candidate("o", OFFER, "mascherine FFP2", language="it", categories=(PROTECTIVE_EQUIPMENT,),
                        quantity=100, unit="Pieces")
    [match] = m.rank(need(), [offer], today=TODAY)
    assert ("partly_covers", 100, 300, "Pieces") in match.reasons
    assert "offers only 100 of 300 Pieces needed" in match.explain()


def test_a_disjoint_category_ranks_below_a_shared_one_with_the_same_text() -> None:
    same = m.Candidate("same", OFFER, "mascherine FFP2", vector=V, categories=(PROTECTIVE_EQUIPMENT,))
    other = m.Candidate("other", OFFER, "mascherine FFP2", vector=V, categories=(DIGITAL,))
    assert [x.id for x in m.rank(need(), [other, same], today=TODAY)] == ["same", "other"]


def test_a_local_offer_far_away_ranks_below_an_eu_wide_one() -> None:
    far_local = m.Candidate("local", OFFER, "mascherine FFP2", vector=V, categories=(PROTECTIVE_EQUIPMENT,),
                            region="ES61", reach=LOCAL, lat=37.39, lon=-5.98)
    far_eu = m.Candidate("eu", OFFER, "mascherine FFP2", vector=V, categories=(PROTECTIVE_EQUIPMENT,),
                         region="ES61", reach=EU_WIDE, lat=37.39, lon=-5.98)
    matches = m.rank(need(), [far_local, far_eu], today=TODAY)
    assert [x.id for x in matches] == ["eu", "local"]
    assert matches[1].parts["geography"] == 0.0
