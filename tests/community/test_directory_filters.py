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


@pytest.mark.parametrize("q", ['"', 'aero"', "AND", "OR NOT", "*", "a:b", "NEAR(", "ae", "x" * 99, "ö"])
def test_search_syntax_in_user_words_is_just_text(client, q):
    OrganisationFactory(name="Aero NEAR( works", description="a:b and ae")
    response = client.get(reverse("community:directory"), {"q": q})
    assert response.status_code == 200


def test_short_words_still_match_substrings(client):
    OrganisationFactory(name="3D Print Lab")
    OrganisationFactory(name="Bakery")
    assert names(client.get(reverse("community:directory"), {"q": "3d"})) == ["3D Print Lab"]
    assert names(client.get(reverse("community:directory"), {"q": "print 3d"})) == ["3D Print Lab"]


def test_search_index_follows_edits_and_deletions(client):
    org = OrganisationFactory(name="Old name")
    org.name = "Renamed Robotics"
    org.save()
    assert names(client.get(reverse("community:directory"), {"q": "robotics"})) == ["Renamed Robotics"]
    assert names(client.get(reverse("community:directory"), {"q": "old"})) == []
    org.delete()
    assert names(client.get(reverse("community:directory"), {"q": "robotics"})) == []


def test_counting_stops_at_the_cap_and_the_page_says_more_than(client, settings):
    settings.DIRECTORY_COUNT_CAP = 10
    settings.DIRECTORY_PAGE_SIZE = 4
    for i in range(12):
        OrganisationFactory(name=f"Many {i:02}")
    response = client.get(reverse("community:directory"))
    assert "More than 10 organisations" in response.content.decode()
    assert response.context["page"].paginator.num_pages == 3
    settings.DIRECTORY_COUNT_CAP = 20
    assert "12 organisations" in client.get(reverse("community:directory")).content.decode()


def test_an_unknown_cluster_is_a_clear_message(client):
    response = client.get(reverse("community:directory"), {"cluster": 999999})
    assert response.status_code == 200
    assert "There is no such cluster." in response.content.decode()
