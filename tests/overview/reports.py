"""A Health ecosystem with themed statements, for the ecosystem report's tests."""

from __future__ import annotations

from alliance.community.models import Ecosystem
from alliance.overview.models import Placement, PlacementStatus, Theme
from tests.factories import OrganisationFactory, SessionFactory, region
from tests.overview.factories import StatementFactory

MASKS = "Masks and gowns are missing in our hospitals — we need 10,000 by Friday"
TRICKY = "# Not a heading > nor a quote [link](javascript:alert(1)) <b>bold</b>"


def health_statements(**extra):
    """Three organisations in two regions raise a theme of masks; one statement fits no
    theme; one is from a members-only session."""
    health = Ecosystem.objects.get(slug="health")
    session = SessionFactory(topic="Health ecosystem: supply of protective equipment")
    theme = Theme.objects.create(name="Protective equipment", size=3)
    orgs = [OrganisationFactory(region=region("ITC4"), country=region("IT"), type="company"),
            OrganisationFactory(region=region("ITC4"), country=region("IT"), type="cluster_org"),
            OrganisationFactory(region=region("DE21"), country=region("DE"), type="university")]
    placed = []
    for i, (org, text) in enumerate(zip(orgs, [MASKS, "Wir brauchen Schutzmasken", TRICKY], strict=True)):
        s = StatementFactory(kind=["disruption", "need", "solution"][i], text=text, organisation=org,
                             organisation_type=org.type, region_id=org.region_id, country_id=org.country_id,
                             session=session, link=f"/sessions/{session.pk}/minutes/", ecosystems=["health"])
        Placement.objects.create(statement=s, theme=theme, status=PlacementStatus.PLACED)
        placed.append(s)
    loose = StatementFactory(kind="need", text="Cash flow for small suppliers", ecosystems=["health"],
                             session=session)
    secret = StatementFactory(kind="need", text="Members-only worry about a hospital", visibility="members",
                              ecosystems=["health"], session=session)
    Placement.objects.create(statement=secret, theme=theme, status=PlacementStatus.PLACED)
    elsewhere = StatementFactory(kind="need", text="Tourism needs visitors", ecosystems=["tourism"])
    return {"ecosystem": health, "session": session, "theme": theme, "placed": placed, "loose": loose,
            "secret": secret, "elsewhere": elsewhere, **extra}
