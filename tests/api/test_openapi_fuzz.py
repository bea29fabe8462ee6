"""Drive every operation of /api/openapi.json with generated requests: never a 5xx."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from alliance.accounts.actions import create_api_token
from alliance.accounts.models import Role
from alliance.community.models import Ecosystem
from alliance.overview.actions import publish_report
from alliance.overview.models import Placement, PlacementStatus, Theme
from tests.factories import ClusterFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.overview.factories import StatementFactory

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
EXAMPLES = int(os.environ.get("ALLIANCE_FUZZ_EXAMPLES", "60"))


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """A real WSGI handler closes the database connection after each request, which
    would end the test's transaction; Django's own test client disconnects the same
    handlers for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(db) -> str:
    OrganisationFactory(name="Fuzz target", ecosystems=["health"])
    MembershipFactory(cluster=ClusterFactory(), organisation=OrganisationFactory())
    statement = StatementFactory(ecosystems=["health"])
    # A theme and a published report, so /api/themes/{id} and /api/reports/{slug} are
    # fuzzed past their 404 too.
    theme = Theme.objects.create(name="Fuzz theme", size=1, representative_ids=[statement.pk])
    Placement.objects.create(statement=statement, theme=theme, status=PlacementStatus.PLACED)
    Theme.objects.create(name="Hidden fuzz theme", hidden=True)
    publish_report(by=None, ecosystem=Ecosystem.objects.get(slug="health"))
    _token, key = create_api_token(user=UserFactory(role=Role.COORDINATOR), name="fuzz")
    return key


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_no_request_makes_the_api_answer_5xx(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error])


@schema.parametrize()
@settings(max_examples=max(EXAMPLES // 3, 10), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_no_anonymous_request_makes_the_api_answer_5xx(case, db):
    case.call_and_validate(checks=[not_a_server_error])
