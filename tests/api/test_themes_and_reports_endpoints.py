"""GET /api/themes, /api/themes/{id}, /api/reports and /api/reports/{slug}: themes with
the counts their viewer may see and the overview's filters, hidden ones for coordinators
only; the 14 ecosystems' reports, and the latest published version of one."""

from __future__ import annotations

import pytest

from alliance.accounts.actions import create_api_token
from alliance.accounts.models import Role
from alliance.community.models import Ecosystem
from alliance.overview import actions
from alliance.overview.models import Theme
from tests.factories import UserFactory
from tests.overview.reports import health_statements

pytestmark = pytest.mark.django_db


def _bearer(role: Role) -> dict[str, str]:
    _token, key = create_api_token(user=UserFactory(role=role), name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_themes_are_listed_with_the_counts_the_viewer_may_see(client):
    data = health_statements()
    [theme] = client.get("/api/themes").json()
    assert theme["id"] == data["theme"].pk and theme["title"] == "Protective equipment"
    assert theme["statements"] == 3 and theme["organisations"] == 3
    assert theme["by_kind"] == {"disruption": 1, "need": 1, "solution": 1}
    [member_view] = client.get("/api/themes", **_bearer(Role.PARTICIPANT)).json()
    assert member_view["statements"] == 4  # the members-only statement too


def test_themes_take_the_statements_filters(client):
    health_statements()
    assert client.get("/api/themes", {"region": "DE"}).json()[0]["statements"] == 1
    assert client.get("/api/themes", {"ecosystem": "tourism"}).json() == []
    response = client.get("/api/themes", {"region": "ZZ"})
    assert response.status_code == 422 and "region" in response.json()["detail"]


def test_a_theme_has_its_representative_statements(client):
    data = health_statements()
    theme = data["theme"]
    theme.representative_ids = [data["secret"].pk, data["placed"][2].pk, data["placed"][0].pk]
    theme.save()
    body = client.get(f"/api/themes/{theme.pk}").json()
    assert body["representative_statements"] == [data["placed"][2].pk, data["placed"][0].pk]
    assert body["statements"] == 3


def test_a_hidden_theme_is_a_404_but_for_coordinators(client):
    data = health_statements()
    Theme.objects.filter(pk=data["theme"].pk).update(hidden=True)
    assert client.get(f"/api/themes/{data['theme'].pk}").status_code == 404
    assert client.get(f"/api/themes/{data['theme'].pk}", **_bearer(Role.PARTICIPANT)).status_code == 404
    assert client.get("/api/themes").json() == []
    coordinator = _bearer(Role.COORDINATOR)
    assert client.get(f"/api/themes/{data['theme'].pk}", **coordinator).json()["hidden"] is True
    assert client.get("/api/themes/999999").status_code == 404


def test_reports_list_the_14_ecosystems_with_their_status(client):
    data = health_statements()
    version = actions.publish_report(by=None, ecosystem=data["ecosystem"])
    reports = client.get("/api/reports").json()
    assert len(reports) == Ecosystem.objects.count() == 14
    health = next(r for r in reports if r["ecosystem"] == "health")
    assert health["status"] == "published" and health["version"] == 1
    assert health["content_hash"] == version.content_hash
    assert sum(r["status"] == "unpublished" for r in reports) == 13


def test_a_report_is_its_latest_published_version(client):
    data = health_statements()
    assert client.get("/api/reports/health").status_code == 404
    actions.publish_report(by=None, ecosystem=data["ecosystem"])
    actions.save_report_draft(by=None, ecosystem=data["ecosystem"], introduction="Second thoughts.",
                              recommendations="")
    latest = actions.publish_report(by=None, ecosystem=data["ecosystem"])
    body = client.get("/api/reports/health").json()
    assert body["version"] == 2 and body["markdown"] == latest.body and body["content_hash"] == latest.content_hash
    assert "Second thoughts." in body["markdown"] and "Members-only" not in body["markdown"]
    assert client.get("/api/reports/atlantis").status_code == 404
