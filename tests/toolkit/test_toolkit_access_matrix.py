"""Walk every role × organisation × action of the toolkit through toolkit/access.py.

Two cluster organisations, A and B. "manager_a" manages A; "manager_b" manages B;
"member_a" holds A's member role (not manager); "contact_a" is A's registry contact person
with an account but no role; "coordinator" is the alliance's; "inactive" is a deactivated
manager of A. Nothing of one organisation's workspace is open to the other's managers.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from alliance.accounts.models import Role
from alliance.community.models import OrganisationRole
from alliance.toolkit import access
from tests.factories import UserFactory
from tests.toolkit.people import cluster_org, person_of

pytestmark = pytest.mark.django_db

MATRIX = """
action            org  visitor participant contact_a member_a manager_a manager_b coordinator inactive
open_toolkit      -    N       N           N         N        Y         Y         Y           N
view_workspace    A    N       N           N         N        Y         N         Y           N
view_workspace    B    N       N           N         N        N         Y         Y           N
make_manager      A    N       N           N         N        Y         N         Y           N
make_manager      B    N       N           N         N        N         Y         Y           N
manage_fees       A    N       N           N         N        Y         N         Y           N
manage_fees       B    N       N           N         N        N         Y         Y           N
approve_measure   A    N       N           N         N        Y         N         Y           N
approve_measure   B    N       N           N         N        N         Y         Y           N
"""
_header, *_rows = [line.split() for line in MATRIX.strip().splitlines()]
ROLES = _header[2:]
TABLE = {(row[0], row[1]): {role: cell == "Y" for role, cell in zip(ROLES, row[2:], strict=True)} for row in _rows}


@pytest.fixture
def world(db):
    a, b = cluster_org("Org A"), cluster_org("Org B")
    inactive = person_of(a.organisation, role="manager")
    inactive.is_active = False
    inactive.save()
    member = person_of(a.organisation, role="member")
    users = {"visitor": AnonymousUser(), "participant": UserFactory(), "contact_a": person_of(a.organisation),
             "member_a": member, "manager_a": a.manager, "manager_b": b.manager,
             "coordinator": UserFactory(role=Role.COORDINATOR), "inactive": inactive}
    assert OrganisationRole.objects.filter(user=member, role="member").exists()
    return {"users": users, "A": a.organisation, "B": b.organisation}


def decide(action: str, org: str, user, w) -> bool:
    if action == "open_toolkit":
        return access.can_open_toolkit(user)
    organisation = w[org]
    return {"view_workspace": access.can_view_workspace, "make_manager": access.can_make_manager,
            "manage_fees": access.can_manage_fees, "approve_measure": access.can_approve_measure,
            }[action](user, organisation)


@pytest.mark.parametrize(("action", "org"), sorted(TABLE))
@pytest.mark.parametrize("role", ROLES)
def test_access_function_matches_the_matrix(world, role, action, org):
    assert decide(action, org, world["users"][role], world) is TABLE[(action, org)][role]


def test_an_organisation_that_is_no_cluster_organisation_has_no_workspace(world):
    from tests.factories import OrganisationFactory

    company = OrganisationFactory()
    manager = person_of(company, role="manager")
    assert not access.can_view_workspace(manager, company)
    assert not access.can_open_toolkit(manager)
