"""The exchange's personas: people who act for an organisation (a person of the registry
linked to their account), and posts written through the actions, as the pages do."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from alliance.accounts.models import Role
from alliance.exchange import actions
from tests.factories import OrganisationFactory, PersonFactory, UserFactory, region


def member_of(organisation=None, *, role=Role.PARTICIPANT, email=None, language="en"):
    """A signed-in person acting for ``organisation`` (a new one if None)."""
    organisation = organisation or OrganisationFactory()
    user = UserFactory(role=role, language=language, **({"email": email} if email else {}))
    PersonFactory(user=user, email=user.email, name=user.name, affiliation=organisation)
    return user


def post(user, *, kind="need", title="Need FFP2 masks for 300 workers", text=None, categories=("protective_equipment",),
         organisation=None, **fields):
    from alliance.community.models import Organisation
    from alliance.exchange.queries import organisation_ids_of

    organisation = organisation or Organisation.objects.get(pk=min(organisation_ids_of(user)))
    fields.setdefault("reach", "eu")
    return actions.create_post(by=user, organisation=organisation, categories=list(categories),
                               fields={"kind": kind, "title": title,
                                       "text": text or f"{title}. Details follow on request.", **fields})


def lombardy_and_bavaria():
    """An Italian textile company that needs masks and a Bavarian maker that offers them."""
    needy = member_of(OrganisationFactory(name="Tessile Brianza", country=region("IT"), region=region("ITC4")),
                      email="giulia@tessile.example", language="it")
    maker = member_of(OrganisationFactory(name="Schutz GmbH", country=region("DE"), region=region("DE21")),
                      email="jonas@schutz.example", language="de")
    return needy, maker


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)
