"""The cap on one person's connections to a room counts this process's connections in
memory and other processes' in the database (their RoomPresence rows), and a process
that died long enough ago no longer counts (meetings/presence.py)."""

import datetime as dt
import json

import pytest
from channels.testing import WebsocketCommunicator
from django.utils import timezone

from alliance.meetings import actions, presence
from alliance.meetings.consumers import CLOSE_TOO_MANY, MAX_CONNECTIONS, RoomConsumer, in_db_thread
from alliance.meetings.models import RoomPresence
from tests.factories import RegistrationFactory, SessionFactory, UserFactory
from tests.realtime.room import ORIGIN, join

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]
ELSEWHERE = 3


def communicator_for(session, user) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(RoomConsumer.as_asgi(), "/", headers=ORIGIN)
    communicator.scope["user"] = user
    communicator.scope["url_route"] = {"kwargs": {"pk": session.pk}}
    return communicator


@pytest.fixture
def room(db):
    session = SessionFactory()
    user = UserFactory()
    RegistrationFactory(session=session, person=actions.person_for_user(user))
    # Another process holds three of the user's connections, and a dead one held two more.
    now = timezone.now()
    RoomPresence.objects.bulk_create(
        [RoomPresence(session=session, user=user, channel=f"otherprocess.{i}", seen_at=now) for i in range(ELSEWHERE)]
        + [RoomPresence(session=session, user=user, channel=f"deadprocess.{i}",
                        seen_at=now - presence.PRESENCE_TTL - dt.timedelta(seconds=1)) for i in range(2)])
    return {"session": session, "user": user}


async def test_the_cap_counts_the_connections_other_processes_hold(room):
    sockets = [await join(room["session"], room["user"]) for _ in range(MAX_CONNECTIONS - ELSEWHERE)]
    extra = communicator_for(room["session"], room["user"])
    assert (await extra.connect())[0]
    closed = await extra.receive_output(timeout=5)
    assert closed["type"] == "websocket.close" and closed["code"] == CLOSE_TOO_MANY

    await in_db_thread(RoomPresence.objects.filter(channel="otherprocess.0").delete)()  # it left there
    again = await join(room["session"], room["user"])
    assert json.loads(await again.receive_from(timeout=5))["type"] == "snapshot"
    for socket in [*sockets, again]:
        await socket.disconnect()
