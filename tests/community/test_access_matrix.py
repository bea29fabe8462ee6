"""Walk every role, object and action this issue adds, through access.py and through the views.

The expected table is written out in full on purpose: a change to who may do
what must show up as a change to this table.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from alliance.accounts import access as account_access
from alliance.accounts.models import Role
from alliance.community import access
from alliance.community.models import OrganisationRole, OrganisationRoleKind, ReviewStatus, Visibility
from tests.factories import ClusterFactory, OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

# Who may do what, for a public organisation and a members-only one (Y allowed, N refused).
# "contact" is a signed-in participant who is a contact person of the public organisation;
# "manager" a participant who manages it on the platform (an OrganisationRole, not a contact);
# the pending one was typed into a public form and waits for a coordinator's review.
MATRIX = """
action               visitor participant moderator policy_maker coordinator contact manager inactive
view_public          Y       Y           Y         Y            Y           Y       Y       Y
view_members_only    N       Y           Y         Y            Y           Y       Y       N
view_pending_review  N       N           N         N            Y           N       N       N
review               N       N           N         N            Y           N       N       N
create               N       Y           Y         Y            Y           Y       Y       N
edit                 N       N           N         N            Y           Y       Y       N
delete               N       N           N         N            Y           N       N       N
import               N       N           N         N            Y           N       N       N
export_organisations Y       Y           Y         Y            Y           Y       Y       Y
export_people        N       N           N         N            Y           N       N       N
export_subscribers   N       N           N         N            Y           N       N       N
see_private_contact  N       Y           Y         Y            Y           Y       Y       N
see_contact_email    N       N           N         N            Y           Y       N       N
use_admin            N       N           N         N            Y           N       N       N
change_roles         N       N           N         N            Y           N       N       N
"""
_header, *_rows = [line.split() for line in MATRIX.strip().splitlines()]
ROLES = _header[1:]
ORG_MATRIX = {row[0]: {role: cell == "Y" for role, cell in zip(ROLES, row[1:], strict=True)} for row in _rows}


@pytest.fixture
def world():
    public = OrganisationFactory(name="Public org")
    private = OrganisationFactory(name="Private org", visibility=Visibility.MEMBERS)
    pending = OrganisationFactory(name="Typed-in org", review_status=ReviewStatus.PENDING)
    contact_user = UserFactory(email="contact@example.org")
    contact = PersonFactory(user=contact_user, affiliation=public, email="contact@example.org")
    public.contacts.add(contact)
    hidden_contact = PersonFactory(affiliation=public, consent_public_listing=False)
    manager = UserFactory(role=Role.PARTICIPANT, email="manager@example.org")
    OrganisationRole.objects.create(user=manager, organisation=public, role=OrganisationRoleKind.MANAGER)
    users = {
        "visitor": AnonymousUser(),
        "participant": UserFactory(role=Role.PARTICIPANT),
        "moderator": UserFactory(role=Role.MODERATOR),
        "policy_maker": UserFactory(role=Role.POLICY_MAKER),
        "coordinator": UserFactory(role=Role.COORDINATOR),
        "contact": contact_user,
        "manager": manager,
        "inactive": UserFactory(role=Role.COORDINATOR, is_active=False),
    }
    return {"public": public, "private": private, "pending": pending, "users": users, "contact": contact,
            "hidden_contact": hidden_contact}


def decide(action: str, user, world) -> bool:
    public, private = world["public"], world["private"]
    return {
        "view_public": lambda: access.can_view_organisation(user, public),
        "view_members_only": lambda: access.can_view_organisation(user, private),
        "view_pending_review": lambda: access.can_view_organisation(user, world["pending"]),
        "review": lambda: access.can_review_organisations(user),
        "create": lambda: access.can_create_organisation(user),
        "edit": lambda: access.can_edit_organisation(user, public),
        "delete": lambda: access.can_delete_organisation(user, public),
        "import": lambda: access.can_import(user),
        "export_organisations": lambda: access.can_export_organisations(user),
        "export_people": lambda: access.can_export_people(user),
        "export_subscribers": lambda: access.can_export_subscribers(user),
        "see_private_contact": lambda: access.can_see_contact(user, world["hidden_contact"]),
        "see_contact_email": lambda: access.can_see_contact_email(user, world["contact"]),
        "use_admin": lambda: account_access.can_use_admin(user),
        "change_roles": lambda: account_access.can_change_roles(user),
    }[action]()


@pytest.mark.parametrize("action", sorted(ORG_MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_access_function_matches_the_matrix(world, role, action):
    assert decide(action, world["users"][role], world) is ORG_MATRIX[action][role]


def test_clusters_are_public_facts(world):
    cluster = ClusterFactory()
    for user in world["users"].values():
        assert access.can_view_cluster(user, cluster)


# The views must agree with access.py: walk the HTTP side of the same matrix.
VIEW_ACTIONS = {
    "view_members_only": ("get", lambda w: reverse("community:organisation", args=[w["private"].pk]), {200}, {404}),
    "view_pending_review": ("get", lambda w: reverse("community:organisation", args=[w["pending"].pk]),
                            {200}, {404}),
    "review": ("get", lambda w: reverse("community:review"), {200}, {302, 403}),
    "edit": ("get", lambda w: reverse("community:organisation_edit", args=[w["public"].pk]), {200}, {302, 403}),
    "delete": ("get", lambda w: reverse("community:organisation_delete", args=[w["public"].pk]), {200}, {302, 403}),
    "create": ("get", lambda w: reverse("community:organisation_create"), {200}, {302, 403}),
    "import": ("get", lambda w: reverse("community:import"), {200}, {302, 403}),
    "export_people": ("get", lambda w: reverse("community:export_people"), {200}, {302, 403}),
    "export_subscribers": ("get", lambda w: reverse("community:export_subscribers"), {200}, {302, 403}),
    "use_admin": ("get", lambda w: reverse("admin:index"), {200}, {302}),
}


@pytest.mark.parametrize("action", sorted(VIEW_ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_views_enforce_the_matrix(client, world, role, action):
    user = world["users"][role]
    if user.is_authenticated:
        client.force_login(user)
    method, url, allowed_codes, denied_codes = VIEW_ACTIONS[action]
    response = getattr(client, method)(url(world))
    expected = allowed_codes if ORG_MATRIX[action][role] else denied_codes
    assert response.status_code in expected, (role, action, response.status_code)
