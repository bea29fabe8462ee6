"""The rate limit and the number of connections count per person and session, not per
socket: twenty sockets are not twenty allowances."""

import json
import time

import pytest
from channels.testing import WebsocketCommunicator
from django.core.cache import cache

from alliance.meetings import actions
from alliance.meetings.consumers import (
    MAX_CONNECTIONS,
    PERSON_MESSAGES,
    PERSON_WINDOW_S,
    RATE_MESSAGES,
    RoomConsumer,
    in_db_thread,
)
from alliance.meetings.models import Contribution
from tests.factories import RegistrationFactory, SessionFactory, UserFactory

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]
ORIGIN = [(b"origin", b"http://testserver")]


def communicator_for(session, user) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(RoomConsumer.as_asgi(), "/", headers=ORIGIN)
    communicator.scope["user"] = user
    communicator.scope["url_route"] = {"kwargs": {"pk": session.pk}}
    return communicator


async def join(session, user) -> WebsocketCommunicator:
    communicator = communicator_for(session, user)
    assert (await communicator.connect())[0]
    assert json.loads(await communicator.receive_from(timeout=5))["type"] == "snapshot"
    return communicator


async def replies(communicator) -> list[dict]:
    out = []
    while not await communicator.receive_nothing(timeout=0.5):
        message = json.loads(await communicator.receive_from(timeout=5))
        if message["type"] in ("ack", "error"):
            out.append(message)
    return out


@pytest.fixture
def room(db):
    cache.clear()
    session = SessionFactory()
    author = UserFactory()
    RegistrationFactory(session=session, person=actions.person_for_user(author))
    return {"session": session, "author": author}


async def test_one_person_on_several_sockets_shares_no_more_than_one_allowance(room):
    sockets = [await join(room["session"], room["author"]) for _ in range(MAX_CONNECTIONS)]
    per_socket = RATE_MESSAGES - 1  # each socket stays under its own limit
    assert per_socket * len(sockets) > PERSON_MESSAGES
    # The counters are fixed windows: start just after one begins, so all of this falls in it.
    while time.time() % PERSON_WINDOW_S > PERSON_WINDOW_S - 4:
        time.sleep(0.1)
    for n, socket in enumerate(sockets):
        for i in range(per_socket):
            await socket.send_to(text_data=json.dumps({"type": "share", "key": f"s{n}-{i}", "kind": "need",
                                                       "text": f"Need {n}-{i}"}))
    answers = [a for socket in sockets for a in await replies(socket)]
    assert sum(a["type"] == "ack" for a in answers) == PERSON_MESSAGES
    refused = [a for a in answers if a["type"] == "error"]
    assert len(refused) == per_socket * len(sockets) - PERSON_MESSAGES
    assert all("from one person" in a["error"] for a in refused)
    assert await in_db_thread(Contribution.objects.count)() == PERSON_MESSAGES
    for socket in sockets:
        await socket.disconnect()


async def test_a_connection_beyond_the_cap_is_closed_with_a_reason(room):
    sockets = [await join(room["session"], room["author"]) for _ in range(MAX_CONNECTIONS)]
    extra = communicator_for(room["session"], room["author"])
    connected, _ = await extra.connect()
    assert connected  # accepted, so that the code and the reason reach the page
    closed = await extra.receive_output(timeout=5)
    assert closed["type"] == "websocket.close" and closed["code"] == 4429
    assert f"at most {MAX_CONNECTIONS} connections" in closed["reason"]
    await sockets[0].disconnect()
    again = await join(room["session"], room["author"])  # one closed: room for one more
    for socket in [*sockets[1:], again]:
        await socket.disconnect()
