"""The Gilles Rules hold for any session and any stream of events (hypothesis)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from alliance.meetings import floor

PEOPLE = [f"p{i}" for i in range(12)]
KINDS = ["request", "request", "request", "withdraw", "start", "next", "next", "yield", "pause", "resume",
         "extend", "skip", "override", "write", "tick", "tick", "end"]


@st.composite
def sessions(draw):
    total = draw(st.integers(10, 120)) * 60
    opening = draw(st.integers(0, total // 4))
    closing = draw(st.integers(0, total // 4))
    min_turn = draw(st.integers(10, 120))
    max_turn = draw(st.integers(min_turn, 600))
    return floor.Settings(total_s=total, opening_s=opening, closing_s=closing, min_turn_s=min_turn,
                          max_turn_s=max_turn, second_round=draw(st.booleans()),
                          late_share=draw(st.sampled_from([0.0, 0.0, 0.3, 0.6])),
                          late_window=draw(st.sampled_from([0.25, 0.5, 1.0])),
                          usual_requests=draw(st.sampled_from([0.0, 0.0, 4.0, 25.0])),
                          history_weight=draw(st.sampled_from([0.0, 10.0, 50.0])),
                          learn_overrun=draw(st.booleans()))


@st.composite
def event_streams(draw):
    t = 0.0
    events = []
    for _ in range(draw(st.integers(0, 80))):
        t += draw(st.floats(0, 400, allow_nan=False, allow_infinity=False))
        kind = draw(st.sampled_from(KINDS))
        person = draw(st.sampled_from(PEOPLE))
        reason = draw(st.sampled_from(["", "  ", "invited speaker", "technical problem"]))
        events.append(_event(kind, t, person, reason, draw))
    return events


def _event(kind, t, person, reason, draw):
    if kind == "request":
        return floor.Request(t, person, f"point {person}")
    if kind in ("withdraw", "yield"):
        return (floor.Withdraw if kind == "withdraw" else floor.Yield)(t, person)
    if kind in ("start", "next", "pause", "resume", "tick", "end"):
        return {"start": floor.Start, "next": floor.Next, "pause": floor.Pause, "resume": floor.Resume,
                "tick": floor.Tick, "end": floor.End}[kind](t)
    if kind == "extend":
        return floor.Extend(t, draw(st.floats(-10, 5000, allow_nan=False)), reason)
    if kind == "skip":
        return floor.Skip(t, person, reason)
    if kind == "override":
        return floor.Override(t, person, draw(st.integers(-3, 15)), reason)
    return floor.MoveToWriting(t, person, reason)


def run(config, events):
    """Replay step by step, checking the invariants after every event."""
    state = floor.State(settings=config)
    for event in events:
        previous = state.current
        floor.apply(state, event)
        current = state.current
        started = current is not None and (previous is None or current.started_at != previous.started_at
                                           or current.person != previous.person)
        if started and current.round > 1:
            assert not any(w.round == 1 for w in state.queue), "a second turn while a first one waits"
        if current is not None:
            assert current.allotted_s - current.used_s <= state.floor_left_s + 1e-6, "allotted beyond the floor left"
            if started:
                assert current.allotted_s <= state.floor_left_s + 1e-6
        accounted = len(state.turns) + (current is not None) + len(state.written) + len(state.withdrawn) \
            + len(state.queue)
        assert accounted == state.requests, "a request was lost"
        if isinstance(event, (floor.Override, floor.MoveToWriting, floor.Extend, floor.Skip)) and event.reason.strip():
            assert any(event.reason in e.text for e in state.log if e.t == event.t), \
                "a moderator decision is missing from the log"
    return state


@settings(max_examples=300, deadline=None)
@given(config=sessions(), events=event_streams())
def test_the_rules_hold_after_every_event(config, events):
    state = run(config, events)
    assert state.second_turn_before_first == 0


@settings(max_examples=150, deadline=None)
@given(config=sessions(), events=event_streams())
def test_every_request_ends_as_a_turn_a_written_slot_or_a_withdrawal(config, events):
    end = max((e.t for e in events), default=0.0) + 1
    state = run(config, [*events, floor.End(end)])
    report = floor.report(state)
    assert report["lost"] == 0 and report["waiting"] == 0 and state.current is None
    assert report["turns"] + report["moved_to_writing"] + report["withdrawn"] == report["requests"]


@settings(max_examples=100, deadline=None)
@given(config=sessions(), events=event_streams())
def test_the_same_events_give_the_same_state(config, events):
    first, second = floor.replay(config, events), floor.replay(config, list(events))
    assert floor.report(first) == floor.report(second)
    assert first.log == second.log and first.queue == second.queue


@settings(max_examples=100, deadline=None)
@given(config=sessions(), events=event_streams())
def test_every_override_is_in_the_log_with_its_reason(config, events):
    state = floor.replay(config, events)
    overrides = [e for e in events if isinstance(e, floor.Override)]
    logged = [e for e in state.log if e.kind in ("override", "refused") and e.t in {o.t for o in overrides}]
    for override in overrides:
        if override.reason.strip():
            assert any(override.reason in e.text for e in logged if e.t == override.t), override
