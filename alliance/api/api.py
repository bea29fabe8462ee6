"""The HTTP API (django-ninja): public reads, token-authenticated writes.

Every error is JSON with a 4xx status: input is validated by the schemas below
(strings may not hold NUL or unpaired surrogates, which the databases refuse:
lib/clean.py decides), and the handlers at the end turn model validation and
integrity errors into 422 and 409, and a body over DATA_UPLOAD_MAX_MEMORY_SIZE
into 413, rather than 500 or an HTML page.
"""


import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import HttpBearer
from pydantic import AfterValidator

from alliance.accounts.actions import user_for_api_key
from alliance.community import access, actions, queries
from alliance.community.models import (
    Cluster,
    CompanySize,
    Ecosystem,
    Membership,
    Organisation,
    OrganisationType,
    Region,
    Visibility,
)
from alliance.exchange import access as exchange_access
from alliance.exchange import actions as exchange_actions
from alliance.exchange import queries as exchange_queries
from alliance.exchange.forms import PostFilterForm, PostForm
from alliance.exchange.models import (
    ContactPreference,
    Post,
    PostKind,
    Reach,
    ResourceCategory,
    Urgency,
)
from alliance.lib.clean import check_text
from alliance.meetings import access as meetings_access
from alliance.meetings import queries as meetings_queries
from alliance.meetings.models import RegistrationStatus, Session
from alliance.overview import access as overview_access
from alliance.overview import queries as overview_queries
from alliance.overview import theme_queries
from alliance.overview.forms import StatementFilterForm
from alliance.overview.models import EcosystemReport, Statement, Theme

# BadTextError is a ValueError, which pydantic reports as a 422 naming the field.
Text = Annotated[str, AfterValidator(check_text)]
OrgType = Literal[
    "cluster_org", "company", "university", "rto", "public_authority", "civil_society", "other"
]
SizeClass = Literal["", "micro", "small", "medium", "large"]
VisibilityValue = Literal["public", "members"]

assert set(OrgType.__args__) == set(OrganisationType.values)  # type: ignore[attr-defined]
assert set(SizeClass.__args__) - {""} == set(CompanySize.values)  # type: ignore[attr-defined]
assert set(VisibilityValue.__args__) == set(Visibility.values)  # type: ignore[attr-defined]

# The exchange's vocabularies, spelled out so the OpenAPI document lists them.
PostKindValue = Literal["need", "offer", "partner_search"]
CategoryValue = Literal[
    "protective_equipment", "medical_devices", "raw_materials", "logistics", "production_capacity", "digital",
    "expertise", "funding", "premises", "workforce", "other"
]
ReachValue = Literal["local", "national", "eu"]
UrgencyValue = Literal["low", "normal", "high", "critical"]
ContactValue = Literal["introduction", "email", "phone"]
ResolutionValue = Literal["fulfilled", "partly_fulfilled", "withdrawn"]

assert set(PostKindValue.__args__) == set(PostKind.values)  # type: ignore[attr-defined]
assert set(CategoryValue.__args__) == set(ResourceCategory.values)  # type: ignore[attr-defined]
assert set(ReachValue.__args__) == set(Reach.values)  # type: ignore[attr-defined]
assert set(UrgencyValue.__args__) == set(Urgency.values)  # type: ignore[attr-defined]
assert set(ContactValue.__args__) == set(ContactPreference.values)  # type: ignore[attr-defined]
assert set(ResolutionValue.__args__) == set(exchange_actions.RESOLUTIONS)  # type: ignore[attr-defined]


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if len(token) > 200:
            return None
        return user_for_api_key(token)


api = NinjaAPI(
    title="Alliance API",
    version="1",
    description="Read the community registry; write organisations with a bearer token "
                "(create one on your account page).",
    urls_namespace="api",
)


def _viewer(request: HttpRequest) -> Any:
    """Reads are public; a valid bearer token also shows members-only profiles."""
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _sep, key = header.partition(" ")
    user = user_for_api_key(key.strip()) if scheme.lower() == "bearer" and len(key) <= 200 else None
    if user is None:
        raise HttpError(401, "Invalid bearer token.")
    return user


# --- Schemas -------------------------------------------------------------------

class Pages(PageNumberPagination):
    """Page numbers bounded so that offset × page size stays inside a 64-bit
    integer: PostgreSQL refuses a larger OFFSET with an error, not an empty page."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=10_000_000)
        page_size: int | None = Field(None, ge=1, le=1000)


class ErrorOut(Schema):
    detail: Any


class RegionOut(Schema):
    code: str
    name: str
    level: int
    country_code: str
    parent: str | None = Field(None, alias="parent_id")


class EcosystemOut(Schema):
    slug: str
    name: str


class OrganisationOut(Schema):
    id: int
    name: str
    type: str
    size: str
    country: str = Field(..., alias="country_id")
    region: str = Field(..., alias="region_id")
    website: str
    description: str
    ecosystems: list[str]
    visibility: str
    url: str

    @staticmethod
    def resolve_ecosystems(obj: Organisation) -> list[str]:
        return [e.slug for e in obj.ecosystems.all()]

    @staticmethod
    def resolve_url(obj: Organisation) -> str:
        return obj.get_absolute_url()


class OrganisationIn(Schema):
    name: Text = Field(..., min_length=1, max_length=200)
    type: OrgType
    size: SizeClass = ""
    country: Text = Field(..., min_length=2, max_length=2)
    region: Text | None = Field(None, max_length=5, description="NUTS code; defaults to the country")
    website: Text = Field("", max_length=200)
    description: Text = Field("", max_length=5000)
    ecosystems: list[Text] = Field(default_factory=list, max_length=14)
    visibility: VisibilityValue = "public"


class OrganisationPatch(Schema):
    name: Text | None = Field(None, min_length=1, max_length=200)
    type: OrgType | None = None
    size: SizeClass | None = None
    country: Text | None = Field(None, min_length=2, max_length=2)
    region: Text | None = Field(None, max_length=5)
    website: Text | None = Field(None, max_length=200)
    description: Text | None = Field(None, max_length=5000)
    ecosystems: list[Text] | None = Field(None, max_length=14)
    visibility: VisibilityValue | None = None


class MembershipOut(Schema):
    organisation: int = Field(..., alias="organisation_id")
    role: str
    since: str
    until: str | None

    @staticmethod
    def resolve_since(obj: Membership) -> str:
        return obj.since.isoformat()

    @staticmethod
    def resolve_until(obj: Membership) -> str | None:
        return obj.until.isoformat() if obj.until else None


class ClusterOut(Schema):
    id: int
    name: str
    description: str
    organisation: int = Field(..., alias="organisation_id")
    region: str = Field(..., alias="region_id")
    ecosystems: list[str]
    member_count: int

    @staticmethod
    def resolve_ecosystems(obj: Cluster) -> list[str]:
        return [e.slug for e in obj.ecosystems.all()]


class ClusterDetailOut(ClusterOut):
    memberships: list[MembershipOut]

    @staticmethod
    def resolve_memberships(obj: Cluster) -> list[Membership]:
        return list(obj.memberships.all())


class OrganisationFilters(Schema):
    q: Text = Field("", max_length=100, description="words in the name or description")
    type: OrgType | None = None
    country: Text = Field("", max_length=2)
    region: Text = Field("", max_length=5, description="NUTS code; includes sub-regions")
    ecosystem: Text = Field("", max_length=40)
    cluster: int | None = Field(None, ge=1, le=2**31 - 1)


class RegionFilters(Schema):
    level: int | None = Field(None, ge=0, le=3)
    country: Text = Field("", max_length=2)
    parent: Text = Field("", max_length=5)


class SessionOut(Schema):
    id: int
    topic: str
    description: str
    starts_at: str
    ends_at: str
    time_zone: str
    local_start: str
    duration_minutes: int
    working_format: str
    status: str
    visibility: str
    capacity: int | None
    seats_taken: int
    ecosystems: list[str]
    series: int | None = Field(None, alias="series_id")
    url: str
    calendar_url: str

    @staticmethod
    def resolve_starts_at(obj: Session) -> str:
        return obj.starts_at.isoformat()

    @staticmethod
    def resolve_ends_at(obj: Session) -> str:
        return obj.ends_at.isoformat()

    @staticmethod
    def resolve_local_start(obj: Session) -> str:
        return obj.local_start.isoformat()

    @staticmethod
    def resolve_ecosystems(obj: Session) -> list[str]:
        return [e.slug for e in obj.ecosystems.all()]

    @staticmethod
    def resolve_url(obj: Session) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_calendar_url(obj: Session) -> str:
        return reverse("meetings:session_ics", args=[obj.pk])


class SessionFilters(Schema):
    when: Literal["upcoming", "past", "all"] = "upcoming"
    ecosystem: Text = Field("", max_length=40)
    status: Literal["", "scheduled", "live", "ended", "minutes_published", "cancelled"] = ""


class ClusterFilters(Schema):
    ecosystem: Text = Field("", max_length=40)
    region: Text = Field("", max_length=5, description="NUTS code; includes sub-regions")


# --- Reads -----------------------------------------------------------------------

@api.get("/ecosystems", response=list[EcosystemOut], tags=["registry"])
def list_ecosystems(request: HttpRequest) -> list[dict[str, str]]:
    return [{"slug": e.slug, "name": e.name} for e in Ecosystem.objects.order_by("position")]


@api.get("/regions", response=list[RegionOut], tags=["registry"])
@paginate(Pages, page_size=100)
def list_regions(request: HttpRequest, filters: Query[RegionFilters]) -> QuerySet[Region]:
    level, country, parent = filters.level, filters.country, filters.parent
    qs = Region.objects.order_by("code")
    if level is not None:
        qs = qs.filter(level=level)
    if country:
        qs = qs.filter(country_code=country.upper())
    if parent:
        qs = qs.filter(parent_id=parent.upper())
    return qs


@api.get("/regions/{code}", response={200: RegionOut, 404: ErrorOut}, tags=["registry"])
def get_region(request: HttpRequest, code: str) -> Region:
    code = code.upper()
    if not code.isascii() or not code.isalnum() or len(code) > 5:
        raise Http404
    return get_object_or_404(Region, code=code)


@api.get("/organisations", response={200: list[OrganisationOut], 422: ErrorOut}, tags=["registry"])
@paginate(Pages, page_size=25)
def list_organisations(
    request: HttpRequest, filters: Query[OrganisationFilters]
) -> QuerySet[Organisation]:
    viewer = _viewer(request)
    region = filters.region.upper()
    if region and not Region.objects.filter(code=region).exists():
        raise HttpError(422, f"Unknown NUTS region code: {region!r}.")
    found = queries.search_organisations(viewer, queries.DirectoryFilters(
        q=filters.q.strip(), type=filters.type or "", country=filters.country.upper(),
        region=region, ecosystem=filters.ecosystem, cluster=filters.cluster,
    ))
    return queries.with_card_data(found).order_by("name", "id")


@api.get("/organisations/{org_id}", response={200: OrganisationOut, 404: ErrorOut},
         tags=["registry"])
def get_organisation(request: HttpRequest, org_id: int) -> Organisation:
    org = queries.organisation_profile(_viewer(request), org_id) if org_id < 2**63 else None
    if org is None:
        raise Http404
    return org


@api.get("/clusters", response=list[ClusterOut], tags=["registry"])
@paginate(Pages, page_size=25)
def list_clusters(request: HttpRequest, filters: Query[ClusterFilters]) -> QuerySet[Cluster]:
    ecosystem, region = filters.ecosystem, filters.region
    qs = queries.clusters_with_counts(_viewer(request))
    if ecosystem:
        qs = qs.filter(ecosystems=ecosystem)
    if region:
        qs = qs.filter(region__code__startswith=region.upper())
    return qs


@api.get("/clusters/{cluster_id}", response={200: ClusterDetailOut, 404: ErrorOut},
         tags=["registry"])
def get_cluster(request: HttpRequest, cluster_id: int) -> Cluster:
    if cluster_id >= 2**63:
        raise Http404
    viewer = _viewer(request)
    visible = queries.visible_organisations(viewer).values("pk")
    return get_object_or_404(
        queries.clusters_with_counts(viewer).prefetch_related(
            _memberships_of_visible(visible)
        ),
        pk=cluster_id,
    )


def _memberships_of_visible(visible: Any) -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.filter(organisation__in=visible).order_by("organisation_id", "since"),
    )


def _sessions_for(viewer: Any) -> QuerySet[Session]:
    qs = meetings_queries.visible_sessions(viewer).annotate(seats_taken=Count(
        "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)))
    return qs.prefetch_related("ecosystems")


@api.get("/sessions", response=list[SessionOut], tags=["sessions"])
@paginate(Pages, page_size=25)
def list_sessions(request: HttpRequest, filters: Query[SessionFilters]) -> QuerySet[Session]:
    """Sessions of the alliance; members-only ones with a bearer token. Drafts never."""
    qs = _sessions_for(_viewer(request))
    now = timezone.now()
    if filters.when == "upcoming":
        qs = qs.filter(starts_at__gte=now).order_by("starts_at", "id")
    elif filters.when == "past":
        qs = qs.filter(starts_at__lt=now).order_by("-starts_at", "id")
    else:
        qs = qs.order_by("starts_at", "id")
    if filters.ecosystem:
        qs = qs.filter(ecosystems=filters.ecosystem)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs


@api.get("/sessions/{session_id}", response={200: SessionOut, 404: ErrorOut}, tags=["sessions"])
def get_session(request: HttpRequest, session_id: int) -> Session:
    if not 0 < session_id < 2**63:
        raise Http404
    session = get_object_or_404(_sessions_for(_viewer(request)), pk=session_id)
    if not meetings_access.can_view_session(_viewer(request), session):  # pragma: no cover - filtered above
        raise Http404
    return session


# --- Overview of needs --------------------------------------------------------------

class StatementOut(Schema):
    id: int
    kind: str
    text: str
    language: str = Field(description="ISO 639-1, or 'unknown'")
    said_at: str
    ecosystems: list[str]
    organisation: int | None = Field(None, alias="organisation_id")
    organisation_type: str
    country: str | None = Field(None, alias="country_id")
    region: str | None = Field(None, alias="region_id", description="NUTS code")
    session: int | None = Field(None, alias="session_id")
    link: str

    @staticmethod
    def resolve_said_at(obj: Statement) -> str:
        return obj.said_at.isoformat()

    @staticmethod
    def resolve_ecosystems(obj: Statement) -> list[str]:
        return [e.slug for e in obj.ecosystems.all()]


class StatementQuery(Schema):
    kind: Text = Field("", max_length=20, description="disruption, need or solution")
    ecosystem: Text = Field("", max_length=40)
    region: Text = Field("", max_length=5, description="NUTS code; includes sub-regions")
    organisation_type: Text = Field("", max_length=20)
    language: Text = Field("", max_length=8, description="ISO 639-1, or 'unknown'")
    since: Text = Field("", max_length=10, description="YYYY-MM-DD")
    until: Text = Field("", max_length=10, description="YYYY-MM-DD")
    series: Text = Field("", max_length=20, description="series id")


@api.get("/statements", response={200: list[StatementOut], 422: ErrorOut}, tags=["overview"])
@paginate(Pages, page_size=50)
def list_statements(request: HttpRequest, filters: Query[StatementQuery]) -> QuerySet[Statement]:
    """Disruptions, needs and solutions said in the alliance, newest first, filtered as on
    the overview pages (the same form checks them: a wrong code or date is a 422 naming
    the field); members-only ones with a bearer token."""
    return overview_queries.listed(_filtered_statements(request, filters))


def _filtered_statements(request: HttpRequest, filters: StatementQuery) -> QuerySet[Statement]:
    form = StatementFilterForm(data=filters.dict())
    if not form.is_valid():
        raise HttpError(422, "; ".join(f"{name}: {' '.join(str(e) for e in errors)}"
                                       for name, errors in form.errors.items()))
    return form.filters().apply(overview_queries.visible_statements(_viewer(request)))


class KindCounts(Schema):
    disruption: int
    need: int
    solution: int


class ThemeOut(Schema):
    id: int
    title: str
    label: str = Field(description="key phrases found by the last run")
    labels: dict[str, str] = Field(description="language code → key phrases in that language")
    pinned: bool
    hidden: bool = Field(description="hidden themes are listed for coordinators only")
    statements: int = Field(description="statements the viewer may see that match the filters")
    organisations: int
    by_kind: KindCounts
    trend: str
    alert: bool
    first_said_at: str | None
    last_said_at: str | None


class ThemeDetailOut(ThemeOut):
    representative_statements: list[int] = Field(description="ids of its most representative statements "
                                                             "the viewer may see (GET /api/statements)")


def _theme_out(row: theme_queries.ThemeRow) -> dict[str, Any]:
    theme = row.theme
    return {"id": theme.pk, "title": theme.title, "label": theme.label, "labels": dict(theme.labels or {}),
            "pinned": theme.pinned, "hidden": theme.hidden, "statements": row.total,
            "organisations": row.organisations, "by_kind": row.by_kind, "trend": row.trend, "alert": theme.alert,
            "first_said_at": theme.first_said_at.isoformat() if theme.first_said_at else None,
            "last_said_at": theme.last_said_at.isoformat() if theme.last_said_at else None}


@api.get("/themes", response={200: list[ThemeOut], 401: ErrorOut, 422: ErrorOut}, tags=["overview"])
def list_themes(request: HttpRequest, filters: Query[StatementQuery]) -> list[dict[str, Any]]:
    """The themes of the statements the filters select (as GET /api/statements), each
    counted over what the viewer may see: pinned first, then the most raised."""
    statements = _filtered_statements(request, filters)
    return [_theme_out(row) for row in theme_queries.listed_themes(_viewer(request), statements)]


@api.get("/themes/{theme_id}", response={200: ThemeDetailOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
         tags=["overview"])
def get_theme(request: HttpRequest, theme_id: int, filters: Query[StatementQuery]) -> dict[str, Any]:
    """One theme with its counts and most representative statements; a hidden or retired
    theme is a 404 but for coordinators."""
    if not 0 < theme_id < 2**63:
        raise Http404
    theme = get_object_or_404(Theme, pk=theme_id)
    if not overview_access.can_view_theme(_viewer(request), theme):
        raise Http404
    statements = _filtered_statements(request, filters)
    out = _theme_out(theme_queries.theme_row(theme, statements))
    out["representative_statements"] = [
        s.pk for s in theme_queries.representatives(theme, theme_queries.in_theme(theme, statements))]
    return out


class ReportOut(Schema):
    ecosystem: str
    name: str
    status: Literal["published", "unpublished"]
    version: int | None = Field(None, description="the latest published version")
    published_at: str | None = None
    content_hash: str | None = Field(None, description="SHA-256 of the latest published Markdown")
    url: str


class ReportDetailOut(Schema):
    ecosystem: str
    name: str
    version: int
    published_at: str
    content_hash: str
    statements: int = Field(description="public statements the version quotes or counts")
    markdown: str
    url: str
    pdf_url: str


def _report_out(ecosystem: Ecosystem, report: EcosystemReport | None) -> dict[str, Any]:
    version = report.published if report is not None else None
    return {"ecosystem": ecosystem.slug, "name": str(ecosystem.name),
            "status": "published" if version else "unpublished",
            "version": version.number if version else None,
            "published_at": version.published_at.isoformat() if version else None,
            "content_hash": version.content_hash if version else None,
            "url": reverse("overview:report", args=[ecosystem.slug])}


@api.get("/reports", response=list[ReportOut], tags=["overview"])
def list_reports(request: HttpRequest) -> list[dict[str, Any]]:
    """The 14 industrial ecosystems' reports, each with its latest published version."""
    return [_report_out(e, getattr(e, "report", None))
            for e in Ecosystem.objects.order_by("position").select_related("report__published")]


@api.get("/reports/{slug}", response={200: ReportDetailOut, 404: ErrorOut}, tags=["overview"])
def get_report(request: HttpRequest, slug: str) -> dict[str, Any]:
    """The latest published version of an ecosystem's report, as Markdown; 404 if the
    ecosystem is unknown or its report not published yet."""
    if len(slug) > 40:
        raise Http404
    report = EcosystemReport.objects.filter(ecosystem_id=slug, published__isnull=False).select_related(
        "ecosystem", "published").first()
    if report is None or report.published is None or not overview_access.can_view_report(_viewer(request)):
        raise Http404
    version = report.published
    return {"ecosystem": report.ecosystem_id, "name": str(report.ecosystem.name), "version": version.number,
            "published_at": version.published_at.isoformat(), "content_hash": version.content_hash,
            "statements": version.statements, "markdown": version.body,
            "url": reverse("overview:report", args=[report.ecosystem_id]),
            "pdf_url": reverse("overview:report-download", args=[report.ecosystem_id, "pdf"])}


# --- Writes ------------------------------------------------------------------------

def _organisation_or_404(org_id: int) -> Organisation:
    if not 0 < org_id < 2**63:  # beyond the database's integer range: simply not there
        raise Http404
    return get_object_or_404(Organisation, pk=org_id)


def _resolve_place(country_code: str, region_code: str | None) -> dict[str, Region]:
    country = Region.objects.filter(code=country_code.upper(), level=0).first()
    if country is None:
        raise HttpError(422, f"Unknown NUTS country code: {country_code!r}.")
    region = country
    if region_code:
        found = Region.objects.filter(code=region_code.upper()).first()
        if found is None:
            raise HttpError(422, f"Unknown NUTS region code: {region_code!r}.")
        if found.country_code != country.code:
            raise HttpError(422, f"Region {found.code} is not in {country.code}.")
        region = found
    return {"country": country, "region": region}


def _resolve_ecosystems(slugs: list[str]) -> list[Ecosystem]:
    found = list(Ecosystem.objects.filter(slug__in=slugs))
    unknown = sorted(set(slugs) - {e.slug for e in found})
    if unknown:
        raise HttpError(422, f"Unknown ecosystems: {', '.join(unknown)}.")
    return found


@api.post("/organisations", auth=TokenAuth(), response={201: OrganisationOut, 401: ErrorOut,
          403: ErrorOut, 409: ErrorOut, 422: ErrorOut}, tags=["registry"])
def create_organisation(request: HttpRequest, payload: OrganisationIn) -> Status[Organisation]:
    user = request.auth  # type: ignore[attr-defined]
    if not access.can_create_organisation(user):
        raise HttpError(403, "You may not add organisations.")
    data = payload.dict()
    ecosystems = _resolve_ecosystems(data.pop("ecosystems"))
    data.update(_resolve_place(data.pop("country"), data.pop("region")))
    org = actions.create_organisation(by=user, fields=data, ecosystems=ecosystems)
    return Status(201, queries.with_card_data(Organisation.objects.filter(pk=org.pk)).get())


@api.patch("/organisations/{org_id}", auth=TokenAuth(), response={200: OrganisationOut,
           401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
           tags=["registry"])
def update_organisation(request: HttpRequest, org_id: int, payload: OrganisationPatch) -> Organisation:
    user = request.auth  # type: ignore[attr-defined]
    org = _organisation_or_404(org_id)
    if not access.can_edit_organisation(user, org):
        raise HttpError(403, "You may not edit this organisation.")
    data = payload.dict(exclude_unset=True)
    if any(data.get(key, "") is None for key in ("name", "type", "country", "visibility")):
        raise HttpError(422, "name, type, country and visibility cannot be null.")
    ecosystems = _resolve_ecosystems(data.pop("ecosystems")) if data.get("ecosystems") is not None else None
    data.pop("ecosystems", None)
    if "country" in data or "region" in data:
        data.update(_resolve_place(data.pop("country", None) or org.country_id,
                                   data.pop("region", None) or None))
    data = {k: ("" if v is None and k in {"size", "website", "description"} else v) for k, v in data.items()}
    actions.update_organisation(by=user, organisation=org, fields=data, ecosystems=ecosystems)
    return queries.with_card_data(Organisation.objects.filter(pk=org.pk)).get()


@api.delete("/organisations/{org_id}", auth=TokenAuth(), response={204: None, 401: ErrorOut,
            403: ErrorOut, 404: ErrorOut, 409: ErrorOut}, tags=["registry"])
def delete_organisation(request: HttpRequest, org_id: int) -> Status[None]:
    user = request.auth  # type: ignore[attr-defined]
    org = _organisation_or_404(org_id)
    if not access.can_delete_organisation(user, org):
        raise HttpError(403, "You may not delete this organisation.")
    if org.facilitated_clusters.exists():
        raise HttpError(409, "This organisation facilitates a cluster.")
    actions.delete_organisation(by=user, organisation=org)
    return Status(204, None)


# --- Exchange ------------------------------------------------------------------------

class OrganisationRef(Schema):
    id: int
    name: str


class PostOut(Schema):
    id: int
    kind: str
    title: str
    text: str
    language: str = Field(description="ISO 639-1, or 'unknown'")
    organisation: OrganisationRef = Field(description="the organisation that posted it")
    categories: list[str]
    quantity: float | None
    unit: str
    region: str | None = Field(None, alias="region_id",
                               description="NUTS code; none means the organisation's region")
    reach: str
    ecosystems: list[str]
    urgency: str
    expires_on: str
    contact_preference: str
    status: str
    open: bool = Field(description="open, not hidden and not expired: the matcher considers it")
    outcome_note: str = Field(description="what is still missing, once partly fulfilled")
    helped_by: int | None = Field(None, alias="helped_by_organisation_id",
                                  description="the organisation that helped, once resolved")
    roles_wanted: str
    deadline: str | None
    organisation_types: list[str]
    hidden: bool = Field(description="hidden by a coordinator; shown only to its organisation and coordinators")
    hidden_reason: str
    created_at: str
    url: str

    @staticmethod
    def resolve_organisation(obj: Post) -> dict[str, Any]:
        return {"id": obj.organisation_id, "name": obj.organisation.name}

    @staticmethod
    def resolve_categories(obj: Post) -> list[str]:
        return [row.category for row in obj.category_rows.all()]

    @staticmethod
    def resolve_quantity(obj: Post) -> float | None:
        return float(obj.quantity) if obj.quantity is not None else None

    @staticmethod
    def resolve_ecosystems(obj: Post) -> list[str]:
        return [e.slug for e in obj.ecosystems.all()]

    @staticmethod
    def resolve_expires_on(obj: Post) -> str:
        return obj.expires_on.isoformat()

    @staticmethod
    def resolve_open(obj: Post) -> bool:
        return obj.is_open

    @staticmethod
    def resolve_deadline(obj: Post) -> str | None:
        return obj.deadline.isoformat() if obj.deadline else None

    @staticmethod
    def resolve_organisation_types(obj: Post) -> list[str]:
        return list(obj.organisation_types or [])

    @staticmethod
    def resolve_hidden(obj: Post) -> bool:
        return obj.hidden_at is not None

    @staticmethod
    def resolve_created_at(obj: Post) -> str:
        return obj.created_at.isoformat()

    @staticmethod
    def resolve_url(obj: Post) -> str:
        return obj.get_absolute_url()


class PostQuery(Schema):
    kind: Text = Field("", max_length=20, description="need, offer or partner_search")
    category: Text = Field("", max_length=30, description="a resource category, e.g. protective_equipment")
    ecosystem: Text = Field("", max_length=40)
    region: Text = Field("", max_length=12, description="NUTS code; includes sub-regions")


class PostIn(Schema):
    """The same fields and rules as the post form of the web pages (exchange.forms.PostForm
    checks them)."""

    organisation: int | None = Field(None, ge=1, le=2**63 - 1, description="the organisation you post for; "
                                     "may be left out if you act for one only")
    kind: PostKindValue
    title: Text = Field(..., max_length=160)
    text: Text = Field(..., max_length=5000, description="at least 10 characters")
    categories: list[CategoryValue] = Field(..., max_length=11, description="one at least")
    quantity: Decimal | None = Field(None, description="a positive number, at most two decimals")
    unit: Text = Field("", max_length=40, description="e.g. pieces, workers, tonnes; needs a quantity")
    region: Text = Field("", max_length=12, description="NUTS code; empty: the organisation's region")
    reach: ReachValue = "national"
    ecosystems: list[Text] = Field(default_factory=list, max_length=14)
    urgency: UrgencyValue = "normal"
    language: Text = Field("", max_length=8, description="ISO 639-1; empty: detected from the text")
    expires_on: dt.date | None = Field(None, description="within a year; default: in 60 days")
    contact_preference: ContactValue = "introduction"
    roles_wanted: Text = Field("", max_length=2000, description="required for a partner search")
    deadline: dt.date | None = Field(None, description="partner searches: not in the past")
    organisation_types: list[OrgType] = Field(default_factory=list, max_length=7)

    model_config = {"json_schema_extra": {"examples": [{
        "kind": "need", "title": "FFP2 masks for 300 workers in Lombardy",
        "text": "Our plant in Monza needs certified FFP2 masks for 300 workers, weekly.",
        "categories": ["protective_equipment"], "quantity": 300, "unit": "pieces", "region": "ITC4",
        "reach": "eu", "urgency": "high"}]}}


class ResolveIn(Schema):
    status: ResolutionValue
    note: Text = Field("", max_length=1000, description="what is still missing (required if partly fulfilled)")
    helped_by: int | None = Field(None, ge=1, le=2**63 - 1, description="id of the organisation that helped")

    model_config = {"json_schema_extra": {"examples": [{"status": "partly_fulfilled",
                                                         "note": "100 masks are still missing"}]}}


class CounterpartOut(Schema):
    id: int = Field(description="the post's, organisation's or statement's id, as kind says")
    title: str = Field(description="the post's title, the organisation's name or the solution as said")
    organisation: OrganisationRef | None = Field(description="whose it is; none for a solution said in a session")
    url: str


class MatchOut(Schema):
    kind: str = Field(description="post, organisation, or solution (said in a session)")
    score: int = Field(description="0 to 100")
    counterpart: CounterpartOut
    reasons: list[str] = Field(description="why it matches, in the request's language")
    contacted: bool = Field(description="the two organisations are already in contact through an introduction")


def _post_or_404(viewer: Any, post_id: int) -> Post:
    """A post the viewer may see; a hidden one is simply not there for others."""
    if not 0 < post_id < 2**63:
        raise Http404
    post = get_object_or_404(exchange_queries.listed(Post.objects.all()), pk=post_id)
    if not exchange_access.can_view_post(viewer, post):
        raise Http404
    return post


def _post_response(post_id: int) -> Post:
    return exchange_queries.listed(Post.objects.filter(pk=post_id)).get()


@api.get("/posts", response={200: list[PostOut], 401: ErrorOut, 422: ErrorOut}, tags=["exchange"])
@paginate(Pages, page_size=25)
def list_posts(request: HttpRequest, filters: Query[PostQuery]) -> QuerySet[Post]:
    """Open needs, offers and partner searches, newest first, filtered as on the exchange
    pages (the same form checks them: an unknown kind, category, ecosystem or region is a
    422 naming the filter). A region includes its sub-regions, and a post that names no
    region is in its organisation's."""
    _viewer(request)  # a wrong token is a 401 here too
    form = PostFilterForm(data={"kind": filters.kind, "category": filters.category,
                                "ecosystem": filters.ecosystem, "region": filters.region})
    if not form.is_valid():
        raise HttpError(422, "; ".join(f"{name}: {' '.join(str(e) for e in errors)}"
                                       for name, errors in form.errors.items()))
    data = form.cleaned_data
    posts = exchange_queries.open_posts()
    if data["kind"]:
        posts = posts.filter(kind=data["kind"])
    if data["category"]:
        posts = posts.filter(category_rows__category=data["category"])
    if data["ecosystem"]:
        posts = posts.filter(ecosystems=data["ecosystem"])
    if data["region"]:
        posts = posts.filter(Q(region__code__startswith=data["region"])
                             | Q(region__isnull=True, organisation__region__code__startswith=data["region"]))
    return exchange_queries.listed(posts)


@api.get("/posts/{post_id}", response={200: PostOut, 401: ErrorOut, 404: ErrorOut}, tags=["exchange"])
def get_post(request: HttpRequest, post_id: int) -> Post:
    """One post, open or not; a hidden post is a 404 but for its organisation's people and
    coordinators."""
    return _post_or_404(_viewer(request), post_id)


def _counterpart(shown: Any) -> dict[str, Any]:
    organisation = shown.organisation
    ref = {"id": organisation.pk, "name": organisation.name} if organisation is not None else None
    if shown.post is not None:
        return {"id": shown.post.pk, "title": shown.post.title, "organisation": ref,
                "url": shown.post.get_absolute_url()}
    if organisation is not None:
        return {"id": organisation.pk, "title": organisation.name, "organisation": ref,
                "url": organisation.get_absolute_url()}
    # A solution said in a session: as the post page shows it, without who said it.
    words = shown.statement.text.split()
    return {"id": shown.statement.pk, "title": " ".join(words[:30]) + (" …" if len(words) > 30 else ""),
            "organisation": None, "url": shown.statement.link}


@api.get("/posts/{post_id}/matches", auth=TokenAuth(),
         response={200: list[MatchOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}, tags=["exchange"])
def list_post_matches(request: HttpRequest, post_id: int) -> list[dict[str, Any]]:
    """The best counterparts of an open post (posts of the other side, organisations of the
    registry, solutions said in sessions), best first, with the reasons; for signed-in
    people (a bearer token). A post no longer open has none."""
    from alliance.exchange import matches

    user = request.auth  # type: ignore[attr-defined]
    if not exchange_access.can_see_matches(user):  # pragma: no cover - a token's user is active
        raise HttpError(403, "You may not see matches.")
    post = _post_or_404(user, post_id)
    if not post.is_open:
        return []
    return [{"kind": m.kind, "score": int(m.score), "counterpart": _counterpart(m), "reasons": m.reasons,
             "contacted": m.contacted}
            for m in matches.matches_for(post, viewer=user)
            if m.post is not None or m.organisation is not None or m.statement is not None]


def _form_data(payload: PostIn) -> dict[str, Any]:
    """The JSON body as the web form would post it."""
    data: dict[str, Any] = {}
    for name, value in payload.dict().items():
        if value is None:
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, Decimal | int):
            value = str(value)
        data[name] = value
    data.setdefault("expires_on", (timezone.localdate() + dt.timedelta(days=60)).isoformat())
    return data


@api.post("/posts", auth=TokenAuth(), response={201: PostOut, 401: ErrorOut, 403: ErrorOut, 409: ErrorOut,
          422: ErrorOut}, tags=["exchange"])
def create_post(request: HttpRequest, payload: PostIn) -> Status[Post]:
    """A need, offer or partner search on behalf of an organisation you act for (your
    affiliation in the registry, or a role in it). Checked as the web form checks it: a
    422 names each field that is wrong, as {"detail": {field: [messages]}}; a value of the
    wrong type or outside the lists above is refused by the schema first (a 422 whose
    detail lists each error with its loc)."""
    user = request.auth  # type: ignore[attr-defined]
    own = exchange_queries.organisation_ids_of(user)
    if not exchange_access.can_post(user):
        raise HttpError(403, "To post, your account needs an organisation: ask a coordinator to link it.")
    if payload.organisation is not None and payload.organisation not in own:
        raise HttpError(403, "You do not act for this organisation.")
    form = PostForm(_form_data(payload), organisations=Organisation.objects.filter(pk__in=own).order_by("name"))
    if not form.is_valid():
        raise DjangoValidationError({name: list(errors) for name, errors in form.errors.items()})
    try:
        post = exchange_actions.create_post(by=user, organisation=form.cleaned_data["organisation"],
                                            fields=form.post_fields(), categories=form.cleaned_data["categories"],
                                            ecosystems=form.cleaned_data["ecosystems"])
    except exchange_actions.ExchangeError as error:
        raise DjangoValidationError({"__all__": [str(error)]}) from error
    return Status(201, _post_response(post.pk))


@api.post("/posts/{post_id}/resolve", auth=TokenAuth(), response={200: PostOut, 401: ErrorOut, 403: ErrorOut,
          404: ErrorOut, 422: ErrorOut}, tags=["exchange"])
def resolve_post(request: HttpRequest, post_id: int, payload: ResolveIn) -> Post:
    """Say what came of a post: fulfilled, partly fulfilled (say what is still missing) or
    withdrawn, and which organisation helped. For the post's own organisation (and
    coordinators, who may correct); others get a 403."""
    user = request.auth  # type: ignore[attr-defined]
    post = _post_or_404(user, post_id)
    if not exchange_access.can_resolve_post(user, post):
        raise HttpError(403, "Only the post's organisation may say what came of it.")
    helper = None
    if payload.helped_by is not None:
        helper = Organisation.objects.filter(pk=payload.helped_by).first()
        if helper is None:
            raise DjangoValidationError({"helped_by": [f"Unknown organisation: {payload.helped_by}."]})
    try:
        exchange_actions.resolve_post(by=user, post=post, status=payload.status, note=payload.note,
                                      helped_by_organisation=helper)
    except exchange_actions.ExchangeError as error:
        raise DjangoValidationError({"__all__": [str(error)]}) from error
    return _post_response(post.pk)


# --- Errors as JSON -------------------------------------------------------------

@api.exception_handler(DjangoValidationError)
def on_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(IntegrityError)
def on_integrity_error(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    return api.create_response(request, {"detail": "This conflicts with an existing record."}, status=409)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(RequestDataTooBig)
def on_body_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    # Django would answer with its HTML 400 page; API clients read JSON.
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return api.create_response(request, {"detail": f"The request body is larger than {limit} bytes."}, status=413)
