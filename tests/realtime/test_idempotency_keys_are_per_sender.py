"""A key makes a resent message harmless for its sender only: another person choosing the
same key gets a contribution (or floor request) of their own, not the first person's."""

import json

import pytest

from alliance.meetings import actions
from alliance.meetings.consumers import in_db_thread
from alliance.meetings.models import Contribution, FloorEvent
from tests.factories import RegistrationFactory, SessionFactory, UserFactory
from tests.realtime.room import join

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]




async def ask(communicator, **message) -> dict:
    await communicator.send_to(text_data=json.dumps(message))
    while True:
        reply = json.loads(await communicator.receive_from(timeout=5))
        if reply["type"] in ("ack", "error"):
            return reply


@pytest.fixture
def room(db):
    session = SessionFactory()
    ana, ben = UserFactory(), UserFactory()
    for user in (ana, ben):
        RegistrationFactory(session=session, person=actions.person_for_user(user))
    return {"session": session, "ana": ana, "ben": ben}


async def test_two_people_using_the_same_key_each_get_their_own_contribution(room):
    ana, ben = await join(room["session"], room["ana"]), await join(room["session"], room["ben"])
    mine = await ask(ana, type="share", key="1", kind="need", text="Ana's need")
    theirs = await ask(ben, type="share", key="1", kind="solution", text="Ben's solution")
    assert mine["type"] == theirs["type"] == "ack" and mine["id"] != theirs["id"]
    again = await ask(ana, type="share", key="1", kind="need", text="Ana's need")
    assert again["id"] == mine["id"]  # a resend is still stored once
    stored = await in_db_thread(lambda: sorted(Contribution.objects.values_list("text", flat=True)))()
    assert stored == ["Ana's need", "Ben's solution"]
    for communicator in (ana, ben):
        await communicator.disconnect()


async def test_two_people_using_the_same_key_each_get_their_floor_request(room):
    ana, ben = await join(room["session"], room["ana"]), await join(room["session"], room["ben"])
    first = await ask(ana, type="floor", kind="request", key="1", point="Fees")
    second = await ask(ben, type="floor", kind="request", key="1", point="Projects")
    assert first["seq"] != second["seq"]
    assert await in_db_thread(FloorEvent.objects.filter(kind="request").count)() == 2
    for communicator in (ana, ben):
        await communicator.disconnect()
