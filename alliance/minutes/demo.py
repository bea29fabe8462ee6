"""Demo minutes: contributions for every past demo session, and their minutes.

The 21 May 2020 session gets the contributions of its real summary (the seed, read by
the importer); the others get contributions drawn from the pools below, spoken and
written by their attendees' organisations, with near-duplicates on purpose (the
drafter merges them). All but the last three past sessions have published minutes;
those three are ended and wait for the moderator, and the demo participant attended
them, so amendments can be tried. Nothing is e-mailed.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from django.db import transaction

from alliance.accounts.models import User
from alliance.community.models import Person
from alliance.meetings.models import AttendanceSource, Contribution, Registration, RegistrationStatus, Session
from alliance.minutes import actions
from alliance.minutes.importer import parse

SEED_SUMMARY = Path(__file__).with_name("data") / "summary-2020-05-21.txt"
WAITING = 3
POOLS = {
    "framework": [
        "Today is a **brainstorming session** on what the crisis changes for cluster members.",
        "The alliance is an **inclusive environment**: companies, research, civil society and public authorities.",
        "A cluster is a place-and-industry fact; the cluster organisation facilitates it.",
    ],
    "disruption": [
        "Members are **struggling to pay** their fees since March",
        "Members struggling to pay the membership fees since March",
        "**Innovation projects have been stopped** by companies",
        "Suppliers in northern Italy closed: **value chains are interrupted**",
        "Public administration is **not flexible**: events cannot move online without losing funding",
        "Seasonal workers cannot cross the border for the harvest",
        "Orders have fallen by half in the automotive supply chain",
    ],
    "need": [
        "Need **FFP2 masks** for 300 workers in Lombardy",
        "Need FFP2 masks for the 300 workers of our members in Lombardy",
        "Need **liquidity** within weeks for micro companies",
        "Need partners for a cross-border **hospital logistics** project",
        "Need a common **sanitary protocol** for reopening",
        "Need to **reinvent the services** for members at a distance",
    ],
    "solution": [
        "Offer: an **online event platform** for cluster members, free until December",
        "A regional **guarantee fund** for cluster members, set up with the bank",
        "**Solidarity deferral** of fees for micro companies",
        "3D-printed face shields, 2,000 a week, for hospitals of the region",
        "Matchmaking between textile firms converting to masks and health buyers",
        "Joint letter to the managing authority: training moved online keeps its funding",
    ],
    "reference": [
        "[European Cluster Collaboration Platform](https://clustercollaboration.eu/)",
        "[Oxford COVID-19 Government Response Tracker](https://www.bsg.ox.ac.uk/research/covid-19-government-response-tracker)",
    ],
}


def _contributions_from_seed(session: Session, registrations: list[Registration]) -> list[Contribution]:
    parsed = parse(SEED_SUMMARY.name, SEED_SUMMARY.read_bytes())
    rows = [(item.kind, item.text) for item in parsed.items]
    rows += [("reference", f"[{title}]({url})") for title, url in parsed.references]
    return [Contribution(session=session, kind=kind, text=text, key=f"demo-{i}",
                         registration=registrations[i % len(registrations)] if registrations else None,
                         organisation=registrations[i % len(registrations)].organisation if registrations else None,
                         created_at=session.starts_at + dt.timedelta(minutes=5 + i * 3))
            for i, (kind, text) in enumerate(rows)]


def _contributions(session: Session, registrations: list[Registration], rng: random.Random) -> list[Contribution]:
    picks = [("framework", rng.choice(POOLS["framework"]))]
    for kind, low, high in (("disruption", 2, 4), ("need", 2, 4), ("solution", 2, 4), ("reference", 0, 1)):
        picks += [(kind, text) for text in rng.sample(POOLS[kind], rng.randint(low, high))]
    rows = []
    for i, (kind, text) in enumerate(picks):
        registration = registrations[rng.randrange(len(registrations))] if registrations else None
        rows.append(Contribution(
            session=session, kind=kind, text=text, key=f"demo-{i}", spoken=rng.random() < 0.6,
            registration=registration, organisation=registration.organisation if registration else None,
            created_at=session.starts_at + dt.timedelta(minutes=5 + i * 4 + rng.randint(0, 3)),
        ))
    return rows


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
    rows: list[Contribution] = []
    for session in ordered:
        registrations = list(Registration.objects.filter(session=session, attended_at__isnull=False)
                             .select_related("organisation").order_by("pk"))
        if session.topic == "Clusters Continuity through the Crisis":
            rows += _contributions_from_seed(session, registrations)
        else:
            rows += _contributions(session, registrations, rng)
    Contribution.objects.bulk_create(rows, batch_size=2000)
    for session in ordered:
        minutes = actions.draft_minutes(by=moderator, session=session)
        if session not in waiting:
            actions.publish_minutes(by=moderator, minutes=minutes, notify=False)
    return len(rows)
