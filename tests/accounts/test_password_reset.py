import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_password_reset_by_email_lets_the_user_choose_a_new_password(client):
    UserFactory(email="reset@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "reset@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    response = client.post(form_page.redirect_chain[-1][0], {
        "new_password1": "brand new secret 42", "new_password2": "brand new secret 42"})
    assert response.status_code == 302
    assert client.login(email="reset@example.org", password="brand new secret 42")


def test_unknown_address_gets_the_same_page_and_no_mail(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []
