"""Reads for the account pages."""

from __future__ import annotations

from django.db.models import F, Q

from alliance.accounts.models import User
from alliance.community.models import Person


def person_of(user: User) -> Person | None:
    """The registry person of this user, if there is one yet: the one linked to the
    account, else the one with its e-mail address (meetings.actions.person_for_user
    links that one on first write)."""
    return (
        Person.objects.select_related("affiliation")
        .filter(Q(user=user) | Q(email__iexact=user.email))
        .order_by(F("user_id").desc(nulls_last=True))
        .first()
    )
