"""The floor lives in the database: every event is stored once, in order, and the room's
state is rebuilt from the stored events alone (what a restarted process does)."""

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import close_old_connections, connection

from alliance.meetings import actions, floor, queries
from alliance.meetings.models import FloorEvent
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def record(session, kind, key, at, person="", **data):
    return actions.record_floor_event(session=session, kind=kind, key=key, person=person, data=data, now=at)


def test_the_rebuilt_state_is_the_state_the_events_make():
    session = SessionFactory(duration_minutes=30, opening_minutes=2, closing_minutes=2)
    t0 = session.starts_at
    script = [("request", "r1", {"point": "Members cannot pay fees"}), ("request", "r2", {"point": "PPE"}),
              ("start", "", {}), ("next", "", {}), ("extend", "", {"seconds": 30, "reason": "key figure"}),
              ("yield", "r1", {}), ("request", "r1", {"point": "again"}),
              ("override", "r2", {"position": 0, "reason": "keeps order"})]
    for i, (kind, person, data) in enumerate(script):
        record(session, kind, f"k{i}", t0 + dt.timedelta(seconds=60 * i), person, **data)
    rebuilt = queries.floor_state(session)
    direct = floor.replay(queries.floor_settings(session), [
        queries.engine_event(kind, (t0 + dt.timedelta(seconds=60 * i)).timestamp(), person, data)
        for i, (kind, person, data) in enumerate(script)])
    assert floor.report(rebuilt) == floor.report(direct) and rebuilt.log == direct.log
    assert rebuilt.current.person == "r2" and [w.person for w in rebuilt.queue] == ["r1"]
    assert any("key figure" in e.text for e in rebuilt.log)


def test_a_message_sent_twice_is_stored_once():
    session = SessionFactory()
    first, created = record(session, "request", "abc", session.starts_at, "r1", point="x")
    again, created_again = record(session, "request", "abc", session.starts_at, "r1", point="x")
    assert created and not created_again and first.pk == again.pk
    assert FloorEvent.objects.count() == 1


def test_time_never_runs_backwards_between_processes():
    session = SessionFactory()
    record(session, "request", "a", session.starts_at + dt.timedelta(seconds=10), "r1")
    late_clock, _ = record(session, "request", "b", session.starts_at + dt.timedelta(seconds=5), "r2")
    assert late_clock.at == session.starts_at + dt.timedelta(seconds=10) and late_clock.seq == 2
    assert len(queries.floor_state(session).queue) == 2


@pytest.mark.parametrize("kind,data,message", [
    ("dance", {}, "unknown floor event"),
    ("extend", {}, "missing or invalid"),
    ("extend", {"seconds": "lots"}, "missing or invalid"),
    ("override", {"position": 0}, "missing or invalid"),
    ("write", {}, "missing or invalid"),
])
def test_bad_events_are_refused_and_nothing_is_stored(kind, data, message):
    session = SessionFactory()
    with pytest.raises(actions.FloorError, match=message):
        record(session, kind, "k", session.starts_at, "r1", **data)
    assert not FloorEvent.objects.exists()


@pytest.mark.parametrize("key", ["", "x" * 65])
def test_every_event_needs_a_short_key(key):
    session = SessionFactory()
    with pytest.raises(actions.FloorError, match="key"):
        record(session, "start", key, session.starts_at)


@pytest.mark.django_db(transaction=True)
def test_concurrent_events_get_one_gapless_sequence():
    session = SessionFactory()

    def send(i: int) -> None:
        close_old_connections()
        try:
            actions.record_floor_event(session=session, kind="request", key=f"k{i % 30}", person=f"r{i % 30}")
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(send, range(60)))  # every key twice
    seqs = list(FloorEvent.objects.filter(session=session).order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, 31))
