"""Bad input to the reports never answers 500: an unknown ecosystem is a 404, a text
over the limit a form error, publishing with nothing changed or nothing to say a clear
message, a wrong version number a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliance.accounts.models import Role
from alliance.overview.models import MAX_REPORT_TEXT, ReportVersion
from tests.factories import UserFactory
from tests.overview.reports import health_statements

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    client.force_login(UserFactory(role=Role.COORDINATOR))
    return client


@pytest.mark.parametrize("name,args", [("overview:report", ["atlantis"]), ("overview:report-versions", ["x"]),
                                       ("overview:report-download", ["atlantis", "pdf"])])
def test_an_unknown_ecosystem_is_a_404(client, name, args):
    assert client.get(reverse(name, args=args)).status_code == 404


def test_an_unknown_ecosystem_is_a_404_for_coordinators_posting_too(coordinator):
    assert coordinator.post(reverse("overview:report-publish", args=["atlantis"])).status_code == 404


def test_too_long_a_text_is_a_form_error(coordinator):
    health_statements()
    response = coordinator.post(reverse("overview:report-edit", args=["health"]),
                                {"introduction": "x" * (MAX_REPORT_TEXT + 1), "recommendations": ""})
    assert response.status_code == 400 and "at most" in response.content.decode()


def test_publishing_twice_says_nothing_changed(coordinator):
    health_statements()
    coordinator.post(reverse("overview:report-publish", args=["health"]))
    again = coordinator.post(reverse("overview:report-publish", args=["health"]), follow=True).content.decode()
    assert "Nothing changed since the last published version" in again
    assert ReportVersion.objects.count() == 1


def test_publishing_an_empty_report_says_there_is_nothing_to_report(coordinator):
    page = coordinator.post(reverse("overview:report-publish", args=["textile"]), follow=True).content.decode()
    assert "nothing to report yet" in page and not ReportVersion.objects.exists()


@pytest.mark.parametrize("v", ["9", "x", "1" * 20, "-1"])
def test_a_wrong_version_is_a_404(client, v):
    health_statements()
    from alliance.community.models import Ecosystem
    from alliance.overview import actions

    actions.publish_report(by=None, ecosystem=Ecosystem.objects.get(slug="health"))
    assert client.get(reverse("overview:report", args=["health"]), {"v": v}).status_code == 404
    assert client.get(reverse("overview:report-download", args=["health", "md"]), {"v": v}).status_code == 404
