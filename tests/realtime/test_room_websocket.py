"""The live room over websockets: who may join and act, the schema, the rate limit, and the
room hearing of an event only once it is stored."""

import json

import pytest
from channels.testing import WebsocketCommunicator

from alliance.accounts.models import Role
from alliance.asgi import application
from alliance.meetings import actions
from alliance.meetings.consumers import RATE_MESSAGES, RoomConsumer, in_db_thread
from alliance.meetings.models import FloorEvent
from tests.factories import RegistrationFactory, SessionFactory, UserFactory
from tests.realtime.room import ORIGIN, join

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]





async def frame(communicator) -> dict:
    """The next frame, past the moderators' presence updates (tested on their own)."""
    while True:
        message = json.loads(await communicator.receive_from(timeout=5))
        if message["type"] != "presence":
            return message


@pytest.fixture
def room(db):
    session = SessionFactory(topic="Clusters Continuity through the Crisis")
    moderator = UserFactory(role=Role.MODERATOR)
    session.moderators.add(moderator)
    speaker = UserFactory()
    registration = RegistrationFactory(session=session, person=actions.person_for_user(speaker))
    # Made here, not in the async tests: sync_to_async would open connections in a
    # thread of its own that nothing closes before the test database is dropped.
    return {"session": session, "moderator": moderator, "speaker": speaker, "registration": registration,
            "stranger": UserFactory(), "members": SessionFactory(visibility="members"),
            "draft": SessionFactory(status="draft")}


async def test_everyone_gets_the_state_and_then_every_stored_event(room):
    watcher = await join(room["session"])
    speaker = await join(room["session"], room["speaker"])
    moderator = await join(room["session"], room["moderator"])
    for communicator in (watcher, speaker, moderator):
        first = await frame(communicator)
        assert first["type"] == "snapshot" and first["topic"] == "Clusters Continuity through the Crisis"
    await speaker.send_to(text_data=json.dumps({"type": "floor", "kind": "request", "key": "k1",
                                                "point": "Members struggle to pay fees"}))
    assert (await frame(speaker))["type"] == "ack"
    for communicator in (watcher, speaker, moderator):
        state = await frame(communicator)
        assert state["queue"][0]["point"] == "Members struggle to pay fees"
        assert state["queue"][0]["name"] == room["registration"].person.name
    await moderator.send_to(text_data=json.dumps({"type": "floor", "kind": "start", "key": "m1"}))
    await moderator.send_to(text_data=json.dumps({"type": "floor", "kind": "next", "key": "m2"}))
    seen = [await frame(watcher), await frame(watcher)]
    assert seen[-1]["current"]["person"] == f"r{room['registration'].pk}"
    assert seen[-1]["current"]["ends_at_ms"] > seen[-1]["server_time_ms"]
    for communicator in (watcher, speaker, moderator):
        await communicator.disconnect()


async def test_a_resent_message_is_stored_once_and_acknowledged_again(room):
    speaker = await join(room["session"], room["speaker"])
    await frame(speaker)
    message = json.dumps({"type": "floor", "kind": "request", "key": "same", "point": "x"})
    await speaker.send_to(text_data=message)
    first = await frame(speaker)
    await frame(speaker)  # the room's new state
    await speaker.send_to(text_data=message)
    again = await frame(speaker)
    assert first == again == {"type": "ack", "key": "same", "seq": 1}
    assert await in_db_thread(FloorEvent.objects.count)() == 1
    await speaker.disconnect()


@pytest.mark.parametrize("message,error", [
    ("not json", "JSON"),
    (json.dumps([1]), "expected"),
    (json.dumps({"type": "floor", "kind": "request"}), "key"),
    (json.dumps({"type": "floor", "kind": "start", "key": "k"}), "not something you can do"),
    (json.dumps({"type": "floor", "kind": "request", "key": "k", "point": "x" * 201}), "0 to 200 characters"),
    ("x" * 5000, "at most 4096 bytes"),
])
async def test_bad_messages_get_an_error_frame_and_change_nothing(room, message, error):
    speaker = await join(room["session"], room["speaker"])
    await frame(speaker)
    await speaker.send_to(text_data=message)
    reply = await frame(speaker)
    assert reply["type"] == "error" and error in reply["error"]
    assert await in_db_thread(FloorEvent.objects.count)() == 0
    await speaker.send_to(text_data=json.dumps({"type": "floor", "kind": "request", "key": "ok"}))
    assert (await frame(speaker))["type"] == "ack"  # the connection survived
    await speaker.disconnect()


@pytest.mark.parametrize("message,error", [
    ({"kind": "override", "person": "r1", "position": 0}, "needs a reason"),
    ({"kind": "write", "person": "r1", "reason": " "}, "needs a reason"),
    ({"kind": "extend", "seconds": 9999}, "1 to 600"),
    ({"kind": "skip"}, "needs the person"),
    ({"kind": "override", "person": "r1", "reason": "x", "position": True}, "whole number"),
])
async def test_moderator_messages_are_validated_too(room, message, error):
    moderator = await join(room["session"], room["moderator"])
    await frame(moderator)
    await moderator.send_to(text_data=json.dumps({"type": "floor", "key": "k", **message}))
    reply = await frame(moderator)
    assert reply["type"] == "error" and error in reply["error"]
    await moderator.disconnect()


async def test_watchers_without_a_seat_cannot_ask_for_the_floor(room):
    watcher = await join(room["session"], room["stranger"])
    await frame(watcher)
    await watcher.send_to(text_data=json.dumps({"type": "floor", "kind": "request", "key": "k"}))
    assert "only registrants with a seat" in (await frame(watcher))["error"]
    await watcher.disconnect()


async def test_too_many_messages_are_refused_and_the_room_survives(room):
    speaker = await join(room["session"], room["speaker"])
    await frame(speaker)
    for i in range(RATE_MESSAGES + 3):
        await speaker.send_to(text_data=json.dumps({"type": "floor", "kind": "withdraw", "key": f"w{i}"}))
    replies = []
    while not await speaker.receive_nothing(timeout=0.5):
        replies.append(await frame(speaker))
    assert sum(1 for r in replies if r.get("error", "").startswith("at most")) == 3
    await speaker.disconnect()


async def test_members_only_rooms_refuse_strangers_and_drafts_refuse_everyone(room):
    communicator = WebsocketCommunicator(RoomConsumer.as_asgi(), "/", headers=ORIGIN)
    communicator.scope["user"] = room["stranger"]
    communicator.scope["url_route"] = {"kwargs": {"pk": room["members"].pk}}
    connected, code = await communicator.connect()
    assert not connected and code == 4403
    communicator = WebsocketCommunicator(RoomConsumer.as_asgi(), "/", headers=ORIGIN)
    communicator.scope["user"] = room["moderator"]
    communicator.scope["url_route"] = {"kwargs": {"pk": room["draft"].pk}}
    assert not (await communicator.connect())[0]


async def test_the_asgi_application_refuses_a_foreign_origin(room):
    communicator = WebsocketCommunicator(application, f"/ws/sessions/{room['session'].pk}/room/",
                                         headers=[(b"origin", b"https://evil.example")])
    connected, _ = await communicator.connect()
    assert not connected


async def test_moderators_see_who_is_present(room):
    moderator_socket = WebsocketCommunicator(RoomConsumer.as_asgi(), "/", headers=ORIGIN)
    moderator_socket.scope["user"] = room["moderator"]
    moderator_socket.scope["url_route"] = {"kwargs": {"pk": room["session"].pk}}
    await moderator_socket.connect()

    async def presence() -> list:
        while True:
            message = json.loads(await moderator_socket.receive_from(timeout=5))
            if message["type"] == "presence":
                return message["present"]

    assert [p["name"] for p in await presence()] == [room["moderator"].name]
    speaker = await join(room["session"], room["speaker"])
    people = await presence()
    assert {p["person"] for p in people} >= {f"r{room['registration'].pk}"}
    watcher = await join(room["session"])
    assert any(p.get("visitors") == 1 for p in await presence())
    await speaker.disconnect()
    assert f"r{room['registration'].pk}" not in {p["person"] for p in await presence()}
    await watcher.disconnect()
    await moderator_socket.disconnect()
