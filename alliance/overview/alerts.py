"""Early alerts of emerging disruptions (issue 10 item 5), a pure core: plain data in,
plain data out, no Django.

A theme of disruptions or needs is *emerging* when the number of distinct organisations
that raised it in the last window (14 days) is significantly above its own baseline —
the mean per window over the windows before. Why an exact Poisson test: the counts are
small (a theme raised by 0, 1 or 2 organisations a fortnight is ordinary), where a
normal approximation or a z-score overstates significance; distinct organisations per
window are counts of rare, independent events, which is what the Poisson law
describes, and its exact upper tail P(X ≥ k | λ) is cheap to compute. The baseline
gets a small prior (half an organisation per window, worth one window) so that a theme
never seen before is not "infinitely" surprising, and a minimum count keeps a single
new voice from raising an alarm.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

WINDOW_DAYS = 14
BASELINE_WINDOWS = 12  # about six months before the recent window
MIN_ORGANISATIONS = 3
ALPHA = 0.01
PRIOR_RATE = 0.5  # organisations per window, before any is seen
PRIOR_WEIGHT = 1.0  # worth this many windows


@dataclass(frozen=True)
class Raised:
    """One statement: the theme it belongs to, who said it, when."""

    theme: Hashable
    organisation: Hashable
    day: dt.date


@dataclass(frozen=True)
class Alert:
    theme: Hashable
    recent: int  # distinct organisations in the recent window
    baseline: float  # expected per window (with the prior)
    p_value: float
    window_start: dt.date
    window_end: dt.date  # inclusive: the day the alert was computed for


def poisson_upper_tail(k: int, rate: float) -> float:
    """P(X ≥ k) for X ~ Poisson(rate), exactly (summed in log space for stability)."""
    if k <= 0:
        return 1.0
    if rate <= 0:
        return 0.0
    below = 0.0
    log_rate = math.log(rate)
    for i in range(k):
        below += math.exp(i * log_rate - rate - math.lgamma(i + 1))
    return max(0.0, min(1.0, 1.0 - below))


def emerging(raised: Iterable[Raised], *, today: dt.date, window_days: int = WINDOW_DAYS,
             baseline_windows: int = BASELINE_WINDOWS, min_organisations: int = MIN_ORGANISATIONS,
             alpha: float = ALPHA) -> list[Alert]:
    """The themes whose distinct organisations in the window ending ``today`` are
    significantly above their baseline, most significant first."""
    if window_days < 1 or baseline_windows < 1:
        raise ValueError("window_days and baseline_windows must be at least 1")
    recent_start = today - dt.timedelta(days=window_days - 1)
    baseline_start = recent_start - dt.timedelta(days=window_days * baseline_windows)
    recent: dict[Hashable, set[Hashable]] = defaultdict(set)
    earlier: dict[Hashable, dict[int, set[Hashable]]] = defaultdict(lambda: defaultdict(set))
    for item in raised:
        if recent_start <= item.day <= today:
            recent[item.theme].add(item.organisation)
        elif baseline_start <= item.day < recent_start:
            window = (recent_start - item.day).days // window_days  # 0 = the window just before
            earlier[item.theme][window].add(item.organisation)
    alerts = []
    for theme, organisations in recent.items():
        k = len(organisations)
        if k < min_organisations:
            continue
        seen = sum(len(orgs) for orgs in earlier[theme].values())
        rate = (seen + PRIOR_RATE * PRIOR_WEIGHT) / (baseline_windows + PRIOR_WEIGHT)
        p = poisson_upper_tail(k, rate)
        if p < alpha:
            alerts.append(Alert(theme, k, rate, p, recent_start, today))
    return sorted(alerts, key=lambda a: (a.p_value, -a.recent, str(a.theme)))


TREND_DAYS = 28
GROWTH = 1.5  # the recent window at least this many times the one before
MIN_TREND = 3  # statements in the recent window before "growing" means anything


def trend(recent: int, before: int) -> str:
    """Whether a theme is growing: its statements in the last ``TREND_DAYS`` against the
    ``TREND_DAYS`` before. "new" when it had none before; "quiet" when it has none now."""
    if recent < 0 or before < 0:
        raise ValueError("counts cannot be negative")
    if recent == 0:
        return "quiet"
    if before == 0:
        return "new" if recent >= MIN_TREND else "steady"
    if recent >= MIN_TREND and recent >= GROWTH * before:
        return "growing"
    if before >= GROWTH * recent:
        return "falling"
    return "steady"
