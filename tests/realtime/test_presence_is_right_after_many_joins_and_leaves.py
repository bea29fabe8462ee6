"""Who is present is kept in memory and written in batches (meetings/presence.py): after a
crowd of participants and visitors joins and half of it leaves, the moderator's list and
the database both name exactly those still in the room."""

import pytest

from alliance.accounts.models import Role
from alliance.meetings import actions, presence
from alliance.meetings.consumers import in_db_thread
from alliance.meetings.models import RoomPresence
from tests.factories import RegistrationFactory, SessionFactory, UserFactory
from tests.realtime.room import join, people, presence_until

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]
PARTICIPANTS, VISITORS = 24, 4


@pytest.fixture
def room(db, monkeypatch):
    monkeypatch.setattr(presence, "FLUSH_S", 0.05)
    session = SessionFactory()
    moderator = UserFactory(role=Role.MODERATOR, name="Mona Moderator")
    session.moderators.add(moderator)
    users = [UserFactory() for _ in range(PARTICIPANTS)]
    keys = [f"r{RegistrationFactory(session=session, person=actions.person_for_user(u)).pk}" for u in users]
    return {"session": session, "moderator": moderator, "users": users, "keys": keys}


async def test_the_list_and_the_rows_name_exactly_who_is_still_in_the_room(room):
    session = room["session"]
    moderator = await join(session, room["moderator"])
    participants = [await join(session, user) for user in room["users"]]
    visitors = [await join(session) for _ in range(VISITORS)]
    everyone = {*room["keys"], "Mona Moderator"}
    present = await presence_until(moderator, lambda p: people(p) == (everyone, VISITORS))
    assert len(present) == PARTICIPANTS + 2  # one entry per person, the visitors counted in one

    for socket in [*participants[::2], *visitors[:1]]:
        await socket.disconnect()
    staying = {*room["keys"][1::2], "Mona Moderator"}
    await presence_until(moderator, lambda p: people(p) == (staying, VISITORS - 1))
    await presence.flush()
    rows = await in_db_thread(lambda: list(RoomPresence.objects.filter(session=session)
                                           .values_list("person", flat=True)))()
    assert sorted(r for r in rows if r) == sorted(room["keys"][1::2])
    assert len(rows) == PARTICIPANTS // 2 + 1 + VISITORS - 1  # and the moderator's and the visitors' rows

    for socket in [moderator, *participants[1::2], *visitors[1:]]:
        await socket.disconnect()
    await presence.flush()
    assert not await in_db_thread(RoomPresence.objects.filter(session=session).exists)()


async def test_a_connection_that_leaves_before_the_write_leaves_no_row(room, monkeypatch):
    monkeypatch.setattr(presence, "FLUSH_S", 5.0)
    moderator = await join(room["session"], room["moderator"])
    quick = await join(room["session"], room["users"][0])
    await quick.disconnect()
    await presence.flush()
    rows = await in_db_thread(lambda: list(RoomPresence.objects.values_list("user_id", flat=True)))()
    assert rows == [room["moderator"].pk]
    await moderator.disconnect()
