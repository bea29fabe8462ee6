import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many attempts; try again in 15 minutes."


@pytest.fixture(autouse=True)
def _limits(limits):
    limits("login", per_email=3, per_ip=5)


def log_in(client, email, password, ip="10.0.0.1"):
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


def signed_in(client) -> bool:
    return client.get(reverse("accounts:account")).status_code == 200


def test_after_too_many_wrong_passwords_for_an_account_the_right_one_is_refused_too(client, clock):
    UserFactory(email="victim@example.org")
    for i in range(3):  # from three addresses: the account's own limit applies
        assert log_in(client, "victim@example.org", f"guess {i}", ip=f"10.0.0.{i}").status_code == 200
    response = log_in(client, "victim@example.org", PASSWORD, ip="10.0.9.9")
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    assert not signed_in(client)


def test_the_right_password_works_again_once_the_window_has_passed(client, clock):
    UserFactory(email="victim@example.org")
    for i in range(3):
        log_in(client, "victim@example.org", f"guess {i}")
    clock.advance(899)
    assert log_in(client, "victim@example.org", PASSWORD).status_code == 429
    clock.advance(1)
    assert log_in(client, "victim@example.org", PASSWORD).status_code == 302
    assert signed_in(client)


def test_after_too_many_failures_from_one_client_address_every_account_is_refused_there(client, clock):
    UserFactory(email="someone@example.org")
    for i in range(5):
        assert log_in(client, f"target{i}@example.org", "guess", ip="10.0.0.7").status_code == 200
    assert log_in(client, "someone@example.org", PASSWORD, ip="10.0.0.7").status_code == 429
    assert not signed_in(client)
    assert log_in(client, "someone@example.org", PASSWORD, ip="10.0.0.8").status_code == 302


def test_successful_log_ins_do_not_use_up_the_allowance(client, clock):
    UserFactory(email="regular@example.org")
    for _ in range(6):
        assert log_in(client, "regular@example.org", PASSWORD).status_code == 302
        client.post(reverse("accounts:logout"))


def test_a_throttled_address_is_refused_the_same_way_whether_or_not_it_has_an_account(client, clock):
    UserFactory(email="known@example.org")
    answers = []
    for email, ip in (("known@example.org", "10.0.1.1"), ("unknown@example.org", "10.0.2.2")):
        for _ in range(3):
            log_in(client, email, "guess", ip=ip)
        response = log_in(client, email, "guess", ip=ip)
        answers.append((response.status_code, TOO_MANY in response.content.decode()))
    assert answers == [(429, True), (429, True)]
