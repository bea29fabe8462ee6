"""Reports are versioned like minutes: each publication is a new, numbered version with
the SHA-256 of its text; earlier versions stay as they were; the page shows the latest."""

from __future__ import annotations

import hashlib

import pytest
from django.urls import reverse

from alliance.overview import actions
from alliance.overview.models import ReportVersion
from tests.overview.factories import StatementFactory
from tests.overview.reports import health_statements

pytestmark = pytest.mark.django_db


def test_each_publication_is_a_new_version_with_its_hash(client):
    data = health_statements()
    first = actions.publish_report(by=None, ecosystem=data["ecosystem"])
    assert first.number == 1 and first.content_hash == hashlib.sha256(first.body.encode()).hexdigest()
    StatementFactory(kind="solution", text="Hospitals share stocks", ecosystems=["health"])
    second = actions.publish_report(by=None, ecosystem=data["ecosystem"])
    assert second.number == 2 and second.content_hash != first.content_hash
    first.refresh_from_db()
    assert "Hospitals share stocks" not in first.body and "Hospitals share stocks" in second.body
    page = client.get(reverse("overview:report", args=["health"])).content.decode()
    assert "Hospitals share stocks" in page and second.content_hash in page
    old = client.get(reverse("overview:report", args=["health"]), {"v": "1"}).content.decode()
    assert "Hospitals share stocks" not in old and "not the latest" in old
    versions = client.get(reverse("overview:report-versions", args=["health"])).content.decode()
    assert first.content_hash[:10] in versions and second.content_hash[:10] in versions


def test_publishing_with_no_change_is_refused_with_a_reason():
    data = health_statements()
    actions.publish_report(by=None, ecosystem=data["ecosystem"])
    with pytest.raises(actions.ReportError) as refused:
        actions.publish_report(by=None, ecosystem=data["ecosystem"])
    assert refused.value.code == "no_change" and ReportVersion.objects.count() == 1


def test_publishing_logs_the_version_and_its_hash():
    from alliance.community.models import ActivityLog, ActivityVerb

    data = health_statements()
    version = actions.publish_report(by=None, ecosystem=data["ecosystem"])
    log = ActivityLog.objects.get(verb=ActivityVerb.REPORT_PUBLISHED)
    assert log.data == {"ecosystem": "health", "version": 1, "hash": version.content_hash}
