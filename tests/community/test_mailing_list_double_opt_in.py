import re

import pytest
from django.core import mail
from django.urls import reverse

from alliance.community import actions
from alliance.community.models import Subscription, SubscriptionStatus

pytestmark = pytest.mark.django_db(transaction=True)


def subscribe(client, email="sub@example.org", **extra):
    return client.post(reverse("community:subscribe"), {"email": email, "name": "Sub", "consent": "on", **extra})


def confirm_path() -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)


def test_subscribing_waits_for_the_confirmation_link(client):
    assert subscribe(client).status_code == 302
    sub = Subscription.objects.get()
    assert sub.status == SubscriptionStatus.PENDING and sub.consent_text
    assert len(mail.outbox) == 1


def test_opening_the_link_asks_and_posting_confirms_with_a_timestamp(client):
    subscribe(client)
    path = confirm_path()
    assert client.get(path).status_code == 200
    assert Subscription.objects.get().status == SubscriptionStatus.PENDING  # link scanners change nothing
    client.post(path)
    sub = Subscription.objects.get()
    assert sub.status == SubscriptionStatus.CONFIRMED and sub.confirmed_at is not None


def test_one_click_unsubscribe_works_without_a_session_or_form_token(client):
    subscribe(client)
    client.post(confirm_path())
    sub = Subscription.objects.get()
    path = reverse("community:unsubscribe", args=[actions.unsubscribe_token(sub)])
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    sub.refresh_from_db()
    assert sub.status == SubscriptionStatus.UNSUBSCRIBED and sub.unsubscribed_at is not None


def test_tampered_links_change_nothing(client):
    subscribe(client)
    assert client.post(confirm_path() + "x").status_code in {400, 404}
    assert client.post(reverse("community:unsubscribe", args=["1:forged"])).status_code == 400
    assert Subscription.objects.get().status == SubscriptionStatus.PENDING


def test_the_page_does_not_reveal_a_known_address(client):
    subscribe(client)
    client.post(confirm_path())
    first = subscribe(client)
    assert first.status_code == 302 and first.url == reverse("community:subscribe_done")
    assert len(mail.outbox) == 1  # a confirmed address is not mailed again


def test_bots_filling_the_honeypot_are_ignored_silently(client):
    assert subscribe(client, website="http://spam.example").status_code == 302
    assert not Subscription.objects.exists()


def test_missing_consent_or_bad_address_is_explained(client):
    response = client.post(reverse("community:subscribe"), {"email": "nope"})
    body = response.content.decode()
    assert "Enter a valid email address." in body and "This field is required." in body
    assert not Subscription.objects.exists()


def test_coordinator_exports_only_confirmed_subscribers(client, coordinator):
    subscribe(client, email="confirmed@example.org")
    client.post(confirm_path())
    subscribe(client, email="pending@example.org")
    client.force_login(coordinator)
    body = client.get(reverse("community:export_subscribers")).content.decode()
    assert "confirmed@example.org" in body and "pending@example.org" not in body
