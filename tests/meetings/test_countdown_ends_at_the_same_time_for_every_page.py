"""A page that opens the room later sees the speaker's countdown end at the same server
time as everyone else's: the end is fixed from the moment the turn was given, not from
when the page asked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from alliance.meetings import actions, queries
from tests.factories import RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_the_countdown_end_does_not_move_with_the_time_a_page_asks(monkeypatch):
    session = SessionFactory(status="live")
    speaker = RegistrationFactory(session=session)
    given = timezone.now() - dt.timedelta(seconds=40)
    actions.record_floor_event(session=session, kind="request", key="r", person=f"r{speaker.pk}",
                               now=given - dt.timedelta(seconds=20))
    actions.record_floor_event(session=session, kind="start", key="s", now=given - dt.timedelta(seconds=10))
    actions.record_floor_event(session=session, kind="next", key="n", now=given)
    first = queries.snapshot(session)["current"]
    monkeypatch.setattr(queries.time, "time", lambda: given.timestamp() + 90)  # a page opening later
    later = queries.snapshot(session)["current"]
    assert first["ends_at_ms"] == later["ends_at_ms"]
    assert first["ends_at_ms"] == pytest.approx((given.timestamp() + first["allotted_s"]) * 1000, abs=200)
