"""The simulator and its command: a believable session, and the fairness goals the docs state."""

import json

import pytest
from django.core.management import CommandError, call_command

from alliance.meetings import floor_sim


def test_a_simulated_hour_serves_or_moves_every_request_and_stays_on_time():
    for seed in range(1, 21):
        result = floor_sim.fairness(floor_sim.Plan(seed=seed))
        assert result["lost"] == 0 and result["waiting"] == 0
        assert result["turns"] + result["moved_to_writing"] + result["withdrawn"] == result["requests"]
        assert result["second_turn_before_first"] == 0
        assert result["overrun_s"] <= 30


def test_the_same_seed_gives_the_same_session():
    assert floor_sim.fairness(floor_sim.Plan(seed=7)) == floor_sim.fairness(floor_sim.Plan(seed=7))
    assert floor_sim.fairness(floor_sim.Plan(seed=7)) != floor_sim.fairness(floor_sim.Plan(seed=8))


def test_expecting_latecomers_makes_sessions_fairer_on_the_same_requests():
    seeds = range(1, 41)
    plain = sum(floor_sim.fairness(floor_sim.Plan(seed=s, expected_late_share=0))["gini"] for s in seeds)
    expecting = sum(floor_sim.fairness(floor_sim.Plan(seed=s))["gini"] for s in seeds)
    assert expecting < plain


def test_the_command_prints_one_json_object(capsys):
    call_command("simulate_floor", "--minutes", "60", "--registrants", "40", "--speakers", "25",
                 "--overrun", "0.5", "--seed", "3", "--json")
    result = json.loads(capsys.readouterr().out)
    for key in ("requests", "turns", "moved_to_writing", "lost", "gini", "overrun_s", "second_turn_before_first"):
        assert key in result
    call_command("simulate_floor", "--seed", "3")
    assert "speaking time per person" in capsys.readouterr().out


def test_the_command_refuses_impossible_plans():
    with pytest.raises(CommandError):
        call_command("simulate_floor", "--speakers", "50", "--registrants", "40")
    with pytest.raises(CommandError):
        call_command("simulate_floor", "--minutes", "5")
