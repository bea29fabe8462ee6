"""Writes to minutes: drafting, editing, amendments, publication, and importing summaries.

Every change of the text adds a version (nothing overwrites one). Functions that
depend on the minutes' state lock the minutes row first (``select_for_update``) inside
``transaction.atomic()``, so two moderators, or an amendment and a publication, cannot
interleave.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from alliance.community.actions import log_activity, send_list_mail
from alliance.community.models import ActivityVerb, Subscription, SubscriptionStatus
from alliance.lib.kinds import CONTRIBUTION_KINDS
from alliance.lib.mail import send_templated_mail
from alliance.meetings import actions as meetings_actions
from alliance.meetings.models import (
    Contribution,
    ContributionKind,
    Registration,
    RegistrationStatus,
    Session,
    WorkingFormat,
    person_key,
    registration_id,
)
from alliance.meetings.queries import floor_state
from alliance.minutes import draft as drafter
from alliance.minutes.importer import Parsed, Sentence
from alliance.minutes.models import (
    MAX_BODY,
    Amendment,
    AmendmentStatus,
    Minutes,
    MinutesStatus,
    MinutesVersion,
    PendingImport,
    VersionReason,
    content_hash,
)

if TYPE_CHECKING:
    from alliance.accounts.models import User

KINDS = CONTRIBUTION_KINDS


class MinutesError(Exception):
    """A change the minutes' state does not allow; ``code`` is stable, views word it."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _user(by: User | None) -> Any:
    return by if by is not None and getattr(by, "is_authenticated", False) else None


# --- Drafting ---------------------------------------------------------------------------

def header(session: Session) -> drafter.Header:
    with translation.override("en"):  # summaries are written in the alliance's working language
        working = str(WorkingFormat(session.working_format).label)
    registration = ""
    # A link to register for a session that has ended would only disappoint.
    if session.registration_is_open():
        registration = session.registration_url or settings.SITE_URL + reverse("meetings:register",
                                                                               args=[session.pk])
    return drafter.Header(alliance=settings.ALLIANCE_NAME, starts_at=session.local_start, zone=session.time_zone,
                          working_format=working, registration_url=registration, topic=session.topic,
                          framing=session.description)


def _turn_id(person: str, started_at: float) -> str:
    # Captures store the turn's start as a datetime made from the engine's float seconds:
    # milliseconds are what survives both ways.
    return f"{person}@{round(started_at * 1000)}"


def turns(session: Session) -> list[drafter.Turn]:
    """Every turn on the floor, from the stored floor events (the engine's replay)."""
    if not session.floor_events.exists():
        return []
    state = floor_state(session)
    done = [*state.turns, *([state.current] if state.current else [])]
    ids = [pk for pk in (registration_id(t.person) for t in done) if pk is not None]
    registrations = {person_key(r.pk): r for r in Registration.objects.filter(session=session, pk__in=ids)
                     .select_related("person", "organisation")}
    out = []
    for turn in done:
        registration = registrations.get(turn.person)
        out.append(drafter.Turn(
            id=_turn_id(turn.person, turn.started_at),
            speaker=registration.person.name if registration else turn.person,
            organisation=registration.organisation.name if registration and registration.organisation else "",
            point=turn.point, started_at=dt.datetime.fromtimestamp(turn.started_at, dt.UTC)))
    return out


def items(session: Session) -> list[drafter.Item]:
    rows = (Contribution.objects.filter(session=session, hidden_at__isnull=True)
            .select_related("organisation").order_by("created_at", "id"))
    return [drafter.Item(id=c.pk, kind=c.kind, text=c.text, created_at=c.created_at,
                         organisation=c.organisation.name if c.organisation else "",
                         turn=_turn_id(c.turn_person, c.turn_started_at.timestamp())
                         if c.spoken and c.turn_person and c.turn_started_at else "")
            for c in rows]


def drafted_markdown(session: Session) -> str:
    return drafter.to_markdown(drafter.draft(header(session), items(session), turns(session)))


def _locked(minutes: Minutes) -> Minutes:
    return Minutes.objects.select_for_update().select_related("session").get(pk=minutes.pk)


def _version(minutes: Minutes, *, by: User | None, reason: str, published: bool = False) -> MinutesVersion:
    last = minutes.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return MinutesVersion.objects.create(minutes=minutes, number=last + 1, body=minutes.body,
                                         content_hash=content_hash(minutes.body), reason=reason,
                                         published=published, created_by=_user(by))


@transaction.atomic
def draft_minutes(*, by: User | None, session: Session) -> Minutes:
    """Draft (or draft again) from the contributions. Drafting again replaces the working
    text with a new version; every earlier version stays."""
    # The session lock makes the first draft of a session one get_or_create at a time; the
    # minutes lock orders this draft with edits and amendments, which lock only the minutes.
    Session.objects.select_for_update().filter(pk=session.pk).first()
    minutes, _created = Minutes.objects.get_or_create(session=session)
    minutes = _locked(minutes)
    if minutes.amendments.filter(status=AmendmentStatus.PROPOSED).exists():
        raise MinutesError("pending_amendments")
    minutes.body = drafted_markdown(session)
    if minutes.status == MinutesStatus.PUBLISHED:
        minutes.status = MinutesStatus.DRAFT
    minutes.save(update_fields=["body", "status", "updated_at"])
    _version(minutes, by=by, reason=VersionReason.DRAFTED)
    log_activity(by, ActivityVerb.MINUTES_DRAFTED, session.topic, session=session.pk)
    return minutes


@transaction.atomic
def save_minutes(*, by: User | None, minutes: Minutes, body: str) -> Minutes:
    minutes = _locked(minutes)
    body = body.replace("\r\n", "\n")
    if len(body) > MAX_BODY:
        raise MinutesError("too_long")
    if body == minutes.body:
        return minutes
    minutes.body = body
    if minutes.status == MinutesStatus.PUBLISHED:
        minutes.status = MinutesStatus.DRAFT  # corrections after publication wait for the next publication
    minutes.save(update_fields=["body", "status", "updated_at"])
    _version(minutes, by=by, reason=VersionReason.EDITED)
    log_activity(by, ActivityVerb.MINUTES_EDITED, minutes.session.topic, session=minutes.session_id)
    return minutes


# --- Amendments -------------------------------------------------------------------------

def amendable(body: str) -> list[tuple[str, str]]:
    """(section, line) for every bullet and paragraph under a section heading: what an
    attendee may propose to change, one at a time."""
    out = []
    section = ""
    for line in body.splitlines():
        stripped = line.strip()
        if stripped.startswith("## "):
            section = stripped[3:].strip()
        elif stripped and section and not stripped.startswith("#"):
            out.append((section, stripped))
    return out


@transaction.atomic
def open_amendments(*, by: User | None, minutes: Minutes, days: int | None = None,
                    now: dt.datetime | None = None) -> Minutes:
    minutes = _locked(minutes)
    if minutes.status == MinutesStatus.PUBLISHED:
        raise MinutesError("published")
    if days is not None:
        minutes.amendment_days = days
    minutes.status = MinutesStatus.AMENDMENTS
    minutes.amendments_close_at = (now or timezone.now()) + dt.timedelta(days=minutes.amendment_days)
    minutes.save(update_fields=["status", "amendment_days", "amendments_close_at", "updated_at"])
    log_activity(by, ActivityVerb.MINUTES_AMENDMENTS_OPENED, minutes.session.topic, session=minutes.session_id,
         days=minutes.amendment_days)
    return minutes


@transaction.atomic
def propose_amendment(*, by: User | None, minutes: Minutes, original: str, proposed: str, reason: str = "",
                      now: dt.datetime | None = None) -> Amendment:
    from alliance.minutes.access import amendments_open

    minutes = _locked(minutes)
    if not amendments_open(minutes, now):
        raise MinutesError("window_closed")
    original, proposed = original.strip(), drafter.one_line(proposed)
    if original not in {line for _section, line in amendable(minutes.body)}:
        raise MinutesError("no_such_bullet")
    if not proposed or proposed == original:
        raise MinutesError("no_change")
    amendment = Amendment.objects.create(minutes=minutes, original=original, proposed=proposed,
                                         reason=reason.strip()[:500], proposed_by=_user(by))
    log_activity(by, ActivityVerb.MINUTES_AMENDMENT_PROPOSED, minutes.session.topic, session=minutes.session_id,
                 id=amendment.pk)
    return amendment


@transaction.atomic
def decide_amendment(*, by: User | None, amendment: Amendment, accept: bool) -> Amendment:
    minutes = _locked(amendment.minutes)
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    if amendment.status != AmendmentStatus.PROPOSED:
        raise MinutesError("decided")
    if accept:
        lines = minutes.body.split("\n")
        for index, line in enumerate(lines):
            if line.strip() == amendment.original:
                prefix = line[: len(line) - len(line.lstrip())]
                lines[index] = prefix + amendment.proposed
                break
        else:
            raise MinutesError("bullet_changed")
        minutes.body = "\n".join(lines)
        minutes.save(update_fields=["body", "updated_at"])
        _version(minutes, by=by, reason=VersionReason.AMENDED)
    amendment.status = AmendmentStatus.ACCEPTED if accept else AmendmentStatus.REJECTED
    amendment.decided_at = timezone.now()
    amendment.decided_by = _user(by)
    amendment.save(update_fields=["status", "decided_at", "decided_by"])
    verb = ActivityVerb.MINUTES_AMENDMENT_ACCEPTED if accept else ActivityVerb.MINUTES_AMENDMENT_REJECTED
    log_activity(by, verb, minutes.session.topic, session=minutes.session_id,
         id=amendment.pk)
    return amendment


# --- Publication ------------------------------------------------------------------------

@transaction.atomic
def publish_minutes(*, by: User | None, minutes: Minutes, notify: bool = True) -> MinutesVersion:
    """Freeze the text as a published version (with its SHA-256), close the amendment
    window, mark the session, and send the summary to the list and the registrants."""
    minutes = _locked(minutes)
    if minutes.amendments.filter(status=AmendmentStatus.PROPOSED).exists():
        raise MinutesError("pending_amendments")
    if not minutes.body.strip():
        raise MinutesError("empty")
    version = _version(minutes, by=by, reason=VersionReason.PUBLISHED, published=True)
    minutes.published = version
    minutes.status = MinutesStatus.PUBLISHED
    now = timezone.now()
    minutes.amendments_close_at = min(minutes.amendments_close_at or now, now)
    minutes.save(update_fields=["published", "status", "amendments_close_at", "updated_at"])
    meetings_actions.mark_minutes_published(session=minutes.session)
    log_activity(by, ActivityVerb.MINUTES_PUBLISHED, minutes.session.topic, session=minutes.session_id,
                 version=version.number, hash=version.content_hash)
    if notify:  # the demo's past minutes are published without e-mailing anyone
        transaction.on_commit(lambda: send_minutes.enqueue(version_id=version.pk))
    return version


@dataclasses.dataclass(frozen=True, order=True)
class Recipient:
    email: str
    name: str
    language: str
    # On the mailing list: the message is list mail, with this subscriber's unsubscribe link.
    subscription: Subscription | None = dataclasses.field(default=None, compare=False)


def recipients(session: Session) -> list[Recipient]:
    """The list's confirmed subscribers and the session's registrants with a seat, once
    per address (the registration's language wins)."""
    out: dict[str, Recipient] = {}
    for sub in Subscription.objects.filter(status=SubscriptionStatus.CONFIRMED).order_by("email"):
        out[sub.email.lower()] = Recipient(sub.email, sub.name, sub.language, sub)
    rows = (Registration.objects.filter(session=session, status=RegistrationStatus.CONFIRMED)
            .select_related("person").order_by("pk"))
    for registration in rows:
        person = registration.person
        listed = out.get(person.email.lower())
        out[person.email.lower()] = Recipient(listed.email if listed else person.email, person.name,
                                              registration.language, listed.subscription if listed else None)
    return sorted(out.values())


def recipient_count(session: Session) -> int:
    return len(recipients(session))


@task()
def send_minutes(*, version_id: int) -> int:
    version = MinutesVersion.objects.select_related("minutes__session").get(pk=version_id)
    session = version.minutes.session
    path = reverse("minutes:public", args=[session.pk])
    sent = 0
    for recipient in recipients(session):
        context = {"name": recipient.name, "topic": session.topic, "date": f"{session.local_start:%Y-%m-%d}",
                   "path": path, "markdown": version.body}
        if recipient.subscription is not None:
            send_list_mail(subscription=recipient.subscription, template="minutes/email/published",
                           context=context, language=recipient.language)
        else:  # a registrant who is not on the list: a message about their own session
            send_templated_mail.enqueue(to=[recipient.email], template="minutes/email/published",
                                        language=recipient.language, context=context)
        sent += 1
    log_activity(None, ActivityVerb.MINUTES_SENT, session.topic, session=session.pk, recipients=sent,
                 version=version.number)
    return sent


# --- Importing summaries ----------------------------------------------------------------

class DuplicateImportError(MinutesError):
    def __init__(self, session: Session) -> None:
        super().__init__("duplicate")
        self.session = session


def _working_format(name: str) -> str:
    lowered = name.lower()
    if "gilles" in lowered:
        return WorkingFormat.GILLES
    return WorkingFormat.OPEN if lowered else WorkingFormat.GILLES


@transaction.atomic
def import_parsed(*, by: User | None, parsed: Parsed) -> Session:
    """Create the session and its contributions from a parsed summary, all or nothing.
    Sentences classified "other" are not contributions; references become reference
    contributions. A summary of a session already here (same start and topic) is refused."""
    starts_at = parsed.starts_at.astimezone(dt.UTC)
    existing = Session.objects.filter(starts_at=starts_at, topic__iexact=parsed.topic).first()
    if existing is not None:
        raise DuplicateImportError(existing)
    url = parsed.registration_url if parsed.registration_url.startswith(("http://", "https://")) else ""
    session = meetings_actions.record_past_session(by=by, fields={
        "topic": parsed.topic, "starts_at": starts_at, "time_zone": parsed.zone,
        "working_format": _working_format(parsed.working_format), "registration_url": url[:500]})
    entries: list[tuple[str, str]] = [(item.kind, item.text) for item in parsed.items if item.kind in KINDS]
    entries += [(ContributionKind.REFERENCE, f"[{title}]({url})" if url else title)
                for title, url in parsed.references]
    rows = meetings_actions.import_contributions(session=session, entries=entries)
    log_activity(by, ActivityVerb.MINUTES_IMPORTED, session.topic, session=session.pk, file=parsed.filename[:200],
         contributions=len(rows))
    return session


def import_warnings(parsed: Parsed) -> list[str]:
    """What the import changed from the file, in words for the report."""
    words = {
        "topic_shortened": _("The topic of the day is longer than %(detail)s characters: it was shortened."),
        "unknown_zone": _("Unknown time zone “%(detail)s”: Europe/Brussels was used."),
    }
    return [words[code] % {"detail": detail} if code in words else f"{code}: {detail}"
            for code, detail in parsed.warnings]


@transaction.atomic
def hold_for_review(*, by: User | None, filename: str, parsed: Parsed) -> PendingImport:
    """A file with doubtful sentences waits for a person to choose their kinds; nothing
    of it is saved as a session until then (import_reviewed)."""
    return PendingImport.objects.create(filename=filename[:255], parsed=parsed_to_json(parsed),
                                        created_by_id=int(getattr(by, "pk", 0) or 0))


@transaction.atomic
def import_reviewed(*, by: User | None, pending: PendingImport, parsed: Parsed) -> Session:
    """The reviewed file becomes its session and contributions, and stops waiting: both
    or neither (a duplicate refuses the import and keeps it waiting)."""
    session = import_parsed(by=by, parsed=parsed)
    pending.delete()
    return session


@transaction.atomic
def discard_import(*, by: User | None, pending: PendingImport) -> None:
    log_activity(by, ActivityVerb.MINUTES_IMPORT_DISCARDED, pending.filename, pending=pending.pk)
    pending.delete()


def parsed_to_json(parsed: Parsed) -> dict[str, Any]:
    data = dataclasses.asdict(parsed)
    data["starts_at"] = parsed.starts_at.isoformat()
    return data


def parsed_from_json(data: dict[str, Any]) -> Parsed:
    fields = dict(data)
    fields["starts_at"] = dt.datetime.fromisoformat(data["starts_at"]).astimezone(ZoneInfo(data["zone"]))
    fields["items"] = [Sentence(**{**item, "scores": tuple(tuple(s) for s in item.get("scores", ()))})
                       for item in data["items"]]
    fields["references"] = [tuple(r) for r in data["references"]]
    fields["warnings"] = [tuple(w) for w in data.get("warnings", ())]  # pending imports from before warnings
    return Parsed(**fields)


