"""Who may see and do what with sessions. One function per decision; views ask these only.

In words:
- a *public* session is seen by everyone, a *members-only* one by signed-in
  members; drafts only by the people who run sessions (coordinators, and the
  session's own moderators);
- whoever may see a session may register for it (the window and capacity are
  rules of the session, not of access: see Session.registration_is_open);
- the join link is for confirmed registrants (and the people running the
  session), and only from 15 minutes before the start;
- coordinators create series and sessions and edit any session; a session's
  moderators edit it too, export and message its registrants and mark attendance;
  its scribes may mark attendance;
- a registration is cancelled through its signed link, or by its own person signed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Value

from alliance.accounts.predicates import active, coordinator
from alliance.meetings.models import Registration, RegistrationStatus, Session, SessionStatus, Visibility


def _moderates(user: Any, session: Session) -> bool:
    return active(user) and session.moderators.filter(pk=user.pk).exists()


def _scribes(user: Any, session: Session) -> bool:
    return active(user) and session.scribes.filter(pk=user.pk).exists()


def can_manage_session(user: Any, session: Session) -> bool:
    return coordinator(user) or _moderates(user, session)


def can_view_session(user: Any, session: Session) -> bool:
    if session.status == SessionStatus.DRAFT:
        return can_manage_session(user, session)
    return session.visibility == Visibility.PUBLIC or active(user)


def can_register(user: Any, session: Session) -> bool:
    return can_view_session(user, session)


def can_create_sessions(user: Any) -> bool:
    return coordinator(user)


def can_edit_session(user: Any, session: Session) -> bool:
    return can_manage_session(user, session)


def can_cancel_session(user: Any, session: Session) -> bool:
    return coordinator(user)


def can_see_registrants(user: Any, session: Session) -> bool:
    return can_manage_session(user, session) or _scribes(user, session)


def can_export_registrants(user: Any, session: Session) -> bool:
    return can_manage_session(user, session)


def can_message_registrants(user: Any, session: Session) -> bool:
    return can_manage_session(user, session)


def can_mark_attendance(user: Any, session: Session) -> bool:
    return can_manage_session(user, session) or _scribes(user, session)


def can_see_join_link(
    user: Any, session: Session, registration: Registration | None, now: dt.datetime | None = None
) -> bool:
    if not session.join_link_visible(now):
        return False
    if can_manage_session(user, session) or _scribes(user, session):
        return True
    return registration is not None and registration.status == RegistrationStatus.CONFIRMED


def can_cancel_registration(user: Any, registration: Registration) -> bool:
    """Signed in: one's own registration, or any for the people running the session.
    (Anyone holding the e-mailed signed link may cancel too; the view checks the token.)"""
    if not active(user):
        return False
    own = registration.person.user_id == user.pk
    return own or can_manage_session(user, registration.session)


def can_view_series(user: Any) -> bool:
    return True


def can_create_series(user: Any) -> bool:
    return coordinator(user)


def _room_open(session: Session) -> bool:
    return session.status not in (SessionStatus.DRAFT, SessionStatus.CANCELLED)


def _registered(user: Any, session: Session) -> bool:
    return active(user) and Registration.objects.filter(session=session, person__user=user).exclude(
        status=RegistrationStatus.CANCELLED).exists()


def can_join_room(user: Any, session: Session) -> bool:
    """The live room: anyone for a public session; for a members-only one, its registrants
    and the people running it. Drafts and cancelled sessions have no room."""
    if not _room_open(session):
        return False
    # The visibility first: a public room asks no query at all.
    if session.visibility == Visibility.PUBLIC:
        return True
    return can_capture(user, session) or _registered(user, session)


@dataclass(frozen=True)
class RoomRights:
    """What the room's websocket needs to know about one user at connect: the same answers
    as can_join_room, can_manage_session and can_capture, and the user's registration
    (not cancelled) if any. Rights are still checked again when used (consumers.py)."""

    join: bool
    moderator: bool
    scribe: bool
    registration: Registration | None


NO_ROOM_RIGHTS = RoomRights(join=False, moderator=False, scribe=False, registration=None)


def room_rights(session: Session, users: Iterable[Any]) -> dict[int | None, RoomRights]:
    """RoomRights for each of ``users`` (by pk; None for the visitors), read at once: two
    queries for however many users — who of them moderates or scribes the session, and
    their registrations — where asking can_join_room, can_manage_session and can_capture
    one by one took five or six per user. Composed of the same predicates; the access
    matrix test holds both ways to the same table."""
    users = list(users)
    signed_in = {user.pk for user in users if active(user)}
    known = {user.pk for user in users if getattr(user, "is_authenticated", False)}
    moderating: set[int] = set()
    scribing: set[int] = set()
    registrations: dict[int, Registration] = {}
    if signed_in:
        roles = (Session.moderators.through.objects.filter(session_id=session.pk, user_id__in=signed_in)
                 .values_list("user_id", Value("m", output_field=CharField()))
                 .union(Session.scribes.through.objects.filter(session_id=session.pk, user_id__in=signed_in)
                        .values_list("user_id", Value("s", output_field=CharField())), all=True))
        for user_id, role in roles:
            (moderating if role == "m" else scribing).add(user_id)
    if known:
        # At most one per person and session (a constraint), and a person is one account's.
        for row in (Registration.objects.filter(session=session, person__user_id__in=known)
                    .exclude(status=RegistrationStatus.CANCELLED).select_related("person")):
            if row.person.user_id is not None:
                registrations.setdefault(row.person.user_id, row)
    rights: dict[int | None, RoomRights] = {}
    for user in users:
        pk = user.pk if getattr(user, "is_authenticated", False) else None
        if pk in rights:
            continue
        manages = coordinator(user) or pk in moderating
        captures = manages or pk in scribing
        registration = registrations.get(pk) if pk is not None else None
        join = _room_open(session) and (session.visibility == Visibility.PUBLIC or captures
                                        or (active(user) and registration is not None))
        rights[pk] = RoomRights(join=join, moderator=manages, scribe=captures, registration=registration)
    return rights


# The author may correct a written contribution for this long.
EDIT_WINDOW = dt.timedelta(minutes=5)


def can_share_in_writing(user: Any, registration: Registration | None) -> bool:
    return registration is not None and registration.status == RegistrationStatus.CONFIRMED


def can_capture(user: Any, session: Session) -> bool:
    """Scribes (and the people running the session) capture what speakers say."""
    return can_manage_session(user, session) or _scribes(user, session)


def can_edit_contribution(user: Any, contribution: Any, now: dt.datetime) -> bool:
    if can_capture(user, contribution.session):
        return True
    registration = contribution.registration
    own = registration is not None and active(user) and registration.person.user_id == user.pk
    if not own:
        return False
    # Spoken contributions are the speaker's words as the scribe heard them: the speaker
    # may correct them at any time; written ones only within the edit window.
    return contribution.spoken or now - contribution.created_at <= EDIT_WINDOW


def can_see_speaking_times(user: Any, session: Session) -> bool:
    """Named speaking times are for the people running the session (the registration
    consent says so); everyone else sees the aggregates, and each person their own."""
    return can_manage_session(user, session)


def can_hide_contribution(user: Any, session: Session) -> bool:
    return can_manage_session(user, session)
