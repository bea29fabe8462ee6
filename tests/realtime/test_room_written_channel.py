"""The written channel: anyone with a seat shares at any moment; the author may correct for
5 minutes; the scribe captures what a speaker says and the speaker confirms; moderators
hide with a reason. Everyone in the room sees each change."""

import datetime as dt
import json

import pytest
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from alliance.accounts.models import Role
from alliance.community.models import ActivityLog
from alliance.meetings import actions
from alliance.meetings.consumers import RoomConsumer, in_db_thread
from alliance.meetings.models import Contribution
from tests.factories import RegistrationFactory, SessionFactory, UserFactory

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]
ORIGIN = [(b"origin", b"http://testserver")]


async def join(session, user=None):
    communicator = WebsocketCommunicator(RoomConsumer.as_asgi(), "/", headers=ORIGIN)
    communicator.scope["user"] = user or AnonymousUser()
    communicator.scope["url_route"] = {"kwargs": {"pk": session.pk}}
    assert (await communicator.connect())[0]
    await communicator.receive_from(timeout=5)  # the snapshot
    return communicator


async def frame(communicator) -> dict:
    """The next frame, past the moderators' presence updates (tested on their own)."""
    while True:
        message = json.loads(await communicator.receive_from(timeout=5))
        if message["type"] != "presence":
            return message


async def error_of(communicator) -> str:
    """The next error frame's message, past the room's broadcasts still queued."""
    while True:
        reply = await frame(communicator)
        if reply["type"] == "error":
            return reply["error"]


async def send(communicator, **message):
    await communicator.send_to(text_data=json.dumps(message))


@pytest.fixture
def room(db):
    session = SessionFactory()
    moderator, scribe, author, other = (UserFactory(role=Role.MODERATOR), UserFactory(), UserFactory(),
                                        UserFactory())
    session.moderators.add(moderator)
    session.scribes.add(scribe)
    mine = RegistrationFactory(session=session, person=actions.person_for_user(author))
    RegistrationFactory(session=session, person=actions.person_for_user(other))
    return {"session": session, "moderator": moderator, "scribe": scribe, "author": author, "other": other,
            "mine": mine}


async def test_a_written_contribution_reaches_everyone(room):
    author, watcher = await join(room["session"], room["author"]), await join(room["session"])
    await send(author, type="share", key="c1", kind="need", text="Need **FFP2 masks** for 300 workers",
               ecosystem="health")
    ack = await frame(author)
    assert ack["type"] == "ack" and ack["id"]
    for communicator in (author, watcher):
        seen = await frame(communicator)
        assert seen["type"] == "contribution"
        assert seen["contribution"]["text"] == "Need **FFP2 masks** for 300 workers"
        assert seen["contribution"]["kind"] == "need" and seen["contribution"]["ecosystem"] == "health"
    again = await join(room["session"])  # a newcomer gets it in the snapshot
    await send(author, type="share", key="c1", kind="need", text="Need **FFP2 masks** for 300 workers")
    assert (await frame(author))["id"] == ack["id"]
    assert await in_db_thread(Contribution.objects.count)() == 1
    for communicator in (author, watcher, again):
        await communicator.disconnect()


async def test_the_author_corrects_within_five_minutes_and_not_after(room):
    author = await join(room["session"], room["author"])
    await send(author, type="share", key="c1", kind="solution", text="Online event platform")
    contribution_id = (await frame(author))["id"]
    await frame(author)
    await send(author, type="edit", key="e1", id=contribution_id, text="Online event platform for members")
    await frame(author)
    edited = await frame(author)
    assert edited["contribution"]["text"] == "Online event platform for members" and edited["contribution"]["edited"]
    await in_db_thread(Contribution.objects.filter(pk=contribution_id).update)(
        created_at=timezone.now() - dt.timedelta(minutes=6))
    await send(author, type="edit", key="e2", id=contribution_id, text="Too late")
    assert "for 5 minutes" in await error_of(author)
    await author.disconnect()


async def test_others_cannot_edit_and_watchers_cannot_write(room):
    author, other, watcher = (await join(room["session"], room["author"]), await join(room["session"], room["other"]),
                              await join(room["session"]))
    await send(author, type="share", key="c1", kind="disruption", text="Projects stopped")
    contribution_id = (await frame(author))["id"]
    await frame(other)
    await send(other, type="edit", key="e1", id=contribution_id, text="Hijacked")
    assert "only its author" in await error_of(other)
    await send(watcher, type="share", key="w1", kind="need", text="Anonymous")
    assert "only registrants with a seat" in await error_of(watcher)
    assert (await in_db_thread(Contribution.objects.get)(pk=contribution_id)).text == "Projects stopped"
    for communicator in (author, other, watcher):
        await communicator.disconnect()


async def test_the_scribe_captures_a_turn_and_the_speaker_confirms(room):
    moderator = await join(room["session"], room["moderator"])
    scribe = await join(room["session"], room["scribe"])
    speaker = await join(room["session"], room["author"])
    person = f"r{room['mine'].pk}"
    await send(speaker, type="floor", kind="request", key="f1", point="Governance matters")
    await frame(speaker)
    for key in ("f2", "f3"):
        await send(moderator, type="floor", kind="start" if key == "f2" else "next", key=key)
    for _ in range(3):
        await frame(scribe)  # three new states of the room
    await send(scribe, type="capture", key="s1", person=person, kind="solution",
               text="**Governance really matters**: actors going alone do not move things forward")
    contribution_id = (await frame(scribe))["id"]
    captured = await in_db_thread(Contribution.objects.get)(pk=contribution_id)
    assert captured.spoken and captured.turn_person == person and captured.turn_started_at is not None
    assert captured.registration_id == room["mine"].pk
    while (await frame(speaker))["type"] != "contribution":
        pass
    await send(speaker, type="confirm", key="k1", id=contribution_id)
    await frame(speaker)
    assert (await frame(speaker))["contribution"]["confirmed"]
    await send(speaker, type="capture", key="s2", person=person, kind="need", text="Self-capture")
    assert "only the scribe" in await error_of(speaker)
    for communicator in (moderator, scribe, speaker):
        await communicator.disconnect()


async def test_a_moderator_hides_with_a_reason_and_it_is_logged(room):
    author, moderator = await join(room["session"], room["author"]), await join(room["session"], room["moderator"])
    await send(author, type="share", key="c1", kind="need", text="Buy my product!")
    contribution_id = (await frame(author))["id"]
    await frame(moderator)
    await send(moderator, type="hide", key="h1", id=contribution_id, reason=" ")
    assert "reason" in await error_of(moderator)
    await send(moderator, type="hide", key="h2", id=contribution_id, reason="advertising")
    await frame(moderator)
    assert (await frame(moderator))["contribution"]["hidden"]
    assert await in_db_thread(ActivityLog.objects.filter(verb="contribution.hidden",
                                                         data__reason="advertising").exists)()
    await send(author, type="hide", key="h3", id=contribution_id, reason="mine")
    assert "no such contribution" in await error_of(author)
    for communicator in (author, moderator):
        await communicator.disconnect()


@pytest.mark.parametrize("message,error", [
    ({"type": "share", "kind": "rumour", "text": "x"}, "kind must be one of"),
    ({"type": "share", "kind": "need", "text": ""}, "text must be text of 1"),
    ({"type": "share", "kind": "need", "text": "x" * 2001}, "text must be text"),
    ({"type": "share", "kind": "need", "text": "x", "ecosystem": "space-mining"}, "unknown industrial ecosystem"),
    ({"type": "edit", "text": "x"}, "needs the id"),
    ({"type": "edit", "id": 999999, "text": "x"}, "no such contribution"),
    ({"type": "dance"}, "expected"),
])
async def test_bad_written_messages_get_an_error_and_change_nothing(room, message, error):
    author = await join(room["session"], room["author"])
    await send(author, key="k", **message)
    assert error in (await frame(author))["error"]
    assert await in_db_thread(Contribution.objects.count)() == 0
    await author.disconnect()
