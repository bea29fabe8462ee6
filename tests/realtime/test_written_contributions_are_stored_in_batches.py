"""Written contributions that arrive together are stored together (one transaction for
a batch), and each sender still gets their own answer: an ack with their contribution's
id, the same id for a resent key, or the reason theirs was refused."""

import asyncio
import json

import pytest

from alliance.meetings import actions
from alliance.meetings.consumers import in_db_thread
from alliance.meetings.models import Contribution
from tests.factories import RegistrationFactory, SessionFactory, UserFactory
from tests.realtime.room import join, reply

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]
AUTHORS = 8






@pytest.fixture
def room(db, monkeypatch):
    session = SessionFactory()
    authors = [UserFactory() for _ in range(AUTHORS)]
    for user in authors:
        RegistrationFactory(session=session, person=actions.person_for_user(user))
    batches: list[int] = []
    store = actions.share_contributions

    def counted(*, session, shares):
        batches.append(len(shares))
        return store(session=session, shares=shares)

    monkeypatch.setattr(actions, "share_contributions", counted)
    return {"session": session, "authors": authors, "batches": batches}


async def test_contributions_sent_at_once_are_stored_together_each_with_its_own_answer(room):
    sockets = [await join(room["session"], user) for user in room["authors"]]
    messages = [{"type": "share", "key": "same-key", "kind": "need", "text": f"Need {i}"} for i in range(AUTHORS)]
    messages[3]["text"] = "   "  # refused, alone
    await asyncio.gather(*(s.send_to(text_data=json.dumps(m)) for s, m in zip(sockets, messages, strict=True)))
    answers = [await reply(s) for s in sockets]
    assert answers[3]["type"] == "error" and "1 to 2000 characters" in answers[3]["error"]
    acked = [a for i, a in enumerate(answers) if i != 3]
    assert all(a["type"] == "ack" and a["key"] == "same-key" for a in acked)
    stored = await in_db_thread(lambda: dict(Contribution.objects.values_list("id", "text")))()
    assert {a["id"]: f"Need {i}" for i, a in enumerate(answers) if i != 3} == stored
    assert len(room["batches"]) < AUTHORS - 1 and sum(room["batches"]) == AUTHORS - 1
    # Resent (as after a reconnect): acknowledged with the same contribution, nothing new.
    await sockets[0].send_to(text_data=json.dumps(messages[0]))
    assert (await reply(sockets[0]))["id"] == answers[0]["id"]
    assert await in_db_thread(Contribution.objects.count)() == AUTHORS - 1
    for socket in sockets:
        await socket.disconnect()

