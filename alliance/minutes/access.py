"""Who may do what with minutes. One function per decision; views ask these only.

In words:
- the people who run a session (coordinators, its moderators) draft, edit, open
  amendments, decide them and publish, once the session has ended;
- attendees (registrants marked present) see the draft and propose changes to single
  bullets while the amendment window is open;
- published minutes are seen by whoever may see the session; earlier draft versions
  only by the people who run it;
- coordinators import existing summaries.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from alliance.accounts.predicates import active, coordinator
from alliance.meetings import access as meetings_access
from alliance.meetings.models import Registration, Session, SessionStatus
from alliance.minutes.models import Minutes, MinutesStatus, MinutesVersion

ENDED = (SessionStatus.ENDED, SessionStatus.MINUTES_PUBLISHED)



def _attended(user: Any, session: Session) -> bool:
    return active(user) and Registration.objects.filter(
        session=session, person__user=user, attended_at__isnull=False).exists()


def can_edit_minutes(user: Any, session: Session) -> bool:
    return session.status in ENDED and meetings_access.can_manage_session(user, session)


def can_view_draft(user: Any, minutes: Minutes) -> bool:
    if can_edit_minutes(user, minutes.session):
        return True
    return minutes.status == MinutesStatus.AMENDMENTS and _attended(user, minutes.session)


def amendments_open(minutes: Minutes, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (minutes.status == MinutesStatus.AMENDMENTS and minutes.amendments_close_at is not None
            and now < minutes.amendments_close_at)


def can_propose_amendment(user: Any, minutes: Minutes, now: dt.datetime | None = None) -> bool:
    return amendments_open(minutes, now) and _attended(user, minutes.session)


def can_decide_amendment(user: Any, minutes: Minutes) -> bool:
    return can_edit_minutes(user, minutes.session)


def can_publish(user: Any, minutes: Minutes) -> bool:
    return can_edit_minutes(user, minutes.session)


def can_view_published(user: Any, session: Session) -> bool:
    return meetings_access.can_view_session(user, session)


def can_view_version(user: Any, version: MinutesVersion) -> bool:
    session = version.minutes.session
    if version.published:
        return can_view_published(user, session)
    return can_edit_minutes(user, session)


def visible_versions(user: Any, minutes: Minutes) -> QuerySet[MinutesVersion]:
    """The versions ``can_view_version`` allows, decided once for the list rather than per row."""
    versions = minutes.versions.all()
    if can_edit_minutes(user, minutes.session):
        return versions
    if can_view_published(user, minutes.session):
        return versions.filter(published=True)
    return versions.none()


def can_import_minutes(user: Any) -> bool:
    return coordinator(user)
