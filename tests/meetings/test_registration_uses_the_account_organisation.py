"""A signed-in person registers on behalf of the organisation their account names, and
is asked for it once when it names none — never given somebody else's."""

import pytest
from django.urls import reverse

from alliance.community.models import Organisation, Person
from alliance.meetings.models import Registration
from tests.factories import OrganisationFactory, PersonFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def register_me(client, session, **data):
    return client.post(reverse("meetings:register_me", args=[session.pk]), data)


def test_registration_carries_the_account_organisation(client):
    user = UserFactory()
    lab = OrganisationFactory(name="Lisbon Textile Lab")
    PersonFactory(user=user, email=user.email, affiliation=lab)
    OrganisationFactory(name="Hungarian Rail Company")
    session = SessionFactory()
    client.force_login(user)
    page = client.get(reverse("meetings:session", args=[session.pk])).content.decode()
    assert "You register on behalf of Lisbon Textile Lab." in page
    assert register_me(client, session).status_code == 302
    assert Registration.objects.get().organisation == lab


def test_without_an_organisation_the_form_asks_and_registers_nothing(client):
    user = UserFactory()
    session = SessionFactory()
    client.force_login(user)
    page = client.get(reverse("meetings:session", args=[session.pk])).content.decode()
    assert "does not say yet on behalf of which organisation" in page
    response = register_me(client, session)
    assert response.status_code == 400
    assert "Say on behalf of which organisation you take part." in response.content.decode()
    assert not Registration.objects.exists()


def test_the_organisation_chosen_once_is_kept_on_the_account(client):
    user = UserFactory()
    lab = OrganisationFactory(name="Lisbon Textile Lab")
    first, second = SessionFactory(), SessionFactory()
    client.force_login(user)
    assert register_me(client, first, organisation_id=lab.pk).status_code == 302
    assert Person.objects.get(user=user).affiliation == lab
    assert register_me(client, second).status_code == 302
    assert {r.organisation for r in Registration.objects.all()} == {lab}


def test_a_new_organisation_typed_there_is_added_for_review(client):
    user = UserFactory()
    session = SessionFactory()
    client.force_login(user)
    register_me(client, session, organisation_name="Porto Cork Cluster", organisation_type="cluster_org",
                organisation_country="PT")
    org = Organisation.objects.get(name="Porto Cork Cluster")
    assert Registration.objects.get().organisation == org
    assert org.review_status == "pending"
