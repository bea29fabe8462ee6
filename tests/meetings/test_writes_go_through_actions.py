"""Pages that only read write nothing, and the writes that views and the room make go
through the meetings actions (so they are logged and the next apps can rely on them)."""

import pytest
from django.urls import reverse

from alliance.community.models import ActivityLog, Person
from alliance.meetings import actions
from alliance.meetings.models import RoomPresence, SessionStatus
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_opening_my_sessions_creates_no_registry_person(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("meetings:mine"))
    assert page.status_code == 200
    assert "You have not registered for any session yet." in page.content.decode()
    assert not Person.objects.filter(user=user).exists()


def test_moderators_and_scribes_are_set_by_an_action_that_logs_it(coordinator):
    session = SessionFactory()
    moderator, scribe = UserFactory(), UserFactory()
    actions.set_session_people(by=coordinator, session=session, moderators=[moderator], scribes=[scribe])
    assert list(session.moderators.all()) == [moderator] and list(session.scribes.all()) == [scribe]
    entry = ActivityLog.objects.filter(data__id=session.pk).latest("id")
    assert entry.data["moderators"] == [moderator.pk] and entry.data["scribes"] == [scribe.pk]


def test_presence_in_the_room_is_written_by_actions(participant):
    session = SessionFactory()
    actions.arrive_in_room(session=session, channel="c1", user=participant, person="r7")
    row = RoomPresence.objects.get(channel="c1")
    assert (row.user, row.person, row.name) == (participant, "r7", participant.name)
    actions.still_in_room(channel="c1")
    actions.leave_room(channel="c1")
    assert not RoomPresence.objects.exists()


def test_publishing_minutes_marks_the_session_through_meetings():
    session = SessionFactory(status=SessionStatus.ENDED)
    actions.mark_minutes_published(session=session)
    session.refresh_from_db()
    assert session.status == SessionStatus.MINUTES_PUBLISHED
