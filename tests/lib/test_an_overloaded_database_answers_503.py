"""When the database cannot take one more request in time — every pooled PostgreSQL
connection busy past the pool's timeout, or SQLite's write lock held past its busy
timeout — the person is told to try again in a few seconds (503 + Retry-After, in
their language), nothing is recorded, and any other failure is still a plain 500."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from psycopg_pool import ConnectionPool

from alliance.lib.errors import RETRY_AFTER_SECONDS, is_overload
from alliance.meetings import actions
from alliance.meetings.models import PendingRegistration
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def exhausted_pool(*_args, **_kwargs):
    """What Django raises when its pool gives no connection in time: a real pool (with
    no server behind it, so nothing is ever free) through Django's own error wrapper."""
    pool = ConnectionPool("host=127.0.0.1 port=1 connect_timeout=1", min_size=0, max_size=1, open=True)
    try:
        with connection.wrap_database_errors:
            pool.getconn(timeout=0.1)
    finally:
        pool.close()


def sqlite_locked(*_args, **_kwargs):
    """What Django raises on SQLite when the write lock stays taken past the busy timeout
    (its wrapper turns sqlite3's error into this; on PostgreSQL it would not wrap sqlite3's)."""
    from django.db import OperationalError

    raise OperationalError("database is locked")


def register(session, language="en"):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=language)
    return client.post(reverse("meetings:register", args=[session.pk]),
                       {"name": "Ana Ribeiro", "email": "ana@example.org", "consent": "on"})


@pytest.mark.parametrize("failure", [exhausted_pool, sqlite_locked], ids=["pool exhausted", "sqlite locked"])
def test_a_registration_that_finds_the_database_overloaded_is_told_to_retry(monkeypatch, failure):
    session = SessionFactory(capacity=10)
    monkeypatch.setattr(actions, "request_registration", failure)
    response = register(session)
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert b"try again" in response.content and b"Nothing was changed" in response.content
    assert not PendingRegistration.objects.exists()


def test_the_busy_page_speaks_the_visitors_language(monkeypatch):
    session = SessionFactory(capacity=10)
    monkeypatch.setattr(actions, "request_registration", exhausted_pool)
    response = register(session, language="de")
    assert response.status_code == 503 and 'lang="de"' in response.content.decode()
    assert "Bitte" in response.content.decode()


def test_an_api_client_gets_the_busy_answer_as_json(monkeypatch):
    from alliance.meetings import queries

    monkeypatch.setattr(queries, "visible_sessions", exhausted_pool)
    response = Client(raise_request_exception=False).get("/api/sessions")
    assert response.status_code == 503 and response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response.json()["detail"].startswith("The service is busy")


def test_any_other_failure_is_still_a_server_error(monkeypatch):
    session = SessionFactory(capacity=10)

    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(actions, "request_registration", broken)
    response = register(session)
    assert response.status_code == 500 and "Retry-After" not in response


def test_only_the_overload_errors_count_as_overload():
    from django.db import IntegrityError, OperationalError

    assert not is_overload(None)
    assert not is_overload(OperationalError("no such table: x"))
    assert not is_overload(IntegrityError("duplicate key"))
    try:
        sqlite_locked()
    except OperationalError as error:
        assert is_overload(error)
