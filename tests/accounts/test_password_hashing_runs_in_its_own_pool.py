"""Log-in, sign-up and a new password after a reset hash in the hashing pool's threads,
never on the thread that runs the request's sync code (here the test's own thread:
the test client runs sync code, sync views included, on the thread that called it)."""

import re
import threading

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.urls import reverse

from alliance.accounts.backends import HASHING_THREAD_PREFIX
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

threads: list[threading.Thread] = []


class RecordingHasher(MD5PasswordHasher):
    def encode(self, password, salt):
        threads.append(threading.current_thread())
        return super().encode(password, salt)

    def verify(self, password, encoded):
        threads.append(threading.current_thread())
        return super().verify(password, encoded)


@pytest.fixture(autouse=True)
def _recording_hasher(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.RecordingHasher"]
    threads.clear()


def hashed_in_the_pool_only() -> bool:
    return bool(threads) and all(
        t is not threading.current_thread() and t.name.startswith(HASHING_THREAD_PREFIX) for t in threads)


def test_a_log_in_hashes_in_the_pool_not_on_the_sync_thread(client):
    UserFactory(email="flood@example.org")
    threads.clear()
    response = client.post(reverse("accounts:login"), {"username": "flood@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert hashed_in_the_pool_only()


def test_a_wrong_password_and_an_unknown_address_hash_in_the_pool_too(client):
    UserFactory(email="flood@example.org")
    threads.clear()
    client.post(reverse("accounts:login"), {"username": "flood@example.org", "password": "guess"})
    assert hashed_in_the_pool_only()
    threads.clear()
    client.post(reverse("accounts:login"), {"username": "nobody@example.org", "password": "guess"})
    assert hashed_in_the_pool_only()


@pytest.mark.django_db(transaction=True)  # the sign-up e-mail goes out after commit
def test_sign_up_hashes_in_the_pool(client):
    response = client.post(reverse("accounts:signup"), {
        "name": "Ana", "email": "ana@example.org", "password1": "a long passphrase 2020",
        "password2": "a long passphrase 2020"})
    assert response.status_code == 302
    assert hashed_in_the_pool_only()


def test_a_new_password_after_a_reset_is_hashed_in_the_pool(client):
    UserFactory(email="reset@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "reset@example.org"})
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    threads.clear()
    response = client.post(form_url, {"new_password1": "brand new secret 42",
                                      "new_password2": "brand new secret 42"})
    assert response.status_code == 302
    assert hashed_in_the_pool_only()
    assert client.login(email="reset@example.org", password="brand new secret 42")
