"""Once a session is over, its registrants are not offered a seat, a join link or a
cancel button any more, and the agenda lists it with the past sessions."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from alliance.meetings import actions
from alliance.meetings.models import Registration
from tests.factories import PersonFactory, RegistrationFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ended(coordinator):
    session = SessionFactory(topic="Ended today", starts_at=timezone.now() + dt.timedelta(minutes=10))
    actions.end_session(by=coordinator, session=session)
    return session


def test_a_registrant_of_an_ended_session_sees_it_is_over(client, ended):
    user = UserFactory()
    RegistrationFactory(session=ended, person=PersonFactory(user=user, email=user.email))
    client.force_login(user)
    page = client.get(reverse("meetings:session", args=[ended.pk])).content.decode()
    assert "The session is over." in page
    assert "You have a seat" not in page
    assert "appears here 15 minutes before the start" not in page
    assert "Cancel my registration" not in page


def test_an_attendee_is_told_they_attended(client, ended):
    user = UserFactory()
    RegistrationFactory(session=ended, person=PersonFactory(user=user, email=user.email), attended_at=timezone.now())
    client.force_login(user)
    assert "You attended this session." in client.get(reverse("meetings:session", args=[ended.pk])).content.decode()


def test_the_e_mailed_cancel_link_of_an_ended_session_changes_nothing(client, ended):
    registration = RegistrationFactory(session=ended)
    url = reverse("meetings:cancel", args=[actions.cancel_token(registration)])
    assert "nothing left to cancel" in client.get(url).content.decode()
    assert client.post(url).status_code == 409
    assert Registration.objects.get(pk=registration.pk).status == "confirmed"


def test_an_ended_session_leaves_upcoming_for_past(client, ended):
    upcoming = client.get(reverse("meetings:agenda")).content.decode()
    past = client.get(reverse("meetings:agenda") + "?when=past").content.decode()
    assert "Ended today" not in upcoming
    assert "Ended today" in past


def test_a_session_still_to_come_stays_in_upcoming(client):
    SessionFactory(topic="Still to come")
    assert "Still to come" in client.get(reverse("meetings:agenda")).content.decode()
