"""Who may do what in the cluster-organisation toolkit. In words:
- a cluster organisation's workspace (its members, fees, arrears, invoices, solidarity
  measures) is for its managers on the platform (OrganisationRole MANAGER) and for
  coordinators; nobody else sees any of it — not another organisation's managers, not
  its own members (OrganisationRole MEMBER), not its contact people without the role;
- the same people make one of the organisation's registry contacts a manager;
- only a cluster organisation has a workspace.
Rights are checked when used, on every request; views answer 404 to everyone else, so a
workspace's existence is not revealed either."""

from __future__ import annotations

from typing import Any

from alliance.accounts.predicates import active, coordinator
from alliance.community.models import Organisation, OrganisationRole, OrganisationRoleKind, OrganisationType
from alliance.community.predicates import manages


def can_open_toolkit(user: Any) -> bool:
    """The toolkit's home: coordinators, and managers of at least one cluster organisation."""
    return coordinator(user) or (active(user) and OrganisationRole.objects.filter(
        user=user, role=OrganisationRoleKind.MANAGER,
        organisation__type=OrganisationType.CLUSTER_ORGANISATION).exists())


def can_view_workspace(user: Any, organisation: Organisation) -> bool:
    if organisation.type != OrganisationType.CLUSTER_ORGANISATION:
        return False
    return coordinator(user) or manages(user, organisation)


def can_make_manager(user: Any, organisation: Organisation) -> bool:
    return can_view_workspace(user, organisation)


def can_manage_fees(user: Any, organisation: Organisation) -> bool:
    """Tiers, invoices and payments."""
    return can_view_workspace(user, organisation)


def can_approve_measure(user: Any, organisation: Organisation) -> bool:
    """Deferrals, instalment plans, reductions and waivers: whoever approves is recorded."""
    return can_view_workspace(user, organisation)


def can_manage_projects(user: Any, organisation: Organisation) -> bool:
    """Innovation projects, their status changes, and posting what a stopped one needs to
    the exchange on the organisation's behalf."""
    return can_view_workspace(user, organisation)


def can_run_surveys(user: Any, organisation: Organisation) -> bool:
    """Creating member surveys, sending them and reading their results. Answering needs no
    right: the signed link sent to a member is the right to answer for that member, once."""
    return can_view_workspace(user, organisation)
