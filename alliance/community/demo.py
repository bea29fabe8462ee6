"""A believable, deterministic demo alliance (and the benchmark's bulk data).

Everything comes from one seeded random generator, so two runs give the same
registry. Rows are bulk-inserted: a seeder loading thousands of fixed rows is
the one place where going around actions.py (and its per-row activity log) is
the point; it logs one "demo.seeded" entry instead.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from alliance.accounts.models import Role, User
from alliance.community.actions import log_activity
from alliance.community.models import (
    ActivityVerb,
    Cluster,
    CompanySize,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationType,
    Person,
    Region,
    Subscription,
    SubscriptionStatus,
    Visibility,
)

DEMO_PASSWORD = "alliance-demo-2020"  # noqa: S105 - printed by `make run`; demo accounts only
DEMO_USERS = [
    ("coordinator@alliance.example", "Clara Coordinator", Role.COORDINATOR),
    ("moderator@alliance.example", "Marco Moderator", Role.MODERATOR),
    ("participant@alliance.example", "Paula Participant", Role.PARTICIPANT),
    ("policy@alliance.example", "Pieter Policymaker", Role.POLICY_MAKER),
]

COUNTRIES = ["AT", "BE", "BG", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU", "IE",
             "IT", "LT", "LV", "NL", "PL", "PT", "RO", "SE", "SI", "SK"]
# Weights roughly follow the number of cluster organisations per country.
COUNTRY_WEIGHTS = [5, 4, 2, 3, 12, 3, 1, 3, 11, 3, 10, 2, 3, 2, 10, 1, 1, 5, 6, 4, 3, 4, 2, 2]

LEGAL = {"DE": "GmbH", "AT": "GmbH", "FR": "SAS", "BE": "SA", "ES": "S.L.", "IT": "S.r.l.",
         "NL": "B.V.", "PL": "Sp. z o.o.", "PT": "Lda.", "SE": "AB", "FI": "Oy", "DK": "ApS",
         "CZ": "s.r.o.", "SK": "s.r.o.", "RO": "S.R.L.", "HU": "Kft.", "EL": "S.A.", "IE": "Ltd",
         "SI": "d.o.o.", "HR": "d.o.o.", "BG": "EOOD", "EE": "OÜ", "LV": "SIA", "LT": "UAB"}
STEMS = ["Nord", "Sol", "Alpen", "Bal", "Medi", "Atlant", "Danu", "Carpa", "Luma", "Vela", "Terra",
         "Aqua", "Silva", "Ferro", "Volta", "Astra", "Nova", "Orbi", "Cera", "Agro", "Texo", "Medix",
         "Digi", "Infra", "Vento", "Helio", "Bio", "Quanta", "Robo", "Flux"]
TRADES = {
    "aerospace-defence": ["Aero", "Avionics", "Space Systems", "Composites"],
    "agri-food": ["Foods", "Dairy", "AgriTech", "Harvest"],
    "construction": ["Build", "Timber Frames", "Concrete", "Renovation"],
    "cultural-creative": ["Studios", "Media", "Design", "Games"],
    "digital": ["Software", "Cloud", "Data", "Cyber"],
    "electronics": ["Microelectronics", "Sensors", "Photonics", "Circuits"],
    "energy-intensive": ["Steel", "Chemicals", "Glass", "Paper"],
    "energy-renewables": ["Wind", "Solar", "Hydrogen", "Grid"],
    "health": ["Pharma", "Medical Devices", "Diagnostics", "Care"],
    "mobility-transport-automotive": ["Automotive", "Rail", "Logistics", "E-Mobility"],
    "proximity-social-economy": ["Cooperative", "Community Services", "Social Enterprise", "Safety"],
    "retail": ["Retail", "Commerce", "Markets", "Trade"],
    "textile": ["Textiles", "Fashion", "Technical Fabrics", "Knitwear"],
    "tourism": ["Travel", "Hospitality", "Tours", "Heritage"],
}
CLUSTER_THEMES = {
    "aerospace-defence": "aerospace", "agri-food": "agri-food", "construction": "smart building",
    "cultural-creative": "creative industries", "digital": "ICT", "electronics": "microelectronics",
    "energy-intensive": "process industry", "energy-renewables": "renewable energy",
    "health": "health and life sciences", "mobility-transport-automotive": "automotive",
    "proximity-social-economy": "social economy", "retail": "retail innovation",
    "textile": "textile", "tourism": "tourism",
}
FIRST = ["Anna", "Luca", "Sofia", "Jan", "Marie", "Pierre", "Elena", "Mateo", "Eva", "Tomas", "Ines",
         "Jonas", "Clara", "Nikos", "Katarzyna", "Miguel", "Ingrid", "Paolo", "Zuzana", "Lars",
         "Aino", "Bogdan", "Chiara", "Dimitra", "Emil", "Fatima", "Gerda", "Hugo", "Ilse", "Juraj",
         "Laura", "Marta", "Nora", "Olaf", "Petra", "Rui", "Sanne", "Teodora", "Ugo", "Vesna"]
LAST = ["Müller", "Rossi", "García", "Dubois", "Novak", "Kowalski", "Jensen", "Silva", "Papadopoulos",
        "Horvat", "Nagy", "Virtanen", "Andersson", "Janssens", "De Vries", "Popescu", "Murphy",
        "Ivanova", "Kask", "Bērziņš", "Kazlauskas", "Schmidt", "Bianchi", "Fernández", "Martin",
        "Svoboda", "Wagner", "Costa", "Lindqvist", "Hoffmann", "Moreau", "Ricci", "Kovač", "Lopes"]
TITLES = ["Cluster manager", "Managing director", "Innovation manager", "Project officer",
          "Head of research", "Policy officer", "CEO", "International affairs officer",
          "Communication officer", "Professor", "Technology transfer officer", "Member services lead"]
TYPE_WEIGHTS = [
    (OrganisationType.COMPANY, 50), (OrganisationType.UNIVERSITY, 10), (OrganisationType.RTO, 9),
    (OrganisationType.PUBLIC_AUTHORITY, 9), (OrganisationType.CIVIL_SOCIETY, 8),
    (OrganisationType.OTHER, 4),
]
SIZES = [CompanySize.MICRO, CompanySize.SMALL, CompanySize.SMALL, CompanySize.MEDIUM,
         CompanySize.MEDIUM, CompanySize.LARGE]


@dataclass
class DemoCounts:
    organisations: int
    clusters: int
    memberships: int
    people: int
    users: int


class _Places:
    def __init__(self) -> None:
        regions = list(Region.objects.filter(country_code__in=COUNTRIES).exclude(code__contains="ZZ"))
        self.countries = {r.code: r for r in regions if r.level == 0}
        self.level3: dict[str, list[Region]] = {}
        self.level2: dict[str, list[Region]] = {}
        for r in regions:
            if r.level == 3:
                self.level3.setdefault(r.country_code, []).append(r)
            elif r.level == 2:
                self.level2.setdefault(r.country_code, []).append(r)
        for bucket in (*self.level3.values(), *self.level2.values()):
            bucket.sort(key=lambda r: r.code)


def _org_name(rng: random.Random, org_type: str, country: str, eco: str, city: str) -> str:
    stem = rng.choice(STEMS) + rng.choice(["a", "o", "is", "ex", "ia", "on", ""])
    if org_type == OrganisationType.COMPANY:
        return f"{stem} {rng.choice(TRADES[eco])} {LEGAL[country]}"
    if org_type == OrganisationType.UNIVERSITY:
        return rng.choice([f"University of {city}", f"{city} University of Technology",
                           f"{stem} University", f"{city} University of Applied Sciences"])
    if org_type == OrganisationType.RTO:
        return rng.choice([f"{stem} Research Institute for {rng.choice(TRADES[eco])}",
                           f"{city} Technology Centre", f"Institute of {rng.choice(TRADES[eco])} {stem}"])
    if org_type == OrganisationType.PUBLIC_AUTHORITY:
        return rng.choice([f"Regional Development Agency {city}", f"{city} Chamber of Commerce",
                           f"Innovation Agency of {city}", f"{city} Regional Government"])
    if org_type == OrganisationType.CIVIL_SOCIETY:
        return rng.choice([f"{city} Social Economy Network", f"{stem} Foundation",
                           f"{city} Workers' Cooperative", f"Citizens for {rng.choice(TRADES[eco])} {city}"])
    return rng.choice([f"{stem} Consulting", f"{city} Innovation Hub", f"{stem} Network"])


def _city(region: Region) -> str:
    # NUTS 3 labels are often administrative ("Arr. Gent", "Kreisfreie Stadt X"); keep the place.
    name = region.name.split("/")[0].split(",")[0]
    for prefix in ("Arr. de ", "Arr. ", "Kreisfreie Stadt ", "Landkreis ", "Prov. ", "Stadt "):
        name = name.removeprefix(prefix)
    return name.strip()


def build_organisations(rng: random.Random, places: _Places, count: int, *, start: int = 0,
                        cluster_orgs: int = 0) -> list[tuple[Organisation, list[str]]]:
    """``count`` unsaved organisations with their ecosystem slugs, their own ecosystem
    first; the first ``cluster_orgs`` are cluster organisations."""
    slugs = list(TRADES)
    types, weights = zip(*TYPE_WEIGHTS, strict=True)
    seen: set[tuple[str, str]] = set()
    built: list[tuple[Organisation, list[str]]] = []
    i = 0
    while len(built) < count:
        i += 1
        country = rng.choices(COUNTRIES, COUNTRY_WEIGHTS)[0]
        region = rng.choice(places.level3[country])
        eco = slugs[(len(built) + start) % len(slugs)] if len(built) < 14 else rng.choice(slugs)
        org_type = (OrganisationType.CLUSTER_ORGANISATION if len(built) < cluster_orgs
                    else rng.choices(types, weights)[0])
        city = _city(region)
        if org_type == OrganisationType.CLUSTER_ORGANISATION:
            name = f"{city} {CLUSTER_THEMES[eco][0].upper()}{CLUSTER_THEMES[eco][1:]} Cluster Association"
        else:
            name = _org_name(rng, org_type, country, eco, city)
        if (name.lower(), country) in seen:
            name = f"{name} {len(built) + start + 1}"
            if (name.lower(), country) in seen:
                continue
        seen.add((name.lower(), country))
        extra = rng.sample(slugs, rng.choice([0, 0, 1, 1, 2]))
        # The organisation's own ecosystem first: a cluster is named and described after it.
        ecosystems = [eco, *sorted(set(extra) - {eco})]
        org = Organisation(
            name=name, type=org_type,
            size=rng.choice(SIZES) if org_type == OrganisationType.COMPANY else "",
            country_id=country, region=region,
            website=f"https://www.{''.join(ch for ch in name.lower() if ch.isalnum())[:24]}.example",
            description=(
                f"{name} works in {', '.join(CLUSTER_THEMES[e] for e in ecosystems)} "
                f"from {city}. " + rng.choice([
                    "Looking for partners for pilot projects and joint applications.",
                    "Offers testing facilities and training for SMEs.",
                    "Connects companies, universities and public authorities in the region.",
                    "Coordinates members' response to supply-chain disruptions.",
                    "Shares know-how on digitalisation and remote work.",
                ])
            ),
            visibility=Visibility.MEMBERS if rng.random() < 0.1 else Visibility.PUBLIC,
        )
        built.append((org, ecosystems))
    return built


@transaction.atomic
def seed(*, organisations: int = 360, clusters: int = 40, people: int = 600, seed: int = 2020) -> DemoCounts:
    rng = random.Random(seed)
    places = _Places()
    missing = [c for c in COUNTRIES if c not in places.countries]
    if missing:
        raise RuntimeError(f"NUTS regions missing for {missing}; run migrate first.")
    built = build_organisations(rng, places, organisations, cluster_orgs=clusters)
    orgs = Organisation.objects.bulk_create([o for o, _e in built], batch_size=1000)
    through = Organisation.ecosystems.through
    through.objects.bulk_create(
        [through(organisation_id=o.pk, ecosystem_id=s) for o, (_o, slugs) in zip(orgs, built, strict=True)
         for s in slugs], batch_size=2000)
    eco_of = {o.pk: slugs for o, (_o, slugs) in zip(orgs, built, strict=True)}

    cluster_rows: list[Cluster] = []
    for org in orgs[:clusters]:
        eco = eco_of[org.pk][0]
        cluster_rows.append(Cluster(
            name=org.name.replace(" Cluster Association", " cluster"),
            description=f"The {CLUSTER_THEMES[eco]} cluster of {_city(org.region)}: companies, "
                        f"research and public bodies working together since {rng.randint(1995, 2016)}.",
            organisation=org, region=org.region.parent or org.region,
        ))
    cluster_objs = Cluster.objects.bulk_create(cluster_rows)
    cthrough = Cluster.ecosystems.through
    cthrough.objects.bulk_create([cthrough(cluster_id=c.pk, ecosystem_id=s)
                                  for c in cluster_objs for s in eco_of[c.organisation_id]])
    members_pool = orgs[clusters:]
    by_country: dict[str, list[Organisation]] = {}
    for org in members_pool:
        by_country.setdefault(org.country_id, []).append(org)
    memberships: list[Membership] = []
    for cluster in cluster_objs:
        local = by_country.get(cluster.organisation.country_id, [])
        size = min(len(local), rng.randint(8, 25))
        # Small countries have few local organisations: cross-border members fill the gap.
        chosen = rng.sample(local, size) + rng.sample(members_pool, 2 + max(0, 8 - size))
        for index, member in enumerate({m.pk: m for m in chosen}.values()):
            since = dt.date(rng.randint(2008, 2020), rng.randint(1, 12), 1)
            until = None
            if rng.random() < 0.08:
                until = since + dt.timedelta(days=rng.randint(200, 2000))
            memberships.append(Membership(
                cluster=cluster, organisation=member, since=since, until=until,
                role=MembershipRole.FOUNDING if index < 2 else
                rng.choice([MembershipRole.MEMBER] * 6 + [MembershipRole.BOARD, MembershipRole.ASSOCIATE]),
            ))
    Membership.objects.bulk_create(memberships, batch_size=2000)

    users = []
    for email, name, role in DEMO_USERS:
        user = User(email=email, name=name, role=role, is_active=True)
        user.set_password(DEMO_PASSWORD)
        users.append(user)
    User.objects.bulk_create(users)
    for u in users:  # bulk_create skips save(); staff follows the role
        u.is_staff = u.role == Role.COORDINATOR
    User.objects.bulk_update(users, ["is_staff"])

    now = timezone.now()
    person_rows: list[Person] = []
    used_emails: set[str] = set()
    for index in range(people):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        org = orgs[index % len(orgs)] if index < len(orgs) else rng.choice(orgs)
        domain = org.website.removeprefix("https://www.")
        mailbox = f"{first}.{last}".lower().replace(" ", "")
        mailbox = "".join(ch for ch in mailbox if ch.isascii() and (ch.isalnum() or ch == ".")) or "contact"
        email = f"{mailbox}@{domain}"
        if email in used_emails:
            email = f"{mailbox}{index}@{domain}"
        used_emails.add(email)
        mailing, public = rng.random() < 0.6, rng.random() < 0.5
        person_rows.append(Person(
            name=f"{first} {last}", email=email, affiliation=org, job_title=rng.choice(TITLES),
            languages=",".join(sorted({"en", rng.choice(["de", "fr", "es", "it", "pl", "nl", "pt", "en"])})),
            consent_mailing_list=mailing, consent_mailing_list_at=now if mailing else None,
            consent_public_listing=public, consent_public_listing_at=now if public else None,
        ))
    # Each demo account works for an organisation that fits its role (a moderator for a
    # cluster organisation, a policy maker for a public authority…), never one shared by all.
    fitting = {Role.COORDINATOR: OrganisationType.CLUSTER_ORGANISATION,
               Role.MODERATOR: OrganisationType.CLUSTER_ORGANISATION,
               Role.PARTICIPANT: OrganisationType.COMPANY, Role.POLICY_MAKER: OrganisationType.PUBLIC_AUTHORITY}
    taken: set[int] = set()

    def affiliation_for(role: Role) -> Organisation:
        for org in orgs:
            if org.type == fitting[role] and org.pk not in taken and org.visibility == "public":
                taken.add(org.pk)
                return org
        return orgs[clusters]

    for (email, name, role), user in zip(DEMO_USERS, users, strict=True):
        person_rows.append(Person(name=name, email=email, user=user, affiliation=affiliation_for(role),
                                  job_title="Demo account", languages="en",
                                  consent_public_listing=False))
    persons = Person.objects.bulk_create(person_rows, batch_size=1000)
    contacts = Organisation.contacts.through
    contacts.objects.bulk_create([contacts(organisation_id=p.affiliation_id, person_id=p.pk)
                                  for p in persons[: len(orgs)]] +
                                 [contacts(organisation_id=persons[-2].affiliation_id, person_id=persons[-2].pk)],
                                 ignore_conflicts=True)
    Subscription.objects.bulk_create([
        Subscription(email=p.email, name=p.name, language=rng.choice(["en", "en", "de", "fr"]),
                     status=SubscriptionStatus.CONFIRMED, consent_text="Demo data: consent recorded at sign-up.",
                     requested_at=now, confirmed_at=now, person=p)
        for p in persons if p.consent_mailing_list
    ])
    log_activity(None, ActivityVerb.DEMO_SEEDED, f"{len(orgs)} organisations",
                 organisations=len(orgs), clusters=len(cluster_objs), people=len(persons))
    return DemoCounts(len(orgs), len(cluster_objs), len(memberships), len(persons), len(users))


def has_data() -> bool:
    return Organisation.objects.exists() or User.objects.exists()


