"""Whatever the session, its history and the stream of events, the usual number of
requests only ever moves the floor's guess between what the history says and what the
session's own requests say (hypothesis)."""

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from alliance.meetings import floor
from tests.meetings.test_floor_properties import event_streams, sessions

histories = st.tuples(st.sampled_from([1.0, 4.0, 25.0, 80.0]), st.sampled_from([0.0, 1.0, 10.0, 50.0, 1e6]))


@settings(max_examples=200, deadline=None)
@given(config=sessions(), events=event_streams(), history=histories)
def test_before_any_latecomer_the_guess_lies_between_the_history_and_the_advance_requests(config, events, history):
    if config.late_share == 0:
        return
    usual, weight = history
    told = replace(config, usual_requests=usual, history_weight=weight)
    state = floor.State(settings=told)
    for event in events:
        floor.apply(state, event)
        if state.floor_used_s == 0 and state.first_requests == state.advance_requests:
            share = told.late_share
            from_history, from_session = usual * share, state.advance_requests * share / (1 - share)
            guess = floor.expected_latecomers(state)
            assert min(from_history, from_session) - 1e-9 <= guess <= max(from_history, from_session) + 1e-9


@settings(max_examples=150, deadline=None)
@given(config=sessions(), events=event_streams(), usual=st.sampled_from([4.0, 25.0]),
       weights=st.tuples(st.sampled_from([0.0, 5.0, 50.0]), st.sampled_from([10.0, 100.0, 1e6])))
def test_more_weight_for_the_history_brings_the_guess_closer_to_it(config, events, usual, weights):
    low, high = sorted(weights)
    lighter = floor.replay(replace(config, usual_requests=usual, history_weight=low), events)
    heavier = replace(lighter, settings=replace(lighter.settings, history_weight=high))
    history = usual * config.late_share * (1 - min(1.0, lighter.floor_used_s / (
        config.late_window * config.floor_s)))  # the history's guess for what is left of the window
    assert abs(floor.expected_latecomers(heavier) - history) <= abs(floor.expected_latecomers(lighter) - history) + 1e-9


@settings(max_examples=150, deadline=None)
@given(config=sessions(), events=event_streams(), weight=st.sampled_from([0.0, 10.0, 1e6]))
def test_with_no_usual_number_known_the_weight_changes_nothing(config, events, weight):
    unknown = replace(config, usual_requests=0.0)
    first, second = floor.replay(unknown, events), floor.replay(replace(unknown, history_weight=weight), events)
    assert first.log == second.log and floor.report(first) == floor.report(second)


@settings(max_examples=150, deadline=None)
@given(config=sessions(), events=event_streams(), usual=st.sampled_from([4.0, 25.0]))
def test_with_no_weight_for_the_history_the_usual_number_changes_nothing(config, events, usual):
    weightless = replace(config, history_weight=0.0)
    first = floor.replay(replace(weightless, usual_requests=0.0), events)
    second = floor.replay(replace(weightless, usual_requests=usual), events)
    assert floor.report(first) == floor.report(second)
    assert [(e.kind, e.person) for e in first.log] == [(e.kind, e.person) for e in second.log]
