"""The demo toolkit fills three workspaces over the demo registry, the same twice over a
fresh registry, with arrears, deferrals and a manager account that sees its workspace."""

from __future__ import annotations

import pytest

from alliance.community import demo as community_demo
from alliance.toolkit import access, demo, queries
from alliance.toolkit.models import Invoice, SolidarityMeasure

pytestmark = pytest.mark.django_db


def test_the_demo_has_workspaces_with_arrears_and_measures_and_a_manager():
    community_demo.seed(organisations=60, clusters=8, people=40, seed=7)
    counts = demo.seed(seed=7)
    assert counts.organisations >= 1 and counts.invoices == Invoice.objects.count() > 0
    assert SolidarityMeasure.objects.count() == counts.measures
    from alliance.accounts.models import User

    manager = User.objects.get(email=demo.MANAGER_EMAIL)
    first = queries.workspaces_of(manager).get()
    assert access.can_view_workspace(manager, first)
    assert queries.workspace(first).members
