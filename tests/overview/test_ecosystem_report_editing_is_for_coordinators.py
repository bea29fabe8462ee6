"""Only coordinators see a report's draft, write its introduction and recommendations
and publish it; everyone else gets a 403 and reads the published version."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliance.accounts.models import Role
from alliance.overview.models import EcosystemReport, ReportVersion
from tests.factories import UserFactory
from tests.overview.reports import health_statements

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [None, Role.PARTICIPANT, Role.POLICY_MAKER])
def test_others_may_not_edit_or_publish(client, role):
    health_statements()
    if role is not None:
        client.force_login(UserFactory(role=role))
    edit = client.post(reverse("overview:report-edit", args=["health"]), {"introduction": "Mine"})
    publish = client.post(reverse("overview:report-publish", args=["health"]))
    assert edit.status_code == 403 and publish.status_code == 403
    assert not EcosystemReport.objects.exists() and not ReportVersion.objects.exists()
    assert "Save the draft" not in client.get(reverse("overview:report", args=["health"])).content.decode()


def test_a_coordinator_writes_previews_and_publishes(client):
    health_statements()
    client.force_login(UserFactory(role=Role.COORDINATOR))
    page = client.get(reverse("overview:report", args=["health"])).content.decode()
    assert "Save the draft" in page and "not been published yet" in page
    client.post(reverse("overview:report-edit", args=["health"]),
                {"introduction": "Hospitals first.", "recommendations": "Pool purchases."})
    assert "Hospitals first." in client.get(reverse("overview:report", args=["health"])).content.decode()
    response = client.post(reverse("overview:report-publish", args=["health"]), follow=True)
    assert "Version 1 of the report is published." in response.content.decode()
    listing = client.get(reverse("overview:reports")).content.decode()
    assert "published, version 1" in listing and listing.count("not published yet") == 13
