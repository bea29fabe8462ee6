"""Sessions of the alliance, their series, agendas and registrations.

Times are stored in UTC; every session also keeps its own zone (default
Europe/Brussels) because "08:30 Brussels time" is what the alliance agreed on
and what invitations must say.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.community.models import Ecosystem, Organisation, Person
from alliance.lib import kinds

DEFAULT_ZONE = "Europe/Brussels"
DEFAULT_START = dt.time(8, 30)
# The join link appears to registrants this long before the start.
JOIN_LINK_LEAD = dt.timedelta(minutes=15)


class WorkingFormat(models.TextChoices):
    GILLES = "gilles", _("Gilles Rules")
    OPEN = "open", _("Open discussion")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone can see and register")
    MEMBERS = "members", _("Members only: signed-in members see and register")


class SessionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    LIVE = "live", _("Live")
    ENDED = "ended", _("Ended")
    MINUTES_PUBLISHED = "minutes_published", _("Minutes published")
    CANCELLED = "cancelled", _("Cancelled")


class FormatSettings(models.Model):
    """The Gilles Rules' settings, shared by series and sessions (a session copies
    its series' settings when generated and may then change its own)."""

    working_format = models.CharField(
        _("working format"), max_length=10, choices=WorkingFormat.choices, default=WorkingFormat.GILLES
    )
    opening_minutes = models.PositiveSmallIntegerField(
        _("reserved opening minutes"), default=5, validators=[MaxValueValidator(120)]
    )
    closing_minutes = models.PositiveSmallIntegerField(
        _("reserved closing minutes"), default=5, validators=[MaxValueValidator(120)]
    )
    min_turn_seconds = models.PositiveSmallIntegerField(
        _("minimum turn (seconds)"), default=60, validators=[MinValueValidator(10), MaxValueValidator(3600)]
    )
    max_turn_seconds = models.PositiveSmallIntegerField(
        _("maximum turn (seconds)"), default=180, validators=[MinValueValidator(10), MaxValueValidator(3600)]
    )
    second_round = models.BooleanField(_("second round when time remains"), default=True)
    # How many first-round requests the alliance's sessions usually got, scaled to this
    # floor (floor.Settings.usual_requests): read from the history when the floor's first
    # event is stored and kept, so that replaying this session always gives the same state.
    usual_floor_requests = models.FloatField(null=True, blank=True, editable=False)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=60, validators=[MinValueValidator(5), MaxValueValidator(24 * 60)]
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default=DEFAULT_ZONE)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, validators=[MinValueValidator(1)],
        help_text=_("Seats; leave blank for unlimited. When full, registrations go to a waitlist."),
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    video_link = models.URLField(
        _("video-call link"), blank=True, max_length=500,
        help_text=_("Shown only to registrants, from 15 minutes before the start."),
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        from alliance.meetings.recurrence import RecurrenceError, valid_zone

        errors: dict[str, Any] = {}
        try:
            valid_zone(self.time_zone)
        except RecurrenceError as error:
            errors["time_zone"] = str(error)
        if self.min_turn_seconds and self.max_turn_seconds and self.min_turn_seconds > self.max_turn_seconds:
            errors["max_turn_seconds"] = _("The maximum turn cannot be shorter than the minimum turn.")
        if (self.duration_minutes and self.opening_minutes is not None and self.closing_minutes is not None
                and self.opening_minutes + self.closing_minutes >= self.duration_minutes):
            errors["closing_minutes"] = _("Opening and closing together must leave time for the floor.")
        if errors:
            raise ValidationError(errors)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


class Series(FormatSettings):
    """A recurring series ("every weekday at 08:30 Brussels time") from an RFC 5545 rule."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    rule = models.CharField(
        _("recurrence rule"), max_length=500,
        help_text=_("RFC 5545, e.g. FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR for every weekday."),
    )
    start_date = models.DateField(_("first date"))
    start_time = models.TimeField(_("start time"), default=DEFAULT_START)
    exdates = models.JSONField(_("exception dates"), default=list, blank=True)
    ecosystems = models.ManyToManyField(Ecosystem, blank=True, related_name="+",
                                        verbose_name=_("industrial ecosystems"))
    generated_until = models.DateField(null=True, blank=True, editable=False)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_date", "title"]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:series", args=[self.pk])

    @property
    def exception_dates(self) -> list[dt.date]:
        return [dt.date.fromisoformat(d) for d in self.exdates]


class SessionQuerySet(models.QuerySet["Session"]):
    def listed(self) -> SessionQuerySet:
        """What the agenda shows: everything but drafts."""
        return self.exclude(status=SessionStatus.DRAFT)


class Session(FormatSettings):
    """One meeting of the alliance: the seed's header, plus what running it takes."""

    series = models.ForeignKey(Series, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="sessions", verbose_name=_("series"))
    # The date the series rule gave this session; stays when the session is moved,
    # so generating the series again never recreates it (and it is the RECURRENCE-ID).
    occurrence = models.DateField(null=True, blank=True, editable=False)
    topic = models.CharField(_("topic of the day"), max_length=200)
    description = models.TextField(_("conceptual framing"), blank=True, max_length=10000)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ecosystems = models.ManyToManyField(Ecosystem, blank=True, related_name="sessions",
                                        verbose_name=_("industrial ecosystems"))
    registration_opens_at = models.DateTimeField(
        _("registration opens"), null=True, blank=True, help_text=_("Blank: open now."))
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Blank: at the end of the session."))
    moderators = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="moderated_sessions",
                                        verbose_name=_("moderators"))
    scribes = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="scribed_sessions",
                                     verbose_name=_("scribes"))
    status = models.CharField(_("status"), max_length=20, choices=SessionStatus.choices,
                              default=SessionStatus.SCHEDULED, db_index=True)
    # Where people registered, when that was somewhere else (summaries imported from before
    # the platform); blank means this platform's own registration page.
    registration_url = models.URLField(_("external registration link"), blank=True, max_length=500)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # RFC 5545 SEQUENCE: bumped whenever the time or status changes, so calendars update.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(fields=["series", "occurrence"], name="session_series_occurrence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.topic} ({self.starts_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("meetings:session", args=[self.pk])

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def local_start(self) -> dt.datetime:
        return self.starts_at.astimezone(self.zone)

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    def is_over(self, now: dt.datetime | None = None) -> bool:
        """Ended by its moderator or past its end: no seat to hold, cancel or join any more."""
        return (self.status in (SessionStatus.ENDED, SessionStatus.MINUTES_PUBLISHED)
                or (now or timezone.now()) >= self.ends_at)

    def registration_window(self) -> tuple[dt.datetime | None, dt.datetime]:
        return self.registration_opens_at, self.registration_closes_at or self.ends_at

    def registration_is_open(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        opens, closes = self.registration_window()
        return (self.status in (SessionStatus.SCHEDULED, SessionStatus.LIVE)
                and (opens is None or opens <= now) and now < closes)

    def join_link_visible(self, now: dt.datetime | None = None) -> bool:
        """The window in which registrants see the join link (access decides who)."""
        now = now or timezone.now()
        return (bool(self.video_link) and not self.is_cancelled
                and self.starts_at - JOIN_LINK_LEAD <= now < self.ends_at)

    def clean(self) -> None:
        super().clean()
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and opens >= closes:
            raise ValidationError({"registration_closes_at": _("Registration must close after it opens.")})


class AgendaItem(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("agenda item"), max_length=200)
    minutes = models.PositiveSmallIntegerField(_("minutes"), validators=[MaxValueValidator(24 * 60)])

    class Meta:
        ordering = ["session", "position", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{self.title} ({self.minutes} min)"


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waitlist")
    CANCELLED = "cancelled", _("Cancelled")


class AttendanceSource(models.TextChoices):
    ROOM = "room", _("Opened the live room")
    MODERATOR = "moderator", _("Marked by a moderator")


def person_key(registration_id: int) -> str:
    """How the floor and the room name a registrant: "r<registration id>" (the engine
    treats it as an opaque string; only meetings turns it back into a registration)."""
    return f"r{registration_id}"


def registration_id(key: str) -> int | None:
    """The registration behind a person key, or None for anything else (a user "u…", "")."""
    return int(key[1:]) if key.startswith("r") and key[1:].isdigit() else None


class Registration(models.Model):
    """A person's place in a session: a seat, a waitlist place, or a cancelled one.

    One row per (session, person): registering again is the same registration.
    Seats are counted under a lock on the session row (see actions.register).
    """

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="registrations")
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="registrations", verbose_name=_("organisation"))
    status = models.CharField(_("status"), max_length=12, choices=RegistrationStatus.choices, db_index=True)
    wants_floor = models.BooleanField(_("wants the floor"), default=False)
    floor_point = models.CharField(_("point for the floor"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    consent_text = models.TextField(_("consent given"), blank=True)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    # The waitlist is served in this order; re-registering after a cancellation goes to the back.
    queued_at = models.DateTimeField(default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(_("seat since"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    attended_at = models.DateTimeField(_("attended at"), null=True, blank=True)
    attendance_source = models.CharField(max_length=10, choices=AttendanceSource.choices, blank=True)
    reminded_24h_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_1h_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["session", "queued_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="registration_once_per_person"),
        ]
        indexes = [models.Index(fields=["session", "status", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.person} → {self.session}"

    def waitlist_position(self) -> int | None:
        """1 for the next one to get a seat; None when not on the waitlist. The order is
        the one the seats are given in (actions._promote_waitlist)."""
        if self.status != RegistrationStatus.WAITLISTED:
            return None
        ahead = Registration.objects.filter(session_id=self.session_id, status=RegistrationStatus.WAITLISTED).filter(
            models.Q(queued_at__lt=self.queued_at) | models.Q(queued_at=self.queued_at, pk__lt=self.pk))
        return ahead.count() + 1


class PendingRegistration(models.Model):
    """A registration from the public form that waits for its address to confirm it.

    Nothing is recorded about the person until they do: no registry person, no
    organisation, no consent — only what the form said, to carry out once confirmed.
    While ``hold_until`` has not passed, a pending registration made when a seat was
    free holds that seat (``holds_seat``), so a confirmation within the stated time
    always finds it; invented addresses never confirm and their holds run out.
    """

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="pending_registrations")
    email = models.EmailField(max_length=254)
    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    organisation_name = models.CharField(max_length=200, blank=True)
    organisation_type = models.CharField(max_length=20, blank=True)
    organisation_country = models.CharField(max_length=2, blank=True)
    wants_floor = models.BooleanField(default=False)
    floor_point = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=8, default="en")
    # The text the form showed; it becomes the registration's consent only on confirmation.
    consent_offered = models.TextField(blank=True)
    holds_seat = models.BooleanField(default=False)
    hold_until = models.DateTimeField(db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Set when confirmed, or when an expired hold was given back (the waitlist moved up).
    confirmed_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["session", "holds_seat", "hold_until"])]

    def __str__(self) -> str:
        return f"{self.email} → {self.session} (pending)"


class FloorEvent(models.Model):
    """One event of a session's floor, in order. The floor's state is the replay of these
    events through the engine (meetings/floor.py); an event is stored before anyone is
    told of it, so a restarted process rebuilds the room from here. ``key`` is chosen by
    the client that sent it: a message sent again is stored once."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="floor_events")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=20)
    at = models.DateTimeField()
    # The engine's name for a person: "r<registration id>".
    person = models.CharField(max_length=40, blank=True)
    data = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    key = models.CharField(max_length=64)
    # Whose key it is ("u<user id>", "" for the system): a key is one sender's, so another
    # person choosing the same key is not taken for a resend.
    sender = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        ordering = ["session", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["session", "seq"], name="floor_event_seq_unique"),
            models.UniqueConstraint(fields=["session", "sender", "key"], name="floor_event_sender_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}#{self.seq} {self.kind} {self.person}"


class ContributionKind(models.TextChoices):
    """The labels of alliance.lib.kinds, the one vocabulary of statements."""

    FRAMEWORK = kinds.FRAMEWORK, _("Framework")
    DISRUPTION = kinds.DISRUPTION, _("Disruption")
    NEED = kinds.NEED, _("Need")
    SOLUTION = kinds.SOLUTION, _("Solution")
    REFERENCE = kinds.REFERENCE, _("Reference")


class ContributionOrigin(models.TextChoices):
    ROOM = "room", _("Live room")
    IMPORTED = "imported", _("Imported summary")


class Contribution(models.Model):
    """One thing said or written in a session, by one person on behalf of one organisation.

    Written ones come from the room's written channel; spoken ones are captured by a
    scribe during a turn and confirmed (or corrected) by the speaker. Key phrases are
    marked **like this** and stay bold in the minutes."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="contributions")
    registration = models.ForeignKey(Registration, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="contributions")
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="contributions")
    kind = models.CharField(_("kind"), max_length=12, choices=ContributionKind.choices)
    ecosystem = models.ForeignKey(Ecosystem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    text = models.TextField(_("text"), max_length=2000)
    # The language the text is written in (ISO 639-1), "" until known: the overview of
    # needs detects it, and filters and groups statements across languages by it.
    language = models.CharField(_("language"), max_length=8, blank=True, db_index=True)
    spoken = models.BooleanField(default=False)
    # Imported from an earlier summary: no speaker is known, the minutes say "imported".
    origin = models.CharField(max_length=10, choices=ContributionOrigin.choices, default=ContributionOrigin.ROOM)
    # The turn a spoken contribution was captured in: who spoke, and when the turn began.
    turn_person = models.CharField(max_length=40, blank=True)
    turn_started_at = models.DateTimeField(null=True, blank=True)
    captured_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=300, blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    key = models.CharField(max_length=64)
    # Whose key it is ("u<user id>" of whoever sent it, "" for imports): see FloorEvent.sender.
    sender = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        ordering = ["session", "created_at", "id"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [models.UniqueConstraint(fields=["session", "sender", "key"],
                                               name="contribution_sender_key_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class RoomPresence(models.Model):
    """One open connection to a session's live room, for the moderator's list of who is
    present, written in batches by the process holding it (meetings/presence.py), which
    marks all its rows as seen every 25 seconds; a row not seen for a while belongs to a
    connection that died with its process and is ignored."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="presences")
    channel = models.CharField(max_length=200, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="+")
    person = models.CharField(max_length=40, blank=True)
    name = models.CharField(max_length=200, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["session", "seen_at"])]

    def __str__(self) -> str:
        return f"{self.name or 'visitor'} in {self.session_id}"
