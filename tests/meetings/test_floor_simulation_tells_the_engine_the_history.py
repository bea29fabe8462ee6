"""The simulator tells the engine the alliance's history (right unless the plan says
otherwise), and can make each session draw its own number of speakers."""

import json

import pytest
from django.core.management import CommandError, call_command

from alliance.meetings import floor_sim


def test_by_default_the_engine_is_told_the_usual_number_of_requests_and_learns_the_overrun():
    settings = floor_sim.engine_settings(floor_sim.Plan(speakers=20))
    assert settings.usual_requests == 20 and settings.learn_overrun
    untold = floor_sim.engine_settings(floor_sim.Plan(speakers=20, expected_speakers=0, learn_overrun=False))
    assert untold.usual_requests == 0 and not untold.learn_overrun


def test_a_wrong_history_changes_what_the_engine_is_told_not_the_session():
    right, wrong = floor_sim.Plan(seed=5), floor_sim.Plan(seed=5, expected_speakers=40)
    assert floor_sim.fairness(right)["requests"] == floor_sim.fairness(wrong)["requests"]
    assert floor_sim.fairness(right) != floor_sim.fairness(wrong)


def test_with_a_spread_sessions_draw_different_numbers_of_speakers_and_without_one_they_do_not():
    def first_requests(**plan):
        return {floor_sim.simulate(floor_sim.Plan(seed=s, **plan))[0].first_requests for s in range(1, 21)}

    assert first_requests() == {25}
    drawn = first_requests(speakers_spread=5)
    assert len(drawn) > 1 and min(drawn) >= 20 and max(drawn) <= 30


def test_a_spread_beyond_the_registrants_is_refused():
    with pytest.raises(ValueError):
        floor_sim.simulate(floor_sim.Plan(speakers=38, speakers_spread=5))


def test_the_command_passes_what_the_engine_is_told(capsys):
    call_command("simulate_floor", "--seed", "4", "--json")
    told = json.loads(capsys.readouterr().out)
    call_command("simulate_floor", "--seed", "4", "--expected-speakers", "0", "--no-learn-overrun", "--json")
    untold = json.loads(capsys.readouterr().out)
    assert told["requests"] == untold["requests"] and told != untold
    call_command("simulate_floor", "--seed", "4", "--speakers-spread", "5", "--history-weight", "10", "--json")
    assert json.loads(capsys.readouterr().out)["lost"] == 0
    with pytest.raises(CommandError):
        call_command("simulate_floor", "--speakers", "38", "--speakers-spread", "5")
