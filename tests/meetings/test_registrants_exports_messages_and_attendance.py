"""What the people running a session do with its registrants: export them, write to them,
and keep the attendance list funders ask for."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from alliance.community.models import ActivityLog, OrganisationType
from alliance.meetings.models import Registration
from tests.factories import OrganisationFactory, PersonFactory, RegistrationFactory, SessionFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    session = SessionFactory(capacity=2)
    basque = OrganisationFactory(name="Basque Aerospace Cluster", type=OrganisationType.CLUSTER_ORGANISATION,
                                 size="", country=region("ES"), region=region("ES21"))
    lab = OrganisationFactory(name="=cmd|' /C calc'!A0", type=OrganisationType.RTO, size="",
                              country=region("FR"), region=region("FR"))
    RegistrationFactory(session=session, person=PersonFactory(name="Ane", affiliation=basque),
                        wants_floor=True, floor_point="Stopped innovation projects")
    RegistrationFactory(session=session, person=PersonFactory(name="Luc", affiliation=lab))
    RegistrationFactory(session=session, person=PersonFactory(name="Wait"), status="waitlisted")
    return session


def test_registrants_export_as_csv_with_formulas_defused(client, coordinator, session):
    client.force_login(coordinator)
    response = client.get(reverse("meetings:export_registrants", args=[session.pk, "csv"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["name"] for r in rows] == ["Ane", "Luc", "Wait"]
    assert rows[0]["floor_point"] == "Stopped innovation projects" and rows[0]["country"] == "ES"
    assert rows[1]["organisation"].startswith("'=")  # a spreadsheet must not run it
    assert rows[2]["status"] == "waitlisted"


def test_registrants_export_as_xlsx(client, coordinator, session):
    client.force_login(coordinator)
    response = client.get(reverse("meetings:export_registrants", args=[session.pk, "xlsx"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][:3] == ("name", "email", "organisation") and len(values) == 4
    assert values[1][0] == "Ane" and values[1][2] == "Basque Aerospace Cluster"
    assert client.get(reverse("meetings:export_registrants", args=[session.pk, "pdf"])).status_code == 404


def test_a_message_goes_to_the_seated_and_optionally_the_waitlist(client, coordinator, session, outbox):
    client.force_login(coordinator)
    url = reverse("meetings:registrants", args=[session.pk])
    response = client.post(url, {"subject": "Slides for tomorrow", "body": "Here they are."})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in outbox) == sorted(
        r.person.email for r in session.registrations.filter(status="confirmed"))
    assert outbox[0].subject == "Slides for tomorrow" and "Here they are." in outbox[0].body
    outbox.clear()
    client.post(url, {"subject": "Waitlist too", "body": "x", "include_waitlist": "on"})
    assert len(outbox) == 3
    assert ActivityLog.objects.filter(verb="session.messaged").count() == 2


def test_an_empty_message_is_refused_and_sends_nothing(client, coordinator, session, outbox):
    client.force_login(coordinator)
    response = client.post(reverse("meetings:registrants", args=[session.pk]), {"subject": "", "body": ""})
    assert response.status_code == 400 and not outbox


def test_attendance_is_marked_listed_by_type_and_country_and_exported(client, coordinator, session):
    client.force_login(coordinator)
    ane = Registration.objects.get(person__name="Ane")
    url = reverse("meetings:attendance", args=[session.pk])
    client.post(url, {"registration": ane.pk, "attended": "1"})
    ane.refresh_from_db()
    assert ane.attended_at is not None and ane.attendance_source == "moderator"
    page = client.get(url)
    assert page.context["present"] == 1
    assert page.context["by_type"] == [("Cluster organisation", 1)]
    assert page.context["by_country"] == [("Spain", 1)]
    rows = list(csv.DictReader(io.StringIO(client.get(url, {"format": "csv"}).content.decode("utf-8-sig"))))
    assert rows == [{"name": "Ane", "organisation": "Basque Aerospace Cluster", "organisation_type": "cluster_org",
                     "country": "ES", "attended_at": ane.attended_at.isoformat(), "source": "moderator"}]
    client.post(url, {"registration": ane.pk, "attended": "0"})
    ane.refresh_from_db()
    assert ane.attended_at is None


def test_attendance_by_htmx_returns_the_row(client, coordinator, session):
    client.force_login(coordinator)
    luc = Registration.objects.get(person__name="Luc")
    response = client.post(reverse("meetings:attendance", args=[session.pk]),
                           {"registration": luc.pk, "attended": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and f'id="registration-{luc.pk}"' in response.content.decode()
    assert "Present" in response.content.decode()


@pytest.mark.parametrize("value", ["", "abc", "999999", "-1"])
def test_attendance_for_a_registration_elsewhere_is_refused(client, coordinator, session, value):
    other = RegistrationFactory()
    client.force_login(coordinator)
    client.post(reverse("meetings:attendance", args=[session.pk]), {"registration": value or other.pk,
                                                                     "attended": "1"})
    assert not Registration.objects.filter(attended_at__isnull=False).exists()


def test_signed_in_people_see_their_sessions(client, participant, session):
    from alliance.meetings import actions

    RegistrationFactory(session=session, person=actions.person_for_user(participant))
    client.force_login(participant)
    page = client.get(reverse("meetings:mine")).content.decode()
    assert session.topic in page and "/calendar/" in page
