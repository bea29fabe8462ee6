"""Whatever the session and the stream of events, every turn's allotment stays within
the rules, and learning latecomers never breaks the plain rule (hypothesis)."""

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from alliance.meetings import floor
from tests.meetings.test_floor_properties import event_streams, sessions


def started_turns(config, events):
    """(turn, floor left when it started, expected latecomers then) for every turn started."""
    state = floor.State(settings=config)
    started = []
    for event in events:
        before = (state.floor_left_s, floor.expected_latecomers(state))
        previous = state.current
        floor.apply(state, event)
        current = state.current
        if current is not None and (previous is None or (current.person, current.started_at)
                                    != (previous.person, previous.started_at)):
            started.append((current, state.floor_left_s, before))
    return state, started


@settings(max_examples=300, deadline=None)
@given(config=sessions(), events=event_streams())
def test_every_turn_gets_at_least_the_minimum_and_at_most_the_maximum_the_floor_allows(config, events):
    _state, started = started_turns(config, events)
    for turn, left, _before in started:
        assert turn.allotted_s <= min(config.max_turn_s, left) + 1e-6
        assert turn.allotted_s >= min(config.min_turn_s, left) - 1e-6


@settings(max_examples=300, deadline=None)
@given(config=sessions(), events=event_streams())
def test_latecomers_expected_are_never_negative_and_none_once_their_window_is_over(config, events):
    state = floor.State(settings=config)
    for event in events:
        floor.apply(state, event)
        expected = floor.expected_latecomers(state)
        assert expected >= 0
        if config.late_share == 0 or state.floor_used_s >= config.late_window * config.floor_s:
            assert expected == 0


@settings(max_examples=200, deadline=None)
@given(config=sessions(), events=event_streams())
def test_before_any_latecomer_is_seen_the_floor_expects_what_the_history_says(config, events):
    # With no usual number of requests known, the history says only the share of latecomers.
    config = replace(config, usual_requests=0.0)
    state = floor.State(settings=config)
    for event in events:
        floor.apply(state, event)
        if state.floor_used_s == 0 and state.first_requests == state.advance_requests:
            share = config.late_share
            assert abs(floor.expected_latecomers(state) - state.advance_requests * share / (1 - share)) < 1e-9


@settings(max_examples=200, deadline=None)
@given(config=sessions(), events=event_streams(), person=st.sampled_from(["z1", "z2"]))
def test_one_more_latecomer_never_makes_the_floor_expect_fewer(config, events, person):
    state = floor.replay(config, events)
    if state.phase == "closing":
        return
    more = floor.replay(config, [*events, floor.Request(state.now, person, "")])
    assert floor.expected_latecomers(more) >= floor.expected_latecomers(state) - 1e-9


@settings(max_examples=150, deadline=None)
@given(config=sessions(), events=event_streams(), window=st.sampled_from([0.1, 0.5, 1.0]))
def test_without_latecomers_expected_the_window_changes_nothing(config, events, window):
    plain = replace(config, late_share=0.0)
    first, second = floor.replay(plain, events), floor.replay(replace(plain, late_window=window), events)
    assert first.log == second.log and floor.report(first) == floor.report(second)
