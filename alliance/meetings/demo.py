"""Demo sessions: the spring-2020 daily series (with the seed's 21 May session) and a
Tuesday/Thursday series that began RECENT_WEEKS ago and goes on, with registrations,
floor requests and attendance.

Deterministic for a given seed and day: the past series is fixed; the other one is
dated from today, because an agenda of upcoming sessions must be upcoming, and the
overview's recent weeks (its early alert looks at the last 14 days) must be recent.
Registrations are bulk-inserted like the registry's demo rows (see community/demo.py).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from alliance.accounts.models import User
from alliance.community.actions import log_activity
from alliance.community.models import ActivityVerb, Person
from alliance.meetings import actions
from alliance.meetings.models import (
    AgendaItem,
    AttendanceSource,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
)

SEED_TOPIC = "Clusters Continuity through the Crisis"
SEED_DAY = dt.date(2020, 5, 21)
SEED_FRAMEWORK = (
    "Today is a brainstorming session composing an overview of cluster organisations' needs during the "
    "crisis. The European Alliance is not only about clusters: it is an inclusive environment to dialogue "
    "with companies, civil society, research entities and other organisations.\n\n"
    "A cluster is a concentration of companies, technology centres, networks and public and private entities "
    "naturally connected with a territory; cluster organisations facilitate the connections between "
    "universities, companies, institutions, schools and civil society."
)

# (topic, ecosystems) of the spring-2020 sessions, in the order they recur.
PAST_TOPICS = [
    ("Personal protective equipment: who makes it, who needs it", ["health", "textile"]),
    ("Disrupted value chains in the automotive industry", ["mobility-transport-automotive"]),
    ("Digital tools for cluster services at a distance", ["digital"]),
    ("Tourism after the lockdown", ["tourism"]),
    ("Liquidity and financing instruments for SMEs", ["proximity-social-economy", "retail"]),
    ("Agri-food logistics and seasonal workers", ["agri-food"]),
    ("Textile companies converting to masks and gowns", ["textile", "health"]),
    ("Testing capacity and diagnostics", ["health", "electronics"]),
    ("Skills and training moved online", ["digital", "cultural-creative"]),
    ("Public procurement and flexibility of funding programmes", ["construction", "proximity-social-economy"]),
    ("Construction sites restarting safely", ["construction"]),
    ("Cultural and creative industries without audiences", ["cultural-creative"]),
    ("Aerospace supply chains and the fall in air traffic", ["aerospace-defence"]),
    ("Energy-intensive industries and the recovery plan", ["energy-intensive", "energy-renewables"]),
]
UPCOMING_TOPICS = [
    ("Energy prices and cluster members", ["energy-intensive", "energy-renewables"]),
    ("Resilient supply chains: mapping critical inputs", ["electronics", "mobility-transport-automotive"]),
    ("Cluster services for SMEs in the twin transition", ["digital", "proximity-social-economy"]),
    ("Health ecosystem: stockpiles and shared capacity", ["health"]),
    ("Skills partnerships between clusters and universities", ["digital", "construction"]),
    ("Tourism and retail: footfall after the crisis", ["tourism", "retail"]),
]
# What registrants of the upcoming sessions want to raise, per topic: today's questions,
# not the spring-2020 ones below.
UPCOMING_FLOOR_POINTS = {
    "Energy prices and cluster members": [
        "Gas prices doubled our members' production costs",
        "Offer: shared power purchase agreement for SMEs",
        "Grid connection for a members' solar park takes three years",
        "Energy audits for micro companies: who pays?",
        "Heat recovery between neighbouring plants",
    ],
    "Resilient supply chains: mapping critical inputs": [
        "Single supplier for chips in our members' controllers",
        "Offer: supplier map of the region's electronics firms",
        "Rare earths for motors: alternatives within the EU",
        "Lead times for semiconductors are back to a year",
    ],
    "Cluster services for SMEs in the twin transition": [
        "SMEs cannot afford a sustainability report",
        "Offer: digital maturity check for cluster members",
        "Green and digital vouchers: one application, not two",
        "Members ask for help with the AI Act",
    ],
    "Health ecosystem: stockpiles and shared capacity": [
        "Who keeps the regional stockpile up to date?",
        "Offer: spare clean-room capacity for medical devices",
        "Shortage of antibiotics for children this winter",
        "Joint procurement between hospitals across the border",
    ],
    "Skills partnerships between clusters and universities": [
        "Heat-pump installers: no training places left",
        "Offer: apprenticeships shared between member companies",
        "Universities' courses lag behind what members need",
        "Micro-credentials recognised across countries",
    ],
    "Tourism and retail: footfall after the crisis": [
        "City-centre shops lose footfall to online sales",
        "Offer: joint loyalty card for local shops and hotels",
        "Seasonal staff are hard to find for the summer",
        "Overtourism in the old town, empty streets elsewhere",
    ],
}
FLOOR_POINTS = [
    "Members are struggling to pay their fees",
    "Innovation projects stopped by companies",
    "Need FFP2 masks for 300 workers in Lombardy",
    "Offer: online event platform for cluster members",
    "Public administration refuses to move our training online",
    "Fake bureaucracy in reporting to the funder",
    "We need to reinforce trust with members outside the cluster",
    "Members outperform non-members: how do we show it?",
    "Cross-border partners for a hospital logistics project",
    "Seasonal workers cannot cross the border",
    "Offer: 3D-printed face shields, 2,000 a week",
    "Solidarity deferral of fees for micro companies",
    "Distance between high-level decisions and daily life",
]
AGENDA = [("Opening: topic and conceptual framework", 5), ("Tour de table", 45),
          ("Summary and next steps", 5), ("Written contributions read out", 5)]
VIDEO_LINK = "https://meet.example.org/alliance-daily"
# How long the Tuesday/Thursday series has run before today: its ended sessions give the
# overview a baseline of ordinary weeks before the last two.
RECENT_WEEKS = 12
# The ended sessions of that series take UPCOMING_TOPICS counting back from the most
# recent, in this order: the latest are on the topics that the demo's emerging disruption
# (a chip shortage, raised in the last two weeks: minutes/demo_statements.EMERGING) hits.
RECENT_TOPIC_ORDER = (1, 0, 3, 2, 5, 4)


@dataclass(frozen=True)
class DemoSessions:
    series: int
    sessions: int
    registrations: int
    # The ended ones, for the apps above meetings to seed theirs from (minutes: seed_demo).
    past: list[Session]


@transaction.atomic
def seed(*, seed: int = 2020) -> DemoSessions:
    rng = random.Random(seed)
    coordinator = User.objects.filter(email="coordinator@alliance.example").first()
    moderator = User.objects.filter(email="moderator@alliance.example").first()
    past = actions.create_series(by=coordinator, fields={
        "title": "European Alliance Against Coronavirus — daily session",
        "description": "Every weekday at 08:30 CET: listen to what the crisis breaks, collect solutions.",
        "rule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20200703",
        "start_date": dt.date(2020, 3, 23), "exdates": ["2020-04-10", "2020-04-13", "2020-05-01"],
        "capacity": 150, "video_link": VIDEO_LINK,
    }, until=dt.date(2020, 7, 3))
    today = timezone.localdate()
    twice_weekly = actions.create_series(by=coordinator, fields={
        "title": "Alliance session — Tuesdays and Thursdays",
        "description": "The alliance keeps meeting twice a week, at 08:30 Brussels time.",
        "rule": "FREQ=WEEKLY;BYDAY=TU,TH", "start_date": today - dt.timedelta(weeks=RECENT_WEEKS),
        "capacity": 120, "video_link": VIDEO_LINK,
    })
    past_sessions = list(past.sessions.order_by("starts_at"))
    later = list(twice_weekly.sessions.order_by("starts_at"))
    recent_sessions = [s for s in later if s.local_start.date() < today]
    upcoming_sessions = [s for s in later if s.local_start.date() >= today]
    recent_topics = [UPCOMING_TOPICS[RECENT_TOPIC_ORDER[i % len(RECENT_TOPIC_ORDER)]]
                     for i in range(len(recent_sessions))][::-1]
    people = list(Person.objects.filter(user__isnull=True).select_related("affiliation").order_by("pk"))
    participant = Person.objects.filter(email="participant@alliance.example").first()
    now = timezone.now()
    rows: list[Registration] = []
    agenda: list[AgendaItem] = []
    plan = [(s, PAST_TOPICS[i % len(PAST_TOPICS)], True) for i, s in enumerate(past_sessions)] + [
        (s, topic, True) for s, topic in zip(recent_sessions, recent_topics, strict=True)] + [
        (s, UPCOMING_TOPICS[i % len(UPCOMING_TOPICS)], False) for i, s in enumerate(upcoming_sessions)]
    for session, (topic, ecosystems), is_past in plan:
        if session.occurrence == SEED_DAY:
            topic, ecosystems = SEED_TOPIC, ["proximity-social-economy", "digital"]
            session.description = SEED_FRAMEWORK
        session.topic = topic
        if is_past:
            session.status = SessionStatus.ENDED
        elif len(upcoming_sessions) > 1 and session == upcoming_sessions[1]:
            session.capacity = 12  # a small session: the demo shows a waitlist
        session.save(update_fields=["topic", "description", "status", "capacity"])
        session.ecosystems.set(ecosystems)  # type: ignore[arg-type]  # slugs are the primary keys
        if moderator is not None:
            session.moderators.add(moderator)
        agenda += [AgendaItem(session=session, position=i, title=t, minutes=m) for i, (t, m) in enumerate(AGENDA)]
        recent = session.series_id == twice_weekly.pk
        low, high = (25, 60) if not recent else (20, 40) if is_past else (8, 16)
        count = rng.randint(low, high)
        points = UPCOMING_FLOOR_POINTS[topic] if recent else FLOOR_POINTS
        for position, person in enumerate(rng.sample(people, min(count, len(people)))):
            at = min(session.starts_at - dt.timedelta(days=1, minutes=position * 7), now)
            seated = session.capacity is None or position < session.capacity
            came = is_past and seated and rng.random() < 0.82
            wants = rng.random() < 0.35
            rows.append(Registration(
                session=session, person=person, organisation=person.affiliation,
                status=RegistrationStatus.CONFIRMED if seated else RegistrationStatus.WAITLISTED,
                wants_floor=wants, floor_point=rng.choice(points) if wants else "",
                language=rng.choice(["en", "en", "en", "de", "fr"]), consent_text="Demo data.",
                registered_at=at, queued_at=at, confirmed_at=at if seated else None,
                attended_at=session.starts_at + dt.timedelta(minutes=rng.randint(0, 8)) if came else None,
                attendance_source=AttendanceSource.ROOM if came else "",
                reminded_24h_at=at if is_past else None, reminded_1h_at=at if is_past else None,
            ))
    if participant is not None and upcoming_sessions:
        first_topic = upcoming_sessions[0].topic
        rows.append(Registration(session=upcoming_sessions[0], person=participant,
                                 organisation=participant.affiliation, status=RegistrationStatus.CONFIRMED,
                                 wants_floor=True, floor_point=UPCOMING_FLOOR_POINTS[first_topic][1],
                                 consent_text="Demo data.", registered_at=now, queued_at=now, confirmed_at=now))
    sessions = past_sessions + later
    Registration.objects.bulk_create(rows, batch_size=2000)
    AgendaItem.objects.bulk_create(agenda, batch_size=2000)
    log_activity(None, ActivityVerb.DEMO_SESSIONS_SEEDED, f"{len(sessions)} sessions",
                 sessions=len(sessions), registrations=len(rows))
    return DemoSessions(series=2, sessions=len(sessions), registrations=len(rows),
                        past=past_sessions + recent_sessions)
