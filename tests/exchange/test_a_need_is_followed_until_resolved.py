"""A need is marked fulfilled, partly fulfilled (with what is missing) or withdrawn by
its own organisation, naming who helped; reminders come before expiry, renewal is one
click, expired posts leave the matching, and two weeks after an introduction both sides
are asked whether it led to something — once, and only they can answer."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alliance.exchange import actions, matches
from alliance.exchange.models import Introduction, Post
from tests.exchange.people import in_days, lombardy_and_bavaria, member_of, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def need_and_offer(committed):
    needy, maker = lombardy_and_bavaria()
    return needy, maker, post(needy, title="Servono mascherine FFP2"), post(maker, kind="offer",
                                                                          title="Wir liefern FFP2-Masken")


def test_the_author_marks_the_need_fulfilled_naming_who_helped(client, need_and_offer):
    needy, _maker, need, offer = need_and_offer
    client.force_login(needy)
    client.post(reverse("exchange:resolve", args=[need.pk]),
                {"status": "fulfilled", "helped_by": offer.organisation_id})
    need.refresh_from_db()
    assert need.status == "fulfilled" and need.helped_by_organisation == offer.organisation
    page = client.get(need.get_absolute_url()).content.decode()
    assert "with the help of Schutz GmbH" in page


def test_partly_fulfilled_says_what_is_missing(client, need_and_offer):
    needy, _maker, need, _offer = need_and_offer
    client.force_login(needy)
    response = client.post(reverse("exchange:resolve", args=[need.pk]), {"status": "partly_fulfilled"}, follow=True)
    assert "Say what is still missing." in response.content.decode()
    client.post(reverse("exchange:resolve", args=[need.pk]), {"status": "partly_fulfilled", "note": "100 more"})
    need.refresh_from_db()
    assert need.status == "partly_fulfilled" and need.outcome_note == "100 more"


def test_nobody_marks_someone_elses_need(client, need_and_offer):
    _needy, maker, need, _offer = need_and_offer
    client.force_login(maker)
    assert client.post(reverse("exchange:resolve", args=[need.pk]), {"status": "fulfilled"}).status_code == 403
    need.refresh_from_db()
    assert need.status == "open"


def test_expired_posts_leave_the_matching_and_renewal_brings_them_back(need_and_offer):
    needy, maker, need, offer = need_and_offer
    Post.objects.filter(pk=offer.pk).update(expires_on=in_days(-1))
    assert actions.expire_posts() == 1
    assert offer not in [m.post for m in matches.matches_for(need, viewer=needy)]
    actions.renew_post(by=maker, post=Post.objects.get(pk=offer.pk))
    offer.refresh_from_db()
    assert offer.status == "open" and offer.expires_on == in_days(60)
    assert offer in [m.post for m in matches.matches_for(need, viewer=needy)]


def test_a_reminder_comes_once_a_week_before_expiry(need_and_offer):
    needy, _maker, need, _offer = need_and_offer
    Post.objects.filter(pk=need.pk).update(expires_on=in_days(5))
    mail.outbox.clear()
    assert actions.remind_expiring() == 1
    assert actions.remind_expiring() == 0
    assert [m.to for m in mail.outbox] == [[needy.email]]
    assert "renew" in mail.outbox[0].body.lower() or "rinnov" in mail.outbox[0].body.lower()


def test_two_weeks_after_an_introduction_both_are_asked_and_only_they_answer(client, need_and_offer):
    needy, maker, need, offer = need_and_offer
    introduction = actions.request_introduction(by=needy, post=need, from_organisation=need.organisation,
                                                message="Ciao", to_post=offer)
    actions.answer_introduction(by=maker, introduction=introduction, accept=True)
    mail.outbox.clear()
    assert actions.follow_up_introductions(timezone.now() + dt.timedelta(days=15)) == 1
    assert actions.follow_up_introductions(timezone.now() + dt.timedelta(days=16)) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([needy.email, maker.email])
    message = next(m for m in mail.outbox if m.to == [needy.email])
    yes = re.search(r"http\S+/exchange/outcome/(\S+)/", message.body.split("\n")[2]).group(1)
    page = client.get(reverse("exchange:outcome", args=[yes]))
    assert page.status_code == 200 and Introduction.objects.get().outcome_requester == ""
    client.post(reverse("exchange:outcome", args=[yes]))
    assert Introduction.objects.get().outcome_requester == "yes"
    forged = yes[:-3] + "abc"
    assert client.post(reverse("exchange:outcome", args=[forged])).status_code == 400


def test_coordinators_see_needs_nobody_met(client, need_and_offer):
    from alliance.accounts.models import Role
    from tests.factories import UserFactory

    _needy, _maker, need, _offer = need_and_offer
    Post.objects.filter(pk=need.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    client.force_login(member_of())
    assert client.get(reverse("exchange:follow-up")).status_code == 403
    client.force_login(UserFactory(role=Role.COORDINATOR))
    page = client.get(reverse("exchange:follow-up")).content.decode()
    assert "Servono mascherine FFP2" in page


def test_the_helping_organisations_profile_shows_what_it_offered_and_helped_with(client, need_and_offer):
    needy, _maker, need, offer = need_and_offer
    actions.resolve_post(by=needy, post=need, status="fulfilled", helped_by_organisation=offer.organisation)
    page = client.get(offer.organisation.get_absolute_url()).content.decode()
    assert "On the exchange" in page and "Wir liefern FFP2-Masken" in page and "Servono mascherine FFP2" in page
