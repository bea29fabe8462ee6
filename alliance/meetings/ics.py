"""iCalendar (RFC 5545) invitations and feeds, built with the ``icalendar`` library.

One VEVENT per session, whatever the feed: its UID is the session's, SEQUENCE
grows with every change of time or status, so a calendar that imported the
invitation updates it (or removes it, for METHOD:CANCEL) instead of adding a copy.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.utils import timezone

from alliance.meetings.models import Session, SessionStatus

PRODID = "-//Alliance//Sessions//EN"


def _organiser_address() -> str:
    from email.utils import parseaddr

    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "alliance@localhost"


def _event(session: Session, *, join_link: bool, cancelled: bool = False) -> icalendar.Event:
    url = settings.SITE_URL + session.get_absolute_url()
    event = icalendar.Event()
    event.add("uid", f"session-{session.uid}@alliance")
    event.add("dtstamp", timezone.now())
    # Local time with its zone: calendars show "08:30 Brussels" and follow DST rules.
    event.add("dtstart", session.local_start)
    event.add("dtend", session.ends_at.astimezone(session.zone))
    event.add("summary", session.topic)
    event.add("sequence", session.sequence)
    event.add("url", url)
    lines = [session.description.strip()] if session.description.strip() else []
    lines.append(f"{settings.ALLIANCE_NAME} · {session.get_working_format_display()}")
    if join_link and session.video_link:
        lines.append(f"Join: {session.video_link}")
        event.add("location", session.video_link)
    lines.append(f"Session page: {url}")
    event.add("description", "\n\n".join(lines))
    organiser = icalendar.vCalAddress(f"mailto:{_organiser_address()}")
    organiser.params["cn"] = icalendar.vText(settings.ALLIANCE_NAME)
    event.add("organizer", organiser)
    if cancelled or session.status == SessionStatus.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    if session.series_id and session.occurrence:
        # The date the series rule gave it, at the series' time, in the session's zone.
        from alliance.meetings.recurrence import local_start

        assert session.series is not None
        event.add("recurrence-id", local_start(session.occurrence, session.series.start_time, session.zone))
    return event


@functools.cache
def _vtimezone(name: str) -> icalendar.Timezone:
    """The VTIMEZONE of a zone, built once per process: building it walks the zone's
    transitions and was half the CPU of a registration (bench/registration_burst.py).
    From 2000: the alliance's sessions start in 2020."""
    return icalendar.Timezone.from_tzid(name, first_date=dt.date(2000, 1, 1))


def _add_zones(cal: icalendar.Calendar, sessions: Iterable[Session]) -> None:
    for name in sorted({s.time_zone for s in sessions}):
        cal.add_component(_vtimezone(name))


def _calendar(method: str | None, name: str) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    cal.add("x-wr-calname", name)
    return cal


def invitation(
    session: Session, *, attendee_email: str, attendee_name: str = "", cancelled: bool = False,
) -> str:
    """METHOD:REQUEST for one registrant, or METHOD:CANCEL when the session or their
    registration was cancelled (their calendar then removes the event)."""
    cancelled = cancelled or session.status == SessionStatus.CANCELLED
    cal = _calendar("CANCEL" if cancelled else "REQUEST", session.topic)
    event = _event(session, join_link=True, cancelled=cancelled)
    attendee = icalendar.vCalAddress(f"mailto:{attendee_email}")
    if attendee_name:
        attendee.params["cn"] = icalendar.vText(attendee_name)
    attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = icalendar.vText("ACCEPTED")
    event.add("attendee", attendee)
    _add_zones(cal, [session])
    cal.add_component(event)
    return cal.to_ical().decode("utf-8")


def feed(sessions: Iterable[Session], *, name: str, join_links: bool = False) -> str:
    """A subscribable calendar (METHOD:PUBLISH) of several sessions."""
    cal = _calendar("PUBLISH", name)
    cal.add("refresh-interval", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    sessions = list(sessions)
    _add_zones(cal, sessions)
    for session in sessions:
        cal.add_component(_event(session, join_link=join_links))
    return cal.to_ical().decode("utf-8")
