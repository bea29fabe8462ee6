"""Reads of the overview's themes. A theme's counts are always counted again from the
statements its viewer may see and the filters select (queries.visible_statements and
StatementFilters.apply), never taken from what the run stored: a visitor must not learn
from a count what a members-only session said, and a filtered overview shows the themes
of what it filters. Every list is a fixed number of queries (asserted in the tests)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from alliance.community.models import Ecosystem, OrganisationType, Region
from alliance.lib import kinds
from alliance.overview import alerts
from alliance.overview.access import can_curate_themes
from alliance.overview.models import (
    PlacementStatus,
    Statement,
    Theme,
    ThemeRun,
    ThemeRunStatus,
)

IN_THEME = (PlacementStatus.PLACED, PlacementStatus.PINNED)


@dataclass
class ThemeRow:
    theme: Theme
    total: int = 0
    organisations: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    recent: int = 0
    before: int = 0

    @property
    def trend(self) -> str:
        return alerts.trend(self.recent, self.before)

    @property
    def kind_counts(self) -> list[tuple[str, int]]:
        return [(kind, self.by_kind.get(kind, 0)) for kind in kinds.STATEMENT_KINDS]


def _counted(statements: QuerySet[Statement], today: dt.date | None = None) -> dict[int, dict[str, int]]:
    now = timezone.now() if today is None else timezone.make_aware(dt.datetime.combine(today, dt.time.max))
    recent = now - dt.timedelta(days=alerts.TREND_DAYS)
    before = recent - dt.timedelta(days=alerts.TREND_DAYS)
    rows = (statements.filter(placement__status__in=IN_THEME).order_by()
            .values("placement__theme")
            .annotate(total=Count("pk", distinct=True), organisations=Count("organisation", distinct=True),
                      recent=Count("pk", filter=Q(said_at__gt=recent), distinct=True),
                      before=Count("pk", filter=Q(said_at__gt=before, said_at__lte=recent), distinct=True),
                      **{kind: Count("pk", filter=Q(kind=kind), distinct=True) for kind in kinds.STATEMENT_KINDS}))
    counted: dict[int, dict[str, int]] = {}
    for row in rows:
        values: dict[str, Any] = dict(row)
        counted[int(values.pop("placement__theme"))] = {name: int(value) for name, value in values.items()}
    return counted


def listed_themes(user: Any, statements: QuerySet[Statement]) -> list[ThemeRow]:
    """The themes of these statements, each counted over them: pinned first, then the
    most raised. Hidden themes only for coordinators (flagged on their row). Two queries."""
    counts = _counted(statements)
    themes = Theme.objects.filter(pk__in=list(counts), retired=False)
    if not can_curate_themes(user):
        themes = themes.filter(hidden=False)
    rows = [ThemeRow(theme=t, total=counts[t.pk]["total"], organisations=counts[t.pk]["organisations"],
                     by_kind={k: counts[t.pk][k] for k in kinds.STATEMENT_KINDS},
                     recent=counts[t.pk]["recent"], before=counts[t.pk]["before"]) for t in themes]
    return sorted(rows, key=lambda r: (r.theme.hidden, not r.theme.pinned, -r.total, r.theme.pk))


def theme_row(theme: Theme, statements: QuerySet[Statement]) -> ThemeRow:
    counts = _counted(statements.filter(placement__theme=theme)).get(theme.pk, {})
    return ThemeRow(theme=theme, total=counts.get("total", 0), organisations=counts.get("organisations", 0),
                    by_kind={k: counts.get(k, 0) for k in kinds.STATEMENT_KINDS},
                    recent=counts.get("recent", 0), before=counts.get("before", 0))


def remainder(statements: QuerySet[Statement]) -> dict[str, int]:
    """How many of these statements fit no theme, and how many are between two."""
    rows = dict(statements.filter(placement__status__in=[PlacementStatus.UNSORTED, PlacementStatus.UNDECIDED])
                .order_by().values_list("placement__status").annotate(n=Count("pk")))
    return {"unsorted": rows.get(PlacementStatus.UNSORTED, 0), "undecided": rows.get(PlacementStatus.UNDECIDED, 0)}


def in_theme(theme: Theme, statements: QuerySet[Statement]) -> QuerySet[Statement]:
    return statements.filter(placement__theme=theme, placement__status__in=IN_THEME)


def with_status(status: str, statements: QuerySet[Statement]) -> QuerySet[Statement]:
    return statements.filter(placement__status=status).select_related(
        "placement__theme", "placement__second")


@dataclass(frozen=True)
class Coverage:
    """Who raised a theme, and who is in the overview but did not: (code, label) pairs."""

    organisation_types: list[tuple[str, str, int]]
    missing_organisation_types: list[tuple[str, str]]
    countries: list[tuple[str, str, int]]
    missing_countries: list[tuple[str, str]]
    ecosystems: list[tuple[str, str, int]]
    missing_ecosystems: list[tuple[str, str]]


def coverage(theme_statements: QuerySet[Statement], everything: QuerySet[Statement]) -> Coverage:
    """Raised by / not raised by, against what is present in ``everything`` (the
    statements its viewer sees under the same filters). Six queries."""
    type_labels = dict(OrganisationType.choices)

    def counted(statements: QuerySet[Statement], name: str) -> dict[str, int]:
        return {code: n for code, n in statements.exclude(**{f"{name}__isnull": True}).exclude(**{name: ""})
                .order_by().values_list(name).annotate(n=Count("organisation", distinct=True)) if code}

    types, all_types = counted(theme_statements, "organisation_type"), counted(everything, "organisation_type")
    countries, all_countries = counted(theme_statements, "country"), counted(everything, "country")
    ecosystems = counted(theme_statements, "ecosystems")
    all_ecosystems = counted(everything, "ecosystems")
    country_names = dict(Region.objects.filter(code__in=list(all_countries)).values_list("code", "name"))
    ecosystem_names = {e.slug: str(e) for e in Ecosystem.objects.filter(slug__in=list(all_ecosystems))}

    def ranked(found: dict[str, int], names: dict[str, Any]) -> list[tuple[str, str, int]]:
        return sorted(((code, str(names.get(code, code)), n) for code, n in found.items()), key=lambda r: (-r[2], r[1]))

    def absent(found: dict[str, int], present: dict[str, int], names: dict[str, Any]) -> list[tuple[str, str]]:
        return sorted(((code, str(names.get(code, code))) for code in present if code not in found),
                      key=lambda r: r[1])

    return Coverage(ranked(types, type_labels), absent(types, all_types, type_labels),
                    ranked(countries, country_names), absent(countries, all_countries, country_names),
                    ranked(ecosystems, ecosystem_names), absent(ecosystems, all_ecosystems, ecosystem_names))


def by_month(theme_statements: QuerySet[Statement]) -> list[tuple[dt.date, int]]:
    rows = (theme_statements.order_by().annotate(month=TruncMonth("said_at")).values_list("month")
            .annotate(n=Count("pk")).order_by("month"))
    return [(month.date() if isinstance(month, dt.datetime) else month, n) for month, n in rows]


def sessions(theme_statements: QuerySet[Statement]) -> list[dict[str, Any]]:
    """The sessions a theme was raised in, first first: topic, date, statements."""
    return [dict(row) for row in theme_statements.filter(session__isnull=False).order_by().values(
        "session_id", "session__topic", "session__starts_at").annotate(n=Count("pk"), first=Min("said_at"))
        .order_by("session__starts_at")]


def regions(theme_statements: QuerySet[Statement]) -> list[tuple[str, str, int]]:
    rows = (theme_statements.filter(region__isnull=False).order_by().values_list("region_id", "region__name")
            .annotate(n=Count("organisation", distinct=True)).order_by("-n", "region_id"))
    return [(code, name, n) for code, name, n in rows]


def last_run() -> ThemeRun | None:
    return ThemeRun.objects.exclude(status=ThemeRunStatus.QUEUED).order_by("-started_at", "-id").first()


def alerting(user: Any) -> list[Theme]:
    themes = Theme.objects.filter(alert=True, retired=False)
    if not can_curate_themes(user):
        themes = themes.filter(hidden=False)
    return list(themes.order_by("alert_p", "-alert_recent"))


def representatives(theme: Theme, statements: QuerySet[Statement]) -> list[Statement]:
    """The theme's most representative statements this viewer may see, in the run's
    order (a members-only one is skipped for a visitor)."""
    wanted = [int(i) for i in theme.representative_ids][:6]
    found = {s.pk: s for s in statements.filter(pk__in=wanted).select_related(
        "organisation", "region", "session").prefetch_related("ecosystems")}
    return [found[i] for i in wanted if i in found][:3]


def movable_to(theme: Theme | None = None) -> QuerySet[Theme]:
    themes = Theme.objects.filter(retired=False).order_by("name", "label", "pk")
    return themes.exclude(pk=theme.pk) if theme is not None else themes


