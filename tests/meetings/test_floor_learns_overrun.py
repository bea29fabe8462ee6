"""With the room's overrun learnt, turns are shortened when speakers run over, so that
the last speakers do not pay for the first ones' overruns; they are never lengthened."""

import pytest

from alliance.meetings import floor
from alliance.meetings.floor import End, Next, Request, Settings, Start, Yield, replay

# 20 minutes: 2 opening, 2 closing, 960 s of floor; turns of 60–180 s.
S = Settings(total_s=1200, opening_s=120, closing_s=120, min_turn_s=60, max_turn_s=180)
LEARNING = Settings(total_s=1200, opening_s=120, closing_s=120, min_turn_s=60, max_turn_s=180, learn_overrun=True)


def requests(*people):
    return [Request(10 + i, p, f"point of {p}") for i, p in enumerate(people)]


EIGHT = requests("ana", "ben", "cleo", "dan", "eva", "fay", "gus", "hal")


def test_after_a_speaker_runs_over_the_next_turn_is_shortened_by_the_room_s_overrun():
    # Ana is allotted 120 s (960 ÷ 8) and speaks 180 s.
    events = [*EIGHT, Start(120), Next(120), Next(300)]
    plain, learning = replay(S, events), replay(LEARNING, events)
    ratio = (floor.OVERRUN_PRIOR_S + 180) / (floor.OVERRUN_PRIOR_S + 120)
    assert floor.overrun_ratio(learning) == pytest.approx(ratio)
    assert plain.current.allotted_s == pytest.approx(780 / 7)
    assert learning.current.allotted_s == pytest.approx(780 / 7 / ratio)
    assert "for the room's overrun" in learning.log[-1].text


def test_speakers_who_end_early_never_make_the_next_turns_longer():
    events = [*EIGHT, Start(120), Next(120), Yield(150, "ana")]
    assert floor.overrun_ratio(replay(LEARNING, events)) < 1
    assert replay(LEARNING, events).current.allotted_s == pytest.approx(replay(S, events).current.allotted_s)


def test_the_last_seconds_of_the_floor_say_nothing_about_how_the_room_keeps_time():
    # Ben runs far over; Ana's second turn gets the last 40 s of the floor and she speaks 60.
    events = [*requests("ana", "ben"), Start(120), Next(120), Next(300), Request(400, "ana"), Next(1040),
              Next(1100)]
    state = replay(LEARNING, events)
    last = state.turns[-1]
    assert (last.person, last.round) == ("ana", 2) and last.allotted_s == pytest.approx(40)
    counted = state.turns[:-1]
    assert floor.overrun_ratio(state) == pytest.approx(
        (floor.OVERRUN_PRIOR_S + sum(t.used_s for t in counted)) / (floor.OVERRUN_PRIOR_S + sum(t.allotted_s
                                                                                             for t in counted)))


def test_the_minimum_turn_still_holds_however_much_the_room_runs_over():
    events = [*requests("ana", "ben", "cleo", "dan", "eva", "fay", "gus", "hal", "ivy", "jo", "kim", "lea",
                        "max", "ned", "ora"), Start(120), Next(120), Next(600)]
    state = replay(LEARNING, events)
    assert floor.overrun_ratio(state) > 1.5 and state.current.allotted_s == 60


def test_learning_is_off_unless_asked_for():
    state = replay(S, [*EIGHT, Start(120), Next(120), Next(300), End(400)])
    assert floor.overrun_ratio(state) == 1
