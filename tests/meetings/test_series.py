"""A coordinator plans a recurring series; its sessions are generated ahead and edited one by one."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from alliance.meetings import actions
from alliance.meetings.models import Series, Session

pytestmark = pytest.mark.django_db


def series_form(**overrides):
    data = {"title": "European Alliance daily session", "preset": "weekdays", "start_date": "2030-05-20",
            "start_time": "08:30", "time_zone": "Europe/Brussels", "working_format": "gilles",
            "opening_minutes": 5, "closing_minutes": 5, "min_turn_seconds": 60, "max_turn_seconds": 180,
            "duration_minutes": 60, "visibility": "public", "second_round": "on", "until": "2030-05-31",
            "ecosystems": ["health", "digital"]}
    data.update(overrides)
    return data


def test_every_weekday_at_0830_brussels_with_an_exception_date(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("meetings:series_create"), series_form(exdates_text="2030-05-21"))
    assert response.status_code == 302
    series = Series.objects.get()
    sessions = list(series.sessions.order_by("starts_at"))
    assert len(sessions) == 9
    assert all(s.local_start.strftime("%H:%M %Z") in ("08:30 CEST",) for s in sessions)
    assert dt.date(2030, 5, 21) not in [s.occurrence for s in sessions]
    assert {e.slug for e in sessions[0].ecosystems.all()} == {"health", "digital"}
    assert client.get(response["Location"]).status_code == 200


def test_tuesdays_and_thursdays(client, coordinator):
    client.force_login(coordinator)
    client.post(reverse("meetings:series_create"), series_form(preset="tue-thu"))
    assert [s.local_start.strftime("%a") for s in Session.objects.order_by("starts_at")] == ["Tue", "Thu"] * 2


@pytest.mark.parametrize("overrides,message", [
    ({"preset": "custom", "rule": "FREQ=HOURLY"}, "at most once a day"),
    ({"preset": "custom", "rule": "FREQ=DAILY;COUNT=3000", "until": ""}, "more than 1000"),
    ({"preset": "custom", "rule": "FREQ=WEEKLY;BYDAY=SA", "until": "2030-05-24"}, "no session date"),
    ({"preset": "custom", "rule": ""}, "Write the rule"),
    ({"preset": "custom", "rule": "FREQ=WEEKLY;BYDAY=MOO"}, "not a valid"),
    ({"time_zone": "Europe/Atlantis"}, "not a time zone"),
    ({"exdates_text": "21 May"}, "not a date"),
])
def test_rules_that_give_no_date_or_thousands_are_refused_with_a_message(client, coordinator, overrides, message):
    client.force_login(coordinator)
    response = client.post(reverse("meetings:series_create"), series_form(**overrides))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Series.objects.exists() and not Session.objects.exists()


def test_generating_again_keeps_edited_moved_and_cancelled_sessions(coordinator):
    series = actions.create_series(by=coordinator, fields={
        "title": "Daily", "rule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "start_date": dt.date(2030, 5, 20),
        "start_time": dt.time(8, 30)}, until=dt.date(2030, 5, 24))
    first, second = series.sessions.order_by("starts_at")[:2]
    actions.update_session(by=coordinator, session=first, fields={
        "topic": "Clusters Continuity through the Crisis", "starts_at": first.starts_at + dt.timedelta(hours=2)})
    actions.cancel_session(by=coordinator, session=second)
    created = actions.generate_sessions(series=series, until=dt.date(2030, 5, 31))
    assert len(created) == 5
    assert series.sessions.count() == 10
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.topic == "Clusters Continuity through the Crisis" and first.local_start.hour == 10
    assert second.status == "cancelled"


def test_an_open_ended_series_is_planned_sixty_days_ahead(coordinator):
    today = timezone.localdate()
    series = actions.create_series(by=coordinator, fields={
        "title": "Tue/Thu", "rule": "FREQ=WEEKLY;BYDAY=TU,TH", "start_date": today, "start_time": dt.time(8, 30)})
    last = series.sessions.order_by("-starts_at").first()
    assert 55 <= (last.occurrence - today).days <= 60
    assert series.generated_until == today + actions.GENERATE_AHEAD


def test_only_coordinators_create_series(client, moderator):
    client.force_login(moderator)
    assert client.get(reverse("meetings:series_create")).status_code == 403
    assert client.post(reverse("meetings:series_create"), series_form()).status_code == 403
    assert not Series.objects.exists()
