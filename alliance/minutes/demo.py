"""Demo minutes: contributions for every past demo session, and their minutes.

The 21 May 2020 session gets the contributions of its real summary (the seed, read by
the importer). Every other one gets contributions on its own topic (demo_statements),
said by its attendees' organisations — a text in German, French, Italian or Spanish by
an organisation of a country that speaks it, an English one by an organisation of any
other country — with the same point made by several organisations on purpose (the
drafter merges them; the overview's themes find them). In the sessions of the last two
weeks many organisations raise a new disruption (demo_statements.EMERGING) that one
organisation raised now and then before: the overview's early alert has it to find.

All but the last three past sessions have published minutes; those three are ended and
wait for the moderator, and the demo participant attended them, so amendments can be
tried. Nothing is e-mailed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from alliance.accounts.models import User
from alliance.community.models import Organisation, Person
from alliance.lib.kinds import DISRUPTION, FRAMEWORK, NEED, REFERENCE, SOLUTION
from alliance.meetings.models import AttendanceSource, Contribution, Registration, RegistrationStatus, Session
from alliance.minutes import actions
from alliance.minutes.demo_statements import (
    EMERGING,
    GENERAL,
    LANGUAGE_OF_COUNTRY,
    RECENT_FRAMEWORK,
    RECENT_TOPICS,
    STATEMENTS,
    Line,
)
from alliance.minutes.importer import parse

SEED_SUMMARY = Path(__file__).with_name("data") / "summary-2020-05-21.txt"
WAITING = 3
# Sessions held on these last days before today are inside any "last 14 days" counted
# from any time of today; in each, SPIKE_PER_SESSION organisations raise the emerging
# disruption (a Tuesday/Thursday series has at least three sessions in 13 days).
SPIKE_DAYS = 13
SPIKE_PER_SESSION = (3, 4)
# Before that, one organisation at the session nearest to each of these days ago: more
# than 14 days apart, so no earlier 14-day window holds two.
BASELINE_DAYS_AGO = (40, 68)
BASELINE_HORIZON = dt.timedelta(days=120)
EMERGING_LANGUAGES = ("en", "de", "fr", "it", "es")


def _language_of(registration: Registration) -> str:
    organisation = registration.organisation
    return LANGUAGE_OF_COUNTRY.get(organisation.country_id, "en") if organisation else "en"


class _Room:
    """A session's attendees, for choosing who says what: someone whose country speaks
    the text's language, preferably an organisation of the session's ecosystems."""

    def __init__(self, session: Session, attendees: list[Registration], ecosystems: set[str],
                 ecosystems_of: dict[int, set[str]]) -> None:
        self.session = session
        self.attendees = attendees
        self.weight = {r.pk: 3 if ecosystems_of.get(r.organisation_id or 0, set()) & ecosystems else 1
                       for r in attendees}

    def speaker(self, language: str, rng: random.Random, *, besides: set[int] | frozenset[int] = frozenset(),
                ) -> Registration | None:
        fits = [r for r in self.attendees if _language_of(r) == language and r.organisation_id not in besides]
        if not fits:
            return None
        return rng.choices(fits, [self.weight[r.pk] for r in fits])[0]


def _contributions_from_seed(session: Session, registrations: list[Registration]) -> list[Contribution]:
    parsed = parse(SEED_SUMMARY.name, SEED_SUMMARY.read_bytes())
    rows = [(item.kind, item.text) for item in parsed.items]
    rows += [(REFERENCE, f"[{title}]({url})") for title, url in parsed.references]
    return [Contribution(session=session, kind=kind, text=text, key=f"demo-{i}", language="en",
                         registration=registrations[i % len(registrations)] if registrations else None,
                         organisation=registrations[i % len(registrations)].organisation if registrations else None,
                         created_at=session.starts_at + dt.timedelta(minutes=5 + i * 3))
            for i, (kind, text) in enumerate(rows)]


def _said(room: _Room, rng: random.Random, lines: list[tuple[str, Line, Registration | None]],
          ) -> list[Contribution]:
    """The session's contributions in the order of a tour de table: the framing first,
    disruptions, needs and solutions as people speak, references last. A spoken one was
    confirmed by its speaker a few minutes later (an unconfirmed capture is a draft)."""
    framing = [row for row in lines if row[0] == FRAMEWORK]
    links = [row for row in lines if row[0] == REFERENCE]
    said = [row for row in lines if row[0] not in (FRAMEWORK, REFERENCE)]
    rng.shuffle(said)
    rows = []
    for i, (kind, (language, text), registration) in enumerate([*framing, *said, *links]):
        at = room.session.starts_at + dt.timedelta(minutes=5 + i * 3 + rng.randint(0, 2))
        spoken = kind != REFERENCE and rng.random() < 0.6
        rows.append(Contribution(
            session=room.session, kind=kind, text=text, language=language, key=f"demo-{i}", spoken=spoken,
            confirmed_at=at + dt.timedelta(minutes=rng.randint(1, 6)) if spoken else None,
            registration=registration, organisation=registration.organisation if registration else None,
            created_at=at,
        ))
    return rows


def _topic_lines(room: _Room, rng: random.Random) -> list[tuple[str, Line, Registration | None]]:
    pools = STATEMENTS[room.session.topic]
    lines: list[tuple[str, Line, Registration | None]] = []
    framing = rng.choice(RECENT_FRAMEWORK if room.session.topic in RECENT_TOPICS else GENERAL[FRAMEWORK])
    lines.append((FRAMEWORK, framing, room.speaker("en", rng) or rng.choice(room.attendees)))
    for kind in (DISRUPTION, NEED, SOLUTION):
        pool = pools[kind]
        half = len(pool) // 2
        for line in rng.sample(pool, rng.randint(half - 1, half + 1)):
            speaker = room.speaker(line[0], rng)
            if speaker is not None:  # nobody here speaks it: the point is not made today
                lines.append((kind, line, speaker))
    for line in rng.sample(GENERAL[REFERENCE], rng.randint(0, 1)):
        lines.append((REFERENCE, line, rng.choice(room.attendees)))
    return lines


def _emerging(room: _Room, rng: random.Random, count: int, raised_by: set[int],
              used: dict[str, int]) -> list[tuple[str, Line, Registration | None]]:
    """``count`` organisations that have not raised the emerging disruption before raise
    it here, each in its own language — taking the languages in turn, so that the alert's
    theme spans them — in the wording of theirs least used so far."""
    lines: list[tuple[str, Line, Registration | None]] = []
    for _ in range(count):
        turn = sum(used.values())
        speaker = room.speaker(EMERGING_LANGUAGES[turn % len(EMERGING_LANGUAGES)], rng, besides=raised_by)
        if speaker is None:
            fits = [r for r in room.attendees if r.organisation_id not in raised_by]
            if not fits:
                break
            speaker = rng.choices(fits, [room.weight[r.pk] for r in fits])[0]
        raised_by.add(speaker.organisation_id or 0)
        wordings = [line for line in EMERGING if line[0] == _language_of(speaker)]
        line = min(wordings, key=lambda w: (used.get(w[1], 0), EMERGING.index(w)))
        used[line[1]] = used.get(line[1], 0) + 1
        lines.append((DISRUPTION, line, speaker))
    return lines


def _emerging_plan(ordered: list[Session], today: dt.date, rng: random.Random) -> dict[int, int]:
    """How many organisations raise the emerging disruption in which session (by pk)."""
    day = {s.pk: s.local_start.date() for s in ordered}
    plan = {s.pk: rng.randint(*SPIKE_PER_SESSION) for s in ordered
            if today - dt.timedelta(days=SPIKE_DAYS) <= day[s.pk] < today}
    before = [s for s in ordered if today - BASELINE_HORIZON <= day[s.pk] < today - dt.timedelta(days=20)]
    for days in BASELINE_DAYS_AGO:
        if before:
            nearest = min(before, key=lambda s: abs((day[s.pk] - (today - dt.timedelta(days=days))).days))
            plan[nearest.pk] = 1
    return plan


@transaction.atomic
def seed(*, past: list[Session], seed: int = 2020) -> int:
    rng = random.Random(seed + 5)
    moderator = User.objects.filter(email="moderator@alliance.example").first()
    participant = Person.objects.filter(email="participant@alliance.example").first()
    ordered = sorted(past, key=lambda s: s.starts_at)
    waiting = ordered[-WAITING:]
    if participant is not None:
        for session in waiting:
            Registration.objects.get_or_create(session=session, person=participant, defaults={
                "organisation": participant.affiliation, "status": RegistrationStatus.CONFIRMED,
                "consent_text": "Demo data.", "registered_at": session.starts_at - dt.timedelta(days=1),
                "queued_at": session.starts_at - dt.timedelta(days=1), "confirmed_at": session.starts_at,
                "attended_at": session.starts_at, "attendance_source": AttendanceSource.ROOM})
    attendees: dict[int, list[Registration]] = defaultdict(list)
    for registration in (Registration.objects.filter(session__in=ordered, attended_at__isnull=False)
                         .select_related("organisation").order_by("pk")):
        attendees[registration.session_id].append(registration)
    ecosystems_of: dict[int, set[str]] = defaultdict(set)
    for organisation_id, slug in Organisation.ecosystems.through.objects.values_list("organisation_id",
                                                                                    "ecosystem_id"):
        ecosystems_of[organisation_id].add(slug)
    session_ecosystems: dict[int, set[str]] = defaultdict(set)
    for session_id, slug in Session.ecosystems.through.objects.filter(session__in=ordered).values_list(
            "session_id", "ecosystem_id"):
        session_ecosystems[session_id].add(slug)
    emerging = _emerging_plan(ordered, timezone.localdate(), rng)
    raised_by: set[int] = set()
    used: dict[str, int] = {}
    rows: list[Contribution] = []
    for session in ordered:
        registrations = attendees[session.pk]
        if session.topic == "Clusters Continuity through the Crisis":
            rows += _contributions_from_seed(session, registrations)
            continue
        if not registrations:
            continue
        room = _Room(session, registrations, session_ecosystems[session.pk], ecosystems_of)
        lines = _topic_lines(room, rng)
        lines += _emerging(room, rng, emerging.get(session.pk, 0), raised_by, used)
        rows += _said(room, rng, lines)
    Contribution.objects.bulk_create(rows, batch_size=2000)
    for session in ordered:
        minutes = actions.draft_minutes(by=moderator, session=session)
        if session not in waiting:
            actions.publish_minutes(by=moderator, minutes=minutes, notify=False)
    return len(rows)
