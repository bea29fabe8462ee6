"""The fairness report is public in aggregate; named speaking times are for the people
running the session, and each registrant sees their own (the registration consent says
names go to the session's moderators)."""

import datetime as dt

import pytest
from django.urls import reverse

from alliance.meetings import actions
from tests.factories import PersonFactory, RegistrationFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(coordinator):
    session = SessionFactory(duration_minutes=30, opening_minutes=2, closing_minutes=2)
    ana_user = UserFactory(email="ana@example.org")
    ana = RegistrationFactory(session=session, person=PersonFactory(name="Ana Arregi", user=ana_user,
                                                                    email=ana_user.email))
    ben = RegistrationFactory(session=session, person=PersonFactory(name="Ben Bauer"))
    t0 = session.starts_at
    for i, (kind, person, at) in enumerate([("request", f"r{ana.pk}", 0), ("request", f"r{ben.pk}", 1),
                                            ("start", "", 120), ("next", "", 120), ("next", "", 240)]):
        actions.record_floor_event(session=session, kind=kind, key=f"k{i}", person=person,
                                   now=t0 + dt.timedelta(seconds=at))
    actions.end_session(by=coordinator, session=session)
    return session, ana_user


def page(client, session):
    response = client.get(reverse("meetings:session", args=[session.pk]))
    return response.content.decode()


def test_visitors_see_aggregates_and_no_names(client, report):
    session, _ana = report
    text = page(client, session)
    assert "Fairness report" in text and "By type of organisation" in text
    assert "Ana Arregi" not in text and "Ben Bauer" not in text


def test_a_registrant_sees_only_their_own_speaking_time(client, report):
    session, ana = report
    client.force_login(ana)
    text = page(client, session)
    assert "Your speaking time" in text and "Ana Arregi" in text
    assert "Ben Bauer" not in text


def test_the_people_running_it_see_everyone(client, report, coordinator):
    session, _ana = report
    client.force_login(coordinator)
    text = page(client, session)
    assert "Ana Arregi" in text and "Ben Bauer" in text
