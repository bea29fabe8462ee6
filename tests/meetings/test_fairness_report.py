"""After a session ends, its page accounts for how fair it was (Gilles Rule 8)."""

import datetime as dt

import pytest
from django.urls import reverse

from alliance.community.models import OrganisationType
from alliance.meetings import actions
from alliance.meetings.models import Session
from tests.factories import OrganisationFactory, PersonFactory, RegistrationFactory, SessionFactory, region

pytestmark = pytest.mark.django_db


def test_the_ended_session_shows_speaking_time_by_person_type_and_country(client, coordinator):
    session = SessionFactory(duration_minutes=30, opening_minutes=2, closing_minutes=2)
    basque = OrganisationFactory(name="Basque Aerospace Cluster", type=OrganisationType.CLUSTER_ORGANISATION,
                                 size="", country=region("ES"), region=region("ES21"))
    ana = RegistrationFactory(session=session, person=PersonFactory(name="Ana", affiliation=basque))
    ben = RegistrationFactory(session=session, person=PersonFactory(name="Ben"))
    t0 = session.starts_at
    for i, (kind, person) in enumerate([("request", f"r{ana.pk}"), ("request", f"r{ben.pk}"), ("start", ""),
                                        ("next", ""), ("next", "")]):
        actions.record_floor_event(session=session, kind=kind, key=f"k{i}", person=person,
                                   now=t0 + dt.timedelta(seconds=[0, 1, 120, 120, 240][i]))
    actions.share_contribution(session=session, registration=ben, kind="need", text="Masks", key="c1")
    client.force_login(coordinator)
    assert "Fairness report" not in client.get(reverse("meetings:session", args=[session.pk])).content.decode()
    client.post(reverse("meetings:session_end", args=[session.pk]), {"confirm": "yes"})
    assert Session.objects.get().status == "ended"
    page = client.get(reverse("meetings:session", args=[session.pk]))
    report = page.context["fairness"]
    assert report["served_share"] == 100 and report["turns"] == 2
    assert report["people"][0]["name"] == "Ana" and report["people"][0]["seconds"] == 120
    assert ("Cluster organisation", 120) in report["by_type"] and ("Spain", 120) in report["by_country"]
    assert ("Need", 1) in report["contributions"]
    assert "Fairness report" in page.content.decode()


def test_only_the_people_running_it_end_a_session(client, participant):
    session = SessionFactory()
    client.force_login(participant)
    assert client.post(reverse("meetings:session_end", args=[session.pk])).status_code == 403
    assert Session.objects.get().status == "scheduled"
