"""Who is in the live room, and who attended it: kept in memory per process, written in batches.

A join used to cost three database round trips of its own — a presence row written, the
registrant's attendance marked (an update and an activity-log entry), and the whole
presence list read back for the moderators — and a leave two more. In a storm of a
thousand people opening the room within a minute that was a thousand list reads of up
to a thousand rows each, on the process's one database thread (docs/performance.md,
"Join storm"). Here a join and a leave change only this process's memory; one task per
event loop writes what changed every FLUSH_S in one transaction (new rows in one bulk
insert, departures in one delete, attendance in one update, through the actions
``record_room_presence`` and ``mark_room_attendance``), then reads each changed room's
presence list once and sends it to the room's moderators, in every process, through
the channel layer. The database stays what every process and a restarted one read:
docs/decisions/0011-cheap-room-joins.md.

Bounds: a join reaches the moderators' list, and its attendance the database, within
FLUSH_S (plus the write). A process killed outright loses at most that much: attendance
not yet written is marked again when the page reconnects (it does, within 10 s), and
rows of connections that died with it stop counting after PRESENCE_TTL, as before. A
process that stops cleanly writes what it holds when the last connection of a room
leaves. Instead of a write per connection on every page's ping, each process marks
all its connections as seen in one statement every HEARTBEAT_S: a live process's rows
never age past PRESENCE_TTL.

Everything here runs on the event loop's thread (no locks); the writes run on the
database thread with a copy of what is pending.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import uuid
import weakref
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from channels.layers import get_channel_layer
from django.db.models import Count
from django.utils import timezone

from alliance.meetings import actions
from alliance.meetings.actions import RoomArrival
from alliance.meetings.models import RoomPresence

logger = logging.getLogger(__name__)

# What changed is written this long after the first change since the last write.
FLUSH_S = 1.0
# Every process marks its connections as seen this often; a row not seen for
# PRESENCE_TTL belongs to a connection that died with its process.
HEARTBEAT_S = 25.0
PRESENCE_TTL = dt.timedelta(seconds=75)
# This process's connections' channels start with it (the heartbeat's one statement, and
# the connection cap counting other processes' connections in the database).
PROCESS = uuid.uuid4().hex[:12]
PREFIX = f"{PROCESS}."


def new_channel() -> str:
    """A connection's name in RoomPresence: unique, and known to be this process's."""
    return f"{PREFIX}{uuid.uuid4().hex}"


def present(session_id: int) -> list[dict[str, Any]]:
    """Who is in the room now, as the database says over every process: one entry per
    person (or signed-in user), visitors counted."""
    rows = (RoomPresence.objects.filter(session_id=session_id, seen_at__gte=timezone.now() - PRESENCE_TTL)
            .order_by("joined_at", "id").values_list("user_id", "person", "name"))
    people: dict[str, dict[str, Any]] = {}
    visitors = 0
    for user_id, person, name in rows:
        who = person or (f"u{user_id}" if user_id else "")
        if not who:
            visitors += 1
            continue
        people.setdefault(who, {"person": person, "name": name})
    return [*people.values(), *([{"person": "", "name": "", "visitors": visitors}] if visitors else [])]


def others_connections(session_id: int, user_id: int) -> int:
    """Connections of a user to a room held by other processes (the database's view;
    this process's are counted in memory: ``connections_of``)."""
    return (RoomPresence.objects.filter(session_id=session_id, user_id=user_id,
                                        seen_at__gte=timezone.now() - PRESENCE_TTL)
            .exclude(channel__startswith=PREFIX).count())


def others_connections_of(session_id: int, user_ids: list[int]) -> Counter[int]:
    """``others_connections`` for several users at once (a batch of joins): one query."""
    if not user_ids:
        return Counter()
    rows = (RoomPresence.objects.filter(session_id=session_id, user_id__in=user_ids,
                                        seen_at__gte=timezone.now() - PRESENCE_TTL)
            .exclude(channel__startswith=PREFIX).values("user_id").annotate(n=Count("id")).order_by()
            .values_list("user_id", "n"))
    return Counter(dict(rows))


@dataclass
class _Batch:
    arrived: list[RoomArrival]
    left: list[str]
    attended: list[int]
    rooms: set[int]
    beat: bool


@dataclass
class _Book:
    """One event loop's connections and what is not written yet."""

    connections: dict[str, RoomArrival] = field(default_factory=dict)
    per_user: Counter[tuple[int, int | None]] = field(default_factory=Counter)
    per_room: Counter[int] = field(default_factory=Counter)
    arrived: dict[str, RoomArrival] = field(default_factory=dict)
    left: set[str] = field(default_factory=set)
    attended: set[int] = field(default_factory=set)
    rooms: set[int] = field(default_factory=set)  # whose moderators hear the list after the write
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    writing: asyncio.Lock = field(default_factory=asyncio.Lock)  # one write at a time, in order
    task: asyncio.Task[None] | None = None
    beat_at: float = 0.0

    def pending(self) -> bool:
        return bool(self.arrived or self.left or self.attended or self.rooms)

    def take(self, now: float) -> _Batch:
        beat = bool(self.connections) and now >= self.beat_at
        if beat:
            self.beat_at = now + HEARTBEAT_S
        batch = _Batch(list(self.arrived.values()), sorted(self.left), sorted(self.attended), set(self.rooms), beat)
        self.arrived, self.left, self.attended, self.rooms = {}, set(), set(), set()
        return batch

    def give_back(self, batch: _Batch) -> None:
        """A write failed: what it held is written with the next one (a connection that
        has left meanwhile is not written at all, and its row deleted should it exist)."""
        for arrival in batch.arrived:
            if arrival.channel in self.connections:
                self.arrived.setdefault(arrival.channel, arrival)
            else:
                self.left.add(arrival.channel)
        self.left.update(batch.left)
        self.attended.update(batch.attended)
        self.rooms.update(batch.rooms)
        if batch.beat:
            self.beat_at = 0.0


_books: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Book] = weakref.WeakKeyDictionary()


def _book() -> _Book:
    return _books.setdefault(asyncio.get_running_loop(), _Book())


def _wake(book: _Book) -> None:
    if book.task is None or book.task.done():
        book.task = asyncio.get_running_loop().create_task(_run(book), name="room-presence")
    book.wake.set()


def arrive(session_id: int, channel: str, user: Any, person: str) -> None:
    """A connection joined the room (in memory now, in the database with the next write)."""
    signed_in = getattr(user, "is_authenticated", False)
    arrival = RoomArrival(session_id, channel, user.pk if signed_in else None, person, actions.room_name(user),
                          timezone.now())
    book = _book()
    book.connections[channel] = arrival
    book.per_user[session_id, arrival.user_id] += 1
    book.per_room[session_id] += 1
    book.arrived[channel] = arrival
    book.rooms.add(session_id)
    _wake(book)


def leave(channel: str) -> None:
    book = _book()
    arrival = book.connections.pop(channel, None)
    if arrival is None:
        return
    book.per_user[arrival.session_id, arrival.user_id] -= 1
    book.per_room[arrival.session_id] -= 1
    if book.arrived.pop(channel, None) is None:  # written already (or being written): delete it
        book.left.add(channel)
    book.rooms.add(arrival.session_id)
    _wake(book)


def attended(registration_id: int) -> None:
    """A registrant opened the room during the session: marked present with the next write
    (once, however many connections they open)."""
    book = _book()
    book.attended.add(registration_id)
    _wake(book)


def changed(session_id: int) -> None:
    """The room's moderators hear the presence list after the next write (a connection
    that has just become a moderator's, say)."""
    book = _book()
    book.rooms.add(session_id)
    _wake(book)


def connections_of(session_id: int, user_id: int) -> int:
    """This process's open connections of a user to a room."""
    return _book().per_user[session_id, user_id]


def here(session_id: int) -> int:
    """This process's open connections to a room."""
    return _book().per_room[session_id]


async def flush() -> None:
    """Write what is pending now (the last connection of a room left: the process may be
    stopping)."""
    book = _book()
    if book.pending():
        await _write(book)


async def _run(book: _Book) -> None:
    loop = asyncio.get_running_loop()
    while True:
        if book.pending():
            await asyncio.sleep(FLUSH_S)  # what else comes meanwhile goes in the same write
        elif book.connections:
            book.wake.clear()
            try:
                await asyncio.wait_for(book.wake.wait(), max(0.0, book.beat_at - loop.time()))
                continue
            except TimeoutError:
                pass  # the heartbeat is due
        else:
            return
        await _write(book)


async def _write(book: _Book) -> None:
    from alliance.meetings.consumers import in_db_thread  # its database thread and connection rule

    async with book.writing:
        batch = book.take(asyncio.get_running_loop().time())
        if not (batch.arrived or batch.left or batch.attended or batch.rooms or batch.beat):
            return
        try:
            lists = await in_db_thread(_store)(batch)
        except Exception:  # nothing is lost: the next write takes it again
            logger.warning("room presence: a write failed; trying again", exc_info=True)
            book.give_back(batch)
            _wake(book)
            return
    layer = get_channel_layer()
    if layer is None:
        return
    from alliance.meetings.hub import group_name

    for session_id, people in lists.items():
        with contextlib.suppress(Exception):  # the next change sends the list again
            await layer.group_send(group_name(session_id) + "-moderators", {
                "type": "room.presence", "text": json.dumps({"type": "presence", "present": people})})


def _store(batch: _Batch) -> dict[int, list[dict[str, Any]]]:
    now = timezone.now()
    actions.record_room_presence(arrived=batch.arrived, left=batch.left, seen_prefix=PREFIX if batch.beat else "",
                                 at=now)
    actions.mark_room_attendance(registrations=batch.attended, at=now)
    return {session_id: present(session_id) for session_id in sorted(batch.rooms)}


async def close_all() -> None:
    """Write what is pending and stop this loop's task (tests: each test's loop)."""
    book = _books.pop(asyncio.get_running_loop(), None)
    if book is None:
        return
    if book.task is not None:
        book.task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await book.task
    if book.pending():
        with contextlib.suppress(Exception):
            await _write(book)
