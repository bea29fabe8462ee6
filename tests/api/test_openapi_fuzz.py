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
from alliance.exchange import actions as exchange_actions
from alliance.overview.actions import publish_report
from alliance.overview.models import Placement, PlacementStatus, Theme
from tests.exchange.people import member_of, post
from tests.factories import ClusterFactory, MembershipFactory, OrganisationFactory
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
    # The token's coordinator acts for one organisation, so POST /api/posts without an
    # organisation goes through the form and the action, not just the 403. Posts of both
    # sides, written as statements and embedded, so /api/posts/{id}/matches ranks real
    # counterparts; and a hidden one.
    coordinator = member_of(OrganisationFactory(name="Fuzz poster"), role=Role.COORDINATOR)
    need = post(coordinator, quantity=300, unit="pieces")
    offer = post(member_of(), kind="offer", title="FFP2 masks, 5000 a week", quantity=5000, unit="pieces")
    hidden = post(member_of(), kind="partner_search", title="Partners for a mask project", roles_wanted="A lab")
    exchange_actions.hide_post(by=coordinator, post=hidden, reason="Fuzz")
    exchange_actions.sync_posts([need.pk, offer.pk, hidden.pk])
    _token, key = create_api_token(user=coordinator, name="fuzz")
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
