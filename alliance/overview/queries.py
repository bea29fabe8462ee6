"""Reads of the overview: which statements a viewer may see, filtered, and counted the
ways the overview pages show them. Every page and export goes through
``visible_statements`` and ``StatementFilters.apply``, so a page and its download show
exactly the same statements."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, fields
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import Substr, TruncMonth

from alliance.community.models import Region
from alliance.overview.models import Statement, StatementKind, StatementVisibility


def visible_statements(user: Any) -> QuerySet[Statement]:
    """Public statements for everyone; members-only ones (from members-only sessions) for
    signed-in members — the same rule as meetings.queries.visible_sessions."""
    statements = Statement.objects.all()
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        statements = statements.filter(visibility=StatementVisibility.PUBLIC)
    return statements


@dataclass(frozen=True)
class StatementFilters:
    """What the overview filters by; empty means "all". Codes are validated by the form."""

    ecosystem: str = ""
    region: str = ""  # a NUTS code: the region and its sub-regions
    organisation_type: str = ""
    kind: str = ""
    language: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    series: int | None = None

    def apply(self, statements: QuerySet[Statement]) -> QuerySet[Statement]:
        if self.ecosystem:
            statements = statements.filter(ecosystems=self.ecosystem)
        if self.region:
            statements = statements.filter(region__code__startswith=self.region)
        if self.organisation_type:
            statements = statements.filter(organisation_type=self.organisation_type)
        if self.kind:
            statements = statements.filter(kind=self.kind)
        if self.language:
            statements = statements.filter(language=self.language)
        if self.since:
            statements = statements.filter(said_at__date__gte=self.since)
        if self.until:
            statements = statements.filter(said_at__date__lte=self.until)
        if self.series:
            statements = statements.filter(series_id=self.series)
        return statements

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


@dataclass(frozen=True)
class Summary:
    total: int
    by_kind: dict[str, int]
    organisations: int
    regions: int
    countries: int


def summary(statements: QuerySet[Statement]) -> Summary:
    """Counts of disruptions, needs and solutions, and of the distinct organisations and
    regions behind them: two queries."""
    by_kind = dict(statements.order_by().values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    behind = statements.order_by().aggregate(
        organisations=Count("organisation", distinct=True), regions=Count("region", distinct=True),
        countries=Count("country", distinct=True))
    return Summary(total=sum(by_kind.values()), by_kind={k: by_kind.get(k, 0) for k in StatementKind.values},
                   organisations=behind["organisations"], regions=behind["regions"], countries=behind["countries"])


@dataclass(frozen=True)
class HeatMap:
    ecosystems: list[str]  # slugs, in the EU's order
    months: list[dt.date]  # first days, every month from the first to the last with a statement
    counts: list[list[int]]  # [ecosystem][month]


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def heat_map(statements: QuerySet[Statement], ecosystem_order: list[str]) -> HeatMap:
    """Statements per ecosystem and month (a statement in two ecosystems counts in both):
    one query. Months are in UTC."""
    rows = (statements.order_by().filter(ecosystems__isnull=False)
            .annotate(month=TruncMonth("said_at", tzinfo=dt.UTC))
            .values_list("ecosystems", "month").annotate(n=Count("id", distinct=True)))
    cells: dict[tuple[str, dt.date], int] = {}
    for slug, month, n in rows:
        cells[slug, month.date() if isinstance(month, dt.datetime) else month] = n
    if not cells:
        return HeatMap([], [], [])
    present = {slug for slug, _ in cells}
    ecosystems = [slug for slug in ecosystem_order if slug in present]
    months = _months(min(m for _, m in cells), max(m for _, m in cells))
    return HeatMap(ecosystems, months, [[cells.get((slug, m), 0) for m in months] for slug in ecosystems])


def by_organisation_type(statements: QuerySet[Statement]) -> dict[str, int]:
    """Statements per organisation type ("" for statements with no organisation, e.g.
    imported summaries): one query."""
    return dict(statements.order_by().values_list("organisation_type").annotate(n=Count("id"))
                .values_list("organisation_type", "n"))


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    total: int
    by_kind: dict[str, int]
    organisations: int

    @property
    def kind_counts(self) -> list[int]:
        """Disruptions, needs, solutions: the columns in their one order."""
        return [self.by_kind.get(kind, 0) for kind in StatementKind.values]

    @property
    def kind_cells(self) -> list[tuple[int, str]]:
        return [(self.by_kind.get(value, 0), str(label)) for value, label in StatementKind.choices]


def by_nuts2(statements: QuerySet[Statement]) -> list[RegionRow]:
    """Statements per NUTS 2 region (an organisation placed only in its country counts in
    no NUTS 2 region), most first: two queries."""
    rows = (statements.order_by().filter(region__level__gte=2).annotate(nuts2=Substr("region_id", 1, 4))
            .values_list("nuts2", "kind").annotate(n=Count("id"), orgs=Count("organisation", distinct=True)))
    totals: Counter[str] = Counter()
    kinds: dict[str, dict[str, int]] = defaultdict(dict)
    for code, kind, n, _orgs in rows:
        totals[code] += n
        kinds[code][kind] = n
    organisations = dict(
        statements.order_by().filter(region__level__gte=2).annotate(nuts2=Substr("region_id", 1, 4))
        .values_list("nuts2").annotate(orgs=Count("organisation", distinct=True)).values_list("nuts2", "orgs"))
    names = dict(Region.objects.filter(code__in=list(totals)).values_list("code", "name"))
    return [RegionRow(code, names.get(code, code), total, {k: kinds[code].get(k, 0) for k in StatementKind.values},
                      organisations.get(code, 0))
            for code, total in sorted(totals.items(), key=lambda item: (-item[1], item[0]))]


def listed(statements: QuerySet[Statement]) -> QuerySet[Statement]:
    """The statements as the list shows them: everything a row needs, in a fixed number
    of queries whatever the page size."""
    return statements.select_related("organisation", "region", "session").prefetch_related("ecosystems")


def languages(statements: QuerySet[Statement]) -> list[str]:
    return sorted(statements.order_by().values_list("language", flat=True).distinct())
