"""Matching across languages, with the reasons shown: an Italian need for masks finds a
German offer of masks first, above an offer of something else and above nothing said in
its own language; expired offers and one's own organisation never appear."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliance.exchange import matches
from tests.exchange.people import in_days, lombardy_and_bavaria, member_of, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def market(committed):
    needy, maker = lombardy_and_bavaria()
    need = post(needy, title="Servono mascherine FFP2 per 300 lavoratori",
                text="Il nostro stabilimento ha bisogno di mascherine FFP2 certificate per 300 lavoratori.",
                quantity=300, unit="pieces")
    masks = post(maker, kind="offer", title="Wir liefern zertifizierte FFP2-Masken",
                 text="Unser Betrieb hat umgestellt und liefert 5000 FFP2-Schutzmasken pro Woche EU-weit.",
                 quantity=5000, unit="pieces")
    other = member_of()
    logistics = post(other, kind="offer", title="Refrigerated trucks for food", categories=("logistics",),
                     text="We have refrigerated trucks free for food transport between Poland and Germany.")
    return needy, need, masks, logistics


def test_the_german_offer_comes_first_with_its_reasons(market):
    needy, need, masks, logistics = market
    found = matches.matches_for(need, viewer=needy)
    assert found[0].post == masks
    reasons = " · ".join(found[0].reasons)
    assert "same category: Protective equipment" in reasons
    assert "offers 5000 of 300 pieces needed" in reasons
    assert "written in German, matched by meaning" in reasons
    ranks = [m.post for m in found if m.post]
    assert ranks.index(masks) < ranks.index(logistics)


def test_expired_offers_and_ones_own_posts_never_match(market):
    needy, need, masks, _logistics = market
    masks.expires_on = in_days(-1)
    masks.save()
    own = post(needy, kind="offer", title="Offriamo mascherine FFP2", text="Offriamo mascherine FFP2 ai soci.")
    found = [m.post for m in matches.matches_for(need, viewer=needy)]
    assert masks not in found and own not in found


def test_the_post_page_shows_the_matches_to_signed_in_people_only(client, market):
    needy, need, _masks, _ = market
    url = reverse("exchange:post", args=[need.pk])
    assert "Wir liefern zertifizierte FFP2-Masken" not in client.get(url).content.decode()
    client.force_login(needy)
    page = client.get(url).content.decode()
    assert "Best matches" in page and "Wir liefern zertifizierte FFP2-Masken" in page
    assert "written in German, matched by meaning" in page
    assert "jonas@schutz.example" not in page, "nobody's e-mail before an introduction"
