"""Many simulated runs are summarised the way the goals are stated: per session."""

import json

from django.core.management import call_command


def test_the_summary_counts_sessions_per_fairness_goal_and_gives_the_distribution(capsys):
    call_command("simulate_floor", "--seed", "1", "--runs", "20", "--json")
    summary = json.loads(capsys.readouterr().out)
    gini = summary["gini"]
    assert gini["min"] <= gini["median"] <= gini["p95"] <= gini["max"]
    counts = summary["sessions_gini_at_most"]
    assert 0 <= counts["0.10"] <= counts["0.13"] <= summary["runs"] == 20


def test_the_model_and_the_engine_can_disagree_on_when_latecomers_ask(capsys):
    call_command("simulate_floor", "--seed", "4", "--late-window", "1", "--expected-late-window", "0.25",
                 "--json")
    mismatched = json.loads(capsys.readouterr().out)
    call_command("simulate_floor", "--seed", "4", "--json")
    assert mismatched["lost"] == 0 and mismatched != json.loads(capsys.readouterr().out)
