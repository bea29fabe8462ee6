"""The per-process room listener: one receive per broadcast, every member written to, in
order; a failing receive is retried, not the end of the room."""

import asyncio

import pytest

from alliance.meetings import hub

pytestmark = pytest.mark.asyncio


class Member:
    def __init__(self):
        self.frames = []

    async def relay(self, text):
        self.frames.append(text)


class FlakyLayer:
    """A channel layer whose first receive fails, as a Redis read that timed out."""

    def __init__(self):
        self.queue: asyncio.Queue = asyncio.Queue()
        self.groups: dict[str, set[str]] = {}
        self.failed = False

    async def new_channel(self):
        return "specific.test!room"

    async def group_add(self, group, channel):
        self.groups.setdefault(group, set()).add(channel)

    async def group_discard(self, group, channel):
        self.groups.get(group, set()).discard(channel)

    async def receive(self, channel):
        if not self.failed:
            self.failed = True
            raise TimeoutError("Timeout reading from redis")
        return await self.queue.get()


async def test_every_member_gets_every_broadcast_in_order_even_after_a_failed_receive(monkeypatch):
    monkeypatch.setattr(hub, "RETRY_S", 0.01)
    layer = FlakyLayer()
    members = [Member() for _ in range(3)]
    for member in members:
        await hub.join(layer, "room-1", member)
    assert layer.groups["room-1"] == {"specific.test!room"} and hub.members("room-1") == 3
    for n in range(5):
        layer.queue.put_nowait({"type": "room.snapshot", "text": f"frame {n}"})
    layer.queue.put_nowait({"type": "room.other"})  # no text: nothing to relay
    for _ in range(100):
        if all(len(m.frames) == 5 for m in members):
            break
        await asyncio.sleep(0.01)
    assert all(m.frames == [f"frame {n}" for n in range(5)] for m in members)
    for member in members:
        await hub.leave("room-1", member)
    assert layer.groups["room-1"] == set() and hub.members("room-1") == 0


async def test_contributions_stored_together_travel_in_one_frame_and_a_lone_one_alone():
    import json

    from channels.layers import InMemoryChannelLayer

    layer = InMemoryChannelLayer()
    member = Member()
    await hub.join(layer, "room-2", member)
    for n in range(3):
        hub.publish_contribution(layer, "room-2", {"id": n, "text": f"need {n}"})
    for _ in range(100):
        if member.frames:
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(hub.BATCH_S * 2)
    assert [json.loads(f) for f in member.frames] == [
        {"type": "contributions", "contributions": [{"id": n, "text": f"need {n}"} for n in range(3)]}]
    hub.publish_contribution(layer, "room-2", {"id": 9, "text": "alone"})
    for _ in range(100):
        if len(member.frames) == 2:
            break
        await asyncio.sleep(0.01)
    assert json.loads(member.frames[1]) == {"type": "contribution", "contribution": {"id": 9, "text": "alone"}}
    await hub.leave("room-2", member)
