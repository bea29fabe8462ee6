"""Registering without signing in takes effect only once the address confirms it: until
then nothing about the person is recorded, and a free seat is held for a short, stated
time — so invented addresses cannot fill a session, and nobody can register someone else
with consent recorded in their name."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from alliance.community.models import Organisation, Person
from alliance.meetings import actions
from alliance.meetings.models import PendingRegistration, Registration
from tests.factories import PersonFactory, SessionFactory
from tests.meetings.conftest import confirm_by_mail, mails_to

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def post(client, session, email="ana@example.org", **extra):
    data = {"name": "Ana Ribeiro", "email": email, "consent": "on", **extra}
    return client.post(reverse("meetings:register", args=[session.pk]), data)


def request(session, email, now=None):
    return actions.request_registration(
        session=session, registrant=actions.Registrant(name=email.split("@")[0], email=email), now=now)


def test_the_form_records_nothing_but_sends_a_confirmation_link(client, outbox):
    session = SessionFactory()
    post(client, session, organisation_name="Porto Cork Cluster", organisation_type="company",
         organisation_country="PT")
    assert not Person.objects.exists() and not Registration.objects.exists()
    assert not Organisation.objects.filter(name="Porto Cork Cluster").exists()
    [message] = mails_to(outbox, "ana@example.org")
    assert "Confirm your registration" in message.subject
    assert "/registrations/confirm/" in message.body and "30 minutes" in message.body


def test_the_link_shows_a_button_and_only_the_post_registers(client, outbox):
    session = SessionFactory()
    post(client, session)
    import re

    path = re.search(r"(/registrations/confirm/\S+/)", mails_to(outbox, "ana@example.org")[0].body).group(1)
    assert "Confirm my registration" in client.get(path).content.decode()
    assert not Registration.objects.exists()  # a mail scanner following the link changes nothing
    page = client.post(path).content.decode()
    registration = Registration.objects.get()
    assert registration.status == "confirmed" and "You have a seat" in page
    assert registration.consent_text.startswith("I agree")
    assert "Your seat" in mails_to(outbox, "ana@example.org")[-1].subject


def test_an_existing_member_is_not_registered_by_someone_typing_their_address(client, outbox):
    member = PersonFactory(email="member@example.org")
    session = SessionFactory()
    post(client, session, email="member@example.org")
    assert not Registration.objects.filter(person=member).exists()
    confirm_by_mail(client, outbox, "member@example.org")
    assert Registration.objects.get(person=member).consent_text.startswith("I agree")


def test_invented_addresses_hold_seats_only_for_a_while():
    session = SessionFactory(capacity=2)
    now = timezone.now()
    holds = [request(session, f"bot{i}@example.org", now=now) for i in range(5)]
    assert [p.holds_seat for p in holds] == [True, True, False, False, False]
    real = PersonFactory()
    registration, _ = actions.register(session=session, person=real, now=now + dt.timedelta(minutes=1))
    assert registration.status == "waitlisted"  # both seats are held
    assert actions.release_expired_holds(now=now + dt.timedelta(minutes=31)) == 2
    registration.refresh_from_db()
    assert registration.status == "confirmed"  # the waitlist moved up when the holds ran out


def test_a_confirmation_within_the_hold_gets_the_held_seat():
    session = SessionFactory(capacity=1)
    first = request(session, "first@example.org")
    second = request(session, "second@example.org")
    later, _ = actions.confirm_registration(pending=second)
    assert later.status == "waitlisted"
    seated, _ = actions.confirm_registration(pending=first)
    assert seated.status == "confirmed"


def test_confirming_twice_is_one_registration(client, outbox):
    session = SessionFactory()
    post(client, session)
    confirm_by_mail(client, outbox, "ana@example.org")
    confirm_by_mail(client, outbox, "ana@example.org")
    assert Registration.objects.count() == 1 and Person.objects.count() == 1


def test_asking_again_while_waiting_holds_no_second_seat(outbox):
    session = SessionFactory(capacity=5)
    one = request(session, "ana@example.org")
    two = request(session, "ANA@example.org")
    assert one.pk == two.pk and PendingRegistration.objects.count() == 1
    assert len(mails_to(outbox, "ana@example.org")) == 2  # the same link again


def test_the_done_page_states_the_hold_time(client, settings):
    settings.REGISTRATION_HOLD_MINUTES = 20
    session = SessionFactory()
    response = post(client, session)
    page = client.get(response["Location"]).content.decode()
    assert "held for you for 20 minutes" in page and "Nothing is registered until you confirm." in page


def test_a_forged_link_is_refused(client):
    assert client.post("/registrations/confirm/1.1:forged/").status_code == 400
    assert not Registration.objects.exists()
