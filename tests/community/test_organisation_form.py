import pytest
from django.urls import reverse

from alliance.community.models import ActivityLog, Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

VALID = {"name": "Hegan", "type": "cluster_org", "size": "", "country": "ES", "region": "ES21",
         "website": "hegan.example", "description": "Basque aerospace", "ecosystems": ["aerospace-defence"],
         "visibility": "public"}


def test_a_member_adds_an_organisation_and_becomes_its_contact(client, participant):
    from tests.factories import PersonFactory

    PersonFactory(user=participant, email=participant.email)
    client.force_login(participant)
    response = client.post(reverse("community:organisation_create"), VALID)
    org = Organisation.objects.get(name="Hegan")
    assert response.status_code == 302 and response.url == org.get_absolute_url()
    assert org.website == "https://hegan.example"
    assert list(org.contacts.values_list("email", flat=True)) == [participant.email]
    assert ActivityLog.objects.filter(verb="organisation.created", subject="Hegan").exists()
    # ...and, being its contact, may now edit it
    assert client.get(reverse("community:organisation_edit", args=[org.pk])).status_code == 200


@pytest.mark.parametrize("change,field,message", [
    ({"region": "FR1"}, "region", "not in the chosen country"),
    ({"region": "XX999"}, "region", "Select a valid choice"),
    ({"size": "large"}, "size", "Only companies have a size class"),
    ({"name": ""}, "name", "This field is required"),
    ({"website": "javascript:alert(1)"}, "website", "Enter a valid URL"),
])
def test_bad_input_is_explained_on_the_form_and_nothing_is_saved(client, participant, change, field, message):
    client.force_login(participant)
    response = client.post(reverse("community:organisation_create"), {**VALID, **change})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Organisation.objects.exists()


def test_same_name_and_country_is_a_duplicate_whatever_the_case(client, participant):
    OrganisationFactory(name="HEGAN", country_id="ES", region_id="ES")
    client.force_login(participant)
    response = client.post(reverse("community:organisation_create"), VALID)
    assert "already exists in this country" in response.content.decode()
    assert Organisation.objects.count() == 1


def test_coordinator_deletes_an_organisation_after_confirming(client, coordinator):
    org = OrganisationFactory()
    client.force_login(coordinator)
    assert client.get(reverse("community:organisation_delete", args=[org.pk])).status_code == 200
    assert Organisation.objects.filter(pk=org.pk).exists()
    client.post(reverse("community:organisation_delete", args=[org.pk]))
    assert not Organisation.objects.filter(pk=org.pk).exists()
