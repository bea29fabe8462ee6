"""`make run` shows a series of past and upcoming sessions, the seed's 21 May 2020 one among them."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from alliance.meetings.models import Registration, Series, Session

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_seed_session_and_an_upcoming_series(client):
    call_command("seed_demo")
    seed = Session.objects.get(topic="Clusters Continuity through the Crisis")
    assert seed.local_start.isoformat() == "2020-05-21T08:30:00+02:00"
    assert (seed.time_zone, seed.working_format, seed.status) == ("Europe/Brussels", "gilles", "minutes_published")
    assert Series.objects.count() == 2
    assert Session.objects.filter(starts_at__lt=timezone.now()).count() > 60
    upcoming = Session.objects.filter(starts_at__gt=timezone.now())
    assert upcoming.count() >= 15
    assert {s.local_start.strftime("%a") for s in upcoming} == {"Tue", "Thu"}
    assert Registration.objects.filter(status="waitlisted").exists()
    assert Registration.objects.filter(attended_at__isnull=False).count() > 1000
    for session in Session.objects.all():
        seated = session.registrations.filter(status="confirmed").count()
        assert session.capacity is None or seated <= session.capacity
    page = client.get(reverse("meetings:agenda"), {"when": "past", "month": "2020-05"})
    assert "Clusters Continuity through the Crisis" in page.content.decode()
    assert client.get(reverse("meetings:session", args=[seed.pk])).status_code == 200
    assert seed.starts_at.astimezone(dt.UTC).hour == 6


PANDEMIC_WORDS = re.compile(r"covid|corona|lockdown|pandemic|mask|face shield|ffp2", re.IGNORECASE)


def test_upcoming_sessions_have_floor_points_of_today_not_of_2020():
    call_command("seed_demo")
    upcoming = Registration.objects.filter(session__starts_at__gt=timezone.now(), wants_floor=True)
    points = set(upcoming.values_list("floor_point", flat=True))
    assert points
    assert not [p for p in points if PANDEMIC_WORDS.search(p)]
    # Each upcoming session's points are about that session's topic: no point is
    # raised in two sessions on different topics.
    topics_of: dict[str, set[str]] = {}
    for point, topic in upcoming.values_list("floor_point", "session__topic"):
        topics_of.setdefault(point, set()).add(topic)
    assert all(len(topics) == 1 for topics in topics_of.values()), topics_of
