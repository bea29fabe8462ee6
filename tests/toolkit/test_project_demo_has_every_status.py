"""The demo workspaces have innovation projects in every status, pauses and stops with
their reasons, and a continuity view with something in it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from alliance.community import demo as community_demo
from alliance.toolkit import demo, queries
from alliance.toolkit.models import Project

pytestmark = pytest.mark.django_db


def test_the_demo_has_projects_in_every_status_with_reasons():
    community_demo.seed(organisations=60, clusters=8, people=40, seed=7)
    demo.seed(seed=7)
    organisation = Project.objects.order_by("id").first().organisation
    assert all(queries.project_statuses(organisation).values())
    groups = queries.continuity(organisation, timezone.localdate() - dt.timedelta(days=365))
    assert {g.reason for g in groups} >= {"lockdown", "partner_withdrew", "funding_delayed", "other"}
