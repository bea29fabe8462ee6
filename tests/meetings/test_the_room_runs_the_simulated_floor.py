"""The live room runs the floor rule whose fairness docs/floor.md reports: the engine in
the room is told to expect the latecomers the simulator's sessions have."""

import pytest

from alliance.meetings import floor_sim, queries
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_a_session_floor_expects_latecomers_as_the_simulated_ones_do():
    settings = queries.floor_settings(SessionFactory())
    plan = floor_sim.Plan()
    assert (settings.late_share, settings.late_window) == (plan.expected_late_share, plan.expected_late_window)
    assert settings.late_share > 0  # the fairer rule is on, not the plain one
