"""What came of the needs a source follows up (today the exchange's posts): how many are
open and how many were met, by ecosystem and by region, and how long it took. Counted
over the statements the viewer may see and the filters select, like every overview count."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from alliance.lib import kinds
from alliance.overview.models import Statement, StatementResolution

MET = (StatementResolution.MET, StatementResolution.PARTLY_MET)


@dataclass
class Resolutions:
    open: int = 0
    met: int = 0
    partly_met: int = 0
    withdrawn: int = 0
    days: list[float] = field(default_factory=list)

    @property
    def followed(self) -> int:
        return self.open + self.met + self.partly_met + self.withdrawn

    @property
    def median_days(self) -> float | None:
        return round(statistics.median(self.days), 1) if self.days else None

    def add(self, resolution: str, days: float | None) -> None:
        if resolution == StatementResolution.MET:
            self.met += 1
        elif resolution == StatementResolution.PARTLY_MET:
            self.partly_met += 1
        elif resolution == StatementResolution.WITHDRAWN:
            self.withdrawn += 1
        else:
            self.open += 1
        if resolution in MET and days is not None:
            self.days.append(days)


@dataclass
class ResolutionTable:
    total: Resolutions
    by_ecosystem: dict[str, Resolutions]
    by_region: dict[str, Resolutions]  # NUTS 2 code → counts


def needs_followed_up(statements: QuerySet[Statement]) -> ResolutionTable:
    """Needs whose source follows them up, open or resolved, in two queries."""
    needs = statements.filter(kind=kinds.NEED, source="post")
    total = Resolutions()
    by_ecosystem: dict[str, Resolutions] = defaultdict(Resolutions)
    by_region: dict[str, Resolutions] = defaultdict(Resolutions)
    rows = list(needs.order_by().values_list("pk", "resolution", "said_at", "resolved_at", "region_id"))
    ecosystems: dict[int, list[str]] = defaultdict(list)
    through = Statement.ecosystems.through
    for statement_id, slug in through.objects.filter(statement__in=needs.order_by().values("pk")).values_list(
            "statement_id", "ecosystem_id"):
        ecosystems[statement_id].append(slug)
    for pk, resolution, said_at, resolved_at, region in rows:
        days = (resolved_at - said_at).total_seconds() / 86400 if resolved_at and said_at else None
        total.add(resolution, days)
        for slug in ecosystems.get(pk, ()):
            by_ecosystem[slug].add(resolution, days)
        if region:
            by_region[region[:4]].add(resolution, days)
    return ResolutionTable(total=total, by_ecosystem=dict(by_ecosystem), by_region=dict(by_region))
