"""Authority scoped to what it is about: a manager runs one organisation, a policy maker
answers for some ecosystems and regions (a region with its sub-regions). Granted through
community.actions, asked through the shared predicates that each app's access.py composes."""

import pytest

from alliance.accounts.models import Role
from alliance.community import access, actions
from alliance.community.models import ActivityLog, Ecosystem
from alliance.community.predicates import acts_for, covers, manages
from tests.factories import OrganisationFactory, UserFactory, region

pytestmark = pytest.mark.django_db


def test_a_manager_runs_their_organisation_and_no_other(coordinator):
    mine, other = OrganisationFactory(), OrganisationFactory()
    manager, member = UserFactory(), UserFactory()
    actions.grant_organisation_role(by=coordinator, user=manager, organisation=mine, role="manager")
    actions.grant_organisation_role(by=coordinator, user=member, organisation=mine, role="member")
    assert manages(manager, mine) and not manages(manager, other)
    assert access.can_edit_organisation(manager, mine) and not access.can_edit_organisation(manager, other)
    assert acts_for(member, mine) and not manages(member, mine)
    assert not access.can_edit_organisation(member, mine)
    assert ActivityLog.objects.filter(verb="organisation.role_granted").count() == 2


def test_granting_again_changes_the_role_and_revoking_removes_it(coordinator):
    org, user = OrganisationFactory(), UserFactory()
    actions.grant_organisation_role(by=coordinator, user=user, organisation=org, role="member")
    actions.grant_organisation_role(by=coordinator, user=user, organisation=org, role="manager")
    assert manages(user, org)
    actions.revoke_organisation_role(by=coordinator, user=user, organisation=org)
    assert not acts_for(user, org)


def test_a_deactivated_manager_manages_nothing(coordinator):
    org, user = OrganisationFactory(), UserFactory()
    actions.grant_organisation_role(by=coordinator, user=user, organisation=org, role="manager")
    user.is_active = False
    user.save()
    assert not manages(user, org) and not access.can_edit_organisation(user, org)


@pytest.fixture
def health_in_bavaria(coordinator):
    policy = UserFactory(role=Role.POLICY_MAKER)
    actions.set_policy_scope(by=coordinator, user=policy, ecosystems=[Ecosystem.objects.get(slug="health")],
                             regions=[region("DE2")])
    return policy


def test_a_policy_maker_covers_their_ecosystems_and_regions_with_sub_regions(health_in_bavaria):
    assert covers(health_in_bavaria, ecosystem="health", region="DE21")
    assert covers(health_in_bavaria, ecosystem="health", region="DE2")
    assert not covers(health_in_bavaria, ecosystem="health", region="DE1")  # Baden-Württemberg
    assert not covers(health_in_bavaria, ecosystem="digital", region="DE21")
    assert not covers(health_in_bavaria, ecosystem="health", region="DE")  # the country is wider than Bavaria


def test_a_scope_naming_no_ecosystem_covers_every_ecosystem_of_its_regions(coordinator):
    policy = UserFactory(role=Role.POLICY_MAKER)
    actions.set_policy_scope(by=coordinator, user=policy, ecosystems=[], regions=[region("FR")])
    assert covers(policy, ecosystem="digital", region="FR10") and not covers(policy, ecosystem="digital", region="BE1")


def test_without_a_scope_or_the_role_nobody_covers_anything(coordinator):
    assert not covers(UserFactory(role=Role.POLICY_MAKER), ecosystem="health", region="DE21")
    participant = UserFactory(role=Role.PARTICIPANT)
    actions.set_policy_scope(by=coordinator, user=participant, ecosystems=[], regions=[])
    assert not covers(participant, ecosystem="health")
