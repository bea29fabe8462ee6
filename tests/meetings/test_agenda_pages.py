"""The agenda and the session page: filters, times in the viewer's zone, the join link's window."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")


def topics(response):
    return [s.topic for s in response.context["page"].object_list]


def test_upcoming_and_past_sessions_in_their_order(client):
    SessionFactory(topic="Next week", starts_at=timezone.now() + dt.timedelta(days=7))
    SessionFactory(topic="Tomorrow", starts_at=timezone.now() + dt.timedelta(days=1))
    SessionFactory(topic="Last month", starts_at=timezone.now() - dt.timedelta(days=30), status="ended")
    SessionFactory(topic="Yesterday", starts_at=timezone.now() - dt.timedelta(days=1), status="ended")
    SessionFactory(topic="Draft", status="draft")
    assert topics(client.get(reverse("meetings:agenda"))) == ["Tomorrow", "Next week"]
    assert topics(client.get(reverse("meetings:agenda"), {"when": "past"})) == ["Yesterday", "Last month"]


def test_filter_by_ecosystem_and_month(client):
    may = SessionFactory(topic="May health", starts_at=dt.datetime(2020, 5, 21, 8, 30, tzinfo=BRUSSELS),
                         status="ended")
    may.ecosystems.set(["health"])
    june = SessionFactory(topic="June health", starts_at=dt.datetime(2020, 6, 2, 8, 30, tzinfo=BRUSSELS),
                          status="ended")
    june.ecosystems.set(["health"])
    SessionFactory(topic="May tourism", starts_at=dt.datetime(2020, 5, 12, 8, 30, tzinfo=BRUSSELS),
                   status="ended").ecosystems.set(["tourism"])
    response = client.get(reverse("meetings:agenda"), {"when": "past", "ecosystem": "health", "month": "2020-05"})
    assert topics(response) == ["May health"]
    bad = client.get(reverse("meetings:agenda"), {"month": "May 2020"})
    assert bad.status_code == 400 and "YYYY-MM" in bad.content.decode()


def test_members_only_sessions_are_listed_for_members_only(client, participant):
    SessionFactory(topic="Open")
    SessionFactory(topic="Closed", visibility="members")
    assert topics(client.get(reverse("meetings:agenda"))) == ["Open"]
    client.force_login(participant)
    assert sorted(topics(client.get(reverse("meetings:agenda")))) == ["Closed", "Open"]


def test_the_agenda_query_count_does_not_grow_with_the_page(client):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("meetings:agenda")).status_code == 200
        return len(queries)

    for _ in range(2):
        SessionFactory().ecosystems.set(["health"])
    few = count()
    for _ in range(15):
        SessionFactory().ecosystems.set(["digital", "energy-renewables"])
    assert count() == few


def test_times_are_shown_in_the_viewers_zone_beside_the_sessions_own(client):
    session = SessionFactory(starts_at=dt.datetime(2030, 5, 21, 8, 30, tzinfo=BRUSSELS))
    page = client.get(reverse("meetings:session", args=[session.pk])).content.decode()
    assert "08:30" in page and "Europe/Brussels" in page and "your time" not in page
    client.cookies["tz"] = "Europe%2FLisbon"  # as zone.js writes it
    page = client.get(reverse("meetings:session", args=[session.pk])).content.decode()
    assert "08:30" in page and "07:30 your time, Europe/Lisbon" in page
    client.cookies["tz"] = "Not/AZone"
    assert "your time" not in client.get(reverse("meetings:session", args=[session.pk])).content.decode()


def test_a_signed_in_users_own_zone_wins(client, participant):
    participant.time_zone = "America/New_York"
    participant.save()
    client.force_login(participant)
    session = SessionFactory(starts_at=dt.datetime(2030, 5, 21, 8, 30, tzinfo=BRUSSELS))
    assert "02:30 your time, America/New_York" in client.get(
        reverse("meetings:session", args=[session.pk])).content.decode()


@pytest.mark.parametrize("minutes_to_start,status,visible", [
    (60, "confirmed", False),
    (14, "confirmed", True),
    (-30, "confirmed", True),
    (-61, "confirmed", False),
    (10, "waitlisted", False),
])
def test_the_join_link_is_for_registrants_from_15_minutes_before(client, participant, minutes_to_start, status,
                                                                 visible):
    from alliance.meetings import actions

    session = SessionFactory(starts_at=timezone.now() + dt.timedelta(minutes=minutes_to_start),
                             video_link="https://meet.example/room-42")
    RegistrationFactory(session=session, person=actions.person_for_user(participant), status=status)
    client.force_login(participant)
    page = client.get(reverse("meetings:session", args=[session.pk])).content.decode()
    assert ("https://meet.example/room-42" in page) is visible


def test_visitors_never_see_the_join_link(client):
    session = SessionFactory(starts_at=timezone.now() + dt.timedelta(minutes=5), video_link="https://meet.example/x")
    assert "meet.example" not in client.get(reverse("meetings:session", args=[session.pk])).content.decode()


def test_user_text_is_shown_as_text(client):
    session = SessionFactory(topic="<script>alert(1)</script>", description="<b>bold</b>")
    page = client.get(reverse("meetings:session", args=[session.pk])).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page and "&lt;b&gt;bold" in page
