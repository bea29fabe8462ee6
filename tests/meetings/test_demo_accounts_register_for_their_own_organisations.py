"""The demo's accounts each work for an organisation that fits their role, so registering
in one click shows the right organisation in the room, the minutes and the reports."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from alliance.accounts.models import User
from alliance.community.models import Person
from alliance.meetings.models import Registration, Session

pytestmark = pytest.mark.django_db

EXPECTED = {"moderator@alliance.example": "cluster_org", "participant@alliance.example": "company",
            "policy@alliance.example": "public_authority", "coordinator@alliance.example": "cluster_org"}


def test_each_demo_account_registers_for_an_organisation_of_its_own(client):
    call_command("seed_demo", "--organisations", "120", "--people", "150")
    people = {p.email: p for p in Person.objects.filter(email__in=EXPECTED).select_related("affiliation")}
    assert {email: p.affiliation.type for email, p in people.items()} == EXPECTED
    assert len({p.affiliation_id for p in people.values()}) == len(EXPECTED)

    session = Session.objects.filter(status="scheduled").order_by("starts_at").last()
    for email in ("participant@alliance.example", "policy@alliance.example"):
        client.force_login(User.objects.get(email=email))
        client.post(reverse("meetings:register_me", args=[session.pk]))
    registered = {r.person.email: r.organisation for r in Registration.objects.filter(
        session=session, person__email__in=EXPECTED).select_related("person", "organisation")}
    assert registered["participant@alliance.example"] == people["participant@alliance.example"].affiliation
    assert registered["policy@alliance.example"] == people["policy@alliance.example"].affiliation
