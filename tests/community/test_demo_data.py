import re

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from alliance.accounts.models import User
from alliance.community.demo import CLUSTER_THEMES
from alliance.community.models import Cluster, Membership, Organisation, OrganisationType, Person, Subscription

pytestmark = pytest.mark.django_db


def fingerprint() -> list[tuple]:
    return list(
        Organisation.objects.order_by("name", "country_id").values_list("name", "country_id", "region_id", "type")
    )


def test_seed_demo_builds_a_believable_alliance():
    call_command("seed_demo")
    assert Organisation.objects.count() >= 300
    assert set(Organisation.objects.values_list("type", flat=True)) == set(OrganisationType.values)
    assert Organisation.objects.values("country_id").distinct().count() >= 20
    assert Organisation.objects.values("ecosystems").exclude(ecosystems=None).distinct().count() == 14
    assert Cluster.objects.count() == 40
    assert not Cluster.objects.exclude(organisation__type=OrganisationType.CLUSTER_ORGANISATION).exists()
    assert Cluster.objects.annotate(n=Count("memberships")).filter(n__lt=5).count() == 0
    assert Membership.objects.count() > 300
    assert Person.objects.count() >= 600
    assert User.objects.filter(email="coordinator@alliance.example", is_staff=True).exists()


def test_seed_demo_is_deterministic_and_refuses_a_full_database():
    call_command("seed_demo")
    first = fingerprint()
    from alliance.toolkit.models import Invoice, Payment, SolidarityMeasure

    # Money records protect what they are about: the demo's are removed first.
    Payment.objects.all().delete()
    SolidarityMeasure.objects.all().delete()
    Invoice.objects.all().delete()
    Cluster.objects.all().delete()  # clusters protect their cluster organisations
    Organisation.objects.all().delete()
    Person.objects.all().delete()
    Subscription.objects.all().delete()
    User.objects.all().delete()
    call_command("seed_demo")
    assert fingerprint() == first
    call_command("seed_demo", "--if-empty")  # a no-op, not an error
    assert fingerprint() == first


def themes_named_in(text: str) -> set[str]:
    return {slug for slug, theme in CLUSTER_THEMES.items()
            if re.search(rf"\b{re.escape(theme)}\b", text, flags=re.IGNORECASE)}


def test_every_cluster_is_described_by_the_ecosystem_it_is_named_after():
    call_command("seed_demo")
    for cluster in Cluster.objects.prefetch_related("ecosystems"):
        named_after = themes_named_in(cluster.name)
        assert len(named_after) == 1, cluster.name
        assert themes_named_in(cluster.description) == named_after, (cluster.name, cluster.description)
        assert named_after <= {e.slug for e in cluster.ecosystems.all()}, cluster.name


@pytest.mark.parametrize("viewer", ["visitor", "participant", "coordinator"])
def test_every_cluster_card_counts_the_members_its_profile_lists(client, viewer, request):
    call_command("seed_demo")
    if viewer != "visitor":
        client.force_login(request.getfixturevalue(viewer))
    cards = {}
    for number in (1, 2):
        for cluster in client.get(reverse("community:clusters"), {"page": number}).context["page"]:
            cards[cluster.pk] = cluster.member_count
    assert len(cards) == Cluster.objects.count()
    for pk, count in cards.items():
        profile = client.get(reverse("community:cluster", args=[pk])).context["page"]
        assert profile.paginator.count == count, Cluster.objects.get(pk=pk).name
