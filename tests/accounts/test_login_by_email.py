import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_log_in_with_email_in_any_case(client):
    UserFactory(email="mixed@example.org")
    response = client.post(reverse("accounts:login"), {"username": "MIXED@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("accounts:account")).status_code == 200


def test_wrong_password_is_refused_with_a_message(client):
    UserFactory(email="someone@example.org")
    response = client.post(reverse("accounts:login"), {"username": "someone@example.org", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct" in response.content.decode()


def test_coordinator_role_makes_the_user_staff_and_other_roles_do_not(coordinator, moderator):
    assert coordinator.is_staff
    assert not moderator.is_staff
    coordinator.role = "participant"
    coordinator.save()
    assert not coordinator.is_staff
