"""Who may do what with accounts. One function per decision; views call these only."""

from __future__ import annotations

from typing import Any

from alliance.accounts.models import ApiToken, Role


def _active(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_use_admin(user: Any) -> bool:
    return _active(user) and user.role == Role.COORDINATOR


def can_manage_own_tokens(user: Any) -> bool:
    return _active(user)


def can_revoke_token(user: Any, token: ApiToken) -> bool:
    return _active(user) and (token.user_id == user.pk or user.role == Role.COORDINATOR)


def can_change_roles(user: Any) -> bool:
    return _active(user) and user.role == Role.COORDINATOR


def can_set_affiliation(user: Any, person: Any) -> bool:
    # One's own only: an organisation changes what others see of a person and who
    # counts for which organisation, so nobody sets it for someone else here.
    return _active(user) and person.user_id == user.pk
