"""Joins arriving together are admitted together (consumers.admit): one database call reads
the session, everyone's rights and their connections elsewhere, instead of one call per
join; each connection still gets its own rights — the moderator controls, the registrant
has its seat, the visitor neither — and someone with no right to the room is still
refused."""

import asyncio
import json

import pytest
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from alliance.accounts.models import Role
from alliance.meetings import actions, consumers
from alliance.meetings.consumers import RoomConsumer
from tests.factories import RegistrationFactory, SessionFactory, UserFactory
from tests.realtime.room import ORIGIN, join

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def calls(monkeypatch):
    batches: list[int] = []
    admit_all = consumers._admit_all

    def counted(session_id, users):
        batches.append(len(users))
        return admit_all(session_id, users)

    monkeypatch.setattr(consumers, "_admit_all", counted)
    return batches


@pytest.fixture
def room(db):
    session = SessionFactory()
    moderator = UserFactory(role=Role.MODERATOR)
    session.moderators.add(moderator)
    speakers = [UserFactory() for _ in range(5)]
    keys = [f"r{RegistrationFactory(session=session, person=actions.person_for_user(s)).pk}" for s in speakers]
    members = SessionFactory(visibility="members")
    member = UserFactory()
    RegistrationFactory(session=members, person=actions.person_for_user(member))
    return {"session": session, "moderator": moderator, "speakers": speakers, "keys": keys,
            "members": members, "member": member, "stranger": UserFactory()}


async def first_frame(communicator) -> dict:
    return json.loads(await communicator.receive_from(timeout=5))


async def test_a_crowd_joining_at_once_takes_fewer_calls_than_joins_and_each_keeps_its_rights(calls, room):
    session, moderator, speakers, keys = room["session"], room["moderator"], room["speakers"], room["keys"]
    sockets = await asyncio.gather(*(join(session, user) for user in [moderator, *speakers, None, None]))
    frames = [await first_frame(c) for c in sockets]
    assert sum(calls) == 8 and len(calls) < 8
    assert frames[0]["you"] == {"person": "", "moderator": True}
    assert [f["you"] for f in frames[1:6]] == [{"person": k, "moderator": False} for k in keys]
    assert [f["you"] for f in frames[6:]] == [{"person": "", "moderator": False}] * 2
    for communicator in sockets:
        await communicator.disconnect()


async def test_someone_without_a_right_is_refused_among_those_admitted(calls, room):
    members, member, stranger = room["members"], room["member"], room["stranger"]

    async def attempt(user):
        communicator = WebsocketCommunicator(RoomConsumer.as_asgi(), f"/ws/sessions/{members.pk}/room/",
                                             headers=ORIGIN)
        communicator.scope["user"] = user or AnonymousUser()
        communicator.scope["url_route"] = {"kwargs": {"pk": members.pk}}
        connected, code = await communicator.connect()
        return communicator, connected, code

    results = await asyncio.gather(attempt(member), attempt(stranger), attempt(None))
    assert [connected for _, connected, _ in results] == [True, False, False]
    assert [code for _, _, code in results[1:]] == [consumers.CLOSE_NO_RIGHT] * 2
    await results[0][0].disconnect()
