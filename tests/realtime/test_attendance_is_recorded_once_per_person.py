"""Opening the room during the session marks the registrant present, written with the
next batch (meetings/presence.py): once, however many connections the person opens or
reopens, and never over a moderator's own marking."""

import datetime as dt

import pytest
from django.utils import timezone

from alliance.community.models import ActivityLog, ActivityVerb
from alliance.meetings import actions, presence
from alliance.meetings.consumers import in_db_thread
from alliance.meetings.models import AttendanceSource, Registration
from tests.factories import RegistrationFactory, SessionFactory, UserFactory
from tests.realtime.room import join

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def room(db, monkeypatch):
    monkeypatch.setattr(presence, "FLUSH_S", 0.05)
    session = SessionFactory(starts_at=timezone.now() + dt.timedelta(minutes=5))  # the room is open
    user, marked_user = UserFactory(), UserFactory()
    registration = RegistrationFactory(session=session, person=actions.person_for_user(user))
    marked = RegistrationFactory(session=session, person=actions.person_for_user(marked_user))
    actions.mark_attendance(by=None, registration=marked, attended=True)  # a moderator was first
    return {"session": session, "user": user, "registration": registration,
            "marked_user": marked_user, "marked": marked}


def logged(registration: Registration) -> int:
    return ActivityLog.objects.filter(verb=ActivityVerb.ATTENDANCE_MARKED, data__registration=registration.pk).count()


async def test_several_connections_mark_one_attendance_with_one_log_entry(room):
    sockets = [await join(room["session"], room["user"]) for _ in range(3)]
    await presence.flush()
    registration = await in_db_thread(Registration.objects.get)(pk=room["registration"].pk)
    assert registration.attended_at is not None and registration.attendance_source == AttendanceSource.ROOM
    assert await in_db_thread(logged)(registration) == 1

    for socket in sockets:
        await socket.disconnect()
    again = await join(room["session"], room["user"])  # a reload, the next day's reconnect
    await presence.flush()
    assert await in_db_thread(logged)(registration) == 1
    assert (await in_db_thread(Registration.objects.get)(pk=registration.pk)).attended_at == registration.attended_at
    await again.disconnect()


async def test_a_registrant_a_moderator_marked_is_left_as_marked(room):
    socket = await join(room["session"], room["marked_user"])
    await presence.flush()
    marked = await in_db_thread(Registration.objects.get)(pk=room["marked"].pk)
    assert marked.attendance_source == AttendanceSource.MODERATOR
    assert await in_db_thread(logged)(marked) == 1  # the moderator's entry only
    await socket.disconnect()


async def test_two_batches_naming_the_same_registrant_mark_it_once(room):
    """As two processes would, each with the registrant's connection in its batch."""
    mark = in_db_thread(actions.mark_room_attendance)
    first = await mark(registrations=[room["registration"].pk])
    second = await mark(registrations=[room["registration"].pk, room["marked"].pk])
    assert first == [room["registration"].pk] and second == []
    assert await in_db_thread(logged)(room["registration"]) == 1
