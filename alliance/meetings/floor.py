"""The Gilles Rules floor engine. Pure Python: no Django, no clock, no I/O.

A session's floor is a fold over events: ``replay(settings, events)`` gives the
whole state, and the same events always give the same state. Times are seconds
on any monotonic scale (the live room uses seconds since the epoch); every event
carries its own time ``t``, and events must come in time order.

The rules (docs: product.md, "The Gilles Rules"):

- Everybody who asked for the floor gets one turn before anybody gets a second.
- A turn lasts the floor time left ÷ the people waiting (the starting speaker
  included), clamped to [min_turn, max_turn] and never more than the floor time
  left; it is computed when the turn starts, so time saved by one speaker goes to
  the others, and an overrun comes out of the shared pool.
- With latecomers expected (``Settings.late_share``), first turns are also sized for
  the requests still to come, learnt from those that came so far (and from how many
  requests the alliance's sessions usually get, ``Settings.usual_requests``), and no
  first turn is longer than a tenth over the floor shared by everyone who asked: time
  held back for latecomers who did not come goes to second turns, not to the last
  first ones.
- With ``Settings.learn_overrun``, turns are shortened by the room's overrun learnt so
  far (time spoken ÷ time allotted), so that speakers who run over do not drain the
  pool for the last ones; never lengthened (time saved already goes to the others).
- When the floor cannot hold everyone still waiting for a first turn at the
  minimum, the latest requests are moved to the written channel at once (the
  moderator may reorder the queue first; every override is logged with its reason).
- A second round only uses time left after every first turn, ordered by who has
  had the least floor time; second-round requests still waiting when the floor
  closes go to the written channel too.
- Every request ends as a turn, a written contribution or a withdrawal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

Phase = Literal["opening", "floor", "paused", "closing"]


@dataclass(frozen=True)
class Settings:
    total_s: float = 3600
    opening_s: float = 300
    closing_s: float = 300
    min_turn_s: float = 60
    max_turn_s: float = 180
    second_round: bool = True
    # The share of first-round requests expected to come only during the floor (the
    # alliance's past sessions tell it). Early turns are then sized for them too, so
    # the first speakers do not take time the latecomers will need; 0 switches it off.
    late_share: float = 0.0
    # The share of the floor, from its start, in which those late requests come (again
    # from the alliance's sessions): how many are still to come is learnt against it.
    late_window: float = 0.5
    # How many first-round requests a session of the alliance usually gets (its past
    # sessions tell it; 0: not known). It sets how many latecomers to expect together
    # with the advance requests, instead of those alone: how many asked in advance says
    # little about how many will ask later when sessions draw similar numbers.
    usual_requests: float = 0.0
    # How many requests' worth of evidence that usual number counts for against this
    # session's own requests: high when the alliance's sessions draw similar numbers,
    # low when they vary (50: sessions' draw varies by about a seventh, 1 ÷ √50).
    history_weight: float = 50.0
    # Shorten turns by the room's overrun learnt from the turns spoken so far.
    learn_overrun: bool = False

    def __post_init__(self) -> None:
        if not 0 <= self.late_share < 1:
            raise ValueError("late_share must be in [0, 1)")
        if not 0 < self.late_window <= 1:
            raise ValueError("late_window must be in (0, 1]")
        if self.usual_requests < 0 or self.history_weight < 0:
            raise ValueError("usual_requests and history_weight cannot be negative")
        if min(self.total_s, self.min_turn_s, self.max_turn_s) <= 0 or self.opening_s < 0 or self.closing_s < 0:
            raise ValueError("times must be positive")
        if self.min_turn_s > self.max_turn_s:
            raise ValueError("the minimum turn cannot be longer than the maximum")
        if self.opening_s + self.closing_s >= self.total_s:
            raise ValueError("opening and closing must leave time for the floor")

    @property
    def floor_s(self) -> float:
        return self.total_s - self.opening_s - self.closing_s


# --- Events ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Event:
    t: float


@dataclass(frozen=True)
class Request(Event):
    person: str
    point: str = ""


@dataclass(frozen=True)
class Withdraw(Event):
    person: str


@dataclass(frozen=True)
class Start(Event):
    """The moderator ends the opening and opens the floor."""


@dataclass(frozen=True)
class Next(Event):
    """The moderator ends the current turn (if any) and gives the floor to the next person."""


@dataclass(frozen=True)
class Yield(Event):
    """The speaker ends their turn early; the next person gets the floor."""

    person: str


@dataclass(frozen=True)
class Pause(Event):
    pass


@dataclass(frozen=True)
class Resume(Event):
    pass


@dataclass(frozen=True)
class Extend(Event):
    seconds: float
    reason: str = ""


@dataclass(frozen=True)
class Skip(Event):
    """Pass over a waiting person for now (not there, not ready): to the back of their round."""

    person: str
    reason: str = ""


@dataclass(frozen=True)
class Override(Event):
    """Put a waiting person at ``position`` (0 = next) within their round."""

    person: str
    position: int
    reason: str


@dataclass(frozen=True)
class MoveToWriting(Event):
    person: str
    reason: str


@dataclass(frozen=True)
class Tick(Event):
    pass


@dataclass(frozen=True)
class End(Event):
    """The moderator closes the floor: the closing starts; whoever still waits writes."""


# --- State ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Waiting:
    person: str
    point: str
    round: int
    requested_at: float
    why: str = ""


@dataclass(frozen=True)
class Turn:
    person: str
    point: str
    round: int
    started_at: float
    allotted_s: float
    used_s: float = 0.0
    ended_at: float | None = None

    @property
    def overrun_s(self) -> float:
        return max(0.0, self.used_s - self.allotted_s)


@dataclass(frozen=True)
class Written:
    person: str
    point: str
    round: int
    at: float
    reason: str


@dataclass(frozen=True)
class LogEntry:
    t: float
    kind: str
    person: str
    text: str


@dataclass
class State:
    settings: Settings
    now: float = 0.0
    phase: Phase = "opening"
    floor_used_s: float = 0.0
    current: Turn | None = None
    queue: list[Waiting] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    written: list[Written] = field(default_factory=list)
    withdrawn: list[Waiting] = field(default_factory=list)
    requests: int = 0
    first_requests: int = 0
    advance_requests: int = 0
    second_turn_before_first: int = 0
    log: list[LogEntry] = field(default_factory=list)

    @property
    def floor_left_s(self) -> float:
        return max(0.0, self.settings.floor_s - self.floor_used_s)

    @property
    def overrun_s(self) -> float:
        """How far the floor ran past its end (it comes out of the closing)."""
        return max(0.0, self.floor_used_s - self.settings.floor_s)

    def spoken_s(self) -> dict[str, float]:
        spoken: dict[str, float] = {}
        for turn in [*self.turns, *([self.current] if self.current else [])]:
            spoken[turn.person] = spoken.get(turn.person, 0.0) + turn.used_s
        return spoken

    def remaining_turn_s(self) -> float:
        return max(0.0, self.current.allotted_s - self.current.used_s) if self.current else 0.0


# --- The engine ------------------------------------------------------------------------------

def replay(settings: Settings, events: Iterable[Event]) -> State:
    state = State(settings=settings)
    for event in events:
        apply(state, event)
    return state


def apply(state: State, event: Event) -> State:
    """Apply one event in place (and return the state, for chaining)."""
    if event.t < state.now:
        raise ValueError(f"events must come in time order ({event.t} < {state.now})")
    _advance_clock(state, event.t)
    handler = _HANDLERS.get(type(event))
    if handler is None:  # pragma: no cover - every Event subclass has a handler
        raise TypeError(f"unknown event {event!r}")
    handler(state, event)
    _close_when_time_is_up(state)
    _enforce_capacity(state)
    _explain_queue(state)
    return state


def _log(state: State, kind: str, person: str, text: str) -> None:
    state.log.append(LogEntry(state.now, kind, person, text))


def _advance_clock(state: State, t: float) -> None:
    delta = t - state.now
    state.now = t
    if state.phase != "floor" or delta <= 0:
        return
    state.floor_used_s += delta
    if state.current is not None:
        state.current = replace(state.current, used_s=state.current.used_s + delta)


def _find(queue: list[Waiting], person: str) -> int | None:
    return next((i for i, w in enumerate(queue) if w.person == person), None)


def _has_spoken(state: State, person: str) -> bool:
    return any(t.person == person for t in state.turns) or (
        state.current is not None and state.current.person == person)


def _order(state: State) -> None:
    """First round in request order (moderator overrides kept: see Override), then the
    second round by least floor time, then request time."""
    spoken = state.spoken_s()
    first = [w for w in state.queue if w.round == 1]
    second = sorted((w for w in state.queue if w.round > 1),
                    key=lambda w: (spoken.get(w.person, 0.0), w.requested_at))
    state.queue = first + second


def _on_request(state: State, event: Request) -> None:
    if state.phase == "closing":
        _log(state, "refused", event.person, "the floor is closed: use the written channel")
        state.requests += 1
        state.written.append(Written(event.person, event.point, 1, state.now, "floor closed"))
        return
    if state.current is not None and state.current.person == event.person:
        _log(state, "refused", event.person, "already speaking")
        return
    if _find(state.queue, event.person) is not None:
        _log(state, "refused", event.person, "already waiting")
        return
    spoken = _has_spoken(state, event.person)
    if spoken and not state.settings.second_round:
        _log(state, "refused", event.person, "no second round in this session")
        return
    round_ = 1 + sum(1 for t in state.turns if t.person == event.person) + (
        1 if state.current is not None and state.current.person == event.person else 0)
    state.requests += 1
    if round_ == 1:
        state.first_requests += 1
        state.advance_requests += state.phase == "opening"
    state.queue.append(Waiting(event.person, event.point[:200], round_, state.now))
    _order(state)
    _log(state, "request", event.person, f"round {round_}: {event.point[:200]}")


def _on_withdraw(state: State, event: Withdraw) -> None:
    index = _find(state.queue, event.person)
    if index is None:
        _log(state, "refused", event.person, "not waiting")
        return
    state.withdrawn.append(state.queue.pop(index))
    _log(state, "withdraw", event.person, "withdrew the request")


def _on_start(state: State, event: Start) -> None:
    if state.phase != "opening":
        _log(state, "refused", "", "the floor is already open")
        return
    state.phase = "floor"
    _log(state, "start", "", "floor opened")


def _end_turn(state: State, how: str) -> None:
    if state.current is None:
        return
    turn = replace(state.current, ended_at=state.now)
    state.turns.append(turn)
    state.current = None
    over = f", {turn.overrun_s:.0f} s over" if turn.overrun_s >= 1 else ""
    _log(state, how, turn.person, f"spoke {turn.used_s:.0f} s of {turn.allotted_s:.0f} s{over}")


def _start_next(state: State) -> None:
    if state.phase != "floor" or not state.queue or state.floor_left_s <= 0:
        return
    waiting = state.queue[0]
    if waiting.round > 1 and any(w.round == 1 for w in state.queue):  # _order prevents it; counted, not assumed
        state.second_turn_before_first += 1
    # The first round shares the floor among first turns only: a second round gets
    # only what is left after them.
    sharing = [w for w in state.queue if w.round == 1] if waiting.round == 1 else state.queue
    expected = expected_latecomers(state) if waiting.round == 1 else 0
    share = state.floor_left_s / (len(sharing) + expected)
    notes = ""
    if waiting.round == 1 and state.settings.late_share > 0:
        asked = sum(1 for t in state.turns if t.round == 1) + len(sharing) + expected
        fair = FIRST_TURN_CAP * state.settings.floor_s / asked
        if fair < share:
            share, notes = fair, f", at most {FIRST_TURN_CAP:.0%} of the floor ÷ {asked:.1f} who asked"
    overrun = overrun_ratio(state)
    if overrun > 1:
        share /= overrun
        notes += f", ÷ {overrun:.2f} for the room's overrun"
    allotted = min(max(share, state.settings.min_turn_s), state.settings.max_turn_s, state.floor_left_s)
    state.queue.pop(0)
    state.current = Turn(waiting.person, waiting.point, waiting.round, state.now, allotted)
    _log(state, "turn", waiting.person,
         f"round {waiting.round}: {allotted:.0f} s ({state.floor_left_s:.0f} s left ÷ "
         f"{len(sharing)} waiting{_expected_text(expected)}{notes}, "
         f"within {state.settings.min_turn_s:.0f}–{state.settings.max_turn_s:.0f} s)")


def _expected_text(expected: float) -> str:
    return f" + {expected:.1f} expected" if expected else ""


# Held-back time that latecomers did not need would otherwise make the last first
# turns the longest; a tenth of slack keeps the cap from biting on overrun noise alone.
FIRST_TURN_CAP = 1.1


def expected_latecomers(state: State) -> float:
    """First-round requests still expected during the floor, learnt from those seen so far.

    A session draws ``m`` times the usual number of requests N (``usual_requests``),
    ``m`` unknown with a gamma prior of mean 1 and ``history_weight`` (k) requests' worth
    of weight; the advance requests are a Poisson count of mean m·N·(1 − share), the late
    ones a Poisson stream of mean m·N·share over the first ``late_window`` of the floor.
    What is expected is the mean of the requests still to come given the advance
    requests and the late ones seen so far:

        share × (1 − elapsed) × (k + advance + seen) ÷ (k ÷ N + (1 − share) + share × elapsed)

    With no usual number known (k = 0) it is the flat prior on the session's total: the
    advance requests × share ÷ (1 − share) before any latecomer is seen, and each
    latecomer seen counts as much as an advance request. A fixed guess would stop
    expecting anyone once it is reached, however many are still asking, and keep
    waiting for latecomers long after they stopped coming.
    """
    settings = state.settings
    share = settings.late_share
    if share <= 0:
        return 0.0
    known = settings.usual_requests > 0
    weight = settings.history_weight if known else 0.0
    weight_per_request = weight / settings.usual_requests if known else 0.0
    seen = state.first_requests - state.advance_requests
    elapsed = min(1.0, state.floor_used_s / (settings.late_window * settings.floor_s))
    return share * (1 - elapsed) * (weight + state.advance_requests + seen) / (
        weight_per_request + (1 - share) + share * elapsed)


# The overrun learnt starts as this much allotted time spoken exactly as allotted: two
# or three turns' worth, so that one speaker's overrun does not shorten everyone's turn.
OVERRUN_PRIOR_S = 300.0


def overrun_ratio(state: State) -> float:
    """Time spoken ÷ time allotted in the turns ended so far (1 when learning is off).

    Only turns allotted at least the minimum count: the last seconds of the floor, given
    whoever is next, say nothing about how the room keeps time. Shrunk towards 1 by
    ``OVERRUN_PRIOR_S``.
    """
    if not state.settings.learn_overrun:
        return 1.0
    ended = [t for t in state.turns if t.allotted_s >= state.settings.min_turn_s]
    return (OVERRUN_PRIOR_S + sum(t.used_s for t in ended)) / (
        OVERRUN_PRIOR_S + sum(t.allotted_s for t in ended))


def _on_next(state: State, event: Next) -> None:
    if state.phase not in ("floor", "paused"):
        _log(state, "refused", "", "the floor is not open")
        return
    _end_turn(state, "next")
    _start_next(state)


def _on_yield(state: State, event: Yield) -> None:
    if state.current is None or state.current.person != event.person:
        _log(state, "refused", event.person, "not speaking")
        return
    _end_turn(state, "yield")
    _start_next(state)


def _on_pause(state: State, event: Pause) -> None:
    if state.phase != "floor":
        _log(state, "refused", "", "nothing to pause")
        return
    state.phase = "paused"
    _log(state, "pause", "", "floor paused: the clock stops")


def _on_resume(state: State, event: Resume) -> None:
    if state.phase != "paused":
        _log(state, "refused", "", "not paused")
        return
    state.phase = "floor"
    _log(state, "resume", "", "floor resumed")


def _on_extend(state: State, event: Extend) -> None:
    if state.current is None or event.seconds <= 0:
        _log(state, "refused", "", f"nobody to extend (reason given: {event.reason})")
        return
    # An extension can use the floor left, never more.
    room = state.floor_left_s - state.remaining_turn_s()
    seconds = max(0.0, min(event.seconds, room))
    state.current = replace(state.current, allotted_s=state.current.allotted_s + seconds)
    _log(state, "extend", state.current.person, f"+{seconds:.0f} s: {event.reason}")


def _on_skip(state: State, event: Skip) -> None:
    index = _find(state.queue, event.person)
    if index is None:
        _log(state, "refused", event.person, f"not waiting (skip: {event.reason})")
        return
    if state.queue[index].round > 1:
        _log(state, "refused", event.person, f"second-round order is by floor time (skip: {event.reason})")
        return
    waiting = state.queue.pop(index)
    same_round = [i for i, w in enumerate(state.queue) if w.round == 1]
    state.queue.insert(same_round[-1] + 1 if same_round else index, waiting)
    _log(state, "skip", event.person, f"to the back of the first round: {event.reason}")


def _on_override(state: State, event: Override) -> None:
    index = _find(state.queue, event.person)
    reason = event.reason.strip()
    if index is None or not reason:
        _log(state, "refused", event.person, f"override needs a waiting person and a reason (given: {reason})")
        return
    if state.queue[index].round > 1:
        _log(state, "refused", event.person, f"second-round order is by floor time (asked: {reason})")
        return
    # Within the first round only: no override can give a second turn before a first.
    waiting = state.queue.pop(index)
    firsts = [i for i, w in enumerate(state.queue) if w.round == 1]
    position = min(max(event.position, 0), len(firsts))
    state.queue.insert(firsts[position] if position < len(firsts) else len(firsts), waiting)
    _log(state, "override", event.person, f"moved to position {state.queue.index(waiting) + 1}: {reason}")


def _on_move_to_writing(state: State, event: MoveToWriting) -> None:
    index = _find(state.queue, event.person)
    if index is None or not event.reason.strip():
        _log(state, "refused", event.person, f"needs a waiting person and a reason (given: {event.reason})")
        return
    waiting = state.queue.pop(index)
    state.written.append(Written(waiting.person, waiting.point, waiting.round, state.now, event.reason))
    _log(state, "written", waiting.person, f"moved to the written channel by the moderator: {event.reason}")


def _on_tick(state: State, event: Tick) -> None:
    pass


def _on_end(state: State, event: End) -> None:
    if state.phase == "closing":
        return
    _end_turn(state, "end")
    _close(state, "the moderator closed the floor")


_HANDLERS: dict[type[Event], Callable[[State, Any], None]] = {
    Request: _on_request, Withdraw: _on_withdraw, Start: _on_start, Next: _on_next, Yield: _on_yield,
    Pause: _on_pause, Resume: _on_resume, Extend: _on_extend, Skip: _on_skip, Override: _on_override,
    MoveToWriting: _on_move_to_writing, Tick: _on_tick, End: _on_end,
}


def _close(state: State, why: str) -> None:
    state.phase = "closing"
    for waiting in state.queue:
        state.written.append(Written(waiting.person, waiting.point, waiting.round, state.now, "floor closed"))
        _log(state, "written", waiting.person, f"round {waiting.round}: floor closed")
    state.queue = []
    _log(state, "close", "", why)


def _close_when_time_is_up(state: State) -> None:
    # The floor closes when its time is used up and nobody is speaking; a speaker
    # running over keeps the floor until the moderator calls next (and it shows).
    if state.phase == "floor" and state.floor_left_s <= 0 and state.current is None:
        _close(state, "floor time used up")


def _enforce_capacity(state: State) -> None:
    """Nobody is silenced: whoever cannot get a first turn at the minimum is told now."""
    if state.phase not in ("opening", "floor", "paused"):
        return
    available = state.floor_left_s - state.remaining_turn_s()
    seats = int(available // state.settings.min_turn_s + 1e-9)
    first = [w for w in state.queue if w.round == 1]
    if len(first) <= seats:
        return
    for waiting in first[seats:]:  # the queue's end: latest requests, unless a moderator reordered
        state.queue.remove(waiting)
        state.written.append(Written(waiting.person, waiting.point, 1, state.now, "no floor time left"))
        _log(state, "written", waiting.person,
             f"no floor time left for a turn of {state.settings.min_turn_s:.0f} s: the point goes into "
             "the record as a written contribution")


def _explain_queue(state: State) -> None:
    spoken = state.spoken_s()
    explained = []
    for waiting in state.queue:
        if waiting.round == 1:
            why = f"first turn, requested at {waiting.requested_at:.0f}"
        else:
            why = f"round {waiting.round}: {spoken.get(waiting.person, 0.0):.0f} s spoken so far"
        explained.append(replace(waiting, why=why))
    state.queue = explained


# --- Fairness ------------------------------------------------------------------------------------

def gini(values: list[float]) -> float:
    """Gini coefficient of non-negative values: 0 is perfect equality."""
    clean = sorted(max(0.0, v) for v in values)
    n, total = len(clean), sum(clean)
    if n == 0 or total == 0:
        return 0.0
    weighted = sum((i + 1) * v for i, v in enumerate(clean))
    return (2 * weighted) / (n * total) - (n + 1) / n


def report(state: State) -> dict[str, object]:
    spoken = state.spoken_s()
    served = {t.person for t in state.turns}
    lost = state.requests - len(state.turns) - len(state.written) - len(state.withdrawn) \
        - len(state.queue) - (1 if state.current else 0)
    return {
        "requests": state.requests,
        "turns": len(state.turns) + (1 if state.current else 0),
        "speakers": len(served | ({state.current.person} if state.current else set())),
        "moved_to_writing": len(state.written),
        "withdrawn": len(state.withdrawn),
        "waiting": len(state.queue),
        "lost": lost,
        "gini": round(gini(list(spoken.values())), 4),
        "overrun_s": round(state.overrun_s, 1),
        "turn_overruns_s": round(sum(t.overrun_s for t in state.turns), 1),
        "second_turn_before_first": state.second_turn_before_first,
        "floor_used_s": round(state.floor_used_s, 1),
        "spoken_s": {p: round(s, 1) for p, s in sorted(spoken.items())},
    }
