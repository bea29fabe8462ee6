"""Invitations and feeds parse as RFC 5545 with icalendar and carry every property a calendar needs."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse

from alliance.meetings import actions
from tests.factories import PersonFactory, RegistrationFactory, SessionFactory
from tests.meetings.conftest import invitations, mails_to

pytestmark = pytest.mark.django_db

REQUIRED = ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "SEQUENCE", "URL", "ORGANIZER", "STATUS", "DESCRIPTION")
BRUSSELS = ZoneInfo("Europe/Brussels")


def events(body: bytes) -> tuple[icalendar.Calendar, list]:
    calendar = icalendar.Calendar.from_ical(body)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    return calendar, calendar.walk("VEVENT")


def test_the_confirmation_carries_a_request_invitation_with_the_join_link(outbox, settings):
    start = dt.datetime(2030, 5, 21, 8, 30, tzinfo=BRUSSELS)
    session = SessionFactory(topic="Clusters Continuity through the Crisis", starts_at=start,
                             video_link="https://meet.example/ecca")
    person = PersonFactory(email="ana@example.org", name="Ana")
    actions.register(session=session, person=person)
    [(method, calendar)] = invitations(mails_to(outbox, "ana@example.org")[0])
    assert method == "REQUEST" and calendar["METHOD"] == "REQUEST"
    [event] = calendar.walk("VEVENT")
    for prop in REQUIRED:
        assert prop in event, prop
    assert event["UID"] == f"session-{session.uid}@alliance"
    assert event.decoded("DTSTART") == start and event.decoded("DTSTART").tzinfo.key == "Europe/Brussels"
    assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(minutes=60)
    assert str(event["ORGANIZER"]).startswith("mailto:")
    assert str(event["ATTENDEE"]) == "mailto:ana@example.org"
    assert "https://meet.example/ecca" in str(event["DESCRIPTION"])
    assert str(event["URL"]) == settings.SITE_URL + session.get_absolute_url()
    assert calendar.walk("VTIMEZONE"), "the zone travels with the invitation"


def test_a_session_file_for_visitors_has_no_join_link(client):
    session = SessionFactory(video_link="https://meet.example/secret")
    response = client.get(reverse("meetings:session_ics", args=[session.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    _cal, [event] = events(response.content)
    assert "secret" not in response.content.decode()
    assert event["SUMMARY"] == session.topic


def test_a_series_feed_lists_its_public_sessions(client, coordinator):
    series = actions.create_series(by=coordinator, fields={
        "title": "Daily alliance session", "rule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        "start_date": dt.date(2030, 5, 18), "start_time": dt.time(8, 30)}, until=dt.date(2030, 5, 31))
    # 18 May 2030 is a Saturday: the weekdays are 20–24 and 27–31 May.
    response = client.get(reverse("meetings:series_ics", args=[series.pk]))
    calendar, found = events(response.content)
    assert calendar["METHOD"] == "PUBLISH" and len(found) == 10
    for event in found:
        for prop in REQUIRED:
            assert prop in event, prop
        assert event.decoded("DTSTART").astimezone(BRUSSELS).time() == dt.time(8, 30)
        assert "RECURRENCE-ID" in event
    assert len({str(e["UID"]) for e in found}) == 10


def test_my_sessions_feed_holds_my_confirmed_sessions_only(client, participant):
    mine, waitlisted, other = SessionFactory(), SessionFactory(), SessionFactory()
    person = actions.person_for_user(participant)
    RegistrationFactory(session=mine, person=person)
    RegistrationFactory(session=waitlisted, person=person, status="waitlisted")
    RegistrationFactory(session=other)
    url = reverse("meetings:person_feed", args=[actions.feed_token(person)])
    _cal, found = events(client.get(url).content)
    assert [str(e["SUMMARY"]) for e in found] == [mine.topic]
    assert client.get(url.replace(".ics", "x.ics")).status_code == 404
    client.force_login(participant)
    assert actions.feed_token(person) in client.get(reverse("meetings:mine")).content.decode()
