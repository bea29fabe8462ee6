import pytest
from django.core.management import call_command
from django.db.models import Count

from alliance.accounts.models import User
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
    Cluster.objects.all().delete()  # clusters protect their cluster organisations
    Organisation.objects.all().delete()
    Person.objects.all().delete()
    Subscription.objects.all().delete()
    User.objects.all().delete()
    call_command("seed_demo")
    assert fingerprint() == first
    call_command("seed_demo", "--if-empty")  # a no-op, not an error
    assert fingerprint() == first
