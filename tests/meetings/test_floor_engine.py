"""The Gilles Rules engine, example by example."""

import pytest

from alliance.meetings import floor
from alliance.meetings.floor import (
    End,
    Extend,
    MoveToWriting,
    Next,
    Override,
    Pause,
    Request,
    Resume,
    Settings,
    Skip,
    Start,
    Tick,
    Withdraw,
    Yield,
    replay,
)

# 20 minutes: 2 opening, 2 closing, 16 minutes (960 s) of floor; turns of 60–180 s.
S = Settings(total_s=1200, opening_s=120, closing_s=120, min_turn_s=60, max_turn_s=180)


def requests(*people, t=10):
    return [Request(t + i, p, f"point of {p}") for i, p in enumerate(people)]


def test_turn_length_is_the_floor_left_shared_by_those_waiting_clamped():
    state = replay(S, [*requests("ana", "ben", "cleo", "dan", "eva", "fay", "gus", "hal"), Start(120), Next(121)])
    assert state.current.person == "ana"
    assert state.current.allotted_s == pytest.approx(959 / 8)  # 119.9 s: within 60–180
    two = replay(S, [*requests("ana", "ben"), Start(120), Next(120)])
    assert two.current.allotted_s == 180  # 480 s each would be too long: the maximum


def test_time_saved_by_one_speaker_goes_to_the_others():
    events = [*requests("ana", "ben", "cleo", "dan", "eva", "fay", "gus", "hal"), Start(120), Next(120)]
    state = replay(S, [*events, Yield(150, "ana")])  # ana used 30 s of 120
    assert state.current.person == "ben"
    assert state.current.allotted_s == pytest.approx((960 - 30) / 7)


def test_an_overrun_comes_out_of_the_pool_and_shows():
    events = [*requests("ana", "ben", "cleo", "dan", "eva", "fay", "gus", "hal"), Start(120), Next(120)]
    state = replay(S, [*events, Next(120 + 150)])  # 30 s over her 120 s
    assert state.turns[0].overrun_s == pytest.approx(30)
    assert state.current.allotted_s == pytest.approx((960 - 150) / 7)
    assert "30 s over" in state.log[-2].text


def test_nobody_gets_a_second_turn_while_anyone_waits_for_a_first():
    state = replay(S, [*requests("ana", "ben"), Start(120), Next(120), Request(130, "ana", "again"),
                       Next(200), Request(210, "ana", "again"), Request(220, "cleo", "late")])
    assert any(e.kind == "refused" and e.person == "ana" and e.text == "already speaking" for e in state.log)
    assert state.current.person == "ben"
    assert [w.person for w in state.queue] == ["cleo", "ana"]
    assert state.queue[1].round == 2 and "round 2" in state.queue[1].why
    assert state.queue[0].why.startswith("first turn, requested at")


def test_the_second_round_goes_to_who_spoke_least():
    state = replay(S, [*requests("ana", "ben"), Start(120), Next(120), Next(300), Next(340),  # ana 180 s, ben 40 s
                       Request(341, "ana"), Request(342, "ben")])
    assert [w.person for w in state.queue] == ["ben", "ana"]


def test_when_the_floor_cannot_hold_everyone_the_latest_requests_write_at_once():
    people = [f"p{i:02d}" for i in range(20)]  # 960 s hold 16 turns of 60 s
    state = replay(S, [*requests(*people), Start(120)])
    assert [w.person for w in state.written] == people[16:]
    assert all(w.reason == "no floor time left" for w in state.written)
    assert len(state.queue) == 16 and floor.report(state)["lost"] == 0


def test_a_moderator_override_decides_who_moves_to_writing_and_is_logged():
    people = [f"p{i:02d}" for i in range(16)]
    state = replay(S, [*requests(*people), Override(100, "p15", 0, "invited speaker from DG GROW"),
                       Request(110, "late")])
    assert state.queue[0].person == "p15"
    assert [w.person for w in state.written] == ["late"]
    assert any(e.kind == "override" and "invited speaker from DG GROW" in e.text for e in state.log)


def test_an_override_without_a_reason_or_into_the_first_round_is_refused():
    state = replay(S, [*requests("ana", "ben"), Override(50, "ben", 0, "  ")])
    assert [w.person for w in state.queue] == ["ana", "ben"] and state.log[-1].kind == "refused"
    state = replay(S, [*requests("ana", "ben", "cleo"), Start(120), Next(120), Next(200), Request(210, "ana"),
                       Override(211, "ana", 0, "she insists")])
    assert [w.person for w in state.queue] == ["cleo", "ana"]
    assert "she insists" in state.log[-1].text


def test_pause_stops_the_clock_and_resume_starts_it():
    state = replay(S, [*requests("ana", "ben"), Start(120), Next(120), Pause(150), Resume(450), Tick(460)])
    assert state.current.used_s == pytest.approx(40) and state.floor_used_s == pytest.approx(40)


def test_extend_never_gives_more_than_the_floor_left():
    state = replay(S, [*requests("ana"), Start(120), Next(120), Extend(130, 5000, "a key point")])
    assert state.current.allotted_s == pytest.approx(960 - 10 + 10)  # all that is left, not 5,180 s
    assert state.current.allotted_s - state.current.used_s <= state.floor_left_s + 1e-9


def test_skip_moves_to_the_back_of_the_first_round():
    state = replay(S, [*requests("ana", "ben", "cleo"), Skip(50, "ana", "not connected yet")])
    assert [w.person for w in state.queue] == ["ben", "cleo", "ana"]


def test_withdraw_and_move_to_writing_end_a_request_without_a_turn():
    state = replay(S, [*requests("ana", "ben", "cleo"), Withdraw(40, "ben"),
                       MoveToWriting(50, "cleo", "asked to write instead")])
    assert [w.person for w in state.withdrawn] == ["ben"]
    assert [(w.person, w.reason) for w in state.written] == [("cleo", "asked to write instead")]


def test_the_floor_closes_when_time_is_up_and_the_rest_write():
    state = replay(S, [*requests("ana", "ben"), Start(120), Next(120), Next(300), Request(310, "ana"),
                       Next(480), Tick(1500)])
    assert state.phase == "floor"  # ana runs over: the floor waits for the moderator, and it shows
    state = replay(S, [*requests("ana", "ben"), Start(120), Next(120), Next(300), Request(310, "ana"),
                       Request(320, "cleo"), Next(480), Next(1500)])
    assert state.phase == "closing" and state.overrun_s > 0
    report = floor.report(state)
    assert report["lost"] == 0 and report["waiting"] == 0
    assert report["turns"] + report["moved_to_writing"] + report["withdrawn"] == report["requests"]


def test_end_closes_the_floor_and_everyone_waiting_writes():
    state = replay(S, [*requests("ana", "ben", "cleo"), Start(120), Next(120), End(200)])
    assert state.phase == "closing" and [w.person for w in state.written] == ["ben", "cleo"]
    assert state.turns[0].used_s == pytest.approx(80)


def test_requests_after_the_floor_closed_go_to_writing():
    state = replay(S, [Start(120), End(130), Request(140, "ana", "late point")])
    assert [w.person for w in state.written] == ["ana"]


def test_events_must_come_in_time_order():
    with pytest.raises(ValueError, match="time order"):
        replay(S, [Start(120), Tick(100)])


def test_settings_are_checked():
    with pytest.raises(ValueError):
        Settings(total_s=600, opening_s=300, closing_s=300)
    with pytest.raises(ValueError):
        Settings(min_turn_s=200, max_turn_s=100)


def test_latecomers_expected_keep_early_turns_from_taking_their_time():
    late = Settings(total_s=1200, opening_s=120, closing_s=120, min_turn_s=60, max_turn_s=180, late_share=0.5)
    state = replay(late, [*requests("ana", "ben", "cleo", "dan"), Start(120), Next(120)])
    # 4 asked in advance; as many again are expected: 960 s ÷ (4 + 4) = 120 s, not 180 s.
    assert state.current.allotted_s == pytest.approx(120)
    assert "expected" in state.log[-1].text


def test_gini():
    assert floor.gini([60, 60, 60]) == 0
    assert floor.gini([0, 0, 100]) == pytest.approx(2 / 3)
    assert floor.gini([]) == 0
