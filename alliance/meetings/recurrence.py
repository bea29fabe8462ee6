"""Recurring series: RFC 5545 rules to local session start times. Pure Python, no Django.

A series says "every weekday at 08:30 Brussels time": the rule is evaluated on
*local* dates and each date is then combined with the local start time in the
series' zone, so a session stays at 08:30 across daylight-saving changes (its
UTC instant moves, which is what people expect of a morning meeting).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, rrule, rrulestr

from alliance.lib.zonenames import known_zone

# A rule yielding more sessions than this in its first year is a typo
# (FREQ=HOURLY, a forgotten BYDAY...), not a series anyone attends.
MAX_PER_YEAR = 366
# A bounded rule (COUNT or UNTIL) may not give more than this in all.
MAX_TOTAL = 1000
FORBIDDEN_PARTS = ("DTSTART", "BYHOUR", "BYMINUTE", "BYSECOND")
# Dates outside these are typos (or probes), and inside them every step — a year of
# look-ahead, the zone's offset to UTC — stays within what Python's dates can hold.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(9000, 12, 31)

PRESETS = {
    "weekdays": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
    "tue-thu": "FREQ=WEEKLY;BYDAY=TU,TH",
    "weekly": "FREQ=WEEKLY",
}


class RecurrenceError(ValueError):
    """The rule, zone or dates cannot make a series; the message says why, for people."""


def valid_zone(name: str) -> ZoneInfo:
    zone = known_zone(name)
    if zone is None:
        raise RecurrenceError(f"“{name[:60]}” is not a time zone name such as Europe/Brussels.")
    return zone


def check_first_date(start: dt.date) -> dt.date:
    if not EARLIEST <= start <= LATEST:
        raise RecurrenceError(f"Choose a first date between {EARLIEST:%Y-%m-%d} and {LATEST:%Y-%m-%d}.")
    return start


def parse_rule(text: str, start: dt.date) -> rrule:
    """Parse the RRULE value (``FREQ=WEEKLY;BYDAY=TU,TH``, with or without ``RRULE:``)."""
    value = text.strip()
    if value.upper().startswith("RRULE:"):
        value = value[6:]
    if not value or len(value) > 500 or "\n" in value:
        raise RecurrenceError("Write one recurrence rule, such as FREQ=WEEKLY;BYDAY=TU,TH.")
    upper = value.upper()
    for part in FORBIDDEN_PARTS:
        if part in upper:
            raise RecurrenceError(
                f"{part} cannot be used: the series' start date and time are set separately."
            )
    # UNTIL in UTC form (…Z) is compared with the naive local dates; a day is what matters.
    value = re.sub(r"(UNTIL=\d{8}(?:T\d{6})?)Z", r"\1", value, flags=re.IGNORECASE)
    if "FREQ=" not in upper:
        raise RecurrenceError("The rule needs a frequency, such as FREQ=WEEKLY.")
    try:
        rule = rrulestr(value, dtstart=dt.datetime.combine(start, dt.time()), forceset=False)
    except (ValueError, TypeError, KeyError, OverflowError) as error:
        raise RecurrenceError(f"This is not a valid RFC 5545 recurrence rule ({error}).") from None
    if not isinstance(rule, rrule):  # pragma: no cover - forceset=False and one rule give an rrule
        raise RecurrenceError("Write one recurrence rule.")
    if rule._freq > DAILY:  # HOURLY, MINUTELY, SECONDLY
        raise RecurrenceError("A series meets at most once a day: use DAILY, WEEKLY, MONTHLY or YEARLY.")
    return rule


def occurrence_dates(
    rule_text: str, start: dt.date, *, until: dt.date | None = None,
    exdates: Iterable[dt.date] = (), check: bool = True,
) -> list[dt.date]:
    """The local dates of the series up to ``until`` (inclusive), exception dates removed.

    With ``check`` the rule must give at least one date and at most MAX_PER_YEAR in
    its first year; a RecurrenceError says which it broke.
    """
    check_first_date(start)
    rule = parse_rule(rule_text, start)
    excluded = set(exdates)
    if check:
        first_year = dt.datetime.combine(start + dt.timedelta(days=365), dt.time())
        head = list(itertools.islice(rule.between(
            dt.datetime.combine(start, dt.time()), first_year, inc=True), MAX_PER_YEAR + 1))
        if len(head) > MAX_PER_YEAR:
            raise RecurrenceError(
                f"This rule gives more than {MAX_PER_YEAR} sessions in a year; check FREQ, BYDAY and INTERVAL."
            )
        if rule._count or rule._until:
            total = sum(1 for _ in itertools.islice(rule, MAX_TOTAL + 1))
            if total > MAX_TOTAL:
                raise RecurrenceError(
                    f"This rule gives more than {MAX_TOTAL} sessions; set an earlier end or a smaller COUNT."
                )
        if not any(d.date() not in excluded for d in itertools.islice(rule, 2000)):
            raise RecurrenceError("This rule gives no session date; check its days, dates and end.")
    if until is None:
        until = start + dt.timedelta(days=365)
    end = dt.datetime.combine(min(until, LATEST), dt.time())
    dates = []
    for occurrence in rule:
        if occurrence > end:
            break
        if occurrence.date() not in excluded:
            dates.append(occurrence.date())
    return dates


def local_start(day: dt.date, at: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The aware start of a session on a local date; a time that does not exist on a
    spring-forward day is moved forward by the gap (zoneinfo's fold=0 does that)."""
    naive = dt.datetime.combine(day, at)
    aware = naive.replace(tzinfo=zone)
    # Round-trip through UTC normalises non-existent local times.
    return aware.astimezone(dt.UTC).astimezone(zone)


def parse_exdates(text: str) -> list[dt.date]:
    """``2020-05-01, 2020-05-21`` → dates; anything else raises RecurrenceError."""
    dates = []
    for part in text.replace(";", ",").replace("\n", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            dates.append(dt.date.fromisoformat(part))
        except ValueError:
            raise RecurrenceError(f"“{part[:20]}” is not a date in the form 2020-05-21.") from None
    if len(dates) > 400:
        raise RecurrenceError("At most 400 exception dates.")
    return sorted(set(dates))
