"""Each imported row is checked by the model's own validation, so the import cannot drift
from the model: its rules — the ones the import never copied, and any added later —
reject the file with the row and column, and nothing is saved."""

import pytest
from django.core.validators import RegexValidator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliance.community import csvio
from alliance.community.models import Organisation, Person
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

ORG_HEADER = "name,type,size,country,region,website,description,ecosystems,visibility\n"
GOOD_ORG = "Lombardy Masks,company,small,IT,ITC4,,Makes FFP2 masks,health,public\n"
PEOPLE_HEADER = "name,email,organisation,organisation_country,job_title,languages,consent_mailing_list," \
                "consent_public_listing\n"
GOOD_PERSON = "Ana Novak,ana@example.org,,,CEO,en,yes,no\n"


def test_a_person_s_name_over_the_model_s_200_characters_is_refused_at_its_row():
    report = csvio.import_people(PEOPLE_HEADER + GOOD_PERSON + f"{'N' * 201},long@example.org,,,,,no,no\n")
    assert [(e.row, e.column) for e in report.errors] == [(3, "name")]
    assert "200" in report.errors[0].message
    assert not Person.objects.exists()


def test_more_languages_than_the_model_s_field_holds_are_refused():
    many = ",".join(f"{a}{b}" for a in "abcdef" for b in "abcdef")  # 36 codes, 107 characters
    report = csvio.import_people(PEOPLE_HEADER + f'Polyglot,poly@example.org,,,,"{many}",no,no\n')
    assert [(e.row, e.column) for e in report.errors] == [(2, "languages")]
    assert not Person.objects.exists()


def test_a_website_over_the_model_s_200_characters_is_refused_at_its_row():
    website = "https://cluster.example/" + "a" * 200
    report = csvio.import_organisations(ORG_HEADER + GOOD_ORG + f"Long Link,company,small,DE,DE,{website},,,\n")
    assert [(e.row, e.column) for e in report.errors] == [(3, "website")]
    assert not Organisation.objects.exists()


def test_a_description_over_its_declared_5000_characters_is_still_refused():
    report = csvio.import_organisations(ORG_HEADER + f"Wordy,company,small,DE,DE,,{'w' * 5001},,\n")
    assert [(e.row, e.column) for e in report.errors] == [(2, "description")]


def test_the_model_s_rule_on_size_and_type_speaks_for_the_import():
    report = csvio.import_organisations(ORG_HEADER + "TU Nowhere,university,small,DE,DE,,,,\n")
    assert [(e.row, e.column, e.message) for e in report.errors] == [(2, "size", "Only companies have a size class.")]


def test_a_validator_added_to_the_model_holds_for_the_import_with_its_own_message(monkeypatch):
    no_digits = RegexValidator(r"^\D*$", "No digits in a job title.")
    job_title = Person._meta.get_field("job_title")
    monkeypatch.setitem(job_title.__dict__, "validators", [*job_title.validators, no_digits])
    report = csvio.import_people(PEOPLE_HEADER + GOOD_PERSON + "Bo Berg,bo@example.org,,,Agent 007,,no,no\n")
    assert [(e.row, e.column, e.message) for e in report.errors] == [(3, "job_title", "No digits in a job title.")]
    assert not Person.objects.exists()


def test_a_validator_added_to_an_organisation_field_holds_for_the_import(monkeypatch):
    name = Organisation._meta.get_field("name")
    monkeypatch.setitem(name.__dict__, "validators", [*name.validators, RegexValidator(r"^[^!]*$", "No shouting.")])
    report = csvio.import_organisations(ORG_HEADER + GOOD_ORG + "Masks Now!,company,small,DE,DE,,,,\n")
    assert [(e.row, e.column, e.message) for e in report.errors] == [(3, "name", "No shouting.")]
    assert not Organisation.objects.exists()


def test_the_duplicate_message_is_the_model_s_constraint_message():
    OrganisationFactory(name="Lombardy Masks", country_id="IT", region_id="IT")
    report = csvio.import_organisations(ORG_HEADER + GOOD_ORG)
    constraint = next(c for c in Organisation._meta.constraints if c.name == "organisation_name_country_unique")
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "name", str(constraint.get_violation_error_message()))]


def test_a_file_the_model_accepts_is_imported_as_before():
    report = csvio.import_people(PEOPLE_HEADER + GOOD_PERSON)
    assert report.ok and report.created == 1
    assert Person.objects.get().job_title == "CEO"


def test_validating_by_the_model_costs_no_query_per_row():
    OrganisationFactory(name="Lombardy Masks", country_id="IT", region_id="ITC4")

    def queries_for(rows):
        organisations = "".join(f"Org {rows}-{i},company,small,DE,DE1,,,health,\n" for i in range(rows))
        people = "".join(f"Person {i},p{rows}-{i}@example.org,Lombardy Masks,IT,,en,yes,no\n" for i in range(rows))
        with CaptureQueriesContext(connection) as captured:
            assert csvio.import_organisations(ORG_HEADER + organisations).ok
            assert csvio.import_people(PEOPLE_HEADER + people).ok
        return len(captured)

    assert queries_for(40) == queries_for(4)
