"""The seed's "link to registration of the session": the public form and its bad input."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from alliance.community.models import Organisation, Person
from alliance.meetings.models import PendingRegistration, Registration
from tests.factories import OrganisationFactory, PersonFactory, RegistrationFactory, SessionFactory
from tests.meetings.conftest import confirm_by_mail, mails_to

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def form(**overrides):
    data = {"name": "Ana Ribeiro", "email": "ana@example.org", "consent": "on"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def post(client, session, **overrides):
    return client.post(reverse("meetings:register", args=[session.pk]), form(**overrides))


def test_a_visitor_registers_with_an_organisation_from_the_registry(client, outbox):
    session = SessionFactory(capacity=10)
    org = OrganisationFactory(name="Cluster Saúde de Portugal")
    response = post(client, session, organisation_id=org.pk, wants_floor="on", floor_point="PPE for care homes")
    assert response.status_code == 302 and response["Location"].endswith("/register/done/")
    assert confirm_by_mail(client, outbox, "ana@example.org").status_code == 200
    registration = Registration.objects.get(session=session)
    assert registration.person.email == "ana@example.org" and registration.organisation == org
    assert registration.wants_floor and registration.floor_point == "PPE for care homes"
    assert registration.consent_text.startswith("I agree")
    assert "Your seat" in mails_to(outbox, "ana@example.org")[-1].subject


def test_a_new_organisation_is_added_to_the_registry_with_its_type_and_country(client, outbox):
    session = SessionFactory()
    post(client, session, organisation_name="  Lisbon   Textile Lab ", organisation_type="rto",
         organisation_country="PT")
    assert not Organisation.objects.filter(name="Lisbon Textile Lab").exists()  # not before confirming
    confirm_by_mail(client, outbox, "ana@example.org")
    org = Organisation.objects.get(name="Lisbon Textile Lab")
    assert (org.type, org.country_id, org.region_id) == ("rto", "PT", "PT")
    # The same name and country again is the same organisation, not a duplicate.
    post(client, session, email="bo@example.org", organisation_name="lisbon textile lab",
         organisation_type="rto", organisation_country="PT")
    confirm_by_mail(client, outbox, "bo@example.org")
    assert Organisation.objects.filter(name__iexact="Lisbon Textile Lab").count() == 1


@pytest.mark.parametrize("overrides,field", [
    ({"email": "not-an-address"}, "email"),
    ({"name": ""}, "name"),
    ({"consent": None}, "consent"),
    ({"wants_floor": "on", "floor_point": ""}, "floor_point"),
    ({"organisation_name": "New Org", "organisation_type": ""}, "organisation_type"),
    ({"organisation_name": "New Org", "organisation_type": "company", "organisation_country": "XX"},
     "organisation_country"),
    ({"floor_point": "x" * 201, "wants_floor": "on"}, "floor_point"),
    ({"organisation_id": "987654"}, "organisation_id"),
])
def test_bad_input_gets_a_message_and_changes_nothing(client, overrides, field):
    session = SessionFactory()
    response = post(client, session, **overrides)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Registration.objects.exists() and not Person.objects.exists()


def test_a_nul_character_is_refused_before_the_form_and_changes_nothing(client):
    session = SessionFactory()
    response = post(client, session, name="Ana\x00")
    assert response.status_code == 400 and "NUL character" in response.content.decode()
    assert not PendingRegistration.objects.exists() and not Person.objects.exists()


def test_the_page_never_reveals_whether_an_address_is_already_registered(client, outbox):
    session = SessionFactory(capacity=1)
    RegistrationFactory(session=session, person=PersonFactory(email="known@example.org"))
    known = post(client, session, email="known@example.org")
    unknown = post(client, session, email="new@example.org")  # waitlisted: the session is full
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    done = client.get(known["Location"]).content.decode()
    assert "a link to confirm your registration" in done
    assert len(mails_to(outbox, "known@example.org")) == len(mails_to(outbox, "new@example.org")) == 1
    confirm_by_mail(client, outbox, "known@example.org")
    confirm_by_mail(client, outbox, "new@example.org")
    assert Registration.objects.filter(session=session).count() == 2
    assert len(mails_to(outbox, "known@example.org")) == 2  # their details again, by e-mail only


def test_an_existing_person_keeps_their_name_whatever_the_form_says(client, outbox):
    person = PersonFactory(name="Real Name", email="real@example.org")
    post(client, SessionFactory(), name="Someone Else", email="REAL@example.org")
    confirm_by_mail(client, outbox, "real@example.org")
    person.refresh_from_db()
    assert person.name == "Real Name" and Person.objects.count() == 1


def test_the_honeypot_swallows_bots_without_a_word(client, outbox):
    session = SessionFactory()
    response = post(client, session, website="http://spam.example")
    assert response.status_code == 302
    assert not Registration.objects.exists() and not outbox


def test_too_many_attempts_for_one_address_are_refused_with_a_message(client, settings):
    settings.REGISTRATION_RATE_PER_EMAIL = 2
    session = SessionFactory()
    assert post(client, session).status_code == 302
    assert post(client, session).status_code == 302
    third = post(client, session)
    assert third.status_code == 429 and "Too many registrations" in third.content.decode()


def test_too_many_attempts_from_one_client_address_are_refused(client, settings):
    settings.REGISTRATION_RATE_PER_IP = 3
    session = SessionFactory()
    codes = [post(client, session, email=f"p{i}@example.org").status_code for i in range(4)]
    assert codes == [302, 302, 302, 429]
    assert PendingRegistration.objects.count() == 3


@pytest.mark.parametrize("state", [{"status": "cancelled"}, {"status": "ended"}])
def test_a_closed_or_cancelled_session_says_so_and_records_nothing(client, state):
    session = SessionFactory(**state)
    page = client.get(reverse("meetings:register", args=[session.pk]))
    assert "Registration closed" in page.content.decode()
    response = post(client, session)
    assert response.status_code == 409 and not Registration.objects.exists()


def test_members_only_and_draft_sessions_are_not_there_for_visitors(client):
    for session in (SessionFactory(visibility="members"), SessionFactory(status="draft")):
        assert client.get(reverse("meetings:register", args=[session.pk])).status_code == 404
        assert post(client, session).status_code == 404
    assert not Registration.objects.exists()


def test_signed_in_people_register_in_one_click(client, participant, outbox):
    session = SessionFactory(capacity=1)
    PersonFactory(user=participant, email=participant.email)  # with the organisation of their account
    client.force_login(participant)
    response = client.post(reverse("meetings:register_me", args=[session.pk]),
                           {"wants_floor": "on", "floor_point": "Solidarity deferrals of fees"})
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.person.user == participant and registration.status == "confirmed"
    page = client.get(reverse("meetings:session", args=[session.pk])).content.decode()
    assert "You have a seat in this session." in page
    client.post(reverse("meetings:cancel_mine", args=[session.pk]))
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_the_organisation_suggestions_show_public_profiles_only(client):
    OrganisationFactory(name="Basque Aerospace Cluster")
    OrganisationFactory(name="Basque Secret Works", visibility="members")
    body = client.get(reverse("meetings:organisation_suggestions"), {"organisation_name": "basque"}).content.decode()
    assert "Basque Aerospace Cluster" in body and "Secret" not in body
