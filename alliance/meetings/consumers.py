"""The live room's websocket: the floor for everyone in the room, controls for those allowed.

A message is validated (size, rate, schema, the sender's rights) and handed to an
action (record_floor_event, share_contributions, ...), which stores it and, once
committed, tells the whole room through the channel layer — Redis when several
processes serve the room — once per process, which writes it to its members
(meetings/hub.py). Here the sender only gets its ack, always before the room's frame
that follows from it. A bad message gets an error frame and changes nothing; the
connection stays.

Rights are decided when used: the sender's are read again from the database when a
message needs them and they are older than RIGHTS_TTL_S; someone who may no longer be
in the room (deactivated, registration of a members-only session cancelled) is closed
with 4403. Written contributions arriving together are stored together (share
batches, below).

Joins are admitted in batches (``admit``: the rights of everyone arriving meanwhile, and
their connections in other processes, in one database call); who is present and who
attended is kept in memory and written in batches (meetings/presence.py), and the
snapshot a joining page gets is encoded once per change of the room (meetings/hub.py),
not per join.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import datetime as dt
import functools
import json
import logging
import time
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer
from django.contrib.auth import get_user_model
from django.db import close_old_connections
from django.utils import timezone

from alliance.community.models import Ecosystem
from alliance.lib import ratelimit
from alliance.meetings import access, actions, hub, presence, queries
from alliance.meetings.actions import MAX_CONTRIBUTION
from alliance.meetings.hub import group_name
from alliance.meetings.models import (
    JOIN_LINK_LEAD,
    Contribution,
    ContributionKind,
    Registration,
    RegistrationStatus,
    Session,
    person_key,
    registration_id,
)
from alliance.meetings.presence import PRESENCE_TTL, present
from alliance.meetings.queries import CONTRIBUTIONS_IN_SNAPSHOT, contribution_data, snapshot

__all__ = ["CONTRIBUTIONS_IN_SNAPSHOT", "PRESENCE_TTL", "RoomConsumer", "contribution_data", "group_name",
           "present", "snapshot"]

T = TypeVar("T")
logger = logging.getLogger(__name__)
MAX_MESSAGE_BYTES = 4096
# Per connection (a sliding window in memory) ...
RATE_MESSAGES, RATE_WINDOW_S = 10, 5.0
# ... and per person and session, over all their connections and every process (the
# cache). The people running the session are not counted here: they drive the floor.
PERSON_MESSAGES, PERSON_WINDOW_S = 20, 10
# Connections one signed-in person may have open to one room (this process's in memory,
# other processes' in RoomPresence; a dead process's rows stop counting after PRESENCE_TTL).
MAX_CONNECTIONS = 5
CLOSE_NO_RIGHT, CLOSE_TOO_MANY = 4403, 4429
# Rights read at connect (or last checked) are trusted for this long.
RIGHTS_TTL_S = 3.0
# Written contributions wait at most this long for others to be stored with them, and
# at most this many go in one transaction.
STORE_WAIT_S, STORE_BATCH = 0.02, 50
TARGETED = frozenset({"skip", "override", "write"})
MESSAGE_TYPES = frozenset({"floor", "share", "edit", "hide", "capture", "confirm", "ping"})


def in_db_thread(func: Callable[..., T], *, shared: bool = True) -> Callable[..., Awaitable[T]]:
    """database_sync_to_async that also gives the connection back in the caller's context.
    ``shared=False`` runs it on a thread of its own, for reads that must not wait behind
    the one database thread's queue (a join storm's snapshot behind a thousand admissions).

    Django keeps connections in context-local storage, and the function runs in the
    consumer's context while channels' own clean-up runs outside it. Where a consumer
    has a context of its own (the test runner gives it one), that clean-up never sees
    the connection and it stays checked out of the pool for the consumer's whole life
    (seen: "database is being accessed by other users" at test teardown). Closing it
    here, inside the call, rules that out whoever runs the consumer.
    """

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> T:
        try:
            return func(*args, **kwargs)
        finally:
            close_old_connections()

    return database_sync_to_async(run, thread_sensitive=shared)


class MessageError(ValueError):
    pass


def _load(text: str | None) -> dict[str, Any]:
    if text is None or len(text.encode("utf-8", "surrogatepass")) > MAX_MESSAGE_BYTES:
        raise MessageError(f"messages are JSON text frames of at most {MAX_MESSAGE_BYTES} bytes")
    try:
        message = json.loads(text)
    except ValueError:
        raise MessageError("messages are JSON objects") from None
    from alliance.lib.clean import BadTextError, check_json  # the site's one rule for bad text

    try:
        check_json(message)  # NUL and lone surrogates ("\ud800") reach no action or database
    except BadTextError as error:
        raise MessageError(f"text {error}") from None
    if not isinstance(message, dict) or message.get("type") not in MESSAGE_TYPES:
        raise MessageError(f'expected {{"type": one of {", ".join(sorted(MESSAGE_TYPES))}, "key": ...}}')
    key = message.get("key")
    if not isinstance(key, str) or not 1 <= len(key) <= 64:
        raise MessageError("key must be a string of 1 to 64 characters")
    return message


def _text(message: dict[str, Any], name: str, limit: int, *, required: bool = False) -> str | None:
    value = message.get(name)
    if value is None:
        if required:
            raise MessageError(f"{name} is required")
        return None
    if not isinstance(value, str) or len(value) > limit or (required and not value.strip()):
        raise MessageError(f"{name} must be text of {'1' if required else '0'} to {limit} characters")
    return value


def _whole(message: dict[str, Any], name: str, low: int, high: int) -> int | None:
    value = message.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise MessageError(f"{name} must be a whole number from {low} to {high}")
    return value


def parse_message(text: str | None, *, moderator: bool) -> dict[str, Any]:
    """The schema of what a client may send; anything else is refused with a reason."""
    return _clean(_load(text), moderator=moderator)


def _clean(message: dict[str, Any], *, moderator: bool) -> dict[str, Any]:
    kind = message["type"]
    if kind == "ping":
        return {"type": "ping", "key": message["key"]}
    if kind == "floor":
        return _parse_floor(message, moderator=moderator)
    clean: dict[str, Any] = {"type": kind, "key": message["key"]}
    if kind in ("share", "capture"):
        clean["kind"] = message.get("kind")
        if clean["kind"] not in ContributionKind.values:
            raise MessageError(f"kind must be one of {', '.join(ContributionKind.values)}")
        clean["text"] = _text(message, "text", MAX_CONTRIBUTION, required=True)
        clean["ecosystem"] = _text(message, "ecosystem", 40) or ""
        if kind == "capture":
            clean["person"] = _text(message, "person", 40, required=True)
    elif kind in ("edit", "hide", "confirm"):
        clean["id"] = _whole(message, "id", 1, 2**62)
        if clean["id"] is None:
            raise MessageError(f"{kind} needs the id of the contribution")
        if kind == "edit":
            clean["text"] = _text(message, "text", MAX_CONTRIBUTION, required=True)
            edit_kind = message.get("kind")
            if edit_kind is not None and edit_kind not in ContributionKind.values:
                raise MessageError(f"kind must be one of {', '.join(ContributionKind.values)}")
            clean["kind"] = edit_kind
        if kind == "hide":
            clean["reason"] = _text(message, "reason", 300, required=True)
    return clean


def _parse_floor(message: dict[str, Any], *, moderator: bool) -> dict[str, Any]:
    kind = message.get("kind")
    allowed = queries.MODERATOR_KINDS | queries.PARTICIPANT_KINDS if moderator else queries.PARTICIPANT_KINDS
    if kind not in allowed:
        raise MessageError(f"{str(kind)[:20]!r} is not something you can do here")
    clean: dict[str, Any] = {"type": "floor", "kind": kind, "key": message["key"]}
    for name, limit in (("point", 200), ("reason", 300), ("person", 40)):
        value = _text(message, name, limit)
        if value is not None:
            clean[name] = value
    if "seconds" in message:
        seconds = message["seconds"]
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not 1 <= seconds <= 600:
            raise MessageError("seconds must be a number from 1 to 600")
        clean["seconds"] = float(seconds)
    position = _whole(message, "position", 0, 1000)
    if position is not None:
        clean["position"] = position
    if kind in TARGETED and not clean.get("person"):
        raise MessageError(f"{kind} needs the person it is about")
    if kind in ("override", "write") and not clean.get("reason", "").strip():
        raise MessageError(f"{kind} needs a reason: it goes into the log")
    if kind == "extend" and "seconds" not in clean:
        raise MessageError("extend needs seconds")
    if kind == "override" and "position" not in clean:
        raise MessageError("override needs a position")
    return clean


# --- Written contributions, stored in batches --------------------------------------------

@dataclass
class _Pending:
    user: Any
    message: dict[str, Any]
    at: float
    result: asyncio.Future[int | str]


@dataclass
class _Box:
    items: list[_Pending] = field(default_factory=list)
    full: asyncio.Event = field(default_factory=asyncio.Event)


REVOKED = "revoked"
_boxes: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, _Box]] = weakref.WeakKeyDictionary()
_draining: set[asyncio.Task[None]] = set()


async def store_share(session_id: int, user: Any, message: dict[str, Any]) -> int | str:
    """Store one ``share`` with whatever else this process is given for the room within
    STORE_WAIT_S (up to STORE_BATCH): the contribution's id, or why it was refused.
    One transaction per batch instead of one per contribution is what lets a burst of
    a thousand people sharing at once be acknowledged in seconds (docs/performance.md)."""
    loop = asyncio.get_running_loop()
    boxes = _boxes.setdefault(loop, {})
    box = boxes.get(session_id)
    if box is None:
        box = boxes[session_id] = _Box()
        task = loop.create_task(_drain(boxes, session_id, box), name=f"shares:{session_id}")
        _draining.add(task)  # a running task needs a reference, or it may be collected
        task.add_done_callback(_draining.discard)
    pending = _Pending(user, message, loop.time(), loop.create_future())
    box.items.append(pending)
    if len(box.items) >= STORE_BATCH:
        box.full.set()
    return await pending.result


async def _drain(boxes: dict[int, _Box], session_id: int, box: _Box) -> None:
    loop = asyncio.get_running_loop()
    while box.items:
        wait = box.items[0].at + STORE_WAIT_S - loop.time()
        if wait > 0 and len(box.items) < STORE_BATCH:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(box.full.wait(), wait)
        batch, box.items = box.items[:STORE_BATCH], box.items[STORE_BATCH:]
        if len(box.items) < STORE_BATCH:
            box.full.clear()
        try:
            results = await in_db_thread(_store_shares)(session_id, [(p.user, p.message) for p in batch])
        except Exception as error:  # each sender hears of it; nothing was stored
            for p in batch:
                if not p.result.done():
                    p.result.set_exception(error)
            continue
        for p, result in zip(batch, results, strict=True):
            if not p.result.done():
                p.result.set_result(result)
    if boxes.get(session_id) is box:
        del boxes[session_id]  # no await since the loop's test: a share meanwhile starts a new box


def _store_shares(session_id: int, items: list[tuple[Any, dict[str, Any]]]) -> list[int | str]:
    """The rights of every sender read at once (an active account and a seat now, not
    when they connected), then one action call for all. REVOKED for a sender whose
    account was deactivated: their connection is closed."""
    session = Session.objects.get(pk=session_id)
    users = {user.pk for user, _ in items if getattr(user, "is_authenticated", False)}
    active = set(get_user_model()._default_manager.filter(pk__in=users, is_active=True).values_list("pk", flat=True))
    seats = {r.person.user_id: r for r in Registration.objects.filter(
        session=session, person__user_id__in=active, status=RegistrationStatus.CONFIRMED,
    ).select_related("person", "organisation")}
    out: list[int | str] = ["" for _ in items]
    slots: list[int] = []
    shares: list[actions.Share] = []
    for i, (user, message) in enumerate(items):
        if getattr(user, "is_authenticated", False) and user.pk not in active:
            out[i] = REVOKED
            continue
        registration = seats.get(user.pk) if getattr(user, "is_authenticated", False) else None
        if registration is None or not access.can_share_in_writing(user, registration):
            out[i] = "only registrants with a seat can share in writing"
            continue
        slots.append(i)
        shares.append(actions.Share(registration=registration, kind=message["kind"], text=message["text"],
                                    key=message["key"], ecosystem=message["ecosystem"]))
    if shares:
        for i, result in zip(slots, actions.share_contributions(session=session, shares=shares), strict=True):
            out[i] = str(result) if isinstance(result, actions.ContributionError) else result.pk
    return out


# --- Joins, admitted in batches ----------------------------------------------------------

# At most this many joins are admitted in one database call.
ADMIT_BATCH = 200


@dataclass
class Admission:
    """What connect needs to know: 0 or the close code; the user's connections to the room
    in other processes; the registration to mark present, if any; the session and rights."""

    refused: int
    elsewhere: int = 0
    attending: int | None = None
    session: Session | None = None
    rights: access.RoomRights = access.NO_ROOM_RIGHTS


@dataclass
class _Joining:
    user: Any
    result: asyncio.Future[Admission]


_joining: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, list[_Joining]]] = (
    weakref.WeakKeyDictionary())
_admitting: set[asyncio.Task[None]] = set()


async def admit(session_id: int, user: Any) -> Admission:
    """Admit a connection to the room together with the others that arrive while a batch is
    being read: the session once, everyone's rights in two queries (access.room_rights)
    and their connections in other processes in one, in one database call. One join
    alone starts at once; a thousand at 08:30 take a few calls instead of a thousand,
    each of six to ten queries, on the one database thread (docs/performance.md)."""
    loop = asyncio.get_running_loop()
    queues = _joining.setdefault(loop, {})
    joining = _Joining(user, loop.create_future())
    queue = queues.get(session_id)
    if queue is None:
        queue = queues[session_id] = []
        task = loop.create_task(_admit_queue(queues, session_id, queue), name=f"joins:{session_id}")
        _admitting.add(task)  # a running task needs a reference, or it may be collected
        task.add_done_callback(_admitting.discard)
    queue.append(joining)
    return await joining.result


async def _admit_queue(queues: dict[int, list[_Joining]], session_id: int, queue: list[_Joining]) -> None:
    while queue:
        batch = queue[:ADMIT_BATCH]
        del queue[:ADMIT_BATCH]
        try:
            results = await in_db_thread(_admit_all)(session_id, [j.user for j in batch])
        except Exception as error:  # each join hears of it (its connect fails, as before)
            for j in batch:
                if not j.result.done():
                    j.result.set_exception(error)
            continue
        for j, result in zip(batch, results, strict=True):
            if not j.result.done():  # a connect cancelled meanwhile
                j.result.set_result(result)
    if queues.get(session_id) is queue:
        del queues[session_id]  # no await since the loop's test: a join meanwhile starts a new queue


def _admit_all(session_id: int, users: list[Any]) -> list[Admission]:
    session = Session.objects.filter(pk=session_id).first()
    if session is None:
        return [Admission(CLOSE_NO_RIGHT) for _ in users]
    rights = access.room_rights(session, users)

    def key(user: Any) -> int | None:
        return user.pk if getattr(user, "is_authenticated", False) else None

    joining = sorted({pk for user in users if (pk := key(user)) is not None and rights[pk].join})
    elsewhere = presence.others_connections_of(session.pk, joining)
    now = timezone.now()
    during = session.starts_at - JOIN_LINK_LEAD <= now < session.ends_at
    out = []
    for user in users:
        pk = key(user)
        right = rights[pk]
        if not right.join:
            out.append(Admission(CLOSE_NO_RIGHT))
            continue
        count = elsewhere[pk] if pk is not None else 0
        if count >= MAX_CONNECTIONS:
            out.append(Admission(CLOSE_TOO_MANY, count))
            continue
        registration = right.registration
        # Opening the room during the session is attending it (written with the next
        # batch, meetings/presence.py).
        attending = (registration.pk if registration is not None and during and registration.attended_at is None
                     and registration.status == RegistrationStatus.CONFIRMED else None)
        # A copy each: a consumer's session is its own (it reads it again on a recheck).
        out.append(Admission(0, count, attending, copy.copy(session), right))
    return out


class RoomConsumer(AsyncWebsocketConsumer):
    session: Session
    user: Any = None
    person: str = ""
    moderator: bool = False
    scribe: bool = False
    # No channel of its own: all a member hears comes through its room's hub (one listener
    # per process, meetings/hub.py). Channels would otherwise give every connection a
    # receive loop on the layer that nothing sends to — with Redis a blocking read per
    # connection, which timed out under load and dropped the connection.
    channel_layer_alias = "none"

    async def connect(self) -> None:
        session_id = int(self.scope["url_route"]["kwargs"]["pk"])
        self.user = self.scope.get("user")
        admission = await admit(session_id, self.user)
        refused, elsewhere, attending = admission.refused, admission.elsewhere, admission.attending
        if not refused and admission.session is not None:
            self.session = admission.session
            self._take_rights(admission.rights)
        signed_in = getattr(self.user, "is_authenticated", False)
        # This process's connections are counted in memory, other processes' in the
        # database; nothing awaits between the count and presence.arrive.
        if not refused and signed_in and (
                elsewhere + presence.connections_of(session_id, self.user.pk) >= MAX_CONNECTIONS):
            refused = CLOSE_TOO_MANY
        if refused == CLOSE_TOO_MANY:
            # Accepted first: a close code and reason reach the page only on an open socket.
            await self.accept()
            await self.close(code=CLOSE_TOO_MANY,
                             reason=f"at most {MAX_CONNECTIONS} connections per person to a room")
            return
        if refused:
            await self.close(code=CLOSE_NO_RIGHT)
            return
        self.connection_id = presence.new_channel()
        presence.arrive(session_id, self.connection_id, self.user, self.person)
        if attending is not None:
            presence.attended(attending)
        self.checked_at = time.monotonic()
        self.closing = False
        self.group = group_name(session_id)
        self.sent: list[float] = []
        self.layer = get_channel_layer()
        self.held: list[str] | None = []
        self.following: bool = False
        try:
            await self._enter()
        except BaseException:  # no disconnect follows a connect that failed: not present, then
            presence.leave(self.connection_id)
            await hub.leave(self.group, self)
            if self.following:
                await hub.leave(self.group + "-moderators", self)
            raise

    async def _enter(self) -> None:
        await hub.join(self.layer, self.group, self)
        await self._follow_presence()
        await self.accept()
        # Read beside the database thread: it is one read for every join meanwhile (hub.py),
        # which would otherwise wait behind all their admissions.
        seq, body = await hub.snapshot_for(self.group, lambda: in_db_thread(snapshot, shared=False)(self.session))
        await self.send(text_data=hub.snapshot_frame(seq, body, {"person": self.person, "moderator": self.moderator}))
        # The snapshot is the first frame a page gets. What the room sent since this
        # connection joined it waits until now; snapshots older than ours are dropped.
        held, self.held = self.held, None
        for text in held or ():
            if not (text.startswith('{"type": "snapshot"') and json.loads(text).get("seq", 0) <= seq):
                await self.base_send({"type": "websocket.send", "text": text})

    async def relay(self, text: str) -> None:
        """A frame for the whole room (meetings/hub.py), held until our first snapshot is
        out, and while a message of ours is handled (its ack goes first)."""
        if self.held is not None:
            self.held.append(text)
        elif not self.closing:
            await self.base_send({"type": "websocket.send", "text": text})

    def _take_rights(self, rights: access.RoomRights) -> Registration | None:
        self.moderator = rights.moderator
        self.scribe = rights.scribe
        registration = rights.registration
        seated = registration is not None and registration.status == RegistrationStatus.CONFIRMED
        self.person = person_key(registration.pk) if registration is not None and seated else ""
        return registration

    def _recheck(self) -> bool:
        """Read the sender's rights again; False when they may no longer be in the room."""
        if getattr(self.user, "is_authenticated", False):
            fresh = get_user_model()._default_manager.filter(pk=self.user.pk).first()
            if fresh is None or not fresh.is_active:
                return False
            self.user = fresh
        session = Session.objects.filter(pk=self.session.pk).first()
        if session is None:
            return False
        rights = next(iter(access.room_rights(session, [self.user]).values()))
        if not rights.join:
            return False
        self.session = session
        self._take_rights(rights)
        return True

    async def _rights_hold(self) -> bool:
        if time.monotonic() - self.checked_at < RIGHTS_TTL_S:
            return True
        if not await in_db_thread(self._recheck)():
            await self._revoked()
            return False
        self.checked_at = time.monotonic()
        if await self._follow_presence():
            presence.changed(self.session.pk)  # a new moderator's page gets the list soon
        return True

    async def _revoked(self) -> None:
        await self._error(None, "you may no longer take part in this room")
        self.closing = True
        await self.close(code=CLOSE_NO_RIGHT, reason="no longer allowed in this room")

    async def _follow_presence(self) -> bool:
        """Moderators follow who comes and goes (through a hub room of their own); True when
        this connection has just started following."""
        started = self.moderator and not self.following
        if started:
            await hub.join(self.layer, self.group + "-moderators", self)
        elif self.following and not self.moderator:
            await hub.leave(self.group + "-moderators", self)
        self.following = self.moderator
        return started

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "connection_id"):
            presence.leave(self.connection_id)
        if hasattr(self, "group"):
            self.closing = True
            await hub.leave(self.group, self)
            if self.following:
                await hub.leave(self.group + "-moderators", self)
            if not presence.here(self.session.pk):
                # The room's last connection here: the process may be stopping, so what
                # it holds for the room is written now rather than in FLUSH_S.
                await presence.flush()

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        # The room's frames wait while this message is handled: whatever the action
        # publishes on commit reaches the sender after its ack.
        if self.held is None:
            self.held = []
        try:
            await self._handle(text_data)
        finally:
            held, self.held = self.held, None
            for text in held or ():
                if not self.closing:
                    await self.base_send({"type": "websocket.send", "text": text})

    async def _handle(self, text_data: str | None) -> None:
        now = time.monotonic()
        self.sent = [t for t in self.sent if now - t < RATE_WINDOW_S]
        if len(self.sent) >= RATE_MESSAGES:
            await self._error(None, f"at most {RATE_MESSAGES} messages in {RATE_WINDOW_S:.0f} seconds", retry=True)
            return
        self.sent.append(now)
        try:
            raw = _load(text_data)
        except MessageError as error:
            await self._error(None, str(error))
            return
        if raw["type"] == "ping":
            # Nothing to write: the process marks all its connections as seen at once
            # (presence.HEARTBEAT_S); a dead connection is closed by the server and leaves.
            return
        # A share's right (a seat, an active account) is read with its batch (_store_shares):
        # a check per message here, on the one database thread, was what limited a burst.
        if raw["type"] != "share" and not await self._rights_hold():
            return
        try:
            message = _clean(raw, moderator=self.moderator)
        except MessageError as error:
            await self._error(None, str(error))
            return
        if getattr(self.user, "is_authenticated", False) and not self.scribe and not await sync_to_async(
                ratelimit.hit, thread_sensitive=False)(
                "room", f"{self.session.pk}:{self.user.pk}", limit=PERSON_MESSAGES, window=PERSON_WINDOW_S):
            await self._error(message["key"], f"at most {PERSON_MESSAGES} messages in {PERSON_WINDOW_S} seconds "
                                              "from one person, over all their connections", retry=True)
            return
        if message["type"] == "share":
            try:
                result = await store_share(self.session.pk, self.user, message)
            except Exception:  # nothing stored: the page keeps it and sends it again
                logger.exception("room %s: a batch of written contributions failed", self.session.pk)
                await self._error(message["key"], "not stored; send it again", retry=True)
                return
            if result == REVOKED:
                await self._revoked()
            elif isinstance(result, str):
                await self._error(message["key"], result)
            else:
                await self.send(text_data=json.dumps({"type": "ack", "key": message["key"], "id": result}))
            return
        if message["type"] != "floor":
            try:
                pk = await in_db_thread(self._contribute)(message)
            except (actions.ContributionError, MessageError) as error:
                await self._error(message["key"], str(error))
                return
            await self.send(text_data=json.dumps({"type": "ack", "key": message["key"], "id": pk}))
            return
        try:
            seq = await in_db_thread(self._store)(message)
        except (actions.FloorError, MessageError) as error:
            await self._error(message["key"], str(error))
            return
        await self.send(text_data=json.dumps({"type": "ack", "key": message["key"], "seq": seq}))

    def _contribute(self, message: dict[str, Any]) -> int:
        """Store a captured contribution or a change to one; the contribution's id."""
        user, kind = self.user, message["type"]
        if kind == "capture":
            if not access.can_capture(user, self.session):
                raise MessageError("only the scribe captures what speakers say")
            speaker = self._registration(message["person"])
            if speaker is None:
                raise MessageError("no such speaker in this session")
            state = queries.floor_state(self.session)
            started = state.current.started_at if state.current and state.current.person == message["person"] else None
            contribution, _ = actions.share_contribution(
                session=self.session, registration=speaker, spoken_by=speaker, kind=message["kind"],
                text=message["text"], key=message["key"], ecosystem=self._ecosystem(message["ecosystem"]),
                turn_started_at=dt.datetime.fromtimestamp(started, dt.UTC) if started else None, captured_by=user)
            return contribution.pk
        contribution = self._contribution(message["id"])
        now = timezone.now()
        if kind == "edit":
            if not access.can_edit_contribution(user, contribution, now):
                raise MessageError("only its author (for 5 minutes) or the scribe can change this contribution")
            actions.edit_contribution(contribution=contribution, by=user, text=message["text"],
                                      kind=message.get("kind"))
        elif kind == "confirm":
            if not (contribution.spoken and access.can_edit_contribution(user, contribution, now)
                    and not access.can_capture(user, self.session)):
                raise MessageError("only the speaker confirms what the scribe captured")
            actions.confirm_contribution(contribution=contribution, by=user)
        else:
            if not access.can_hide_contribution(user, self.session):
                raise MessageError("only moderators hide contributions")
            actions.hide_contribution(contribution=contribution, by=user, reason=message["reason"])
        return contribution.pk

    def _registration(self, person: str) -> Registration | None:
        pk = registration_id(person)
        if pk is None:
            return None
        return (Registration.objects.filter(pk=pk, session=self.session,
                                            status=RegistrationStatus.CONFIRMED)
                .select_related("person", "organisation").first())

    def _contribution(self, pk: int) -> Contribution:
        contribution = (Contribution.objects.filter(pk=pk, session=self.session, hidden_at__isnull=True)
                        .select_related("session", "registration__person").first())
        if contribution is None:
            raise MessageError("no such contribution in this room")
        return contribution

    @staticmethod
    def _ecosystem(slug: str) -> str:
        if slug and not Ecosystem.objects.filter(slug=slug).exists():
            raise MessageError("unknown industrial ecosystem")
        return slug

    def _store(self, message: dict[str, Any]) -> int:
        kind = message["kind"]
        if kind in queries.PARTICIPANT_KINDS and not self.moderator:
            if not self.person:
                raise MessageError("only registrants with a seat can ask for the floor")
            person = self.person
        else:
            person = message.get("person") or self.person
        data = {k: v for k, v in message.items() if k in ("point", "reason", "seconds", "position")}
        event, _created = actions.record_floor_event(session=self.session, kind=kind, key=message["key"],
                                                     actor=self.user, person=person, data=data)
        return event.seq

    async def _error(self, key: str | None, message: str, *, retry: bool = False) -> None:
        """``retry``: refused for now, not for what it says (the page sends it again later)."""
        frame: dict[str, Any] = {"type": "error", "key": key, "error": message}
        if retry:
            frame["retry"] = True
        await self.send(text_data=json.dumps(frame))
