import pytest

from alliance.accounts.actions import create_api_token, revoke_api_token
from alliance.accounts.models import Role
from alliance.community.models import ActivityLog, Organisation
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW = {"name": "Lombardy Masks", "type": "company", "size": "small", "country": "IT", "region": "ITC4",
       "ecosystems": ["health", "textile"]}


def bearer(role=Role.PARTICIPANT, user=None) -> dict:
    _t, key = create_api_token(user=user or UserFactory(role=role), name="t")
    return {"Authorization": f"Bearer {key}"}


def test_creating_an_organisation_needs_a_token(client):
    assert client.post("/api/organisations", NEW, content_type="application/json").status_code == 401
    assert not Organisation.objects.exists()


def test_a_member_creates_an_organisation(client):
    response = client.post("/api/organisations", NEW, content_type="application/json", headers=bearer())
    assert response.status_code == 201
    body = response.json()
    assert body["region"] == "ITC4" and body["ecosystems"] == ["health", "textile"]
    assert ActivityLog.objects.filter(verb="organisation.created").exists()


@pytest.mark.parametrize("change,status,fragment", [
    ({"country": "XX"}, 422, "Unknown NUTS country"),
    ({"region": "DE2"}, 422, "not in IT"),
    ({"ecosystems": ["space"]}, 422, "Unknown ecosystems"),
    ({"type": "spaceship"}, 422, ""),
    ({"name": ""}, 422, ""),
    ({"name": "A\x00B"}, 422, "NUL"),
    ({"size": "large", "type": "university"}, 422, "size"),
])
def test_bad_input_is_a_4xx_json_error_and_saves_nothing(client, change, status, fragment):
    response = client.post("/api/organisations", {**NEW, **change}, content_type="application/json",
                           headers=bearer())
    assert response.status_code == status
    assert fragment in str(response.json())
    assert not Organisation.objects.exists()


def test_a_duplicate_name_and_country_is_refused(client):
    OrganisationFactory(name="lombardy masks", country_id="IT", region_id="IT")
    response = client.post("/api/organisations", NEW, content_type="application/json", headers=bearer())
    assert response.status_code == 422
    assert "already exists" in str(response.json())


def test_only_contacts_and_coordinators_edit_and_only_coordinators_delete(client):
    org = OrganisationFactory(name="Editable")
    contact_user = UserFactory()
    org.contacts.add(PersonFactory(user=contact_user, affiliation=org))
    url = f"/api/organisations/{org.pk}"
    stranger, contact, coordinator = bearer(), bearer(user=contact_user), bearer(Role.COORDINATOR)
    assert client.patch(url, {"description": "x"}, content_type="application/json", headers=stranger).status_code == 403
    response = client.patch(url, {"description": "New text", "region": "DE2"}, content_type="application/json",
                            headers=contact)
    assert response.status_code == 200 and response.json()["region"] == "DE2"
    assert client.delete(url, headers=contact).status_code == 403
    assert client.delete(url, headers=coordinator).status_code == 204
    assert not Organisation.objects.filter(pk=org.pk).exists()


def test_a_revoked_token_stops_working(client):
    user = UserFactory()
    token, key = create_api_token(user=user, name="t")
    revoke_api_token(token=token, by=user)
    response = client.post("/api/organisations", NEW, content_type="application/json",
                           headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 401
