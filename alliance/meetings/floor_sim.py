"""A simulated session under the Gilles Rules, to check the floor engine's fairness.
Pure Python (no Django), seeded, deterministic.

The model, in words:
- ``speakers`` of the ``registrants`` ask for the floor: 70 % when registering
  (before the session), 30 % (``late_share``) during the first half of the floor
  (``late_window``);
- the moderator opens the floor after the opening and hands over to the next
  person within a few seconds whenever nobody speaks;
- a speaker talks for 85–100 % of their allotted time and yields; with
  probability ``overrun`` they run over by 5–25 s until the moderator calls next;
- with a second round, 30 % of those who spoke ask again; 5 % of those waiting
  withdraw before their turn.

What the engine is told (the alliance's history, right unless a plan says otherwise):
the share of late requests and when they come, the usual number of requests
(``expected_speakers``, the plan's ``speakers`` unless set; 0: not told), and whether
to learn the room's overrun. ``speakers_spread`` (0 unless set) makes each session draw
its own number of speakers around ``speakers``, as real sessions do, while the engine
is still told ``speakers``.
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass

from alliance.meetings import floor

HANDOVER_S = (2.0, 6.0)
OVERRUN_S = (5.0, 25.0)
USE_OF_TURN = (0.85, 1.0)


@dataclass(frozen=True)
class Plan:
    minutes: int = 60
    registrants: int = 40
    speakers: int = 25
    overrun: float = 0.5
    seed: int = 1
    opening_minutes: int = 5
    closing_minutes: int = 5
    min_turn_s: int = 60
    max_turn_s: int = 180
    second_round: bool = True
    late_share: float = 0.3  # of the speakers, those who ask only during the floor
    late_window: float = 0.5  # the share of the floor, from its start, in which they ask
    expected_late_share: float = 0.3  # what the engine is told to expect (Settings.late_share)
    expected_late_window: float = 0.5  # and when (Settings.late_window)
    expected_speakers: int | None = None  # Settings.usual_requests: None = speakers, 0 = not told
    history_weight: float = 50.0  # Settings.history_weight
    learn_overrun: bool = True  # Settings.learn_overrun
    speakers_spread: int = 0  # each session draws speakers ± this many (uniformly)


def engine_settings(plan: Plan) -> floor.Settings:
    """The engine's settings for the plan's sessions: the session's times and what it is told."""
    usual = plan.speakers if plan.expected_speakers is None else plan.expected_speakers
    return floor.Settings(
        total_s=plan.minutes * 60, opening_s=plan.opening_minutes * 60, closing_s=plan.closing_minutes * 60,
        min_turn_s=plan.min_turn_s, max_turn_s=plan.max_turn_s, second_round=plan.second_round,
        late_share=plan.expected_late_share, late_window=plan.expected_late_window,
        usual_requests=usual, history_weight=plan.history_weight, learn_overrun=plan.learn_overrun,
    )


def simulate(plan: Plan) -> tuple[floor.State, list[floor.Event]]:
    if not 0 <= plan.speakers - plan.speakers_spread <= plan.speakers + plan.speakers_spread <= plan.registrants:
        raise ValueError("speakers (± their spread) must be between 0 and the number of registrants")
    rng = random.Random(plan.seed)
    settings = engine_settings(plan)
    speakers = plan.speakers
    if plan.speakers_spread:  # drawn only then, so that plans without a spread keep their sessions
        speakers = rng.randint(plan.speakers - plan.speakers_spread, plan.speakers + plan.speakers_spread)
    state = floor.State(settings=settings)
    events: list[floor.Event] = []

    def do(event: floor.Event) -> None:
        events.append(event)
        floor.apply(state, event)

    # Scheduled outside events: (time, order, kind, person). The order breaks ties.
    agenda: list[tuple[float, int, str, str]] = []
    counter = 0

    def schedule(t: float, kind: str, person: str = "") -> None:
        nonlocal counter
        counter += 1
        heapq.heappush(agenda, (t, counter, kind, person))

    people = [f"p{i:03d}" for i in range(plan.registrants)]
    for person in rng.sample(people, speakers):
        if rng.random() >= plan.late_share:
            schedule(rng.uniform(0, settings.opening_s * 0.9), "request", person)
        else:
            schedule(settings.opening_s + rng.uniform(0, settings.floor_s * plan.late_window), "request", person)
    schedule(settings.opening_s, "start")
    turn_end: tuple[float, str, str] | None = None  # (time, "yield"/"next", person)
    handover_at: float | None = None
    asked_again: set[str] = set()

    while True:
        if state.phase == "closing":
            break
        candidates: list[tuple[float, str]] = []
        if agenda:
            candidates.append((agenda[0][0], "agenda"))
        if turn_end is not None:
            candidates.append((turn_end[0], "turn_end"))
        if state.phase == "floor" and state.current is None and state.queue:
            if handover_at is None:
                handover_at = state.now + rng.uniform(*HANDOVER_S)
            candidates.append((handover_at, "handover"))
        if state.phase == "floor" and state.current is None:
            candidates.append((state.now + state.floor_left_s, "time_up"))
        if not candidates:
            break
        t, what = min(candidates)
        t = max(t, state.now)
        if what == "agenda":
            _t, _n, kind, person = heapq.heappop(agenda)
            if kind == "start":
                do(floor.Start(t))
            elif kind == "request":
                do(floor.Request(t, person, f"point of {person}"))
                if rng.random() < 0.05:
                    schedule(t + rng.uniform(30, 600), "withdraw", person)
            elif kind == "withdraw" and any(w.person == person for w in state.queue):
                do(floor.Withdraw(t, person))
        elif what == "handover":
            handover_at = None
            do(floor.Next(t))
        elif what == "time_up":
            do(floor.Tick(t))
        elif what == "turn_end" and turn_end is not None:
            _t, how, person = turn_end
            turn_end = None
            do(floor.Yield(t, person) if how == "yield" else floor.Next(t))
            if plan.second_round and person not in asked_again and rng.random() < 0.3:
                asked_again.add(person)
                schedule(t + rng.uniform(5, 60), "request", person)
        # A turn that just started: decide how it will end.
        if state.current is not None and turn_end is None:
            current = state.current
            if rng.random() < plan.overrun:
                turn_end = (current.started_at + current.allotted_s + rng.uniform(*OVERRUN_S), "next",
                            current.person)
            else:
                turn_end = (current.started_at + current.allotted_s * rng.uniform(*USE_OF_TURN), "yield",
                            current.person)
    return state, events


def fairness(plan: Plan) -> dict[str, object]:
    state, events = simulate(plan)
    result = floor.report(state)
    result.pop("spoken_s")
    return {"minutes": plan.minutes, "registrants": plan.registrants, "speakers": plan.speakers,
            "overrun": plan.overrun, "seed": plan.seed, "events": len(events), **result}
