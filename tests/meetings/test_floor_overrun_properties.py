"""Whatever the session and the stream of events, learning the room's overrun only ever
shortens a turn, and changes nothing while nobody has run over (hypothesis)."""

import copy
from dataclasses import replace

from hypothesis import given, settings

from alliance.meetings import floor
from tests.meetings.test_floor_properties import event_streams, sessions


def _started(before, after):
    current = after.current
    return current is not None and (before is None or (before.person, before.started_at)
                                    != (current.person, current.started_at))


@settings(max_examples=300, deadline=None)
@given(config=sessions(), events=event_streams())
def test_learning_the_overrun_never_gives_a_turn_more_than_the_same_floor_would_without_it(config, events):
    state = floor.State(settings=replace(config, learn_overrun=True))
    for event in events:
        without = copy.deepcopy(state)
        without.settings = replace(config, learn_overrun=False)
        previous = state.current
        floor.apply(state, event)
        floor.apply(without, event)
        if _started(previous, state):
            assert state.current.allotted_s <= without.current.allotted_s + 1e-9
            assert state.current.allotted_s >= min(config.min_turn_s, state.floor_left_s) - 1e-6


@settings(max_examples=300, deadline=None)
@given(config=sessions(), events=event_streams())
def test_while_no_turn_has_run_over_learning_the_overrun_changes_nothing(config, events):
    state = floor.State(settings=replace(config, learn_overrun=True))
    for event in events:
        floor.apply(state, event)
        if all(t.used_s <= t.allotted_s for t in state.turns):
            assert floor.overrun_ratio(state) <= 1


@settings(max_examples=150, deadline=None)
@given(config=sessions(), events=event_streams())
def test_the_overrun_learnt_is_one_when_learning_is_off(config, events):
    assert floor.overrun_ratio(floor.replay(replace(config, learn_overrun=False), events)) == 1
