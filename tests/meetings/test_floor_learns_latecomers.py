"""With latecomers expected, the floor learns from the late requests it sees how many
are still to come, and the time held back for them does not become a windfall."""

import pytest

from alliance.meetings import floor
from alliance.meetings.floor import Next, Request, Settings, Start, Tick, Yield, replay

# 20 minutes: 2 opening, 2 closing, 960 s of floor; half of the first-round requests
# are expected during the first half of the floor (480 s).
LATE = Settings(total_s=1200, opening_s=120, closing_s=120, min_turn_s=30, max_turn_s=600,
                late_share=0.5, late_window=0.5)


def advance(*people):
    return [Request(10 + i, p, f"point of {p}") for i, p in enumerate(people)]


def test_more_latecomers_than_the_history_said_keep_the_floor_expecting_more():
    # 4 asked in advance, so 4 are expected later; 6 come within the first 60 s.
    late = [Request(125 + i, f"late{i}", "") for i in range(6)]
    state = replay(LATE, [*advance("ana", "ben", "cleo", "dan"), Start(120), Next(120), *late, Tick(180)])
    expected = floor.expected_latecomers(state)
    # A fixed guess of 4 would expect nobody now; the stream's pace says more are coming.
    assert expected > 4
    state = replay(LATE, [*advance("ana", "ben", "cleo", "dan"), Start(120), Next(120), *late, Yield(180, "ana")])
    assert state.current.allotted_s == pytest.approx((960 - 60) / (9 + expected))


def test_latecomers_are_no_longer_expected_once_their_part_of_the_floor_is_over():
    state = replay(LATE, [*advance("ana", "ben", "cleo", "dan"), Start(120), Next(120)])
    assert floor.expected_latecomers(state) == pytest.approx(4)  # nothing seen yet: the history's guess
    half_way = replay(LATE, [*advance("ana", "ben", "cleo", "dan"), Start(120), Next(120), Tick(360)])
    assert 0 < floor.expected_latecomers(half_way) < 4
    over = replay(LATE, [*advance("ana", "ben", "cleo", "dan"), Start(120), Next(120), Yield(600, "ana"), Tick(601)])
    assert floor.expected_latecomers(over) == 0
    assert over.current.allotted_s == pytest.approx((960 - 480) / 3)  # the plain share again


def test_time_held_back_for_latecomers_is_no_windfall_for_a_first_turn():
    # Ana takes 10 s of her 120: Ben's share of the floor left would be 950 ÷ (3 + 3.8
    # expected) = 139 s, more than a tenth over the floor shared by all who asked.
    state = replay(LATE, [*advance("ana", "ben", "cleo", "dan"), Start(120), Next(120), Yield(130, "ana")])
    asked = 4 + floor.expected_latecomers(replay(LATE, [*advance("ana", "ben", "cleo", "dan"), Start(120),
                                                        Next(120), Tick(130)]))
    assert state.current.person == "ben"
    assert state.current.allotted_s == pytest.approx(1.1 * 960 / asked)
    assert state.current.allotted_s < (960 - 10) / (asked - 1)
    assert "at most 110% of the floor" in state.log[-1].text


def test_without_latecomers_expected_the_plain_rule_is_unchanged():
    plain = Settings(total_s=1200, opening_s=120, closing_s=120, min_turn_s=30, max_turn_s=600)
    state = replay(plain, [*advance("ana", "ben", "cleo", "dan"), Start(120), Next(120), Yield(130, "ana")])
    assert floor.expected_latecomers(state) == 0
    assert state.current.allotted_s == pytest.approx(950 / 3)


def test_the_window_is_checked():
    with pytest.raises(ValueError):
        Settings(late_share=0.3, late_window=0)
    with pytest.raises(ValueError):
        Settings(late_share=0.3, late_window=1.5)
