from __future__ import annotations

import pytest

from alliance.lib import ratelimit

WINDOW = 900  # 15 minutes


class Clock:
    """The rate limiter's clock, moved by hand: no sleeping in tests."""

    def __init__(self) -> None:
        self.now = 1_000 * WINDOW + 0.0  # the start of a window

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch) -> Clock:
    moved = Clock()
    monkeypatch.setattr(ratelimit, "now", lambda: moved.now)
    return moved


@pytest.fixture
def limits(settings):
    """Small limits in one 15-minute window: 3 per address typed, 5 per client."""
    def set_limits(action: str, per_email: int = 3, per_ip: int = 5) -> None:
        settings.RATE_LIMITS = {**settings.RATE_LIMITS,
                                action: {"per_email": per_email, "per_ip": per_ip, "window": WINDOW}}
    return set_limits
