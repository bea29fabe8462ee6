import datetime as dt

import pytest
from django.utils import timezone

from alliance.accounts.actions import create_api_token
from tests.factories import RegistrationFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_upcoming_sessions_are_listed_with_times_seats_and_calendar(client):
    session = SessionFactory(topic="Next", capacity=10)
    session.ecosystems.set(["health"])
    RegistrationFactory(session=session)
    SessionFactory(topic="Old", starts_at=timezone.now() - dt.timedelta(days=3), status="ended")
    SessionFactory(topic="Draft", status="draft")
    SessionFactory(topic="Members", visibility="members")
    body = client.get("/api/sessions").json()
    assert [s["topic"] for s in body["items"]] == ["Next"]
    item = body["items"][0]
    assert item["seats_taken"] == 1 and item["capacity"] == 10 and item["ecosystems"] == ["health"]
    assert item["time_zone"] == "Europe/Brussels" and item["calendar_url"].endswith("/session.ics")
    assert [s["topic"] for s in client.get("/api/sessions", {"when": "past"}).json()["items"]] == ["Old"]


def test_members_only_sessions_need_a_token_and_drafts_never_show(client):
    members = SessionFactory(topic="Members", visibility="members")
    draft = SessionFactory(status="draft")
    assert client.get(f"/api/sessions/{members.pk}").status_code == 404
    _t, key = create_api_token(user=UserFactory(), name="t")
    auth = {"Authorization": f"Bearer {key}"}
    assert client.get(f"/api/sessions/{members.pk}", headers=auth).json()["topic"] == "Members"
    assert client.get(f"/api/sessions/{draft.pk}", headers=auth).status_code == 404
    assert client.get("/api/sessions", {"when": "someday"}).status_code == 422
