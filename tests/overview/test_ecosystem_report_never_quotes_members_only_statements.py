"""A report is public: members-only statements are neither quoted nor counted in it,
whoever drafts or reads it — also in a coordinator's draft preview."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliance.accounts.models import Role
from alliance.overview import actions
from tests.factories import UserFactory
from tests.overview.reports import health_statements

pytestmark = pytest.mark.django_db


def test_members_only_statements_are_never_in_a_report(client):
    data = health_statements()
    version = actions.publish_report(by=None, ecosystem=data["ecosystem"])
    assert "Members-only worry" not in version.body and version.statements == 4
    assert "3 organisations from 2 regions" in version.body
    client.force_login(UserFactory(role=Role.COORDINATOR))
    page = client.get(reverse("overview:report", args=["health"])).content.decode()
    assert "Members-only worry" not in page
