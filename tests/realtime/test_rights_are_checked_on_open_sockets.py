"""Rights are checked when they are used, also on a socket opened while they held: a
moderator removed from the session, a registration cancelled or an account deactivated
takes effect on the next message (once the connection's rights are older than
RIGHTS_TTL_S; here 0, so at once)."""

import json

import pytest

from alliance.accounts.models import Role, User
from alliance.meetings import actions, consumers
from alliance.meetings.consumers import in_db_thread
from alliance.meetings.models import Contribution, FloorEvent, Registration
from tests.factories import RegistrationFactory, SessionFactory, UserFactory
from tests.realtime.room import join, reply

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]






async def send(communicator, **message) -> None:
    await communicator.send_to(text_data=json.dumps(message))


@pytest.fixture
def room(db, monkeypatch):
    monkeypatch.setattr(consumers, "RIGHTS_TTL_S", 0.0)
    session = SessionFactory()
    moderator = UserFactory(role=Role.MODERATOR)
    session.moderators.add(moderator)
    speaker = UserFactory()
    registration = RegistrationFactory(session=session, person=actions.person_for_user(speaker))
    members = SessionFactory(visibility="members")
    member = UserFactory()
    RegistrationFactory(session=members, person=actions.person_for_user(member))
    return {"session": session, "moderator": moderator, "speaker": speaker, "registration": registration,
            "members": members, "member": member}


async def test_a_moderator_removed_from_the_session_no_longer_controls_the_floor(room):
    moderator = await join(room["session"], room["moderator"])
    await send(moderator, type="floor", kind="start", key="m1")
    assert (await reply(moderator))["type"] == "ack"
    await in_db_thread(room["session"].moderators.remove)(room["moderator"])
    await send(moderator, type="floor", kind="pause", key="m2")
    refused = await reply(moderator)
    assert refused["type"] == "error" and "not something you can do" in refused["error"]
    assert await in_db_thread(FloorEvent.objects.filter(kind="pause").count)() == 0
    await moderator.disconnect()


async def test_a_cancelled_registrant_can_no_longer_share_or_ask_for_the_floor(room):
    speaker = await join(room["session"], room["speaker"])
    await send(speaker, type="share", key="c1", kind="need", text="Masks")
    assert (await reply(speaker))["type"] == "ack"

    def cancel() -> None:
        actions.cancel_registration(registration=Registration.objects.get(pk=room["registration"].pk),
                                    by=room["speaker"])

    await in_db_thread(cancel)()
    await send(speaker, type="share", key="c2", kind="need", text="More masks")
    assert "only registrants with a seat" in (await reply(speaker))["error"]
    await send(speaker, type="floor", kind="request", key="f1")
    assert "only registrants with a seat" in (await reply(speaker))["error"]
    assert await in_db_thread(Contribution.objects.count)() == 1
    await speaker.disconnect()


async def test_a_deactivated_user_is_refused_and_disconnected(room):
    speaker = await join(room["session"], room["speaker"])
    await in_db_thread(User.objects.filter(pk=room["speaker"].pk).update)(is_active=False)
    await send(speaker, type="share", key="c1", kind="need", text="Masks")
    assert "no longer" in (await reply(speaker))["error"]
    while (output := await speaker.receive_output(timeout=5))["type"] != "websocket.close":
        pass
    assert output["code"] == 4403
    assert await in_db_thread(Contribution.objects.count)() == 0


async def test_a_cancelled_registrant_of_a_members_only_session_is_disconnected(room):
    member = await join(room["members"], room["member"])
    await in_db_thread(Registration.objects.filter(session=room["members"]).update)(status="cancelled")
    await send(member, type="floor", kind="request", key="f1")
    assert "no longer" in (await reply(member))["error"]
    while (output := await member.receive_output(timeout=5))["type"] != "websocket.close":
        pass
    assert output["code"] == 4403
