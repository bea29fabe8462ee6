"""A CSV file with any invalid row is rejected whole, every error listed by row and column."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alliance.community import csvio
from alliance.community.models import ActivityLog, Organisation, Person
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

HEADER = "name,type,size,country,region,website,description,ecosystems,visibility\n"
GOOD = HEADER + (
    "Basque Aerospace Cluster,cluster_org,,ES,ES21,https://hegan.example,Aerospace,aerospace-defence,public\n"
    "Lombardy Masks,company,small,IT,ITC4,,Makes FFP2 masks,health;textile,members\n"
)


def test_a_clean_file_creates_every_row_with_its_ecosystems():
    report = csvio.import_organisations(GOOD)
    assert report.ok and report.created == 2
    masks = Organisation.objects.get(name="Lombardy Masks")
    assert masks.region_id == "ITC4" and masks.country_id == "IT" and masks.visibility == "members"
    assert sorted(e.slug for e in masks.ecosystems.all()) == ["health", "textile"]
    assert ActivityLog.objects.filter(verb="organisations.imported").count() == 1


def test_one_bad_row_rejects_the_file_and_lists_every_error_by_row_and_column():
    bad = GOOD + (
        "Bad One,spaceship,,XX,ZZ9,notaurl,,unknown-eco,secret\n"
        ",company,huge,DE,FR1,,,,\n"
        "Lombardy Masks,company,small,IT,ITC4,,dup within file,,\n"
    )
    report = csvio.import_organisations(bad)
    assert not report.ok
    got = {(e.row, e.column) for e in report.errors}
    assert {(4, "type"), (4, "country"), (4, "region"), (4, "website"), (4, "ecosystems"),
            (4, "visibility"), (5, "name"), (5, "size"), (5, "region"), (6, "name")} <= got
    assert Organisation.objects.count() == 0


def test_an_organisation_already_in_the_registry_is_a_duplicate_in_any_case():
    OrganisationFactory(name="lombardy masks", country_id="IT", region_id="IT")
    report = csvio.import_organisations(GOOD)
    assert [(e.row, e.column) for e in report.errors] == [(3, "name")]
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize("data,message", [
    (b"\x00\x01\x02binary", "not a text file"),
    ("caf\xe9,x".encode("latin-1"), "not UTF-8"),
    (b"", "empty"),
    (b"name,colour\nA,red\n", "Missing columns"),
    (HEADER.encode() + b"A,company,,DE,,,,,public,extra\n", "more cells than the header"),
])
def test_unreadable_files_are_refused_whole(data, message):
    with pytest.raises(csvio.CsvFormatError, match=message):
        csvio.import_organisations(data)
    assert Organisation.objects.count() == 0


def test_people_import_links_affiliations_and_records_consent_time():
    csvio.import_organisations(GOOD)
    report = csvio.import_people(
        "name,email,organisation,organisation_country,job_title,languages,consent_mailing_list,consent_public_listing\n"
        "Ana Novak,ANA@example.org,Lombardy Masks,IT,CEO,\"it, en\",yes,no\n"
    )
    assert report.ok
    ana = Person.objects.get()
    assert ana.email == "ana@example.org" and ana.affiliation.name == "Lombardy Masks"
    assert ana.language_list == ["it", "en"]
    assert ana.consent_mailing_list and ana.consent_mailing_list_at is not None
    assert not ana.consent_public_listing and ana.consent_public_listing_at is None


def test_people_import_rejects_bad_rows_whole():
    report = csvio.import_people(
        "name,email,organisation,organisation_country,job_title,languages,consent_mailing_list,consent_public_listing\n"
        "Ok Person,ok@example.org,,,,en,yes,yes\n"
        "Bad,not-an-email,Nowhere Ltd,DE,,english,maybe,\n"
        "Twin,ok@example.org,,,,,no,no\n"
    )
    got = {(e.row, e.column) for e in report.errors}
    assert got == {(3, "email"), (3, "organisation"), (3, "languages"), (3, "consent_mailing_list"),
                   (4, "email")}
    assert Person.objects.count() == 0


def test_upload_page_shows_the_report_and_saves_nothing(client, coordinator):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("orgs.csv", (GOOD + "X,alien,,DE,,,,,\n").encode(), "text/csv")
    response = client.post(reverse("community:import"), {"kind": "organisations", "file": upload})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nothing was saved" in body and "Unknown type" in body
    assert Organisation.objects.count() == 0


def test_upload_page_refuses_oversized_files(client, coordinator, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    client.force_login(coordinator)
    upload = SimpleUploadedFile("big.csv", HEADER.encode() + b"x" * 2000, "text/csv")
    response = client.post(reverse("community:import"), {"kind": "organisations", "file": upload})
    assert response.status_code == 400
    assert "the limit is 1024 bytes" in response.content.decode()


def test_upload_page_imports_a_clean_file(client, coordinator):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("orgs.csv", GOOD.encode(), "text/csv")
    response = client.post(reverse("community:import"), {"kind": "organisations", "file": upload}, follow=True)
    assert "2 rows imported" in response.content.decode()
    assert Organisation.objects.count() == 2
