"""People who asked for the floor when they registered are in the queue when it opens,
in the order they registered, with the point they gave; stored as floor events like any
other, once."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from alliance.accounts.models import Role
from alliance.meetings.consumers import in_db_thread
from alliance.meetings.models import FloorEvent
from tests.factories import RegistrationFactory, SessionFactory, UserFactory
from tests.realtime.room import join

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]




async def next_snapshot(communicator) -> dict:
    while True:
        message = json.loads(await communicator.receive_from(timeout=5))
        if message["type"] == "snapshot":
            return message


@pytest.fixture
def room(db):
    session = SessionFactory()
    moderator = UserFactory(role=Role.MODERATOR)
    session.moderators.add(moderator)
    early = timezone.now() - dt.timedelta(days=3)
    second = RegistrationFactory(session=session, wants_floor=True, floor_point="Innovation projects stopped",
                                 registered_at=early + dt.timedelta(hours=1))
    first = RegistrationFactory(session=session, wants_floor=True, floor_point="Members cannot pay their fees",
                                registered_at=early)
    RegistrationFactory(session=session, wants_floor=False)
    RegistrationFactory(session=session, wants_floor=True, status="waitlisted", floor_point="No seat")
    return {"session": session, "moderator": moderator, "order": [f"r{first.pk}", f"r{second.pk}"],
            "keys": {f"registered-{first.pk}", f"registered-{second.pk}"}}


async def test_the_floor_opens_with_the_requests_made_at_registration(room):
    watcher, moderator = await join(room["session"]), await join(room["session"], room["moderator"])
    assert (await next_snapshot(watcher))["queue"] == []
    await moderator.send_to(text_data=json.dumps({"type": "floor", "kind": "start", "key": "m1"}))
    opened = await next_snapshot(watcher)
    assert opened["phase"] == "floor"
    assert [w["person"] for w in opened["queue"]] == room["order"]
    assert [w["point"] for w in opened["queue"]] == ["Members cannot pay their fees", "Innovation projects stopped"]
    requests = await in_db_thread(
        lambda: set(FloorEvent.objects.filter(kind="request").values_list("key", flat=True)))()
    assert requests == room["keys"]
    await moderator.send_to(text_data=json.dumps({"type": "floor", "kind": "start", "key": "m1"}))  # resent
    while json.loads(await moderator.receive_from(timeout=5))["type"] != "ack":
        pass
    while json.loads(await moderator.receive_from(timeout=5))["type"] != "ack":
        pass
    assert await in_db_thread(FloorEvent.objects.filter(kind="request").count)() == 2
    for communicator in (watcher, moderator):
        await communicator.disconnect()
