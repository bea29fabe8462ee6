"""Told how many requests the alliance's sessions usually get, the floor no longer takes
a few advance requests to mean few latecomers, nor many to mean many."""

from dataclasses import replace

import pytest

from alliance.meetings import floor
from alliance.meetings.floor import Next, Request, Settings, Start, replay

# 20 minutes: 2 opening, 2 closing, 960 s of floor; half of the first-round requests
# usually come during the first half of the floor.
LATE = Settings(total_s=1200, opening_s=120, closing_s=120, min_turn_s=30, max_turn_s=600,
                late_share=0.5, late_window=0.5)


def advance(count):
    return [Request(10 + i, f"p{i}", "") for i in range(count)]


def expected_at_start(config, count):
    return floor.expected_latecomers(replay(config, [*advance(count), Start(120)]))


def test_few_advance_requests_in_a_session_that_usually_draws_many_expect_many_latecomers():
    told = replace(LATE, usual_requests=16, history_weight=50)
    # Alone, 4 advance requests say 4 latecomers; the usual 16 requests say 8. Weighted
    # 50 against 4: 0.5 × (50 + 4) ÷ (50 ÷ 16 + 0.5) = 7.4.
    assert expected_at_start(LATE, 4) == pytest.approx(4)
    assert expected_at_start(told, 4) == pytest.approx(0.5 * 54 / (50 / 16 + 0.5))
    state = replay(told, [*advance(4), Start(120), Next(120)])
    assert state.current.allotted_s == pytest.approx(960 / (4 + expected_at_start(told, 4)))


def test_more_advance_requests_than_usual_still_make_the_floor_expect_more_latecomers():
    told = replace(LATE, usual_requests=16, history_weight=50)
    usual, busy = expected_at_start(told, 8), expected_at_start(told, 14)
    assert usual < busy < expected_at_start(LATE, 14)  # between the history and the session alone


def test_the_more_weight_the_history_has_the_closer_the_guess_is_to_it():
    guesses = [expected_at_start(replace(LATE, usual_requests=16, history_weight=w), 4)
               for w in (0, 10, 50, 1e9)]
    assert guesses == sorted(guesses)
    assert guesses[0] == pytest.approx(4) and guesses[-1] == pytest.approx(8, rel=1e-6)


def test_without_a_usual_number_the_weight_changes_nothing():
    events = [*advance(5), Start(120), Next(120), Request(200, "late", ""), Next(300)]
    first = replay(replace(LATE, history_weight=0), events)
    second = replay(replace(LATE, history_weight=500), events)
    assert first.log == second.log


def test_the_usual_number_and_its_weight_are_checked():
    with pytest.raises(ValueError):
        Settings(usual_requests=-1)
    with pytest.raises(ValueError):
        Settings(usual_requests=25, history_weight=-5)
