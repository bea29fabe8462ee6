"""A person opts in to a weekly e-mail of new posts that match their organisation, in
their language; a second run in the week sends nothing; one click unsubscribes."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from alliance.exchange import actions
from alliance.exchange.models import DigestSubscription
from tests.exchange.people import member_of, post
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_subscriber_gets_the_weeks_matching_posts_once_and_can_unsubscribe(client, committed):
    maker = member_of(OrganisationFactory(name="Schutz GmbH", description="We make FFP2 masks and gowns."),
                      language="de")
    client.force_login(maker)
    client.post(reverse("exchange:digest"), {"digest": "on"})
    subscription = DigestSubscription.objects.get(user=maker)
    assert subscription.active and subscription.consented_at
    post(member_of(), title="Need FFP2 masks for 300 workers")
    mail.outbox.clear()
    assert actions.send_digests() == 1 and actions.send_digests() == 0
    message = mail.outbox[0]
    assert message.to == [maker.email] and "Need FFP2 masks for 300 workers" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    client.logout()
    assert client.get(link).status_code == 200 and DigestSubscription.objects.get().active
    client.post(link)
    assert not DigestSubscription.objects.get().active


def test_nobody_else_subscribes_a_person(client):
    response = client.post(reverse("exchange:digest"), {"digest": "on"})
    assert response.status_code in (302, 403)
    assert not DigestSubscription.objects.exists()
