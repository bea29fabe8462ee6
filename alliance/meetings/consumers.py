"""The live room's websocket: the floor for everyone in the room, controls for those allowed.

A message is validated (size, rate, schema), stored through actions.record_floor_event
(committed before anything is sent), then the new state is computed once and sent to
the whole room through the channel layer — Redis when several processes serve the
room — once per process, which writes it to its members (meetings/hub.py). A bad
message gets an error frame and changes nothing; the connection stays.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer
from django.db import close_old_connections
from django.utils import timezone

from alliance.community.models import Ecosystem
from alliance.meetings import access, actions, hub, queries
from alliance.meetings.actions import MAX_CONTRIBUTION
from alliance.meetings.models import (
    JOIN_LINK_LEAD,
    AttendanceSource,
    Contribution,
    ContributionKind,
    Registration,
    RegistrationStatus,
    RoomPresence,
    Session,
)

T = TypeVar("T")
MAX_MESSAGE_BYTES = 4096
RATE_MESSAGES, RATE_WINDOW_S = 10, 5.0
TARGETED = frozenset({"skip", "override", "write"})
MESSAGE_TYPES = frozenset({"floor", "share", "edit", "hide", "capture", "confirm", "ping"})
# A connection not heard of for this long is not counted as present (its process died).
PRESENCE_TTL = dt.timedelta(seconds=75)
# The snapshot carries the latest written contributions; older ones are on the session page.
CONTRIBUTIONS_IN_SNAPSHOT = 200


def in_db_thread(func: Callable[..., T]) -> Callable[..., Awaitable[T]]:
    """database_sync_to_async that also gives the connection back in the caller's context.

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

    return database_sync_to_async(run)


def group_name(session_id: int) -> str:
    return f"room-{session_id}"


def present(session_id: int) -> list[dict[str, Any]]:
    """Who is in the room now: one entry per person (or signed-in user), visitors counted."""
    rows = RoomPresence.objects.filter(session_id=session_id, seen_at__gte=timezone.now() - PRESENCE_TTL)
    people: dict[str, dict[str, Any]] = {}
    visitors = 0
    for row in rows.order_by("joined_at"):
        who = row.person or (f"u{row.user_id}" if row.user_id else "")
        if not who:
            visitors += 1
            continue
        people.setdefault(who, {"person": row.person, "name": row.name})
    return [*people.values(), *([{"person": "", "name": "", "visitors": visitors}] if visitors else [])]


class MessageError(ValueError):
    pass


def _load(text: str | None) -> dict[str, Any]:
    if text is None or len(text.encode("utf-8", "surrogatepass")) > MAX_MESSAGE_BYTES:
        raise MessageError(f"messages are JSON text frames of at most {MAX_MESSAGE_BYTES} bytes")
    try:
        message = json.loads(text)
    except ValueError:
        raise MessageError("messages are JSON objects") from None
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
    message = _load(text)
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


def contribution_data(contribution: Contribution) -> dict[str, Any]:
    registration = contribution.registration
    return {
        "id": contribution.pk, "kind": contribution.kind, "text": contribution.text,
        "ecosystem": contribution.ecosystem_id or "", "spoken": contribution.spoken,
        "person": f"r{registration.pk}" if registration else "",
        "name": registration.person.name if registration else "",
        "organisation": contribution.organisation.name if contribution.organisation else "",
        "created_ms": contribution.created_at.timestamp() * 1000,
        "edited": contribution.edited_at is not None, "confirmed": contribution.confirmed_at is not None,
        "hidden": contribution.hidden_at is not None,
    }


def snapshot(session: Session, *, contributions: bool = True) -> dict[str, Any]:
    """The room as everyone sees it, with names; times in epoch milliseconds (server clock).

    The written contributions come with the snapshot a page gets when it connects; after
    that they arrive one by one, so the snapshot broadcast after each floor event leaves
    them out (``contributions=False``): it stays a couple of kilobytes however much has
    been written, instead of up to 200 contributions to every member on every turn."""
    state = queries.floor_state(session)
    keys = {w.person for w in state.queue} | {w.person for w in state.written} | (
        {state.current.person} if state.current else set())
    ids = [int(k[1:]) for k in keys if k.startswith("r") and k[1:].isdigit()]
    names = {f"r{r.pk}": {"name": r.person.name, "organisation": r.organisation.name if r.organisation else ""}
             for r in Registration.objects.filter(pk__in=ids).select_related("person", "organisation")}
    now_ms = time.time() * 1000
    spoken = state.spoken_s()
    current = None
    if state.current is not None:
        left = state.current.allotted_s - state.current.used_s
        current = {
            "person": state.current.person, **names.get(state.current.person, {}), "point": state.current.point,
            "round": state.current.round, "allotted_s": round(state.current.allotted_s, 1),
            "used_s": round(state.current.used_s, 1),
            # A running countdown ends at a server time; a paused one shows what is left.
            "ends_at_ms": now_ms + left * 1000 if state.phase == "floor" else None,
            "left_s": round(left, 1),
        }
    last_seq = session.floor_events.order_by("-seq").values_list("seq", flat=True).first() or 0
    frame: dict[str, Any] = {
        "type": "snapshot", "seq": last_seq, "server_time_ms": now_ms, "phase": state.phase,
        "topic": session.topic, "floor_left_s": round(state.floor_left_s, 1), "current": current,
        "queue": [{"person": w.person, **names.get(w.person, {}), "point": w.point, "round": w.round, "why": w.why,
                   "requested_ms": w.requested_at * 1000, "spoken_s": round(spoken.get(w.person, 0.0))}
                  for w in state.queue],
        "written": [{"person": w.person, **names.get(w.person, {}), "point": w.point, "reason": w.reason}
                    for w in state.written],
        "log": [{"t": e.t, "kind": e.kind, "person": e.person, "text": e.text} for e in state.log[-20:]],
    }
    if contributions:
        frame["contributions"] = [
            contribution_data(c) for c in session.contributions.filter(hidden_at__isnull=True)
            .select_related("registration__person", "organisation").order_by("-created_at", "-id")
            [:CONTRIBUTIONS_IN_SNAPSHOT]][::-1]
    return frame


class RoomConsumer(AsyncWebsocketConsumer):
    session: Session
    person: str = ""
    moderator: bool = False
    # No channel of its own: all a member hears comes through its room's hub (one listener
    # per process, meetings/hub.py). Channels would otherwise give every connection a
    # receive loop on the layer that nothing sends to — with Redis a blocking read per
    # connection, which timed out under load and dropped the connection.
    channel_layer_alias = "none"

    async def connect(self) -> None:
        session_id = int(self.scope["url_route"]["kwargs"]["pk"])
        allowed = await in_db_thread(self._admit)(session_id)
        if not allowed:
            await self.close(code=4403)
            return
        self.group = group_name(session_id)
        self.sent: list[float] = []
        self.layer = get_channel_layer()
        self.connection_id = uuid.uuid4().hex
        self.held: list[str] | None = []
        await hub.join(self.layer, self.group, self)
        if self.moderator:
            await hub.join(self.layer, self.group + "-moderators", self)
        await self.accept()
        await in_db_thread(self._arrive)()
        state = await in_db_thread(snapshot)(self.session)
        await self.send(text_data=json.dumps({**state, "you": {"person": self.person, "moderator": self.moderator}}))
        # The snapshot is the first frame a page gets. What the room sent since this
        # connection joined it waits until now; snapshots older than ours are dropped.
        held, self.held = self.held, None
        for text in held or ():
            if not (text.startswith('{"type": "snapshot"') and json.loads(text).get("seq", 0) <= state["seq"]):
                await self.base_send({"type": "websocket.send", "text": text})
        await self._tell_moderators()

    async def relay(self, text: str) -> None:
        """A frame for the whole room (meetings/hub.py), held until our first snapshot is out."""
        if self.held is not None:
            self.held.append(text)
        else:
            await self.base_send({"type": "websocket.send", "text": text})

    def _admit(self, session_id: int) -> bool:
        session = Session.objects.filter(pk=session_id).first()
        user = self.scope.get("user")
        if session is None or not access.can_join_room(user, session):
            return False
        self.session = session
        self.moderator = access.can_manage_session(user, session)
        registration = actions.active_registration(session, user)
        if registration is not None and registration.status == RegistrationStatus.CONFIRMED:
            self.person = f"r{registration.pk}"
            now = timezone.now()
            # Opening the room during the session is attending it.
            if registration.attended_at is None and session.starts_at - JOIN_LINK_LEAD <= now < session.ends_at:
                actions.mark_attendance(by=user, registration=registration, attended=True,
                                        source=AttendanceSource.ROOM)
        return True

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group"):
            await hub.leave(self.group, self)
            if self.moderator:
                await hub.leave(self.group + "-moderators", self)
            await in_db_thread(RoomPresence.objects.filter(channel=self.connection_id).delete)()
            await self._tell_moderators()

    def _arrive(self) -> None:
        user = self.scope.get("user")
        name = ""
        if getattr(user, "is_authenticated", False):
            name = user.name or user.email.split("@")[0]
        RoomPresence.objects.update_or_create(channel=self.connection_id, defaults={
            "session": self.session, "user": user if getattr(user, "is_authenticated", False) else None,
            "person": self.person, "name": name})

    async def _tell_moderators(self) -> None:
        """Only moderators follow who comes and goes: a join storm of a thousand is then a
        thousand small messages, not a million."""
        people = await in_db_thread(present)(self.session.pk)
        await self.layer.group_send(self.group + "-moderators", {
            "type": "room.presence", "text": json.dumps({"type": "presence", "present": people})})

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        now = time.monotonic()
        self.sent = [t for t in self.sent if now - t < RATE_WINDOW_S]
        if len(self.sent) >= RATE_MESSAGES:
            await self._error(None, f"at most {RATE_MESSAGES} messages in {RATE_WINDOW_S:.0f} seconds")
            return
        self.sent.append(now)
        try:
            message = parse_message(text_data, moderator=self.moderator)
        except MessageError as error:
            await self._error(None, str(error))
            return
        if message["type"] == "ping":
            await in_db_thread(RoomPresence.objects.filter(channel=self.connection_id).update)(seen_at=timezone.now())
            return
        if message["type"] != "floor":
            try:
                payload = await in_db_thread(self._contribute)(message)
            except (actions.ContributionError, MessageError) as error:
                await self._error(message["key"], str(error))
                return
            await self.send(text_data=json.dumps({"type": "ack", "key": message["key"], "id": payload["id"]}))
            if payload is not None:
                hub.publish_contribution(self.layer, self.group, payload)
            return
        try:
            seq, created = await in_db_thread(self._store)(message)
        except (actions.FloorError, MessageError) as error:
            await self._error(message["key"], str(error))
            return
        await self.send(text_data=json.dumps({"type": "ack", "key": message["key"], "seq": seq}))
        if created:  # stored and committed: now the room may hear of it
            state = await in_db_thread(snapshot)(self.session, contributions=False)
            # Encoded once for the whole room, and received once per process (meetings/hub.py).
            await self.layer.group_send(self.group, {"type": "room.snapshot", "text": json.dumps(state)})

    def _contribute(self, message: dict[str, Any]) -> dict[str, Any]:
        """Store a written contribution or a change to one; the committed result is returned."""
        user, kind = self.scope.get("user"), message["type"]
        if kind == "share":
            registration = self._registration()
            if not access.can_share_in_writing(user, registration):
                raise MessageError("only registrants with a seat can share in writing")
            assert registration is not None
            contribution, _ = actions.share_contribution(
                session=self.session, registration=registration, kind=message["kind"], text=message["text"],
                key=message["key"], ecosystem=self._ecosystem(message["ecosystem"]))
        elif kind == "capture":
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
        else:
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
        contribution = Contribution.objects.select_related("registration__person", "organisation").get(
            pk=contribution.pk)
        return contribution_data(contribution)

    def _registration(self, person: str | None = None) -> Registration | None:
        key = person or self.person
        if not key.startswith("r") or not key[1:].isdigit():
            return None
        return (Registration.objects.filter(pk=int(key[1:]), session=self.session,
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

    def _store(self, message: dict[str, Any]) -> tuple[int, bool]:
        kind = message["kind"]
        if kind in queries.PARTICIPANT_KINDS and not self.moderator:
            if not self.person:
                raise MessageError("only registrants with a seat can ask for the floor")
            person = self.person
        else:
            person = message.get("person") or self.person
        data = {k: v for k, v in message.items() if k in ("point", "reason", "seconds", "position")}
        event, created = actions.record_floor_event(session=self.session, kind=kind, key=message["key"],
                                                    actor=self.scope.get("user"), person=person, data=data)
        if created and kind == "start":
            actions.mark_live(session=self.session)
        return event.seq, created


    async def _error(self, key: str | None, message: str) -> None:
        await self.send(text_data=json.dumps({"type": "error", "key": key, "error": message}))
