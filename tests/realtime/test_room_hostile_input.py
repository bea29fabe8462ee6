"""Whatever JSON a client sends the live room — NUL characters and lone surrogates ("\\ud800")
in any field of any message type, in values, nested values or keys — it gets an error frame,
its connection stays open, and nothing is stored."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance.accounts.models import Role
from alliance.meetings import consumers
from alliance.meetings.consumers import in_db_thread
from alliance.meetings.models import Contribution, FloorEvent
from tests.factories import SessionFactory, UserFactory
from tests.realtime.test_room_websocket import frame, join

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

# A valid message of every type and kind: each example spoils one of them.
VALID = [
    {"type": "ping"},
    *({"type": "floor", "kind": kind} for kind in ("request", "withdraw", "yield", "start", "next", "pause",
                                                   "resume", "end")),
    {"type": "floor", "kind": "request", "point": "Members cannot pay their fees"},
    {"type": "floor", "kind": "extend", "seconds": 60},
    {"type": "floor", "kind": "skip", "person": "r1", "reason": "left"},
    {"type": "floor", "kind": "override", "person": "r1", "reason": "urgent", "position": 0},
    {"type": "floor", "kind": "write", "person": "r1", "reason": "no microphone"},
    {"type": "share", "kind": "need", "text": "Masks for care homes", "ecosystem": "health"},
    {"type": "capture", "kind": "solution", "text": "Shared warehouse", "ecosystem": "", "person": "r1"},
    {"type": "edit", "id": 1, "text": "Masks for hospitals", "kind": "need"},
    {"type": "hide", "id": 1, "reason": "duplicate"},
    {"type": "confirm", "id": 1},
]


@pytest.fixture
def room(db):
    session = SessionFactory()
    moderator = UserFactory(role=Role.MODERATOR)
    session.moderators.add(moderator)
    return {"session": session, "moderator": moderator}


FIELDS = ["type", "kind", "key", "point", "reason", "person", "text", "ecosystem", "id", "seconds", "position"]

bad_char = st.sampled_from(["\x00", "\ud800", "\udfff", "\udbff"])
bad_text = st.tuples(st.text(max_size=20), bad_char, st.text(max_size=20)).map("".join)
bad_value = st.recursive(bad_text, lambda inner: st.one_of(
    st.lists(inner, min_size=1, max_size=3), st.dictionaries(st.text(max_size=5), inner, min_size=1, max_size=2)),
    max_leaves=4)


@st.composite
def hostile_message(draw) -> dict:
    message = {**draw(st.sampled_from(VALID)), "key": draw(st.text(min_size=1, max_size=20))}
    if draw(st.booleans()):
        message[draw(st.sampled_from(FIELDS))] = draw(bad_value)
    else:  # the bad text as a key
        message[draw(bad_text)] = draw(st.one_of(st.text(max_size=5), st.integers()))
    return message


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(messages=st.lists(hostile_message(), min_size=1, max_size=8), ascii_only=st.booleans())
async def test_hostile_text_anywhere_gets_an_error_frame_and_stores_nothing(room, monkeypatch, messages,
                                                                           ascii_only):
    monkeypatch.setattr(consumers, "RATE_MESSAGES", 1000)  # this is about content, not flooding
    before = await in_db_thread(lambda: (FloorEvent.objects.count(), Contribution.objects.count()))()
    moderator = await join(room["session"], room["moderator"])
    try:
        assert (await frame(moderator))["type"] == "snapshot"
        for message in messages:
            # As a browser sends it (\u escapes), or with the characters themselves in the frame.
            await moderator.send_to(text_data=json.dumps(message, ensure_ascii=ascii_only))
            reply = await frame(moderator)
            assert reply["type"] == "error" and reply["error"].startswith("text must"), (message, reply)
        # The connection survived: the next message is read and answered on its merits.
        await moderator.send_to(text_data=json.dumps({"type": "floor", "kind": "extend", "key": "after"}))
        assert (await frame(moderator))["error"] == "extend needs seconds"
    finally:
        await moderator.disconnect()
    after = await in_db_thread(lambda: (FloorEvent.objects.count(), Contribution.objects.count()))()
    assert after == before
