"""Reads of the live room: the floor's state is the replay of its stored events."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import Q

from alliance.meetings import floor
from alliance.meetings.models import (
    Contribution,
    FloorEvent,
    Registration,
    Session,
    SessionQuerySet,
    SessionStatus,
    Visibility,
    person_key,
    registration_id,
)

# The events a client may send, and what each carries besides its kind.
FLOOR_KINDS: dict[str, type[floor.Event]] = {
    "request": floor.Request, "withdraw": floor.Withdraw, "start": floor.Start, "next": floor.Next,
    "yield": floor.Yield, "pause": floor.Pause, "resume": floor.Resume, "extend": floor.Extend,
    "skip": floor.Skip, "override": floor.Override, "write": floor.MoveToWriting, "tick": floor.Tick,
    "end": floor.End,
}
MODERATOR_KINDS = frozenset({"start", "next", "pause", "resume", "extend", "skip", "override", "write", "end"})
PARTICIPANT_KINDS = frozenset({"request", "withdraw", "yield"})


# What the room expects of requests made during the floor, as the simulator models the
# alliance's sessions (docs/floor.md): three in ten speakers ask only once the floor is
# open, in its first half. The engine learns the real number as requests come.
LATE_SHARE, LATE_WINDOW = 0.3, 0.5
# How many first-round requests a session usually gets, per floor minute: the median of
# the alliance's last HISTORY_SESSIONS ended sessions once there are MIN_HISTORY of them;
# before that, the simulator's model of the alliance's sessions (25 speakers in a
# 50-minute floor).
USUAL_REQUESTS_PER_FLOOR_MINUTE = 0.5
HISTORY_SESSIONS = 20
MIN_HISTORY = 3
# Turns are shortened by the room's overrun learnt as the floor goes (docs/floor.md).
LEARN_OVERRUN = True


def _floor_minutes(session: Session) -> float:
    return max(0.0, float(session.duration_minutes - session.opening_minutes - session.closing_minutes))


def usual_requests_for(session: Session) -> float:
    """First-round requests this floor can expect: the median requests per floor minute
    of the alliance's recent ended sessions (distinct people who asked for the floor),
    times this floor's minutes."""
    from django.db.models import Count

    ended = (Session.objects.filter(status__in=[SessionStatus.ENDED, SessionStatus.MINUTES_PUBLISHED])
             .exclude(pk=session.pk).annotate(asked=Count("floor_events__person", distinct=True,
                                                          filter=Q(floor_events__kind="request")))
             .filter(asked__gt=0).order_by("-starts_at")[:HISTORY_SESSIONS])
    rates = [s.asked / _floor_minutes(s) for s in ended if _floor_minutes(s) > 0]
    rate = statistics.median(rates) if len(rates) >= MIN_HISTORY else USUAL_REQUESTS_PER_FLOOR_MINUTE
    return round(rate * _floor_minutes(session), 2)


def floor_settings(session: Session) -> floor.Settings:
    floor_minutes = _floor_minutes(session)
    usual = session.usual_floor_requests
    return floor.Settings(
        total_s=session.duration_minutes * 60, opening_s=session.opening_minutes * 60,
        closing_s=session.closing_minutes * 60, min_turn_s=session.min_turn_seconds,
        max_turn_s=session.max_turn_seconds, second_round=session.second_round,
        late_share=LATE_SHARE, late_window=LATE_WINDOW,
        usual_requests=usual if usual is not None else max(0.0, USUAL_REQUESTS_PER_FLOOR_MINUTE * floor_minutes),
        learn_overrun=LEARN_OVERRUN,
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


# The snapshot carries the latest written contributions; older ones are on the session page.
CONTRIBUTIONS_IN_SNAPSHOT = 200


def contribution_data(contribution: Contribution) -> dict[str, Any]:
    """A contribution as the room shows it (with ``registration__person`` and
    ``organisation`` loaded)."""
    registration = contribution.registration
    return {
        "id": contribution.pk, "kind": contribution.kind, "text": contribution.text,
        "ecosystem": contribution.ecosystem_id or "", "spoken": contribution.spoken,
        "person": person_key(registration.pk) if registration else "",
        "name": registration.person.name if registration else "",
        "organisation": contribution.organisation.name if contribution.organisation else "",
        "created_ms": contribution.created_at.timestamp() * 1000,
        "edited": contribution.edited_at is not None, "confirmed": contribution.confirmed_at is not None,
        "hidden": contribution.hidden_at is not None,
    }


def room_contribution(pk: int) -> dict[str, Any]:
    return contribution_data(Contribution.objects.select_related("registration__person", "organisation").get(pk=pk))


def snapshot(session: Session, *, contributions: bool = True) -> dict[str, Any]:
    """The room as everyone sees it, with names; times in epoch milliseconds (server clock).

    The written contributions come with the snapshot a page gets when it connects; after
    that they arrive one by one, so the snapshot broadcast after each floor event leaves
    them out (``contributions=False``): it stays a couple of kilobytes however much has
    been written, instead of up to 200 contributions to every member on every turn."""
    state = floor_state(session)
    keys = {w.person for w in state.queue} | {w.person for w in state.written} | (
        {state.current.person} if state.current else set())
    ids = [pk for pk in map(registration_id, keys) if pk is not None]
    names = {person_key(r.pk): {"name": r.person.name, "organisation": r.organisation.name if r.organisation else ""}
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
            # used_s is as of the last event (state.now): the end is fixed from there, so a page
            # opened later shows the same end as everyone else.
            "ends_at_ms": (state.now + left) * 1000 if state.phase == "floor" else None,
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
    ids = [pk for pk in map(registration_id, spoken) if pk is not None]
    registrations = {person_key(r.pk): r for r in Registration.objects.filter(pk__in=ids).select_related(
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
        people.append({"key": person, "name": registration.person.name if registration else person,
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


def visible_sessions(user: Any, sessions: SessionQuerySet | None = None) -> SessionQuerySet:
    """The sessions a viewer may find in lists (agenda, series, feeds, the API): never
    drafts, and members-only sessions for signed-in members only — the list form of
    access.can_view_session, so the two cannot drift (a test holds them together)."""
    listed = (sessions if sessions is not None else Session.objects.all()).listed()
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        listed = listed.filter(visibility=Visibility.PUBLIC)
    return listed
