"""Dates at the edge of the calendar — the agenda's month 9999-12 or 0000-01, a series that
starts on 9999-12-25 or ends in year 9999 — get a form error (400), never a 500, and nothing is created."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from alliance.meetings.models import Series, Session
from alliance.meetings.recurrence import RecurrenceError, occurrence_dates
from tests.meetings.test_series import series_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("month", ["9999-12", "9999-01", "0000-01", "0001-01", "1899-12"])
def test_an_agenda_month_outside_the_calendar_is_a_form_error(client, month):
    response = client.get(reverse("meetings:agenda"), {"month": month})
    assert response.status_code == 400
    assert "Choose a month between" in response.content.decode()


def test_an_ordinary_month_still_filters(client):
    assert client.get(reverse("meetings:agenda"), {"month": "2020-05"}).status_code == 200


@pytest.mark.parametrize("overrides", [
    {"start_date": "9999-12-25", "until": ""},
    {"start_date": "9999-12-25", "until": "9999-12-31"},
    {"start_date": "0001-01-01", "until": "0001-02-01"},
    {"start_date": "9001-01-01", "until": "", "preset": "custom", "rule": "FREQ=YEARLY"},
])
def test_a_series_at_the_edge_of_the_calendar_is_refused_on_its_first_date(client, coordinator, overrides):
    client.force_login(coordinator)
    response = client.post(reverse("meetings:series_create"), series_form(**overrides))
    assert response.status_code == 400
    assert "first date between" in response.content.decode()
    assert not Series.objects.exists() and not Session.objects.exists()


def test_a_last_date_in_year_9999_is_fine_for_a_series_that_starts_now(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("meetings:series_create"),
                           series_form(start_date="2030-05-20", until="9999-12-31", preset="custom",
                                       rule="FREQ=YEARLY;INTERVAL=100"))
    assert response.status_code == 302


@pytest.mark.parametrize("start", [dt.date(9999, 12, 25), dt.date.max, dt.date.min])
def test_the_recurrence_core_says_why_instead_of_overflowing(start):
    with pytest.raises(RecurrenceError):
        occurrence_dates("FREQ=DAILY", start)
    with pytest.raises(RecurrenceError):
        occurrence_dates("FREQ=DAILY", start, until=dt.date.max, check=False)


@pytest.mark.parametrize("rule", ["FREQ=YEARLY", "FREQ=DAILY", "FREQ=YEARLY;COUNT=5"])
def test_a_series_on_the_last_allowed_date_is_planned_without_overflowing(client, coordinator, rule):
    client.force_login(coordinator)
    response = client.post(reverse("meetings:series_create"),
                           series_form(start_date="9000-12-31", until="", preset="custom", rule=rule))
    assert response.status_code == 302
    assert Session.objects.get().occurrence == dt.date(9000, 12, 31)
