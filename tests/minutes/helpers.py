"""An ended session with contributions from three organisations, an attendee and a moderator."""

import datetime as dt

from django.utils import timezone

from alliance.accounts.models import Role
from alliance.meetings.models import Contribution
from tests.factories import OrganisationFactory, PersonFactory, RegistrationFactory, SessionFactory, UserFactory


def ended_session(moderator, *, attendee=None):
    session = SessionFactory(status="ended", starts_at=timezone.now() - dt.timedelta(days=1))
    session.moderators.add(moderator)
    orgs = [OrganisationFactory(name=n) for n in ("Basque Aerospace Cluster", "Cluster Lombardia", "Textile Hub")]
    rows = [
        ("framework", "A **brainstorming session** on what members need.", 0),
        ("disruption", "Members are **struggling to pay** their fees", 0),
        ("need", "Members struggling to pay their fees this spring", 1),
        ("need", "Need FFP2 masks for 300 workers in Lombardy", 1),
        ("solution", "An online event platform for cluster members", 2),
        ("reference", "[Cluster report](https://clusters.example/report)", 2),
    ]
    for i, (kind, text, org) in enumerate(rows):
        Contribution.objects.create(session=session, kind=kind, text=text, organisation=orgs[org], key=f"k{i}",
                                    created_at=session.starts_at + dt.timedelta(minutes=i))
    if attendee is not None:
        person = PersonFactory(user=attendee, email=attendee.email)
        RegistrationFactory(session=session, person=person, attended_at=session.starts_at)
    return session


def attendee_user():
    return UserFactory(role=Role.PARTICIPANT, email="attendee@example.org")
