"""The live room's floor is told what the simulated sessions' engine is told, so that
docs/floor.md measures the rule the room runs; other session lengths scale the usual
number of requests with their floor."""

import pytest

from alliance.meetings import floor_sim, queries
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_a_default_session_floor_has_the_simulated_sessions_settings():
    assert queries.floor_settings(SessionFactory()) == floor_sim.engine_settings(floor_sim.Plan())


def test_a_longer_floor_usually_gets_more_requests():
    short = queries.floor_settings(SessionFactory(duration_minutes=30))
    long = queries.floor_settings(SessionFactory(duration_minutes=120))
    assert short.usual_requests == pytest.approx(10) and long.usual_requests == pytest.approx(55)
    assert short.learn_overrun and long.learn_overrun
