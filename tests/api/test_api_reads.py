import pytest

from alliance.accounts.actions import create_api_token
from alliance.community.models import Visibility
from tests.factories import ClusterFactory, MembershipFactory, OrganisationFactory, UserFactory, region

pytestmark = pytest.mark.django_db


def test_organisations_are_listed_with_filters_and_pagination(client):
    for i in range(30):
        OrganisationFactory(name=f"Org {i:02}", ecosystems=["health"], region=region("DE212"))
    OrganisationFactory(name="Elsewhere", country=region("FR"), region=region("FR"))
    body = client.get("/api/organisations", {"region": "DE2", "page": 2}).json()
    assert body["count"] == 30
    assert [o["name"] for o in body["items"]] == ["Org 25", "Org 26", "Org 27", "Org 28", "Org 29"]
    assert body["items"][0]["ecosystems"] == ["health"]
    assert body["items"][0]["region"] == "DE212" and body["items"][0]["country"] == "DE"


def test_members_only_organisations_need_a_token(client):
    OrganisationFactory(name="Secret", visibility=Visibility.MEMBERS)
    assert client.get("/api/organisations").json()["count"] == 0
    _t, key = create_api_token(user=UserFactory(), name="t")
    assert client.get("/api/organisations", headers={"Authorization": f"Bearer {key}"}).json()["count"] == 1
    assert client.get("/api/organisations", headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_unknown_region_filter_is_a_422_with_a_message(client):
    response = client.get("/api/organisations", {"region": "XX9"})
    assert response.status_code == 422
    assert "Unknown NUTS region" in response.json()["detail"]


def test_regions_and_ecosystems_are_readable(client):
    assert len(client.get("/api/ecosystems").json()) == 14
    greece = client.get("/api/regions/EL").json()
    assert greece == {"code": "EL", "name": "Greece", "level": 0, "country_code": "EL", "parent": None}
    children = client.get("/api/regions", {"parent": "EL"}).json()["items"]
    assert children and all(c["level"] == 1 and c["parent"] == "EL" for c in children)
    assert client.get("/api/regions/XX").status_code == 404


def test_cluster_detail_lists_only_visible_members(client):
    cluster = ClusterFactory(name="Health cluster")
    MembershipFactory(cluster=cluster, organisation=OrganisationFactory(name="Open member"))
    MembershipFactory(cluster=cluster, organisation=OrganisationFactory(
        name="Hidden member", visibility=Visibility.MEMBERS))
    body = client.get(f"/api/clusters/{cluster.pk}").json()
    assert len(body["memberships"]) == 1
    assert client.get("/api/clusters").json()["count"] == 1


def test_openapi_document_is_served(client):
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert "/api/organisations" in spec["paths"]


def test_api_docs_load_nothing_from_other_hosts(client):
    body = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in body
    assert "cdn." not in body and "https://" not in body


def test_a_page_number_beyond_any_offset_is_a_422_not_a_database_error(client):
    response = client.get("/api/regions", {"page": 1803963344731337984})
    assert response.status_code == 422
    assert client.get("/api/organisations", {"page": 10**12}).status_code == 422
    assert client.get("/api/clusters", {"page": 3, "page_size": 5000}).status_code == 422
