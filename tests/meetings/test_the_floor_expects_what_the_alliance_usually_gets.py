"""The floor is told how many first-round requests to expect from the alliance's own
history — the median per floor minute of its recent ended sessions — once there are a
few of them; the figure is fixed when the floor's first event is stored, so a replay of
the session later gives the same state whatever happened since."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from alliance.meetings import actions, queries
from alliance.meetings.models import FloorEvent, Session
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def ended_with_requests(people: int, days_ago: int) -> Session:
    session = SessionFactory(starts_at=timezone.now() - dt.timedelta(days=days_ago), status="ended",
                             duration_minutes=60, opening_minutes=5, closing_minutes=5)
    for i in range(people):
        FloorEvent.objects.create(session=session, seq=i + 1, kind="request", at=session.starts_at,
                                  person=f"r{i + 1000 * days_ago}", key=f"k{i}")
    return session


def test_without_history_the_simulators_model_is_used():
    session = SessionFactory(duration_minutes=60, opening_minutes=5, closing_minutes=5)
    assert queries.usual_requests_for(session) == pytest.approx(0.5 * 50)


def test_with_history_the_median_rate_of_recent_sessions_is_used():
    for people, days in [(10, 3), (20, 5), (30, 7)]:
        ended_with_requests(people, days)
    session = SessionFactory(duration_minutes=90, opening_minutes=5, closing_minutes=5)
    # Rates 10/50, 20/50, 30/50 requests per floor minute: median 0.4; this floor is 80 minutes.
    assert queries.usual_requests_for(session) == pytest.approx(0.4 * 80)


def test_the_figure_is_fixed_when_the_floor_opens(committed):
    for people, days in [(10, 3), (20, 5), (30, 7)]:
        ended_with_requests(people, days)
    session = SessionFactory(duration_minutes=60, opening_minutes=5, closing_minutes=5,
                             starts_at=timezone.now() - dt.timedelta(minutes=1))
    actions.record_floor_event(session=session, kind="start", key="s1")
    session.refresh_from_db()
    assert session.usual_floor_requests == pytest.approx(0.4 * 50)
    ended_with_requests(100, 1)  # a crowded session since: this floor's figure stays
    actions.record_floor_event(session=session, kind="tick", key="t1")
    session.refresh_from_db()
    assert session.usual_floor_requests == pytest.approx(0.4 * 50)
    assert queries.floor_settings(session).usual_requests == pytest.approx(0.4 * 50)
