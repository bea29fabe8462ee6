"""Reads of the overview: which statements a viewer may see, filtered, and counted the
ways the overview pages show them. Every page and export goes through
``visible_statements`` and ``StatementFilters.apply``, so a page and its download show
exactly the same statements."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, fields, replace
from typing import Any
from weakref import WeakKeyDictionary

from django.db import connections
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from alliance.community.models import Region
from alliance.overview.models import Statement, StatementKind, StatementMonth, StatementTally, StatementVisibility


def sees_members_only(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def visible_statements(user: Any) -> QuerySet[Statement]:
    """Public statements for everyone; members-only ones (from members-only sessions) for
    signed-in members — the same rule as meetings.queries.visible_sessions."""
    statements = Statement.objects.all()
    if not sees_members_only(user):
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
        # Days in the site's time zone, as said_at__date would take them, but as a range of
        # said_at: an index can serve it, and SQLite calls no Python function per row.
        if self.since:
            statements = statements.filter(said_at__gte=_day_start(self.since))
        if self.until:
            statements = statements.filter(said_at__lt=_day_start(self.until + dt.timedelta(days=1)))
        if self.series:
            statements = statements.filter(series_id=self.series)
        return statements

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


# What summary, by_organisation_type and by_nuts2 count, grouped once per queryset: the
# overview page asks all three of the same statements, and each of them alone is a scan
# of every visible statement (about 100 ms on SQLite at 100,000, bench/overview.py). The
# groups live as long as the queryset, as its own rows would (a QuerySet caches those too).
_BREAKDOWNS: WeakKeyDictionary[QuerySet[Statement], list[tuple[str, str, int | None, str | None, str | None, int]]]
_BREAKDOWNS = WeakKeyDictionary()


def _breakdown(statements: QuerySet[Statement]) -> list[tuple[str, str, int | None, str | None, str | None, int]]:
    """(kind, organisation type, organisation, region, country, statements) of every
    combination there is: one query, a few rows per organisation."""
    rows = _BREAKDOWNS.get(statements)
    if rows is None:
        rows = list(statements.order_by()
                    .values_list("kind", "organisation_type", "organisation", "region", "country")
                    .annotate(n=Count("id")).values_list("kind", "organisation_type", "organisation", "region",
                                                         "country", "n"))
        _BREAKDOWNS[statements] = rows
    return rows


def breakdown_for(user: Any, filters: StatementFilters,
                  statements: QuerySet[Statement]) -> list[tuple[str, str, int | None, str | None, str | None, int]]:
    """_breakdown(statements), read from the stored tallies (StatementTally, a few rows
    per organisation) when the filters are at most a kind, an organisation type and a
    region, the tallies' own columns; kept for ``statements`` so that summary,
    by_organisation_type and by_nuts2 of the same queryset read them too. Any other
    filter groups the statements it selects."""
    if not replace(filters, kind="", organisation_type="", region="").is_empty():
        return _breakdown(statements)
    rows = _BREAKDOWNS.get(statements)
    if rows is None:
        tallies = StatementTally.objects.filter(n__gt=0)
        if not sees_members_only(user):
            tallies = tallies.filter(visibility=StatementVisibility.PUBLIC)
        if filters.kind:
            tallies = tallies.filter(kind=filters.kind)
        if filters.organisation_type:
            tallies = tallies.filter(organisation_type=filters.organisation_type)
        if filters.region:
            tallies = tallies.filter(region__startswith=filters.region)
        rows = [(kind, organisation_type, organisation or None, region or None, country or None, n)
                for kind, organisation_type, organisation, region, country, n in tallies.order_by().values_list(
                    "kind", "organisation_type", "organisation", "region", "country").annotate(total=Sum("n"))
                .values_list("kind", "organisation_type", "organisation", "region", "country", "total")]
        _BREAKDOWNS[statements] = rows
    return rows


@dataclass(frozen=True)
class Summary:
    total: int
    by_kind: dict[str, int]
    organisations: int
    regions: int
    countries: int


def summary(statements: QuerySet[Statement]) -> Summary:
    """Counts of disruptions, needs and solutions, and of the distinct organisations and
    regions behind them: one query (shared with by_organisation_type and by_nuts2)."""
    rows = _breakdown(statements)
    by_kind: Counter[str] = Counter()
    for kind, _type, _organisation, _region, _country, n in rows:
        by_kind[kind] += n
    return Summary(total=sum(by_kind.values()), by_kind={k: by_kind.get(k, 0) for k in StatementKind.values},
                   organisations=len({r[2] for r in rows if r[2] is not None}),
                   regions=len({r[3] for r in rows if r[3] is not None}),
                   countries=len({r[4] for r in rows if r[4] is not None}))


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
    # SQLite stores said_at as UTC text, "2020-05-21 08:45:00": its first seven characters
    # are the month, where TruncMonth would call a Python function per row (0.7 s of the
    # overview's 1.4 s at 100,000 statements).
    sqlite = connections[statements.db].vendor == "sqlite"
    month = Substr("said_at", 1, 7) if sqlite else TruncMonth("said_at", tzinfo=dt.UTC)
    # The filter is a join of its own, so a statement filtered by one ecosystem still
    # counts in all of its ecosystems. That join gives one row per statement and this one
    # one per statement and ecosystem (the through table is unique on the pair): COUNT
    # needs no DISTINCT.
    rows = (statements.order_by().filter(ecosystems__isnull=False).annotate(month=month)
            .values_list("ecosystems", "month").annotate(n=Count("id")))
    return _heat_map(rows, ecosystem_order)


def heat_map_for(user: Any, filters: StatementFilters, statements: QuerySet[Statement],
                 ecosystem_order: list[str]) -> HeatMap:
    """heat_map(statements), read from the stored monthly counts (StatementMonth, a few
    thousand rows) when the filters are at most a kind: those counts are by kind and
    visibility only. Any other filter (an ecosystem, where a statement still counts in
    all of its ecosystems; days, which are the site's and not UTC months) groups the
    statements it selects."""
    if not replace(filters, kind="").is_empty():
        return heat_map(statements, ecosystem_order)
    months = StatementMonth.objects.filter(n__gt=0)
    if not sees_members_only(user):
        months = months.filter(visibility=StatementVisibility.PUBLIC)
    if filters.kind:
        months = months.filter(kind=filters.kind)
    return _heat_map(months.order_by().values_list("ecosystem", "month").annotate(total=Sum("n")), ecosystem_order)


def _heat_map(rows: Any, ecosystem_order: list[str]) -> HeatMap:
    """The map of (ecosystem, month, statements) rows; a month is a date, a datetime or
    "2020-05" text (SQLite's said_at and StatementMonth.month)."""
    cells: dict[tuple[str, dt.date], int] = {}
    for slug, first, n in rows:
        if isinstance(first, str):
            day = dt.date(int(first[:4]), int(first[5:7]), 1)
        else:
            day = first.date() if isinstance(first, dt.datetime) else first
        cells[slug, day] = cells.get((slug, day), 0) + n
    if not cells:
        return HeatMap([], [], [])
    present = {slug for slug, _ in cells}
    ecosystems = [slug for slug in ecosystem_order if slug in present]
    months = _months(min(m for _, m in cells), max(m for _, m in cells))
    return HeatMap(ecosystems, months, [[cells.get((slug, m), 0) for m in months] for slug in ecosystems])


def by_organisation_type(statements: QuerySet[Statement]) -> dict[str, int]:
    """Statements per organisation type ("" for statements with no organisation, e.g.
    imported summaries): one query (shared with summary and by_nuts2)."""
    types: Counter[str] = Counter()
    for _kind, organisation_type, _organisation, _region, _country, n in _breakdown(statements):
        types[organisation_type] += n
    return dict(types)


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
    no NUTS 2 region), most first: two queries, the first shared with summary and
    by_organisation_type; the second reads the regions' levels and the NUTS 2 names."""
    rows = [r for r in _breakdown(statements) if r[3]]
    # A NUTS 2 code is the first four characters of its sub-regions' codes.
    present = {r[3] for r in rows if r[3]}
    regions = {code: (name, level) for code, name, level in Region.objects.filter(
        code__in=sorted(present | {code[:4] for code in present})).values_list("code", "name", "level")}
    totals: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    organisations: dict[str, set[int]] = defaultdict(set)
    for kind, _type, organisation, region, _country, n in rows:
        if region not in regions or regions[region][1] < 2:
            continue
        code = region[:4]
        totals[code] += n
        kinds[code][kind] += n
        if organisation is not None:
            organisations[code].add(organisation)
    return [RegionRow(code, regions[code][0] if code in regions else code, total,
                      {k: kinds[code].get(k, 0) for k in StatementKind.values}, len(organisations[code]))
            for code, total in sorted(totals.items(), key=lambda item: (-item[1], item[0]))]


def listed(statements: QuerySet[Statement]) -> QuerySet[Statement]:
    """The statements as the list shows them: everything a row needs, in a fixed number
    of queries whatever the page size."""
    return statements.select_related("organisation", "region", "session").prefetch_related("ecosystems")


def languages(statements: QuerySet[Statement]) -> list[str]:
    return sorted(statements.order_by().values_list("language", flat=True).distinct())
