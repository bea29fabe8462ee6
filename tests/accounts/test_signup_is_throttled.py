import pytest
from django.core import mail
from django.urls import reverse

from alliance.accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)  # e-mails are sent after commit

TOO_MANY = "Too many attempts; try again in 15 minutes."


@pytest.fixture(autouse=True)
def _limits(limits):
    limits("signup", per_email=3, per_ip=5)


def sign_up(client, email, ip="10.0.0.1"):
    return client.post(reverse("accounts:signup"), {
        "name": "Ana Novak", "email": email, "password1": "a long passphrase 2020",
        "password2": "a long passphrase 2020"}, REMOTE_ADDR=ip)


def test_sign_ups_for_one_address_stop_at_the_limit_without_mail(client, clock):
    for i in range(3):  # the first creates the account; the next two get the same page
        assert sign_up(client, "ana@example.org", ip=f"10.0.0.{i}").status_code == 302
    response = sign_up(client, "ana@example.org", ip="10.0.9.9")
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    assert len(mail.outbox) == 1


def test_sign_ups_from_one_client_address_stop_at_the_limit(client, clock):
    for i in range(5):
        assert sign_up(client, f"person{i}@example.org", ip="10.0.0.7").status_code == 302
    assert sign_up(client, "late@example.org", ip="10.0.0.7").status_code == 429
    assert not User.objects.filter(email="late@example.org").exists()
    assert len(mail.outbox) == 5
    clock.advance(900)
    assert sign_up(client, "late@example.org", ip="10.0.0.7").status_code == 302
    assert User.objects.filter(email="late@example.org").exists()
