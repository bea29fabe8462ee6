"""Writes to sessions, series and registrations. Views, commands and the demo come
through here, so the activity log, notifications and the seat count are never skipped.

Seats are limited: every function that can take or free one locks the session row
first (``select_for_update``) inside ``transaction.atomic()``, counts confirmed
registrations under that lock and only then decides. Two requests for the last
seat therefore queue on the lock; the second sees the first's seat and waits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from babel.dates import format_datetime
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from alliance.community import actions as community_actions
from alliance.community.actions import log_activity
from alliance.community.models import ActivityVerb, Organisation, OrganisationType, Person, Region
from alliance.lib import dates
from alliance.lib.mail import Attachment, send_templated_mail
from alliance.meetings import ics, signals
from alliance.meetings.models import (
    AgendaItem,
    AttendanceSource,
    Contribution,
    ContributionOrigin,
    FloorEvent,
    PendingRegistration,
    Registration,
    RegistrationStatus,
    RoomPresence,
    Series,
    Session,
    SessionStatus,
    person_key,
)
from alliance.meetings.recurrence import local_start, occurrence_dates

if TYPE_CHECKING:
    from alliance.accounts.models import User

_CANCEL_SALT = "alliance.meetings.registration.cancel"
_FEED_SALT = "alliance.meetings.person.feed"
# Sessions of a series are created this far ahead; `manage.py generate_sessions` extends it.
GENERATE_AHEAD = dt.timedelta(days=60)


class RegistrationError(Exception):
    """A registration that cannot be taken; ``code`` is stable, the view words the message."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# --- Sessions ---------------------------------------------------------------------------

@transaction.atomic
def create_session(
    *, by: User | None, fields: dict[str, Any], ecosystems: Iterable[Any] = (),
    agenda: Sequence[tuple[str, int]] = (), moderators: Iterable[Any] = (), scribes: Iterable[Any] = (),
) -> Session:
    session = Session(**fields)
    session.full_clean()
    session.save()
    session.ecosystems.set(list(ecosystems))
    session.moderators.set(list(moderators))
    session.scribes.set(list(scribes))
    _set_agenda(session, agenda)
    log_activity(by, ActivityVerb.SESSION_CREATED, session.topic, id=session.pk)
    return session


def _set_agenda(session: Session, agenda: Sequence[tuple[str, int]]) -> None:
    session.agenda_items.all().delete()
    AgendaItem.objects.bulk_create(
        AgendaItem(session=session, position=i, title=title, minutes=minutes)
        for i, (title, minutes) in enumerate(agenda)
    )


_TIME_FIELDS = ("starts_at", "duration_minutes", "time_zone")


@transaction.atomic
def update_session(
    *, by: User | None, session: Session, fields: dict[str, Any], ecosystems: Iterable[Any] | None = None,
    agenda: Sequence[tuple[str, int]] | None = None,
) -> Session:
    """Change a session. A new time (or zone, or length) bumps the calendar SEQUENCE
    and tells every registrant; more seats promote the waitlist. Locks the session row."""
    locked = Session.objects.select_for_update().get(pk=session.pk)
    before = {name: getattr(locked, name) for name in (*_TIME_FIELDS, "capacity")}
    for name, value in fields.items():
        setattr(locked, name, value)
    moved = any(before[name] != getattr(locked, name) for name in _TIME_FIELDS)
    if moved:
        locked.sequence += 1
    locked.full_clean()
    locked.save()
    if ecosystems is not None:
        locked.ecosystems.set(list(ecosystems))
    if agenda is not None:
        _set_agenda(locked, agenda)
    if moved:
        _notify_registrants(locked, "moved")
    if locked.capacity != before["capacity"]:
        _promote_waitlist(locked)
    log_activity(by, ActivityVerb.SESSION_MOVED if moved else ActivityVerb.SESSION_UPDATED, locked.topic, id=locked.pk,
         fields=sorted(fields))
    _after_commit(lambda: _session_committed(locked.pk))
    session.refresh_from_db()
    return locked


@transaction.atomic
def cancel_session(*, by: User | None, session: Session, reason: str = "") -> Session:
    locked = Session.objects.select_for_update().get(pk=session.pk)
    if locked.status == SessionStatus.CANCELLED:
        return locked
    locked.status = SessionStatus.CANCELLED
    locked.sequence += 1
    locked.save(update_fields=["status", "sequence", "updated_at"])
    _notify_registrants(locked, "cancelled", reason=reason)
    log_activity(by, ActivityVerb.SESSION_CANCELLED, locked.topic, id=locked.pk, reason=reason)
    _after_commit(lambda: _session_committed(locked.pk))
    session.refresh_from_db()
    return locked


def _notify_registrants(session: Session, change: str, reason: str = "") -> None:
    active = session.registrations.exclude(status=RegistrationStatus.CANCELLED).select_related("person")
    for registration in active:
        _mail_registration(registration, template="meetings/email/session_changed",
                           extra={"change": change, "reason": reason})


@transaction.atomic
def end_session(*, by: User | None, session: Session) -> Session:
    """The session is over: the floor closes (whoever still waits writes) and it is ENDED."""
    locked = Session.objects.select_for_update().get(pk=session.pk)
    if locked.status not in (SessionStatus.SCHEDULED, SessionStatus.LIVE):
        return locked
    if locked.floor_events.exists():
        record_floor_event(session=locked, kind="end", key=f"end-session-{locked.pk}", actor=by)
    locked.status = SessionStatus.ENDED
    locked.save(update_fields=["status", "updated_at"])
    log_activity(by, ActivityVerb.SESSION_ENDED, locked.topic, id=locked.pk)
    # Every session ends in a document: minutes drafts it here, so it is there at once.
    signals.session_ended.send(sender=Session, by=by, session=locked)
    return locked


@transaction.atomic
def record_past_session(*, by: User | None, fields: dict[str, Any]) -> Session:
    """A session that took place before the platform knew of it (an imported summary):
    created as ENDED, validated like any other."""
    session = Session(**fields, status=SessionStatus.ENDED)
    session.full_clean()
    session.save()
    log_activity(by, ActivityVerb.SESSION_RECORDED, session.topic, id=session.pk)
    return session


@transaction.atomic
def import_contributions(*, session: Session, entries: Sequence[tuple[str, str]]) -> list[Contribution]:
    """Statements of a summary as the session's contributions: (kind, text) in document
    order, which becomes time order (one second apart from the start). The caller has
    validated the kinds against the one vocabulary."""
    rows = [Contribution(session=session, kind=kind, text=text, origin=ContributionOrigin.IMPORTED,
                         created_at=session.starts_at + dt.timedelta(seconds=number), key=f"import-{number}")
            for number, (kind, text) in enumerate(entries)]
    created = Contribution.objects.bulk_create(rows)
    pks = [c.pk for c in created]
    _after_commit(lambda: signals.contributions_changed.send(
        sender=Session, session_id=session.pk, contribution_ids=pks))
    return created


@transaction.atomic
def mark_minutes_published(*, session: Session) -> None:
    """The session's minutes are out (minutes.actions.publish_minutes): the agenda says so."""
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.MINUTES_PUBLISHED)
    _after_commit(lambda: _session_committed(session.pk))


@transaction.atomic
def set_session_people(*, by: User | None, session: Session, moderators: Iterable[Any], scribes: Iterable[Any]) -> None:
    """Who runs the session: its moderators and its scribes (rights follow at once,
    also on open room connections, within the consumer's short rights cache)."""
    session.moderators.set(list(moderators))
    session.scribes.set(list(scribes))
    log_activity(by, ActivityVerb.SESSION_PEOPLE_SET, session.topic, id=session.pk,
                 moderators=sorted(u.pk for u in session.moderators.all()),
                 scribes=sorted(u.pk for u in session.scribes.all()))


# --- Presence in the live room (written in batches by meetings/presence.py) --------------

@dataclass(frozen=True)
class RoomArrival:
    """A connection that joined a room: who it is, for the moderators' presence list."""

    session_id: int
    channel: str
    user_id: int | None
    person: str
    name: str
    joined_at: dt.datetime


def room_name(user: Any) -> str:
    """How the moderators' presence list names a signed-in user ("" for a visitor)."""
    return (user.name or user.email.split("@")[0]) if getattr(user, "is_authenticated", False) else ""


# SQLite allows a limited number of variables per statement; lists of channels go in chunks.
_CHUNK = 500


@transaction.atomic
def record_room_presence(*, arrived: Sequence[RoomArrival] = (), left: Sequence[str] = (),
                         seen_prefix: str = "", at: dt.datetime | None = None) -> None:
    """Connections that joined and left (by channel) since the last call, in one
    transaction; with ``seen_prefix``, every connection whose channel starts with it (one
    process's) is marked as seen now, so its rows keep counting as present."""
    now = at or timezone.now()
    if arrived:
        RoomPresence.objects.bulk_create([
            RoomPresence(session_id=a.session_id, channel=a.channel, user_id=a.user_id, person=a.person,
                         name=a.name, joined_at=a.joined_at, seen_at=now) for a in arrived], ignore_conflicts=True)
    gone = list(left)
    for start in range(0, len(gone), _CHUNK):
        RoomPresence.objects.filter(channel__in=gone[start:start + _CHUNK]).delete()
    if seen_prefix:
        RoomPresence.objects.filter(channel__startswith=seen_prefix).update(seen_at=now)


def arrive_in_room(*, session: Session, channel: str, user: Any, person: str) -> None:
    """One connection joined the room (the room itself writes them in batches)."""
    signed_in = getattr(user, "is_authenticated", False)
    record_room_presence(arrived=[RoomArrival(session.pk, channel, user.pk if signed_in else None, person,
                                              room_name(user), timezone.now())])


def still_in_room(*, channel: str) -> None:
    RoomPresence.objects.filter(channel=channel).update(seen_at=timezone.now())


def leave_room(*, channel: str) -> None:
    record_room_presence(left=[channel])


@transaction.atomic
def mark_room_attendance(*, registrations: Sequence[int], at: dt.datetime | None = None) -> list[int]:
    """Registrants who opened the live room during the session, marked present (source
    "room") once each however many connections they opened, in one statement and logged
    as mark_attendance logs it; those already marked (by a moderator, another process or
    an earlier batch) are left as they are. The ids marked now."""
    if not registrations:
        return []
    now = at or timezone.now()
    # Locked, so that two processes marking the same registrant at once log it once.
    rows = list(Registration.objects.select_for_update(of=("self",)).filter(
        pk__in=list(registrations), attended_at__isnull=True, status=RegistrationStatus.CONFIRMED,
    ).select_related("person__user"))
    if not rows:
        return []
    Registration.objects.filter(pk__in=[r.pk for r in rows]).update(attended_at=now,
                                                                     attendance_source=AttendanceSource.ROOM)
    for registration in rows:
        log_activity(registration.person.user, ActivityVerb.ATTENDANCE_MARKED, str(registration.person),
                     session=registration.session_id, registration=registration.pk, source=AttendanceSource.ROOM)
    return [r.pk for r in rows]


@transaction.atomic
def mark_live(*, session: Session) -> None:
    """The floor opened: the session is live (for the agenda and the join link).
    record_floor_event does this itself when it stores a "start"."""
    Session.objects.filter(pk=session.pk, status=SessionStatus.SCHEDULED).update(status=SessionStatus.LIVE)


# --- Series -----------------------------------------------------------------------------

@transaction.atomic
def create_series(
    *, by: User | None, fields: dict[str, Any], ecosystems: Iterable[Any] = (), until: dt.date | None = None,
) -> Series:
    """Create a series and its sessions up to ``until`` (default: GENERATE_AHEAD ahead).
    The rule was validated by the form; ``occurrence_dates`` checks it again."""
    series = Series(created_by=by if getattr(by, "is_authenticated", False) else None, **fields)
    series.full_clean()
    series.save()
    series.ecosystems.set(list(ecosystems))
    log_activity(by, ActivityVerb.SERIES_CREATED, series.title, id=series.pk, rule=series.rule)
    generate_sessions(series=series, until=until)
    return series


@transaction.atomic
def generate_sessions(*, series: Series, until: dt.date | None = None) -> list[Session]:
    """Create the series' sessions up to ``until`` that do not exist yet. A session
    already generated (even moved or cancelled) is never recreated or overwritten."""
    if until is None:
        # From today, or from the first date of a series that starts later.
        until = max(timezone.localdate(), series.start_date) + GENERATE_AHEAD
    dates = occurrence_dates(series.rule, series.start_date, until=until,
                             exdates=series.exception_dates, check=False)
    existing = set(series.sessions.values_list("occurrence", flat=True))
    ecosystems = list(series.ecosystems.all())
    created = []
    for day in dates:
        if day in existing:
            continue
        session = Session(
            series=series, occurrence=day, topic=series.title, description=series.description,
            starts_at=local_start(day, series.start_time, series.zone),
            **{name: getattr(series, name) for name in _SERIES_COPIED},
        )
        session.save()
        session.ecosystems.set(ecosystems)
        created.append(session)
    if series.generated_until is None or until > series.generated_until:
        series.generated_until = until
        series.save(update_fields=["generated_until"])
    return created


_SERIES_COPIED = (
    "working_format", "opening_minutes", "closing_minutes", "min_turn_seconds", "max_turn_seconds",
    "second_round", "duration_minutes", "time_zone", "capacity", "visibility", "video_link",
)


# --- Registration -----------------------------------------------------------------------

@dataclass(frozen=True)
class Registrant:
    """What the public form asks: who, on behalf of which organisation, and their point."""

    name: str
    email: str
    organisation_id: int | None = None
    organisation_name: str = ""
    organisation_type: str = ""
    organisation_country: str = ""


def person_for(registrant: Registrant, *, by: User | None = None) -> tuple[Person, Organisation | None]:
    """Find the person by e-mail or create them; find the organisation in the registry
    or create it. An existing person's name is never changed by an anonymous form."""
    email = registrant.email.strip().lower()
    organisation = _organisation_for(registrant, by=by)
    person = Person.objects.filter(email__iexact=email).first()
    if person is None:
        try:
            with transaction.atomic():
                person = Person.objects.create(name=registrant.name.strip(), email=email,
                                               affiliation=organisation)
        except IntegrityError:  # the same address registered concurrently
            person = Person.objects.get(email__iexact=email)
    elif person.affiliation_id is None and organisation is not None:
        person.affiliation = organisation
        person.save(update_fields=["affiliation"])
    return person, organisation


def organisation_for(registrant: Registrant, *, by: User | None) -> Organisation | None:
    """The organisation a registrant named: chosen from the registry, found by name and
    country, or added (waiting for a coordinator's review before it is public)."""
    return _organisation_for(registrant, by=by)


def _organisation_for(registrant: Registrant, *, by: User | None) -> Organisation | None:
    if registrant.organisation_id:
        return Organisation.objects.filter(pk=registrant.organisation_id).first()
    name = " ".join(registrant.organisation_name.split())
    if not name:
        return None
    country = registrant.organisation_country.upper()
    found = Organisation.objects.filter(name__iexact=name, country_id=country).first()
    if found is not None:
        return found
    region = Region.objects.get(code=country, level=0)
    try:
        # create_organisation is atomic itself: its savepoint undoes a failed insert and
        # leaves the caller's transaction usable, so no second savepoint around it.
        return community_actions.create_organisation(by=by, fields={
            "name": name, "type": registrant.organisation_type or OrganisationType.OTHER,
            "country": region, "region": region,
        }, reviewed=False)
    except (IntegrityError, ValidationError):
        # Registered a moment ago by someone else of the same organisation: the
        # uniqueness check (ValidationError) or the constraint (IntegrityError) says so.
        return Organisation.objects.filter(name__iexact=name, country_id=country).first()


@transaction.atomic
def register(
    *, session: Session, person: Person, organisation: Organisation | None = None,
    wants_floor: bool = False, floor_point: str = "", language: str = "en", consent_text: str = "",
    now: dt.datetime | None = None,
) -> tuple[Registration, bool]:
    """Give ``person`` a seat, or a waitlist place when the session is full.

    Idempotent: an active registration is returned as it is (and its e-mail sent
    again, so a lost confirmation can be recovered by registering again); a
    cancelled one is taken up again at the back of the queue. Returns (registration,
    created). Locks the session row: no oversell under concurrency.
    """
    locked = Session.objects.select_for_update().get(pk=session.pk)
    return _register_locked(
        locked, person=person, organisation=organisation, wants_floor=wants_floor, floor_point=floor_point,
        language=language, consent_text=consent_text, now=now)


def _register_locked(
    locked: Session, *, person: Person, organisation: Organisation | None, wants_floor: bool, floor_point: str,
    language: str, consent_text: str, now: dt.datetime | None,
) -> tuple[Registration, bool]:
    """``register`` for a caller that already holds the session row's lock."""
    # Taken under the lock, so queue order and seat order always agree.
    now = now or timezone.now()
    if locked.status == SessionStatus.CANCELLED:
        raise RegistrationError("cancelled")
    if not locked.registration_is_open(now):
        raise RegistrationError("closed")
    registration = Registration.objects.filter(session=locked, person=person).first()
    if registration is not None and registration.status != RegistrationStatus.CANCELLED:
        _mail_registration(registration, template="meetings/email/registration", extra={"kind": "again"})
        return registration, False
    status = RegistrationStatus.CONFIRMED if _has_free_seat(locked) else RegistrationStatus.WAITLISTED
    if registration is None:
        registration = Registration(session=locked, person=person, registered_at=now)
    registration.organisation = organisation or person.affiliation
    registration.status = status
    registration.wants_floor = wants_floor
    registration.floor_point = floor_point.strip() if wants_floor else ""
    registration.language = language
    registration.consent_text = consent_text
    registration.queued_at = now
    registration.cancelled_at = None
    registration.confirmed_at = now if status == RegistrationStatus.CONFIRMED else None
    registration.save()
    _mail_registration(registration, template="meetings/email/registration", extra={"kind": status})
    verb = (ActivityVerb.REGISTRATION_CONFIRMED if status == RegistrationStatus.CONFIRMED
            else ActivityVerb.REGISTRATION_WAITLISTED)
    log_activity(None, verb, str(person), session=locked.pk, registration=registration.pk)
    return registration, True


def _has_free_seat(session: Session) -> bool:
    """Seats are taken by confirmed registrations and held by pending ones whose hold
    has not run out (request_registration). Caller holds the session lock."""
    if session.capacity is None:
        return True
    # One round trip for both counts: every request and confirmation asks this.
    taken = Registration.objects.filter(session=OuterRef("pk"), status=RegistrationStatus.CONFIRMED)
    held = PendingRegistration.objects.filter(
        session=OuterRef("pk"), holds_seat=True, confirmed_at__isnull=True, released_at__isnull=True,
        hold_until__gt=timezone.now())
    used = Session.objects.filter(pk=session.pk).values_list(
        _count(taken) + _count(held), flat=True).get()
    return used < session.capacity


def _count(queryset: QuerySet[Any]) -> Coalesce:
    """COUNT(*) of ``queryset`` as a scalar subquery (0, not NULL, when it is empty)."""
    return Coalesce(Subquery(queryset.order_by().values("session").annotate(n=Count("pk")).values("n")[:1]), 0)


# --- Registration from the public form: confirmed by e-mail first ----------------------------

_CONFIRM_SALT = "alliance.meetings.registration.confirm"


def hold_time() -> dt.timedelta:
    return dt.timedelta(minutes=settings.REGISTRATION_HOLD_MINUTES)


@transaction.atomic
def request_registration(
    *, session: Session, registrant: Registrant, wants_floor: bool = False, floor_point: str = "",
    language: str = "en", consent_text: str = "", now: dt.datetime | None = None,
) -> PendingRegistration:
    """Someone not signed in asks for a place: nothing about them is recorded until the
    address confirms (``confirm_registration``), so invented addresses fill no seats and
    nobody registers somebody else. A seat free now is held for ``hold_time()``. Asking
    again while a request waits sends the same link again instead of holding a second
    seat. Locks the session row, like every seat decision."""
    locked = Session.objects.select_for_update().get(pk=session.pk)
    now = now or timezone.now()
    if locked.status == SessionStatus.CANCELLED:
        raise RegistrationError("cancelled")
    if not locked.registration_is_open(now):
        raise RegistrationError("closed")
    email = registrant.email.strip().lower()
    pending = locked.pending_registrations.filter(
        email=email, confirmed_at__isnull=True, released_at__isnull=True, hold_until__gt=now).first()
    if pending is None:
        pending = PendingRegistration.objects.create(
            session=locked, email=email, name=registrant.name.strip(),
            organisation_id=registrant.organisation_id, organisation_name=registrant.organisation_name,
            organisation_type=registrant.organisation_type, organisation_country=registrant.organisation_country,
            wants_floor=wants_floor, floor_point=floor_point.strip() if wants_floor else "", language=language,
            consent_offered=consent_text, holds_seat=_has_free_seat(locked), hold_until=now + hold_time(),
            created_at=now)
    pk = pending.pk
    transaction.on_commit(lambda: mail_registration_request.enqueue(pending_id=pk))
    return pending


def confirm_token(pending: PendingRegistration) -> str:
    return _sign_row(_CONFIRM_SALT, pending.pk, pending.session_id)


def pending_from_confirm_token(token: str) -> PendingRegistration | None:
    found = _unsign_row(_CONFIRM_SALT, token)
    if found is None:
        return None
    pk, session_id = found
    return PendingRegistration.objects.select_related("session").filter(pk=pk, session_id=session_id).first()


@transaction.atomic
def confirm_registration(
    *, pending: PendingRegistration, now: dt.datetime | None = None,
) -> tuple[Registration, bool]:
    """The address confirmed: now the person (and a new organisation, for review) is
    recorded with the consent they gave, and the registration is taken — on the held
    seat if the hold still runs, else as ``register`` decides. Idempotent: a second
    click returns the registration of the first. Locks the session row — after the person
    and organisation are found or created, which needs no seat: confirmations of one
    session queue on that lock, so it is held only for what the seats need (the open-loop
    benchmark's confirmation tail, docs/performance.md)."""
    # person_for is safe without the lock: the same address confirmed twice at once
    # meets the unique e-mail constraint and takes the row the other created.
    person, organisation = person_for(Registrant(
        name=pending.name, email=pending.email, organisation_id=pending.organisation_id,
        organisation_name=pending.organisation_name, organisation_type=pending.organisation_type,
        organisation_country=pending.organisation_country))
    locked = Session.objects.select_for_update().get(pk=pending.session_id)
    pending = PendingRegistration.objects.get(pk=pending.pk)  # read again under the lock: a second click
    pending.session = locked
    now = now or timezone.now()
    if pending.confirmed_at is not None:
        registration = Registration.objects.get(session_id=pending.session_id, person=person)
        return registration, False
    # Marked first: its own hold must not count against the seat it held.
    pending.confirmed_at = now
    pending.save(update_fields=["confirmed_at"])
    registration, created = _register_locked(
        locked, person=person, organisation=organisation, wants_floor=pending.wants_floor,
        floor_point=pending.floor_point, language=pending.language, consent_text=pending.consent_offered, now=now)
    log_activity(None, ActivityVerb.REGISTRATION_EMAIL_CONFIRMED, str(person), session=pending.session_id,
                 registration=registration.pk)
    return registration, created


@transaction.atomic
def release_expired_holds(*, now: dt.datetime | None = None) -> int:
    """Give the seats of holds that ran out unconfirmed to the waitlist. Safe to run
    often and from several processes (the periodic sweep beside the reminders)."""
    now = now or timezone.now()
    expired = PendingRegistration.objects.filter(
        holds_seat=True, confirmed_at__isnull=True, released_at__isnull=True, hold_until__lte=now)
    sessions = set(expired.values_list("session_id", flat=True))
    released = 0
    for session_id in sorted(sessions):
        locked = Session.objects.select_for_update().get(pk=session_id)
        released += expired.filter(session=locked).update(released_at=now)
        if locked.status in (SessionStatus.SCHEDULED, SessionStatus.LIVE):
            _promote_waitlist(locked)
    return released


@task()
def mail_registration_request(*, pending_id: int) -> int:
    pending = PendingRegistration.objects.select_related("session").filter(pk=pending_id).first()
    if pending is None or pending.confirmed_at is not None:
        return 0
    session = pending.session
    return send_templated_mail.call(
        to=[pending.email], template="meetings/email/confirm_registration", language=pending.language,
        context={"name": pending.name, "topic": session.topic, "when": when_text(session, pending.language),
                 "confirm_path": reverse("meetings:confirm_registration", args=[confirm_token(pending)]),
                 "session_path": session.get_absolute_url(), "holds_seat": pending.holds_seat,
                 "minutes": settings.REGISTRATION_HOLD_MINUTES,
                 "hold_until": format_datetime(pending.hold_until.astimezone(session.zone), "HH:mm",
                                               locale=pending.language)})


def _promote_waitlist(session: Session) -> list[Registration]:
    """Fill free seats from the waitlist, first come first served. Caller holds the lock."""
    promoted = []
    waiting = session.registrations.filter(status=RegistrationStatus.WAITLISTED).select_related("person")
    for registration in waiting.order_by("queued_at", "id"):
        if not _has_free_seat(session):
            break
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = timezone.now()
        registration.save(update_fields=["status", "confirmed_at"])
        _mail_registration(registration, template="meetings/email/registration", extra={"kind": "promoted"})
        log_activity(None, ActivityVerb.REGISTRATION_PROMOTED, str(registration.person), session=session.pk,
             registration=registration.pk)
        promoted.append(registration)
    return promoted


@transaction.atomic
def cancel_registration(*, registration: Registration, by: User | None = None) -> Registration:
    """Cancel, and give a freed seat to the next person on the waitlist. Locks the session."""
    session = Session.objects.select_for_update().get(pk=registration.session_id)
    registration = Registration.objects.select_related("person").get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    had_seat = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    _mail_registration(registration, template="meetings/email/registration", extra={"kind": "cancelled"})
    log_activity(by, ActivityVerb.REGISTRATION_CANCELLED, str(registration.person), session=session.pk,
         registration=registration.pk)
    if had_seat and session.status not in (SessionStatus.CANCELLED, SessionStatus.ENDED):
        _promote_waitlist(session)
    return registration


# --- Attendance, messages, reminders -------------------------------------------------------

@transaction.atomic
def mark_attendance(
    *, by: User | None, registration: Registration, attended: bool, source: str = AttendanceSource.MODERATOR,
) -> Registration:
    if attended and registration.attended_at is None:
        registration.attended_at = timezone.now()
        registration.attendance_source = source
    elif not attended:
        registration.attended_at = None
        registration.attendance_source = ""
    registration.save(update_fields=["attended_at", "attendance_source"])
    log_activity(by, ActivityVerb.ATTENDANCE_MARKED if attended else ActivityVerb.ATTENDANCE_UNMARKED,
                 str(registration.person), session=registration.session_id, registration=registration.pk, source=source)
    return registration


@transaction.atomic
def message_registrants(
    *, by: User | None, session: Session, subject: str, body: str, include_waitlist: bool = False,
) -> int:
    statuses = [RegistrationStatus.CONFIRMED, *([RegistrationStatus.WAITLISTED] if include_waitlist else [])]
    recipients = session.registrations.filter(status__in=statuses).select_related("person")
    count = 0
    for registration in recipients:
        _mail_registration(registration, template="meetings/email/message",
                           extra={"subject": subject, "body": body}, invitation=False)
        count += 1
    log_activity(by, ActivityVerb.SESSION_MESSAGED, session.topic, id=session.pk, recipients=count,
                 mail_subject=subject)
    return count


REMINDERS = (("reminded_24h_at", dt.timedelta(hours=24)), ("reminded_1h_at", dt.timedelta(hours=1)))


@transaction.atomic
def send_due_reminders(*, now: dt.datetime | None = None) -> int:
    """Send the 24-hour and 1-hour reminders that are due. Safe to run often and from
    several processes: each registration is claimed under a row lock and marked sent.
    A reminder is skipped when the seat was taken after its moment (the confirmation
    just said it all), and the 24-hour one when the 1-hour one is already due."""
    now = now or timezone.now()
    sent = 0
    for field, lead in REMINDERS:
        due = Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED, **{f"{field}__isnull": True},
            session__status__in=[SessionStatus.SCHEDULED, SessionStatus.LIVE],
            session__starts_at__gt=now, session__starts_at__lte=now + lead,
        ).select_related("session", "person").select_for_update(skip_locked=True, of=("self",))
        for registration in due:
            moment = registration.session.starts_at - lead
            too_late = lead > dt.timedelta(hours=1) and registration.session.starts_at - now <= dt.timedelta(hours=1)
            skip = too_late or (registration.confirmed_at is not None and registration.confirmed_at > moment)
            setattr(registration, field, now)
            registration.save(update_fields=[field])
            if not skip:
                _mail_registration(registration, template="meetings/email/reminder",
                                   extra={"hours": int(lead.total_seconds() // 3600)})
                sent += 1
    return sent


# --- Links and e-mail -----------------------------------------------------------------------

def _sign_row(salt: str, pk: int, session_id: int) -> str:
    """A link's credential: the row and its session, signed (the salt says what for)."""
    return signing.Signer(salt=salt).sign(f"{pk}.{session_id}")


def _unsign_row(salt: str, token: str) -> tuple[int, int] | None:
    try:
        pk, session_id = (int(part) for part in signing.Signer(salt=salt).unsign(token).split("."))
    except (signing.BadSignature, ValueError):
        return None
    return pk, session_id


def cancel_token(registration: Registration) -> str:
    return _sign_row(_CANCEL_SALT, registration.pk, registration.session_id)


def registration_from_cancel_token(token: str) -> Registration | None:
    found = _unsign_row(_CANCEL_SALT, token)
    if found is None:
        return None
    pk, session_id = found
    return Registration.objects.select_related("session", "person").filter(pk=pk, session_id=session_id).first()


def feed_token(person: Person) -> str:
    return signing.Signer(salt=_FEED_SALT).sign(str(person.pk))


def person_from_feed_token(token: str) -> Person | None:
    try:
        pk = int(signing.Signer(salt=_FEED_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return Person.objects.filter(pk=pk).first()


def when_text(session: Session, language: str) -> str:
    """'Thursday, 21 May 2020, 08:30 (Europe/Brussels)' in the recipient's language
    ('Donnerstag, 21. Mai 2020, 08:30 …')."""
    return f"{dates.full_date_time(session.local_start, language)} ({session.time_zone})"


def _mail_registration(
    registration: Registration, *, template: str, extra: dict[str, Any], invitation: bool = True,
) -> None:
    """E-mail a registrant about their registration. The message and its calendar
    invitation are built by the task (a worker in production), not in the request
    and not under the session lock; the status is the one of this moment."""
    status, pk = registration.status, registration.pk
    transaction.on_commit(lambda: mail_registration.enqueue(
        registration_id=pk, status=status, template=template, extra=extra, invitation=invitation))


@task()
def mail_registration(
    *, registration_id: int, status: str, template: str, extra: dict[str, Any], invitation: bool,
) -> int:
    registration = Registration.objects.select_related("session", "person").filter(pk=registration_id).first()
    if registration is None:  # deleted since: nobody to write to
        return 0
    return _send_registration_mail(registration, status=status, session=registration.session,
                                   person=registration.person, template=template, extra=extra,
                                   invitation=invitation)


def _send_registration_mail(
    registration: Registration, *, status: str, session: Session, person: Person, template: str,
    extra: dict[str, Any], invitation: bool,
) -> int:
    context = {
        "name": person.name, "topic": session.topic, "when": when_text(session, registration.language),
        "duration": session.duration_minutes, "format": str(session.get_working_format_display()),
        "status": status, "session_path": session.get_absolute_url(),
        "cancel_path": reverse("meetings:cancel", args=[cancel_token(registration)]),
        "wants_floor": registration.wants_floor, "floor_point": registration.floor_point,
        **extra,
    }
    attachments: list[Attachment] = []
    withdrawn = session.is_cancelled or status == RegistrationStatus.CANCELLED
    if invitation and (withdrawn or status == RegistrationStatus.CONFIRMED):
        attachments.append({
            "filename": "invite.ics",
            "mimetype": f"text/calendar; method={'CANCEL' if withdrawn else 'REQUEST'}",
            "content": ics.invitation(session, attendee_email=person.email, attendee_name=person.name,
                                      cancelled=withdrawn),
        })
    return send_templated_mail.call(
        to=[person.email], template=template, context=context, language=registration.language,
        attachments=attachments,
    )


def active_registration(session: Session, user: Any) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (Registration.objects.filter(session=session, person__user=user)
            .exclude(status=RegistrationStatus.CANCELLED).first())


def account_person(user: Any) -> Person | None:
    """The registry person of a signed-in user, if there is one yet (reading only): the one
    linked to the account, else one with its address."""
    if not getattr(user, "is_authenticated", False):
        return None
    # The linked row first: PostgreSQL sorts NULLs first in descending order, so say where they go.
    return (Person.objects.filter(Q(user=user) | Q(email__iexact=user.email)).select_related("affiliation")
            .order_by(F("user_id").desc(nulls_last=True)).first())


def person_for_user(user: Any) -> Person:
    """The registry person of a signed-in user, created on first need."""
    person = account_person(user)
    if person is None:
        person = Person.objects.create(name=user.name or user.email.split("@")[0], email=user.email, user=user)
    elif person.user_id is None:
        person.user = user
        person.save(update_fields=["user"])
    return person


def site_url(path: str) -> str:
    return settings.SITE_URL + path


# --- The live room's floor ---------------------------------------------------------------------

class FloorError(Exception):
    """A floor message that cannot be stored; the message says why, for the sender."""


def sender_of(user: Any) -> str:
    """Whose idempotency key it is: "u<user id>" for a signed-in user, "" for the system."""
    return f"u{user.pk}" if getattr(user, "is_authenticated", False) else ""


def _publish_floor(session_id: int) -> None:
    """After the commit: the room's new state, encoded once, to everyone in it."""
    import json

    from alliance.meetings import hub, queries

    session = Session.objects.get(pk=session_id)
    hub.publish(hub.group_name(session_id),
                {"type": "room.snapshot", "text": json.dumps(queries.snapshot(session, contributions=False))})


def _contributions_committed(session_id: int, pks: Sequence[int]) -> None:
    """After the commit: the room sees the change first (people are waiting for it), then
    the apps above hear of it."""
    _publish_contributions(session_id, pks)
    signals.contributions_changed.send(sender=Session, session_id=session_id, contribution_ids=list(pks))


def _session_committed(session_id: int) -> None:
    signals.session_changed.send(sender=Session, session_id=session_id)


def _publish_contributions(session_id: int, pks: Sequence[int]) -> None:
    """After the commit: new or changed contributions to the room (batched there, hub.py)."""
    from alliance.meetings import hub, queries

    payloads = [queries.contribution_data(c) for c in Contribution.objects.filter(pk__in=pks).select_related(
        "registration__person", "organisation").order_by("created_at", "id")]
    hub.publish_contributions(hub.group_name(session_id), payloads)


def _after_commit(call: Any) -> None:
    # robust: the change is committed whatever happens to its broadcast; a failure is logged.
    transaction.on_commit(call, robust=True)


@transaction.atomic
def record_floor_event(
    *, session: Session, kind: str, key: str, actor: User | None = None, person: str = "",
    data: dict[str, Any] | None = None, now: dt.datetime | None = None,
) -> tuple[FloorEvent, bool]:
    """Store one floor event and return (event, created). Locks the session row, so the
    sequence follows the order in which events are stored, and a key the same sender
    already stored returns the stored event (a client resending after a reconnect changes
    nothing). The room hears of it once the transaction commits, whoever called this.

    When the floor opens ("start"), the session is live, and the floor requests people
    made when they registered join the queue, in registration order."""
    from alliance.meetings.queries import FLOOR_KINDS

    if kind not in FLOOR_KINDS:
        raise FloorError(f"unknown floor event {kind[:20]!r}")
    if not key or len(key) > 64:
        raise FloorError("every message needs a key of 1 to 64 characters")
    locked = Session.objects.select_for_update().get(pk=session.pk)
    existing = FloorEvent.objects.filter(session=locked, sender=sender_of(actor), key=key).first()
    if existing is not None:
        return existing, False
    if locked.usual_floor_requests is None:
        # Fixed with the floor's first event: every replay of this session then agrees.
        from alliance.meetings.queries import usual_requests_for

        locked.usual_floor_requests = usual_requests_for(locked)
        Session.objects.filter(pk=locked.pk).update(usual_floor_requests=locked.usual_floor_requests)
    event = _store_floor_event(locked, kind=kind, key=key, actor=actor, person=person, data=data or {}, now=now)
    if kind == "start":
        Session.objects.filter(pk=locked.pk, status=SessionStatus.SCHEDULED).update(status=SessionStatus.LIVE)
        _queue_registered_requests(locked, at=event.at)
    _after_commit(lambda: _publish_floor(locked.pk))
    return event, True


def _store_floor_event(
    locked: Session, *, kind: str, key: str, actor: User | None, person: str, data: dict[str, Any],
    now: dt.datetime | None,
) -> FloorEvent:
    from alliance.meetings.queries import engine_event

    last = FloorEvent.objects.filter(session=locked).order_by("-seq").first()
    at = now or timezone.now()
    if last is not None and at < last.at:
        at = last.at  # two processes' clocks differ a little: time never runs backwards
    try:
        engine_event(kind, at.timestamp(), person, data)
    except (KeyError, TypeError, ValueError) as error:
        raise FloorError(f"{kind}: missing or invalid {error}") from None
    return FloorEvent.objects.create(session=locked, seq=(last.seq + 1) if last else 1, kind=kind, at=at,
                                     person=person, data=data, key=key, sender=sender_of(actor),
                                     actor=actor if getattr(actor, "is_authenticated", False) else None)


def _queue_registered_requests(locked: Session, *, at: dt.datetime) -> None:
    """Registrants with a seat who asked for the floor when they registered, as requests
    of their own (keys ``registered-<registration id>``: stored once however often the
    floor opens); those who already asked in the room keep the place they have."""
    asked = set(FloorEvent.objects.filter(session=locked, kind="request").values_list("person", flat=True))
    waiting = (locked.registrations.filter(status=RegistrationStatus.CONFIRMED, wants_floor=True)
               .order_by("registered_at", "id"))
    for registration in waiting:
        person = person_key(registration.pk)
        if person in asked:
            continue
        _store_floor_event(locked, kind="request", key=f"registered-{registration.pk}", actor=None, person=person,
                           data={"point": registration.floor_point}, now=at)


# --- Contributions -------------------------------------------------------------------------------

class ContributionError(Exception):
    """A contribution that cannot be stored or changed; the message says why."""


MAX_CONTRIBUTION = 2000


def _check_text(text: str) -> None:
    if not text.strip() or len(text) > MAX_CONTRIBUTION:
        raise ContributionError(f"a contribution is 1 to {MAX_CONTRIBUTION} characters of text")


def _contribution_sender(registration: Registration, captured_by: User | None) -> str:
    """Whose key it is: the scribe's ("u<id>") for a capture, else the author's registration."""
    return sender_of(captured_by) or person_key(registration.pk)


@transaction.atomic
def share_contribution(
    *, session: Session, registration: Registration, kind: str, text: str, key: str,
    ecosystem: str = "", spoken_by: Registration | None = None, turn_started_at: dt.datetime | None = None,
    captured_by: User | None = None,
) -> tuple[Contribution, bool]:
    """A written contribution (or, with ``spoken_by``, one a scribe captured during a turn).
    Idempotent on ``key`` per sender (the registration sharing, or the scribe capturing).
    The room hears of it once the transaction commits."""
    sender = _contribution_sender(registration, captured_by if spoken_by is not None else None)
    existing = Contribution.objects.filter(session=session, sender=sender, key=key).first()
    if existing is not None:
        return existing, False
    _check_text(text)
    author = spoken_by or registration
    contribution = Contribution(
        session=session, registration=author, organisation=author.organisation, kind=kind, text=text.strip(),
        ecosystem_id=ecosystem or None, key=key, sender=sender, spoken=spoken_by is not None,
        turn_person=person_key(spoken_by.pk) if spoken_by else "", turn_started_at=turn_started_at,
        captured_by=captured_by if getattr(captured_by, "is_authenticated", False) else None,
    )
    try:
        contribution.full_clean(exclude=["registration", "organisation", "captured_by"])
    except ValidationError as error:
        raise ContributionError("; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())) from None
    contribution.save()
    log_activity(captured_by, ActivityVerb.CONTRIBUTION_CAPTURED if spoken_by else ActivityVerb.CONTRIBUTION_SHARED,
                 session.topic, session=session.pk, contribution=contribution.pk, kind=kind)
    _after_commit(lambda: _contributions_committed(session.pk, [contribution.pk]))
    return contribution, True


@dataclass(frozen=True)
class Share:
    """One written contribution for share_contributions; ``registration`` is the author's
    (with person and organisation loaded)."""

    registration: Registration
    kind: str
    text: str
    key: str
    ecosystem: str = ""


@transaction.atomic
def share_contributions(*, session: Session, shares: Sequence[Share]) -> list[Contribution | ContributionError]:
    """Several written contributions in one transaction, one result per share in order:
    the stored contribution (a key its sender already used gives the one stored then), or
    the error that refused it. The room stores what arrives within a few milliseconds
    together: a transaction (and on SQLite a write lock) per contribution was what limited
    a burst. Checked as share_contribution checks, without a query per contribution."""
    from alliance.community.models import Ecosystem
    from alliance.meetings.models import ContributionKind

    idents = [(person_key(share.registration.pk), share.key) for share in shares]
    found: dict[tuple[str, str], Contribution] = {
        (c.sender, c.key): c for c in Contribution.objects.filter(
            session=session, sender__in={i[0] for i in idents}, key__in={i[1] for i in idents})}
    slugs = {share.ecosystem for share in shares if share.ecosystem}
    known = set(Ecosystem.objects.filter(slug__in=slugs).values_list("slug", flat=True)) if slugs else set()
    results: list[Contribution | ContributionError] = []
    new: list[Contribution] = []
    for share, ident in zip(shares, idents, strict=True):
        if ident in found:
            results.append(found[ident])
            continue
        try:
            _check_text(share.text)
            if share.kind not in ContributionKind.values:
                raise ContributionError(f"kind must be one of {', '.join(ContributionKind.values)}")
            if share.ecosystem and share.ecosystem not in known:
                raise ContributionError("unknown industrial ecosystem")
        except ContributionError as error:
            results.append(error)
            continue
        author = share.registration
        contribution = Contribution(
            session=session, registration=author, organisation=author.organisation, kind=share.kind,
            text=share.text.strip(), ecosystem_id=share.ecosystem or None, key=share.key, sender=ident[0])
        found[ident] = contribution
        new.append(contribution)
        results.append(contribution)
    try:
        with transaction.atomic():
            Contribution.objects.bulk_create(new)
    except IntegrityError:  # the same sender's key stored meanwhile by another process: one by one
        return [share_contribution(session=session, registration=s.registration, kind=s.kind, text=s.text,
                                   key=s.key, ecosystem=s.ecosystem)[0] if not isinstance(r, ContributionError)
                else r for s, r in zip(shares, results, strict=True)]
    for contribution in new:
        log_activity(None, ActivityVerb.CONTRIBUTION_SHARED, session.topic, session=session.pk,
                     contribution=contribution.pk, kind=contribution.kind)
    pks = [c.pk for c in new]
    _after_commit(lambda: _contributions_committed(session.pk, pks))
    return results


@transaction.atomic
def edit_contribution(
    *, contribution: Contribution, by: User | None, text: str, kind: str | None = None,
) -> Contribution:
    _check_text(text)
    contribution.text = text.strip()
    if kind is not None:
        contribution.kind = kind
    contribution.edited_at = timezone.now()
    try:
        contribution.full_clean(exclude=["registration", "organisation", "captured_by", "hidden_by"])
    except ValidationError as error:
        raise ContributionError("; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())) from None
    contribution.save(update_fields=["text", "kind", "edited_at"])
    log_activity(by, ActivityVerb.CONTRIBUTION_EDITED, contribution.session.topic, contribution=contribution.pk)
    _after_commit(lambda: _contributions_committed(contribution.session_id, [contribution.pk]))
    return contribution


@transaction.atomic
def confirm_contribution(*, contribution: Contribution, by: User | None) -> Contribution:
    contribution.confirmed_at = timezone.now()
    contribution.save(update_fields=["confirmed_at"])
    log_activity(by, ActivityVerb.CONTRIBUTION_CONFIRMED, contribution.session.topic, contribution=contribution.pk)
    _after_commit(lambda: _contributions_committed(contribution.session_id, [contribution.pk]))
    return contribution


@transaction.atomic
def hide_contribution(*, contribution: Contribution, by: User | None, reason: str) -> Contribution:
    if not reason.strip():
        raise ContributionError("hiding a contribution needs a reason: it goes into the log")
    contribution.hidden_at = timezone.now()
    contribution.hidden_reason = reason.strip()[:300]
    contribution.hidden_by = by if getattr(by, "is_authenticated", False) else None
    contribution.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    log_activity(by, ActivityVerb.CONTRIBUTION_HIDDEN, contribution.session.topic, contribution=contribution.pk,
                 reason=reason)
    _after_commit(lambda: _contributions_committed(contribution.session_id, [contribution.pk]))
    return contribution
