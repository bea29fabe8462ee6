"""A manager (or a coordinator) makes one of the organisation's registry contacts with an
account a manager; it is logged; anyone else (a stranger, a person without an account) cannot be."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliance.accounts.models import Role
from alliance.community.models import ActivityLog, ActivityVerb, OrganisationRole
from alliance.toolkit import access, actions
from tests.factories import PersonFactory, UserFactory
from tests.toolkit.people import cluster_org, person_of

pytestmark = pytest.mark.django_db


def test_a_manager_makes_a_contact_person_a_manager_who_then_sees_the_workspace(client):
    a = cluster_org()
    colleague = person_of(a.organisation)
    assert not access.can_view_workspace(colleague, a.organisation)
    client.force_login(a.manager)
    response = client.post(reverse("toolkit:make-manager", args=[a.organisation.pk]),
                           {"person": colleague.person.pk}, follow=True)
    assert colleague.name in response.content.decode()
    assert OrganisationRole.objects.get(user=colleague, organisation=a.organisation).role == "manager"
    assert ActivityLog.objects.filter(verb=ActivityVerb.ORGANISATION_ROLE_GRANTED, actor=a.manager,
                                      data__user=colleague.pk).exists()
    assert access.can_view_workspace(colleague, a.organisation)


def test_a_coordinator_makes_a_manager_too():
    a = cluster_org()
    colleague = person_of(a.organisation)
    actions.make_manager(by=UserFactory(role=Role.COORDINATOR), organisation=a.organisation, person=colleague.person)
    assert access.can_view_workspace(colleague, a.organisation)


def test_a_person_of_another_organisation_or_without_an_account_is_refused():
    a, b = cluster_org("A"), cluster_org("B")
    stranger = person_of(b.organisation)
    no_account = PersonFactory(affiliation=a.organisation)
    for person in (stranger.person, no_account):
        with pytest.raises(actions.ToolkitError):
            actions.make_manager(by=a.manager, organisation=a.organisation, person=person)
    assert not OrganisationRole.objects.filter(user=stranger, organisation=a.organisation).exists()


def test_the_form_refuses_a_stranger_with_a_message(client):
    a, b = cluster_org("A"), cluster_org("B")
    stranger = person_of(b.organisation)
    client.force_login(a.manager)
    response = client.post(reverse("toolkit:make-manager", args=[a.organisation.pk]),
                           {"person": stranger.person.pk}, follow=True)
    assert "Only a contact person of this organisation" in response.content.decode()
    assert not OrganisationRole.objects.filter(user=stranger, organisation=a.organisation).exists()
