import re

import pytest
from django.core import mail
from django.urls import reverse

from alliance.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)  # e-mails are sent after commit

FORM = {"name": "Ana Novak", "email": "Ana@Example.org", "password1": "a long passphrase 2020",
        "password2": "a long passphrase 2020"}


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_sign_up_creates_an_inactive_account_and_mails_a_link(client):
    response = client.post(reverse("accounts:signup"), FORM)
    assert response.status_code == 302
    user = User.objects.get(email="ana@example.org")
    assert not user.is_active
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana@example.org"]
    assert mail.outbox[0].alternatives  # HTML part as well as text
    assert not client.login(email="ana@example.org", password=FORM["password1"])


def test_the_link_activates_the_account_once(client):
    client.post(reverse("accounts:signup"), FORM)
    link = link_in(mail.outbox[0])
    assert client.get(link).status_code == 302
    assert User.objects.get(email="ana@example.org").is_active
    assert client.login(email="ana@example.org", password=FORM["password1"])
    assert client.get(link).status_code == 400  # used links stop working


def test_a_tampered_link_changes_nothing(client):
    client.post(reverse("accounts:signup"), FORM)
    link = link_in(mail.outbox[0])
    assert client.get(link[:-3] + "abc/").status_code == 400
    assert client.get("/account/activate/Zm9v/xyz/").status_code == 400
    assert not User.objects.get(email="ana@example.org").is_active


def test_a_known_address_gets_the_same_answer_and_no_second_account(client):
    UserFactory(email="ana@example.org")
    response = client.post(reverse("accounts:signup"), FORM)
    assert response.status_code == 302
    assert response.url == reverse("accounts:signup_done")
    assert User.objects.filter(email__iexact="ana@example.org").count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize("field,value,message", [
    ("email", "not-an-address", "Enter a valid email address."),
    ("password2", "something else", "The two passwords differ."),
    ("password1", "12345678", "This password is too common."),
])
def test_bad_sign_up_input_is_explained_and_saves_nothing(client, field, value, message):
    data = {**FORM, field: value}
    if field == "password1":
        data["password2"] = value
    response = client.post(reverse("accounts:signup"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()
