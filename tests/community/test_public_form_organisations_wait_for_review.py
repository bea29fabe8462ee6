"""An organisation typed into the public registration form stays out of sight until a
coordinator approves it; the registry's own form and the CSV import publish at once."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from alliance.community import csvio
from alliance.community.models import ActivityLog, Organisation, ReviewStatus
from alliance.meetings.models import Registration
from tests.factories import OrganisationFactory, SessionFactory
from tests.meetings.conftest import confirm_by_mail

pytestmark = pytest.mark.django_db

TYPED = "Lisbon Textile Lab"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def typed_in(client, monkeypatch):
    """A visitor registers for a session with an organisation the registry does not know,
    and confirms the registration from the e-mail."""
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
    session = SessionFactory()
    response = client.post(reverse("meetings:register", args=[session.pk]), {
        "name": "Ana Ribeiro", "email": "ana@example.org", "consent": "on",
        "organisation_name": TYPED, "organisation_type": "rto", "organisation_country": "PT",
    })
    assert response.status_code == 302
    confirm_by_mail(client, mail.outbox, "ana@example.org")
    return Organisation.objects.get(name=TYPED)


def public_places(client, org):
    """Every listing a visitor or member reaches, with whether the name shows there."""
    pages = {
        "directory": client.get(reverse("community:directory")),
        "search": client.get(reverse("community:directory"), {"q": "Textile"}),
        "country filter": client.get(reverse("community:directory"), {"country": "PT"}),
        "region page": client.get(reverse("community:region", args=["PT"])),
        "export": client.get(reverse("community:export_organisations")),
        "suggestions": client.get(reverse("meetings:organisation_suggestions"), {"organisation_name": "Lisbon"}),
    }
    shown = {where: TYPED in (b"".join(r.streaming_content) if r.streaming else r.content).decode()
             for where, r in pages.items()}
    shown["api list"] = any(o["name"] == TYPED for o in client.get("/api/organisations").json()["items"])
    shown["profile"] = client.get(org.get_absolute_url()).status_code == 200
    shown["api profile"] = client.get(f"/api/organisations/{org.pk}").status_code == 200
    return shown


def test_the_typed_organisation_waits_and_nobody_but_coordinators_sees_it(client, typed_in, participant,
                                                                          coordinator):
    assert typed_in.review_status == ReviewStatus.PENDING
    assert not any(public_places(client, typed_in).values())
    client.force_login(participant)
    assert not any(public_places(client, typed_in).values())
    client.force_login(coordinator)
    coordinator_sees = public_places(client, typed_in)
    assert coordinator_sees["directory"] and coordinator_sees["search"] and coordinator_sees["profile"]
    assert coordinator_sees["export"]


def test_the_registration_still_works_and_moderators_see_the_name_as_typed(client, typed_in, moderator):
    registration = Registration.objects.get(person__email="ana@example.org")
    assert registration.organisation == typed_in and registration.person.affiliation == typed_in
    registration.session.moderators.add(moderator)
    client.force_login(moderator)
    page = client.get(reverse("meetings:registrants", args=[registration.session.pk]))
    assert TYPED in page.content.decode()


def test_a_coordinator_approves_it_and_it_becomes_public(client, typed_in, coordinator):
    client.force_login(coordinator)
    review = client.get(reverse("community:review"))
    assert TYPED in review.content.decode() and "Ana Ribeiro" in review.content.decode()
    response = client.post(reverse("community:review"), {"organisation": typed_in.pk, "decision": "approve"})
    assert response.status_code == 302
    typed_in.refresh_from_db()
    assert typed_in.review_status == ReviewStatus.APPROVED
    assert ActivityLog.objects.filter(verb="organisation.approved", actor=coordinator, subject=TYPED).exists()
    client.logout()
    assert all(public_places(client, typed_in).values())
    client.force_login(coordinator)
    assert TYPED not in client.get(reverse("community:review")).content.decode()


def test_a_coordinator_rejects_it_and_the_registration_stays_without_it(client, typed_in, coordinator):
    client.force_login(coordinator)
    client.post(reverse("community:review"), {"organisation": typed_in.pk, "decision": "reject"})
    assert not Organisation.objects.filter(pk=typed_in.pk).exists()
    registration = Registration.objects.get(person__email="ana@example.org")
    assert registration.organisation is None
    assert ActivityLog.objects.filter(verb="organisation.rejected", actor=coordinator, subject=TYPED).exists()


@pytest.mark.parametrize("data", [
    {"organisation": "abc", "decision": "approve"},
    {"organisation": "1", "decision": "publish"},
    {"organisation": str(2**70), "decision": "approve"},
    {"decision": "reject"},
])
def test_a_garbled_decision_gets_a_message_and_changes_nothing(client, typed_in, coordinator, data):
    client.force_login(coordinator)
    response = client.post(reverse("community:review"), data)
    assert response.status_code == 400
    assert "nothing was changed" in response.content.decode()
    assert Organisation.objects.get(pk=typed_in.pk).review_status == ReviewStatus.PENDING


def test_an_organisation_already_reviewed_is_not_decided_twice(client, typed_in, coordinator):
    client.force_login(coordinator)
    client.post(reverse("community:review"), {"organisation": typed_in.pk, "decision": "approve"})
    page = client.post(reverse("community:review"), {"organisation": typed_in.pk, "decision": "reject"},
                       follow=True)
    assert "already been reviewed" in page.content.decode()
    assert Organisation.objects.filter(pk=typed_in.pk, review_status=ReviewStatus.APPROVED).exists()
    public = OrganisationFactory(name="Already public")
    client.post(reverse("community:review"), {"organisation": public.pk, "decision": "reject"})
    assert Organisation.objects.filter(pk=public.pk).exists()


def test_the_registry_form_and_the_import_publish_at_once(client, coordinator):
    client.force_login(coordinator)
    client.post(reverse("community:organisation_create"), {
        "name": "Typed by a coordinator", "type": "rto", "country": "PT", "region": "PT", "visibility": "public",
    })
    csvio.import_organisations(
        b"name,type,size,country,region,website,description,ecosystems,visibility\n"
        b"Imported Org,rto,,PT,PT,,,,public\n", by=coordinator)
    assert set(Organisation.objects.values_list("name", "review_status")) == {
        ("Typed by a coordinator", ReviewStatus.APPROVED), ("Imported Org", ReviewStatus.APPROVED)}


def test_the_menu_links_the_review_list_for_coordinators_only(client, coordinator, participant):
    url = reverse("community:review")
    client.force_login(participant)
    assert url not in client.get(reverse("home")).content.decode()
    client.force_login(coordinator)
    assert url in client.get(reverse("home")).content.decode()

