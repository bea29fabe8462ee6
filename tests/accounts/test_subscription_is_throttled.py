import pytest
from django.core import mail
from django.urls import reverse

from alliance.community.models import Subscription

pytestmark = pytest.mark.django_db(transaction=True)  # e-mails are sent after commit

TOO_MANY = "Too many attempts; try again in 15 minutes."


@pytest.fixture(autouse=True)
def _limits(limits):
    limits("subscribe", per_email=3, per_ip=5)


def subscribe(client, email, ip="10.0.0.1"):
    return client.post(reverse("community:subscribe"), {"email": email, "name": "Sub", "consent": "on"},
                       REMOTE_ADDR=ip)


def test_subscriptions_for_one_address_stop_at_the_limit_without_mail(client, clock):
    for i in range(3):
        assert subscribe(client, "victim@example.org", ip=f"10.0.0.{i}").status_code == 302
    response = subscribe(client, "victim@example.org", ip="10.0.9.9")
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    assert len(mail.outbox) == 3
    clock.advance(900)
    assert subscribe(client, "victim@example.org").status_code == 302
    assert len(mail.outbox) == 4


def test_subscriptions_from_one_client_address_stop_at_the_limit(client, clock):
    for i in range(5):
        assert subscribe(client, f"reader{i}@example.org", ip="10.0.0.7").status_code == 302
    assert subscribe(client, "late@example.org", ip="10.0.0.7").status_code == 429
    assert not Subscription.objects.filter(email="late@example.org").exists()
    assert len(mail.outbox) == 5
    assert subscribe(client, "late@example.org", ip="10.0.0.8").status_code == 302
