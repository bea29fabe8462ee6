"""Who may do what with accounts. One function per decision; views call these only."""

from __future__ import annotations

from typing import Any

from alliance.accounts.models import ApiToken
from alliance.accounts.predicates import active, coordinator


def can_use_admin(user: Any) -> bool:
    return coordinator(user)


def can_manage_own_tokens(user: Any) -> bool:
    return active(user)


def can_revoke_token(user: Any, token: ApiToken) -> bool:
    return active(user) and (token.user_id == user.pk or coordinator(user))


def can_change_roles(user: Any) -> bool:
    return coordinator(user)


def can_set_affiliation(user: Any, person: Any) -> bool:
    # One's own only: an organisation changes what others see of a person and who
    # counts for which organisation, so nobody sets it for someone else here.
    return active(user) and person.user_id == user.pk
