"""A theme whose distinct organisations in the last 14 days are far above its own
baseline is flagged; an ordinary fortnight, a steady theme or a single loud voice is not."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from alliance.overview.alerts import Raised, emerging, poisson_upper_tail

TODAY = dt.date(2020, 6, 30)


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def test_a_spike_of_new_organisations_raising_one_theme_is_flagged():
    raised = [Raised("chips", f"org{i}", days_ago(i % 10)) for i in range(7)]  # 7 in the last fortnight
    raised += [Raised("chips", "org-early", days_ago(60))]  # one, two months ago
    alerts = emerging(raised, today=TODAY)
    assert [a.theme for a in alerts] == ["chips"]
    assert alerts[0].recent == 7 and alerts[0].p_value < 0.01


def test_a_steady_theme_is_not_flagged_even_with_many_organisations():
    raised = [Raised("fees", f"org{w}-{i}", days_ago(14 * w + i)) for w in range(13) for i in range(6)]
    assert emerging(raised, today=TODAY) == []


def test_a_single_organisation_repeating_itself_is_no_spike():
    raised = [Raised("masks", "the same org", days_ago(i)) for i in range(12)]
    assert emerging(raised, today=TODAY) == []


def test_two_new_voices_are_below_the_minimum():
    assert emerging([Raised("x", "a", days_ago(1)), Raised("x", "b", days_ago(2))], today=TODAY) == []


def test_the_poisson_tail_matches_known_values():
    assert poisson_upper_tail(0, 3.0) == 1.0
    assert abs(poisson_upper_tail(1, 2.0) - (1 - 0.1353352832)) < 1e-9
    assert abs(poisson_upper_tail(5, 1.0) - 0.0036598468) < 1e-9


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 30), st.integers(0, 200)), max_size=200))
def test_alerts_are_significant_recent_and_sorted(rows):
    raised = [Raised(theme, org, days_ago(day)) for theme, org, day in rows]
    alerts = emerging(raised, today=TODAY)
    assert all(a.p_value < 0.01 and a.recent >= 3 for a in alerts)
    assert [a.p_value for a in alerts] == sorted(a.p_value for a in alerts)
    for alert in alerts:
        recent = {r.organisation for r in raised if r.theme == alert.theme and days_ago(13) <= r.day <= TODAY}
        assert alert.recent == len(recent)


@given(st.integers(0, 60), st.floats(0.01, 50))
def test_the_tail_is_a_probability_that_falls_as_k_grows(k, rate):
    assert 0.0 <= poisson_upper_tail(k + 1, rate) <= poisson_upper_tail(k, rate) <= 1.0
