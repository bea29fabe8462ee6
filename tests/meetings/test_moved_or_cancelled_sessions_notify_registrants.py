"""A session moved or cancelled tells every registrant, and their calendars follow (SEQUENCE)."""

import datetime as dt

import pytest
from django.urls import reverse

from alliance.meetings import actions
from alliance.meetings.models import Session
from tests.factories import RegistrationFactory, SessionFactory
from tests.meetings.conftest import invitations, mails_to

pytestmark = pytest.mark.django_db


def test_a_new_time_sends_an_updated_invitation_with_a_higher_sequence(coordinator, outbox):
    session = SessionFactory()
    seated = RegistrationFactory(session=session)
    waiting = RegistrationFactory(session=session, status="waitlisted")
    gone = RegistrationFactory(session=session, status="cancelled")
    later = session.starts_at + dt.timedelta(days=1)
    actions.update_session(by=coordinator, session=session, fields={"starts_at": later})
    seated_mail = mails_to(outbox, seated.person.email)[-1]
    assert "New time" in seated_mail.subject
    [(method, calendar)] = invitations(seated_mail)
    event = calendar.walk("VEVENT")[0]
    assert method == "REQUEST" and event["SEQUENCE"] == 1 and event.decoded("DTSTART") == later
    assert "waitlist" in mails_to(outbox, waiting.person.email)[-1].body
    assert not mails_to(outbox, gone.person.email)


def test_changing_only_the_topic_bumps_nothing_and_mails_nobody(coordinator, outbox):
    session = SessionFactory()
    RegistrationFactory(session=session)
    actions.update_session(by=coordinator, session=session, fields={"topic": "Better title"})
    assert Session.objects.get().sequence == 0 and not outbox


def test_a_cancelled_session_sends_a_calendar_cancellation_with_the_reason(client, coordinator, outbox):
    session = SessionFactory()
    seated = RegistrationFactory(session=session)
    client.force_login(coordinator)
    response = client.post(reverse("meetings:session_cancel", args=[session.pk]),
                           {"reason": "The speaker is ill; we meet on Thursday."})
    assert response.status_code == 302
    message = mails_to(outbox, seated.person.email)[-1]
    assert message.subject.startswith("Cancelled") and "speaker is ill" in message.body
    [(method, calendar)] = invitations(message)
    assert method == "CANCEL" and calendar.walk("VEVENT")[0]["STATUS"] == "CANCELLED"
    assert calendar.walk("VEVENT")[0]["SEQUENCE"] == 1


def test_moving_through_the_edit_page_uses_the_sessions_own_zone(client, coordinator, outbox):
    session = SessionFactory(time_zone="Europe/Lisbon")
    RegistrationFactory(session=session)
    client.force_login(coordinator)
    page = client.get(reverse("meetings:session_edit", args=[session.pk]))
    data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    data.update({"topic": session.topic, "date": "2031-03-04", "time": "09:15", "time_zone": "Europe/Lisbon",
                 "working_format": "gilles", "opening_minutes": 5, "closing_minutes": 5,
                 "min_turn_seconds": 60, "max_turn_seconds": 180, "duration_minutes": 60,
                 "visibility": "public", "status": "scheduled", "agenda": "Opening | 5\nTour de table | 45"})
    data = {k: v for k, v in data.items() if k not in ("ecosystems", "moderators", "scribes")}
    response = client.post(reverse("meetings:session_edit", args=[session.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    session.refresh_from_db()
    assert session.local_start.isoformat() == "2031-03-04T09:15:00+00:00"
    assert [a.title for a in session.agenda_items.all()] == ["Opening", "Tour de table"]
    assert outbox and "New time" in outbox[-1].subject


@pytest.mark.parametrize("field,value,message", [
    ("time_zone", "Mars/Olympus", "not a time zone"),
    ("agenda", "Opening five", "title | minutes"),
    ("agenda", "Tour de table | 90", "longer than the session"),
    ("max_turn_seconds", "30", "maximum turn cannot be shorter"),
])
def test_bad_session_input_is_refused_with_a_message(client, coordinator, field, value, message):
    client.force_login(coordinator)
    data = {"topic": "T", "date": "2031-03-04", "time": "08:30", "time_zone": "Europe/Brussels",
            "working_format": "gilles", "opening_minutes": 5, "closing_minutes": 5, "min_turn_seconds": 60,
            "max_turn_seconds": 180, "duration_minutes": 60, "visibility": "public", "status": "scheduled"}
    data[field] = value
    response = client.post(reverse("meetings:session_create"), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Session.objects.exists()
