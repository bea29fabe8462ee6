"""The shared predicates every app's access.py composes (adhocracy4's way): small
questions about a user, asked the same way everywhere. Scoped ones — who manages an
organisation, which ecosystems and regions a policy maker covers — are in
community/predicates.py (they need the registry); session-scoped ones (moderates,
scribes) in meetings/access.py."""

from __future__ import annotations

from typing import Any

from alliance.accounts.models import Role, User


def active(user: Any) -> bool:
    """Signed in with an account that is not deactivated."""
    return bool(user and user.is_authenticated and user.is_active)


def has_role(user: Any, role: Role) -> bool:
    return active(user) and user.role == role


def coordinator(user: Any) -> bool:
    return has_role(user, Role.COORDINATOR)


def acting(user: Any) -> User | None:
    """The account an action records as the one who acted: the signed-in user, or None for
    a visitor (actions take ``by: User | None``, never the anonymous user object)."""
    return user if user is not None and getattr(user, "is_authenticated", False) else None
