"""Reads of the live room: the floor's state is the replay of its stored events."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from alliance.meetings import floor
from alliance.meetings.models import FloorEvent, Session

# The events a client may send, and what each carries besides its kind.
FLOOR_KINDS: dict[str, type[floor.Event]] = {
    "request": floor.Request, "withdraw": floor.Withdraw, "start": floor.Start, "next": floor.Next,
    "yield": floor.Yield, "pause": floor.Pause, "resume": floor.Resume, "extend": floor.Extend,
    "skip": floor.Skip, "override": floor.Override, "write": floor.MoveToWriting, "tick": floor.Tick,
    "end": floor.End,
}
MODERATOR_KINDS = frozenset({"start", "next", "pause", "resume", "extend", "skip", "override", "write", "end"})
PARTICIPANT_KINDS = frozenset({"request", "withdraw", "yield"})


def floor_settings(session: Session) -> floor.Settings:
    return floor.Settings(
        total_s=session.duration_minutes * 60, opening_s=session.opening_minutes * 60,
        closing_s=session.closing_minutes * 60, min_turn_s=session.min_turn_seconds,
        max_turn_s=session.max_turn_seconds, second_round=session.second_round,
    )


def engine_event(kind: str, t: float, person: str, data: dict[str, Any]) -> floor.Event:
    """Build the engine's event; ValueError/TypeError on data that does not fit the kind."""
    cls = FLOOR_KINDS[kind]
    if cls is floor.Request:
        return floor.Request(t, person, str(data.get("point", ""))[:200])
    if cls in (floor.Withdraw, floor.Yield):
        return cls(t, person)
    if cls is floor.Extend:
        return floor.Extend(t, float(data["seconds"]), str(data.get("reason", ""))[:300])
    if cls is floor.Skip:
        return floor.Skip(t, person, str(data.get("reason", ""))[:300])
    if cls is floor.Override:
        return floor.Override(t, person, int(data["position"]), str(data["reason"])[:300])
    if cls is floor.MoveToWriting:
        return floor.MoveToWriting(t, person, str(data["reason"])[:300])
    return cls(t)


def replay_rows(session: Session, rows: Iterable[FloorEvent]) -> floor.State:
    return floor.replay(floor_settings(session),
                        (engine_event(r.kind, r.at.timestamp(), r.person, r.data) for r in rows))


def floor_state(session: Session) -> floor.State:
    """The room as the database says it is: what any process, restarted or not, sees."""
    return replay_rows(session, session.floor_events.order_by("seq"))
