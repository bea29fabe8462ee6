"""The toolkit's personas: two cluster organisations, each facilitating a cluster with
members, each with a manager (a contact person of it, with an account and the role)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from alliance.accounts.models import Role
from alliance.community.models import Membership, Organisation, OrganisationRole, OrganisationType
from alliance.toolkit import actions
from tests.factories import ClusterFactory, MembershipFactory, OrganisationFactory, PersonFactory, UserFactory


def person_of(organisation: Organisation, *, language: str = "en", role: str | None = None, **user_fields):
    """A signed-in contact person of ``organisation``; with ``role`` also its OrganisationRole."""
    user = UserFactory(role=user_fields.pop("site_role", Role.PARTICIPANT), language=language, **user_fields)
    PersonFactory(user=user, email=user.email, name=user.name, affiliation=organisation)
    if role:
        OrganisationRole.objects.create(user=user, organisation=organisation, role=role)
    return user


@dataclass
class ClusterOrg:
    organisation: Organisation
    manager: object
    members: list[Membership]


def cluster_org(name: str = "Aero Cluster Association", members: int = 2, *, fee_cents: int = 50_000) -> ClusterOrg:
    organisation = OrganisationFactory(name=name, type=OrganisationType.CLUSTER_ORGANISATION, size="")
    cluster = ClusterFactory(name=f"{name} cluster", organisation=organisation)
    manager = person_of(organisation, role="manager")
    memberships = [MembershipFactory(cluster=cluster, organisation=OrganisationFactory(name=f"{name} member {i}"))
                   for i in range(members)]
    for membership in memberships:
        person_of(membership.organisation)
    actions.save_tier(by=manager, organisation=organisation, name="Standard", yearly_fee_cents=fee_cents)
    return ClusterOrg(organisation, manager, memberships)


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def invoice(org: ClusterOrg, index: int = 0, *, issued_days_ago: int = 0, term: int = 30, amount: int | None = None):
    """An invoice issued ``issued_days_ago`` days ago, due ``term`` days after that."""
    membership = org.members[index]
    if amount is None:
        return actions.issue_yearly_fee(by=org.manager, organisation=org.organisation, membership=membership,
                                        year=days(-issued_days_ago).year, issued_on=days(-issued_days_ago),
                                        due_on=days(term - issued_days_ago))
    return actions.issue_invoice(by=org.manager, organisation=org.organisation, membership=membership,
                                 lines=[("Fee", amount)], issued_on=days(-issued_days_ago),
                                 due_on=days(term - issued_days_ago))
