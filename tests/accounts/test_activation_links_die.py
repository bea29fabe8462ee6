import re

import pytest
from django.core import mail
from django.urls import reverse

from alliance.accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)  # e-mails are sent after commit

FORM = {"name": "Ana Novak", "email": "ana@example.org", "password1": "a long passphrase 2020",
        "password2": "a long passphrase 2020"}


def activation_link(client) -> str:
    client.post(reverse("accounts:signup"), FORM)
    return re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body).group(1)


def test_a_link_used_once_is_refused_the_second_time(client):
    link = activation_link(client)
    assert client.get(link).status_code == 302
    assert client.get(link).status_code == 400


def test_a_deactivated_account_cannot_reactivate_itself_with_its_old_link(client):
    link = activation_link(client)
    client.get(link)
    user = User.objects.get(email="ana@example.org")
    user.is_active = False  # what a coordinator does in the admin
    user.save()
    assert client.get(link).status_code == 400
    assert not User.objects.get(email="ana@example.org").is_active


def test_an_account_activated_by_a_coordinator_and_deactivated_again_has_a_dead_link(client):
    link = activation_link(client)
    user = User.objects.get(email="ana@example.org")
    user.is_active = True
    user.save(update_fields=["is_active"])
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get(link).status_code == 400
    assert not User.objects.get(email="ana@example.org").is_active
