import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many attempts; try again in 15 minutes."


@pytest.fixture(autouse=True)
def _limits(limits):
    limits("password_reset", per_email=3, per_ip=5)


def ask(client, email, ip="10.0.0.1"):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_resets_for_one_account_stop_at_the_limit_and_no_more_mail_goes_out(client, clock):
    UserFactory(email="victim@example.org")
    for i in range(3):
        assert ask(client, "victim@example.org", ip=f"10.0.0.{i}").status_code == 302
    response = ask(client, "victim@example.org", ip="10.0.9.9")
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    assert len(mail.outbox) == 3
    clock.advance(900)
    assert ask(client, "victim@example.org").status_code == 302
    assert len(mail.outbox) == 4


def test_resets_from_one_client_address_stop_at_the_limit(client, clock):
    UserFactory(email="victim@example.org")
    for i in range(5):
        assert ask(client, f"nobody{i}@example.org", ip="10.0.0.7").status_code == 302
    assert ask(client, "victim@example.org", ip="10.0.0.7").status_code == 429
    assert mail.outbox == []
    assert ask(client, "victim@example.org", ip="10.0.0.8").status_code == 302
    assert len(mail.outbox) == 1


def test_an_unknown_address_is_throttled_like_a_known_one(client, clock):
    UserFactory(email="known@example.org")
    for email in ("known@example.org", "unknown@example.org"):
        for _ in range(3):
            ask(client, email, ip=email)
        response = ask(client, email, ip=email)
        assert response.status_code == 429
        assert TOO_MANY in response.content.decode()
