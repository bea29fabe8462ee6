"""Scoped predicates: authority over one organisation, and a policy maker's ecosystems
and regions. Composed by the apps' access.py with alliance.accounts.predicates."""

from __future__ import annotations

from typing import Any

from alliance.accounts.models import Role
from alliance.accounts.predicates import active, has_role
from alliance.community.models import OrganisationRole, OrganisationRoleKind, PolicyScope


def manages(user: Any, organisation: Any) -> bool:
    """A manager of this organisation on the platform (OrganisationRole)."""
    return active(user) and OrganisationRole.objects.filter(
        user=user, organisation=organisation, role=OrganisationRoleKind.MANAGER).exists()


def acts_for(user: Any, organisation: Any) -> bool:
    """A manager or a member of this organisation."""
    return active(user) and OrganisationRole.objects.filter(user=user, organisation=organisation).exists()


def covers(user: Any, *, ecosystem: str | None = None, region: str | None = None) -> bool:
    """A policy maker whose scope includes this ecosystem (slug) and this region (NUTS
    code; a scope region covers its sub-regions). A scope that names no ecosystem, or
    no region, covers all of them; a policy maker without a scope covers nothing."""
    if not has_role(user, Role.POLICY_MAKER):
        return False
    scope = PolicyScope.objects.filter(user=user).prefetch_related("ecosystems", "regions").first()
    if scope is None:
        return False
    ecosystems = {e.slug for e in scope.ecosystems.all()}
    regions = [r.code for r in scope.regions.all()]
    in_ecosystem = ecosystem is None or not ecosystems or ecosystem in ecosystems
    in_region = region is None or not regions or any(region.startswith(code) for code in regions)
    return in_ecosystem and in_region
