"""A partner search lists the roles wanted; other organisations express interest with a
note; the poster sees them ranked by fit and shortlists; the deadline closes it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliance.exchange.models import Interest, Post
from tests.exchange.people import in_days, member_of, post
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def search(committed):
    poster = member_of()
    found = post(poster, kind="partner_search", title="Partners for a Horizon project on textile recycling",
                 text="We look for SMEs that sort and recycle used textiles, for a Horizon Europe call.",
                 categories=("expertise",), roles_wanted="An SME that recycles textiles; a research centre.",
                 deadline=in_days(20))
    return poster, found


def test_interested_organisations_are_ranked_and_shortlisted(client, search):
    poster, found = search
    recycler = member_of(OrganisationFactory(name="ReTex", description="We sort and recycle used textiles."))
    baker = member_of(OrganisationFactory(name="Bakery", description="Bread and cakes for the region."))
    for user, note in [(baker, "We could bake for the consortium."), (recycler, "We recycle 2,000 t a year.")]:
        client.force_login(user)
        client.post(reverse("exchange:interest", args=[found.pk]), {"note": note})
    client.force_login(poster)
    page = client.get(found.get_absolute_url()).content.decode().split("Organisations interested")[1]
    assert page.index("ReTex") < page.index("Bakery"), "the best fit first"
    interest = Interest.objects.get(organisation__name="ReTex")
    client.post(reverse("exchange:shortlist", args=[interest.pk]), {"shortlisted": "1"})
    assert Interest.objects.get(pk=interest.pk).shortlisted


def test_interest_is_refused_twice_after_the_deadline_and_for_ones_own_search(client, search):
    poster, found = search
    other = member_of()
    client.force_login(other)
    client.post(reverse("exchange:interest", args=[found.pk]), {"note": "Count us in."})
    again = client.post(reverse("exchange:interest", args=[found.pk]), {"note": "Again."}, follow=True)
    assert "already expressed interest" in again.content.decode()
    Post.objects.filter(pk=found.pk).update(deadline=in_days(-1))
    late = member_of()
    client.force_login(late)
    assert "deadline" in client.post(reverse("exchange:interest", args=[found.pk]), {"note": "Late."},
                                     follow=True).content.decode()
    client.force_login(poster)
    assert client.post(reverse("exchange:interest", args=[found.pk]), {"note": "Us"}).status_code == 403
    assert Interest.objects.count() == 1
    client.force_login(other)
    interest = Interest.objects.get()
    assert client.post(reverse("exchange:shortlist", args=[interest.pk]), {"shortlisted": "1"}).status_code == 403


def test_smes_come_first_on_request_and_the_deadline_closes_the_search(client, search):
    poster, found = search
    assert found.expires_on == found.deadline
    big = member_of(OrganisationFactory(name="Big Recycling AG", type="company", size="large",
                                        description="We sort and recycle used textiles at scale."))
    small = member_of(OrganisationFactory(name="Tiny Bakery", type="company", size="micro",
                                          description="Bread."))
    for user in (big, small):
        client.force_login(user)
        client.post(reverse("exchange:interest", args=[found.pk]), {"note": "Count us in."})
    client.force_login(poster)
    page = client.get(found.get_absolute_url() + "?smes=1").content.decode()
    interested = page.split("Organisations interested")[1]
    assert interested.index("Tiny Bakery") < interested.index("Big Recycling AG")
