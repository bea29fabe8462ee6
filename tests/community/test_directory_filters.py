import pytest
from django.urls import reverse

from alliance.community.models import OrganisationType, Visibility
from tests.factories import ClusterFactory, MembershipFactory, OrganisationFactory, region

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [org.name for org in response.context["page"]]


def test_search_finds_words_in_name_and_description(client):
    OrganisationFactory(name="Basque Aerospace Cluster", type=OrganisationType.CLUSTER_ORGANISATION, size="")
    OrganisationFactory(name="Other", description="We build aerospace composites")
    OrganisationFactory(name="Bakery")
    response = client.get(reverse("community:directory"), {"q": "aerospace"})
    assert names(response) == ["Basque Aerospace Cluster", "Other"]


def test_filter_by_type_and_country(client):
    OrganisationFactory(name="DE uni", type=OrganisationType.UNIVERSITY, size="")
    OrganisationFactory(name="FR uni", type=OrganisationType.UNIVERSITY, size="",
                        country=region("FR"), region=region("FR"))
    OrganisationFactory(name="DE company")
    response = client.get(reverse("community:directory"), {"type": "university", "country": "DE"})
    assert names(response) == ["DE uni"]


def test_region_filter_includes_sub_regions(client):
    OrganisationFactory(name="In Bavaria", region=region("DE212"))
    OrganisationFactory(name="In Bavaria too", region=region("DE2"))
    OrganisationFactory(name="In Berlin", region=region("DE300"))
    response = client.get(reverse("community:directory"), {"region": "DE2"})
    assert names(response) == ["In Bavaria", "In Bavaria too"]


def test_unknown_region_code_is_a_clear_message_not_an_error(client):
    response = client.get(reverse("community:directory"), {"region": "XX9"})
    assert response.status_code == 200
    assert "is not a NUTS 2024 region code" in response.content.decode()
    assert response.context["page"] is None


def test_filter_by_ecosystem_and_cluster(client):
    health = OrganisationFactory(name="Health org", ecosystems=["health"])
    OrganisationFactory(name="Digital org", ecosystems=["digital"])
    membership = MembershipFactory(organisation=health)
    MembershipFactory(organisation=health, cluster=membership.cluster, since="2019-01-01")
    assert names(client.get(reverse("community:directory"), {"ecosystem": "health"})) == ["Health org"]
    # two memberships of one cluster must not list the organisation twice
    assert names(client.get(reverse("community:directory"), {"cluster": membership.cluster.pk})) == ["Health org"]


def test_members_only_profiles_are_listed_only_for_signed_in_members(client, participant):
    OrganisationFactory(name="Open")
    OrganisationFactory(name="Closed", visibility=Visibility.MEMBERS)
    assert names(client.get(reverse("community:directory"))) == ["Open"]
    client.force_login(participant)
    assert names(client.get(reverse("community:directory"))) == ["Closed", "Open"]


def test_htmx_request_gets_only_the_results_fragment(client):
    OrganisationFactory(name="Fragmented")
    response = client.get(reverse("community:directory"), {"q": "Frag"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "Fragmented" in body
    assert "<html" not in body


def test_cluster_filter_with_cluster_list(client):
    cluster = ClusterFactory()
    response = client.get(reverse("community:directory"), {"cluster": cluster.pk})
    assert response.status_code == 200
