"""A joining page's snapshot is read and encoded once per change of the room, not per
join (meetings/hub.py): a crowd joining at once shares one read; the next floor event
or contribution makes the next join read again; a read during which the room heard a
frame is not kept. Each page still gets the server's time now and its own "you"."""

import asyncio
import json

import pytest

from alliance.accounts.models import Role
from alliance.meetings import actions, consumers, hub
from tests.factories import RegistrationFactory, SessionFactory, UserFactory
from tests.realtime.room import join

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def room(db, monkeypatch):
    reads = []

    def counted(session, **kwargs):
        reads.append(kwargs)
        return snapshot(session, **kwargs)

    snapshot = consumers.snapshot
    monkeypatch.setattr(consumers, "snapshot", counted)
    session = SessionFactory(topic="Clusters Continuity through the Crisis")
    moderator = UserFactory(role=Role.MODERATOR)
    session.moderators.add(moderator)
    speaker = UserFactory()
    registration = RegistrationFactory(session=session, person=actions.person_for_user(speaker))
    return {"session": session, "moderator": moderator, "speaker": speaker, "key": f"r{registration.pk}",
            "reads": reads}


async def first_frame(communicator) -> dict:
    return json.loads(await communicator.receive_from(timeout=5))


async def next_snapshot(communicator) -> dict:
    while True:
        frame = json.loads(await communicator.receive_from(timeout=5))
        if frame["type"] == "snapshot":
            return frame


async def test_joins_share_one_read_until_the_room_changes(room):
    session = room["session"]
    watchers = await asyncio.gather(*(join(session) for _ in range(12)))
    speaker = await join(session, room["speaker"])
    moderator = await join(session, room["moderator"])
    frames = [await first_frame(c) for c in [*watchers, speaker, moderator]]
    assert len(room["reads"]) == 1
    assert {f["topic"] for f in frames} == {"Clusters Continuity through the Crisis"}
    assert frames[-2]["you"] == {"person": room["key"], "moderator": False}
    assert frames[-1]["you"] == {"person": "", "moderator": True}
    assert all(isinstance(f["server_time_ms"], float) for f in frames)

    await moderator.send_to(text_data=json.dumps({"type": "floor", "kind": "start", "key": "m1"}))
    started = await next_snapshot(watchers[0])  # the room heard the event: the kept snapshot is stale
    late = await join(session)
    assert (await first_frame(late))["seq"] == started["seq"] and started["phase"] == "floor"
    assert len(room["reads"]) == 2
    for communicator in [*watchers, speaker, moderator, late]:
        await communicator.disconnect()


async def test_a_read_the_room_heard_a_frame_during_is_not_kept(room):
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    group = hub.group_name(room["session"].pk)

    class Member:
        async def relay(self, text: str) -> None:
            pass

    member = Member()
    await hub.join(layer, group, member)
    heard = asyncio.Event()

    async def read_while_a_frame_arrives() -> dict:
        await layer.group_send(group, {"type": "room.snapshot", "text": '{"type": "snapshot", "seq": 1}'})
        while hub._here()[group].generation == 0:
            await asyncio.sleep(0.01)
        heard.set()
        return {"type": "snapshot", "seq": 0, "server_time_ms": 0.0, "phase": "before"}

    async def read_again() -> dict:
        return {"type": "snapshot", "seq": 1, "server_time_ms": 0.0, "phase": "floor"}

    assert await hub.snapshot_for(group, read_while_a_frame_arrives) == (0, '{"phase": "before"}')
    assert heard.is_set()
    assert await hub.snapshot_for(group, read_again) == (1, '{"phase": "floor"}')
    assert await hub.snapshot_for(group, read_while_a_frame_arrives) == (1, '{"phase": "floor"}')  # kept now
    await hub.leave(group, member)
