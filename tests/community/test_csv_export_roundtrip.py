import pytest
from django.urls import reverse

from alliance.community import csvio
from alliance.community.models import Organisation, Visibility
from tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_exported_organisations_import_again_identically(client, participant):
    OrganisationFactory(name="Alpha", ecosystems=["health", "digital"], region_id="DE212", website="https://a.example")
    OrganisationFactory(name="=cmd|' /C calc'!A0", description="formula attempt")
    client.force_login(participant)
    exported = client.get(reverse("community:export_organisations")).content.decode("utf-8-sig")
    assert "'=cmd" in exported  # spreadsheets must not run it
    before = list(Organisation.objects.order_by("name").values_list("name", "type", "region_id", "website"))
    Organisation.objects.all().delete()
    report = csvio.import_organisations(exported.replace("'=cmd", "=cmd"))
    assert report.ok, report.errors
    after = list(Organisation.objects.order_by("name").values_list("name", "type", "region_id", "website"))
    assert after == before
    assert sorted(e.slug for e in Organisation.objects.get(name="Alpha").ecosystems.all()) == ["digital", "health"]


def test_export_follows_filters_and_visibility(client):
    OrganisationFactory(name="Visible health", ecosystems=["health"])
    OrganisationFactory(name="Hidden health", ecosystems=["health"], visibility=Visibility.MEMBERS)
    OrganisationFactory(name="Digital", ecosystems=["digital"])
    body = client.get(reverse("community:export_organisations"), {"ecosystem": "health"}).content.decode()
    assert "Visible health" in body and "Hidden health" not in body and "Digital" not in body


def test_people_export_is_for_coordinators(client, coordinator):
    PersonFactory(name="Exported Person")
    client.force_login(coordinator)
    response = client.get(reverse("community:export_people"))
    assert response["Content-Type"].startswith("text/csv")
    assert "Exported Person" in response.content.decode()
