"""Attendance and presence wait in the server's memory for at most a second
(meetings/presence.py). A server stopped cleanly writes what it holds as its last
connections close; one killed outright loses it, and the page that reconnects to the
restarted server is marked then."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from alliance.meetings import actions
from alliance.meetings.models import AttendanceSource, Registration, RoomPresence
from tests.factories import RegistrationFactory, SessionFactory, UserFactory
from tests.realtime.servers import RoomClient, servers

pytestmark = pytest.mark.django_db(transaction=True)


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


@pytest.fixture
def room():
    session = SessionFactory(starts_at=timezone.now() + dt.timedelta(minutes=5))
    user = UserFactory()
    registration = RegistrationFactory(session=session, person=actions.person_for_user(user))
    return {"session": session, "cookie": session_cookie(user), "registration": registration}


def attended(registration: Registration) -> bool:
    registration.refresh_from_db()
    return registration.attended_at is not None and registration.attendance_source == AttendanceSource.ROOM


def test_a_server_stopped_cleanly_writes_what_it_held(tmp_path, room):
    with servers(tmp_path) as (server,):
        participant = RoomClient(server.port, room["session"].pk, room["cookie"]).open()
        server.stop()  # SIGTERM at once, well within the second the write waits
        participant.close()
    assert attended(room["registration"])
    assert not RoomPresence.objects.filter(session=room["session"]).exists()


def test_a_page_reconnecting_after_a_kill_is_marked_then(tmp_path, room):
    with servers(tmp_path) as (server,):
        participant = RoomClient(server.port, room["session"].pk, room["cookie"]).open()
        server.kill()  # kill -9: whatever it held is lost (here, as if the write had not been made yet:)
        participant.close()
        Registration.objects.filter(pk=room["registration"].pk).update(attended_at=None, attendance_source="")
        server.start()
        participant.open()  # what the page does on a dropped connection
        server.stop()
        participant.close()
    assert attended(room["registration"])
