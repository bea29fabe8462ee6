"""Reads of the live room: the floor's state is the replay of its stored events."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

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


def fairness(session: Session) -> dict[str, Any] | None:
    """Accountable fairness (Gilles Rule 8), from the stored floor and contributions:
    speaking time per person, organisation type and country; requests made, served and
    moved to writing; the Gini coefficient; contributions by kind."""
    from alliance.community.models import OrganisationType
    from alliance.meetings.models import ContributionKind, Registration

    rows = list(session.floor_events.order_by("seq"))
    if not rows:
        return None
    state = replay_rows(session, rows)
    report = floor.report(state)
    spoken = state.spoken_s()
    ids = [int(p[1:]) for p in spoken if p.startswith("r") and p[1:].isdigit()]
    registrations = {f"r{r.pk}": r for r in Registration.objects.filter(pk__in=ids).select_related(
        "person", "organisation__country")}
    people: list[dict[str, Any]] = []
    by_type: dict[str, int] = {}
    by_country: dict[str, int] = {}
    longest = max(spoken.values(), default=0.0) or 1.0
    for person, seconds in sorted(spoken.items(), key=lambda kv: -kv[1]):
        registration = registrations.get(person)
        org = registration.organisation if registration else None
        type_label = str(OrganisationType(org.type).label) if org else "—"
        country = org.country.display_name if org else "—"
        people.append({"name": registration.person.name if registration else person,
                       "organisation": org.name if org else "", "seconds": round(seconds),
                       "share": round(100 * seconds / longest)})
        by_type[type_label] = by_type.get(type_label, 0) + round(seconds)
        by_country[country] = by_country.get(country, 0) + round(seconds)
    kinds = dict(session.contributions.filter(hidden_at__isnull=True).values_list("kind").annotate(
        n=models.Count("id")).values_list("kind", "n"))
    requests = int(str(report["requests"]))
    return {
        "people": people, "by_type": sorted(by_type.items(), key=lambda kv: -kv[1]),
        "by_country": sorted(by_country.items(), key=lambda kv: -kv[1]),
        "requests": requests, "turns": report["turns"], "speakers": report["speakers"],
        "moved_to_writing": report["moved_to_writing"], "withdrawn": report["withdrawn"],
        # Of the people who asked for a first turn, the share who got the floor.
        "served_share": round(100 * int(str(report["speakers"])) / state.first_requests)
        if state.first_requests else 0,
        "gini": report["gini"], "overrun_s": report["overrun_s"],
        "contributions": [(str(label), kinds.get(value, 0)) for value, label in ContributionKind.choices],
    }
