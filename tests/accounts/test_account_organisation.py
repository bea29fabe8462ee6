import pytest
from django.urls import reverse

from alliance.accounts import access
from alliance.community.models import ActivityLog, Person
from tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_the_account_page_shows_the_current_organisation(client, participant):
    PersonFactory(email=participant.email, user=participant, affiliation=OrganisationFactory(name="Tool Makers"))
    client.force_login(participant)
    page = client.get(reverse("accounts:account")).content.decode()
    assert "Tool Makers" in page


def test_the_account_page_finds_organisations_in_the_registry_without_javascript(client, participant):
    wanted = OrganisationFactory(name="Bright Photonics Cluster")
    OrganisationFactory(name="Unrelated Bakery")
    client.force_login(participant)
    page = client.get(reverse("accounts:account"), {"organisation_q": "photonics"}).content.decode()
    assert f'name="organisation" value="{wanted.pk}"' in page
    assert "Unrelated Bakery" not in page


def test_choosing_an_organisation_sets_the_affiliation_and_logs_it(client, participant):
    person = PersonFactory(email=participant.email, user=participant, affiliation=None)
    chosen = OrganisationFactory()
    client.force_login(participant)
    response = client.post(reverse("accounts:set_organisation"), {"organisation": chosen.pk})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.affiliation == chosen
    assert ActivityLog.objects.filter(verb="person.affiliation_set", data__organisation=chosen.pk).exists()


def test_a_user_without_a_person_record_gets_one_with_the_organisation(client, participant):
    chosen = OrganisationFactory()
    client.force_login(participant)
    client.post(reverse("accounts:set_organisation"), {"organisation": chosen.pk})
    assert Person.objects.get(user=participant).affiliation == chosen


def test_another_persons_organisation_cannot_be_set(client, participant):
    other = PersonFactory(affiliation=OrganisationFactory(name="Theirs"))
    mine = PersonFactory(email=participant.email, user=participant, affiliation=None)
    chosen = OrganisationFactory()
    client.force_login(participant)
    client.post(reverse("accounts:set_organisation"), {"organisation": chosen.pk, "person": other.pk})
    other.refresh_from_db()
    mine.refresh_from_db()
    assert other.affiliation.name == "Theirs"
    assert mine.affiliation == chosen  # the posted person is ignored: it is always one's own
    assert not access.can_set_affiliation(participant, other)
    assert access.can_set_affiliation(participant, mine)


@pytest.mark.parametrize("value,message", [
    ("999999", "Choose your organisation again: it is not in the registry."),
    ("abc", "Choose your organisation again: it is not in the registry."),
    ("-1", "Choose your organisation again: it is not in the registry."),
    ("", "Choose your organisation from the list."),
])
def test_a_bad_organisation_id_gives_a_form_error_and_changes_nothing(client, participant, value, message):
    before = OrganisationFactory()
    person = PersonFactory(email=participant.email, user=participant, affiliation=before)
    client.force_login(participant)
    response = client.post(reverse("accounts:set_organisation"), {"organisation": value})
    assert response.status_code == 400
    assert message in response.content.decode()
    person.refresh_from_db()
    assert person.affiliation == before


def test_visitors_cannot_set_an_organisation(client):
    chosen = OrganisationFactory()
    response = client.post(reverse("accounts:set_organisation"), {"organisation": chosen.pk})
    assert response.status_code == 302 and reverse("accounts:login") in response.url
