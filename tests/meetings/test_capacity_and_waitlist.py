"""Seats, the waitlist and its automatic promotion, straight through actions.py."""

import datetime as dt

import pytest
from django.utils import timezone

from alliance.meetings import actions
from alliance.meetings.models import RegistrationStatus, SessionStatus
from tests.factories import PersonFactory, SessionFactory
from tests.meetings.conftest import invitations, mails_to

pytestmark = pytest.mark.django_db


def register(session, person=None, **kwargs):
    return actions.register(session=session, person=person or PersonFactory(), **kwargs)[0]


def test_seats_go_first_come_first_served_then_the_waitlist(outbox):
    session = SessionFactory(capacity=2)
    first, second, third = (register(session) for _ in range(3))
    assert [r.status for r in (first, second, third)] == ["confirmed", "confirmed", "waitlisted"]
    assert "Your seat" in mails_to(outbox, first.person.email)[0].subject
    assert "Waitlist" in mails_to(outbox, third.person.email)[0].subject


def test_a_cancellation_promotes_the_next_person_and_tells_them(outbox):
    session = SessionFactory(capacity=1)
    seated, waiting, later = register(session), register(session), register(session)
    actions.cancel_registration(registration=seated)
    waiting.refresh_from_db()
    later.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED and waiting.confirmed_at is not None
    assert later.status == RegistrationStatus.WAITLISTED
    promoted_mail = mails_to(outbox, waiting.person.email)[-1]
    assert "A seat freed up for you" in promoted_mail.subject
    assert [method for method, _cal in invitations(promoted_mail)] == ["REQUEST"]


def test_cancelling_a_waitlist_place_promotes_nobody():
    session = SessionFactory(capacity=1)
    seated, waiting, later = register(session), register(session), register(session)
    actions.cancel_registration(registration=waiting)
    later.refresh_from_db()
    assert later.status == RegistrationStatus.WAITLISTED
    assert session.registrations.filter(status="confirmed").get() == seated


def test_registering_twice_is_the_same_registration(outbox):
    session = SessionFactory(capacity=5)
    person = PersonFactory()
    first, created = actions.register(session=session, person=person)
    again, created_again = actions.register(session=session, person=person, wants_floor=True, floor_point="x")
    assert created and not created_again and first.pk == again.pk
    assert session.registrations.count() == 1
    assert len(mails_to(outbox, person.email)) == 2  # the confirmation is sent again


def test_registering_again_after_cancelling_goes_to_the_back_of_the_queue():
    session = SessionFactory(capacity=1)
    person = PersonFactory()
    mine = register(session, person)
    actions.cancel_registration(registration=mine)
    other = register(session)
    back = register(session, person)
    assert back.pk == mine.pk and back.status == "waitlisted" and other.status == "confirmed"


def test_unlimited_sessions_never_waitlist():
    session = SessionFactory(capacity=None)
    assert {register(session).status for _ in range(20)} == {"confirmed"}


@pytest.mark.parametrize("change,code", [
    ({"status": SessionStatus.CANCELLED}, "cancelled"),
    ({"status": SessionStatus.ENDED}, "closed"),
    ({"status": SessionStatus.DRAFT}, "closed"),
    ({"registration_closes_at": timezone.now() - dt.timedelta(minutes=1)}, "closed"),
    ({"registration_opens_at": timezone.now() + dt.timedelta(days=1)}, "closed"),
    ({"starts_at": timezone.now() - dt.timedelta(hours=2)}, "closed"),
])
def test_closed_or_cancelled_sessions_refuse_registrations_and_change_nothing(change, code):
    session = SessionFactory(capacity=3, **change)
    with pytest.raises(actions.RegistrationError) as error:
        register(session)
    assert error.value.code == code
    assert session.registrations.count() == 0


def test_more_seats_promote_the_waitlist(coordinator):
    session = SessionFactory(capacity=1)
    register(session)
    waiting = register(session)
    actions.update_session(by=coordinator, session=session, fields={"capacity": 2})
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_a_cancelled_registration_gets_a_calendar_cancellation(outbox):
    session = SessionFactory()
    registration = register(session)
    actions.cancel_registration(registration=registration)
    last = mails_to(outbox, registration.person.email)[-1]
    assert "Registration cancelled" in last.subject
    [(method, calendar)] = invitations(last)
    assert method == "CANCEL" and calendar["METHOD"] == "CANCEL"
    assert calendar.walk("VEVENT")[0]["STATUS"] == "CANCELLED"
