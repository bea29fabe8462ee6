"""The live room with real server processes: killed and restarted, shared by two processes
through Redis, and many open websockets on a small connection pool."""

import os

import pytest
from django.conf import settings
from django.test import Client

from alliance.accounts.models import Role
from alliance.meetings import actions
from tests.factories import RegistrationFactory, SessionFactory, UserFactory
from tests.realtime.servers import RoomClient, servers

pytestmark = pytest.mark.django_db(transaction=True)


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


@pytest.fixture
def room():
    session = SessionFactory(topic="Clusters Continuity through the Crisis")
    moderator = UserFactory(role=Role.MODERATOR)
    session.moderators.add(moderator)
    speakers = [UserFactory() for _ in range(2)]
    registrations = [RegistrationFactory(session=session, person=actions.person_for_user(u)) for u in speakers]
    return {"session": session, "moderator": session_cookie(moderator),
            "speakers": [session_cookie(u) for u in speakers], "keys": [f"r{r.pk}" for r in registrations]}


def test_a_killed_server_comes_back_with_the_same_room(tmp_path, room):
    with servers(tmp_path) as (server,):
        moderator = RoomClient(server.port, room["session"].pk, room["moderator"]).open()
        speaker = RoomClient(server.port, room["session"].pk, room["speakers"][0]).open()
        speaker.send("request", point="Innovation projects stopped by companies")
        moderator.until(lambda f: f.get("type") == "snapshot" and f["queue"])
        moderator.send("start")
        moderator.send("next")
        before = moderator.until(lambda f: f.get("type") == "snapshot" and f.get("current"))
        assert before["current"]["person"] == room["keys"][0]

        server.kill()
        server.start()  # same port, new process, nothing in memory

        for client in (moderator, speaker):  # what the page's script does on a dropped connection
            client.close()
            client.open()
        after = moderator.frames[-1]
        assert after["type"] == "snapshot" and after["seq"] == before["seq"]
        assert after["phase"] == "floor" and after["current"]["person"] == room["keys"][0]
        assert after["current"]["point"] == "Innovation projects stopped by companies"
        # The room goes on where it was.
        second = RoomClient(server.port, room["session"].pk, room["speakers"][1]).open()
        second.send("request", point="Members cannot pay their fees")
        seen = speaker.until(lambda f: f.get("type") == "snapshot" and f["queue"])
        assert seen["queue"][0]["point"] == "Members cannot pay their fees" and seen["seq"] == before["seq"] + 1
        for client in (moderator, speaker, second):
            client.close()


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="two processes share a room through Redis: "
                    "runs in CI's PostgreSQL+Redis pass (set REDIS_URL to run it here)")
def test_two_processes_share_one_room_through_redis(tmp_path, room):
    redis = {"REDIS_URL": os.environ["REDIS_URL"], "CHANNELS_PREFIX": f"test-{os.getpid()}"}
    with servers(tmp_path, count=2, **redis) as (one, two):
        moderator = RoomClient(one.port, room["session"].pk, room["moderator"]).open()
        speaker = RoomClient(two.port, room["session"].pk, room["speakers"][0]).open()
        watcher = RoomClient(two.port, room["session"].pk).open()
        speaker.send("request", point="Need FFP2 masks for 300 workers")
        on_one = moderator.until(lambda f: f.get("type") == "snapshot" and f["queue"])
        assert on_one["queue"][0]["person"] == room["keys"][0]
        moderator.send("start")
        moderator.send("next")
        on_two = watcher.until(lambda f: f.get("type") == "snapshot" and f.get("current"))
        assert on_two["current"]["point"] == "Need FFP2 masks for 300 workers"
        for client in (moderator, speaker, watcher):
            client.close()


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="two processes share a room through Redis: "
                    "runs in CI's PostgreSQL+Redis pass (set REDIS_URL to run it here)")
def test_moderators_see_who_is_present_on_either_process(tmp_path, room):
    """Presence is kept per process and written in batches (meetings/presence.py); the list
    a moderator gets is the database's, so it names the people on the other process too."""
    redis = {"REDIS_URL": os.environ["REDIS_URL"], "CHANNELS_PREFIX": f"test-{os.getpid()}"}

    def named(frame) -> set[str]:
        return {p["person"] for p in frame["present"] if p["person"]}

    with servers(tmp_path, count=2, **redis) as (one, two):
        moderator = RoomClient(one.port, room["session"].pk, room["moderator"]).open()
        on_one = RoomClient(one.port, room["session"].pk, room["speakers"][0]).open()
        on_two = RoomClient(two.port, room["session"].pk, room["speakers"][1]).open()
        watcher = RoomClient(two.port, room["session"].pk).open()
        frame = moderator.until(lambda f: f.get("type") == "presence" and named(f) == set(room["keys"])
                                and any(p.get("visitors") == 1 for p in f["present"]))
        assert len(frame["present"]) == 4  # the moderator, two speakers, one visitor entry
        on_two.close()
        moderator.until(lambda f: f.get("type") == "presence" and named(f) == {room["keys"][0]})
        for client in (moderator, on_one, watcher):
            client.close()


def test_open_websockets_do_not_hold_database_connections(tmp_path, room):
    """40 open room connections on a pool of 4: every one gets the room at once. (A
    consumer that kept its connection for life would leave the 5th waiting on the pool.)"""
    with servers(tmp_path, DB_POOL_SIZE="4", DB_POOL_MIN_SIZE="1") as (server,):
        clients = [RoomClient(server.port, room["session"].pk).open() for _ in range(40)]
        assert all(c.frames[0]["type"] == "snapshot" for c in clients)
        moderator = RoomClient(server.port, room["session"].pk, room["moderator"]).open()
        moderator.send("start")
        for client in clients:
            assert client.until(lambda f: f.get("phase") == "floor", timeout=15)["phase"] == "floor"
        for client in [*clients, moderator]:
            client.close()
