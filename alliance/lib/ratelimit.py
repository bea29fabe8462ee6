"""Fixed-window counters in the cache: "at most N attempts per key in W seconds".

The cache is Redis when several processes run (settings.CACHES), so the count
is shared; keys are hashed so an e-mail address never sits in the cache as text.

On top of the counters, throttles for the forms that anyone can post: each counts
per e-mail address typed and per client address (settings.RATE_LIMITS). The
address typed is counted whether or not an account uses it, so a refusal says
nothing about who is registered.
"""

from __future__ import annotations

import hashlib
import math
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import ngettext


def now() -> float:
    """The counters' clock; tests move it instead of sleeping."""
    return time.time()


def _name(scope: str, key: str, window: int) -> str:
    bucket = int(now() // window)
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:32]
    return f"rl:{scope}:{digest}:{bucket}"


def hit(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one attempt; False when this one goes over the limit."""
    name = _name(scope, key, window)
    # add() is atomic: it sets the counter only when absent; incr() is atomic too.
    if cache.add(name, 1, timeout=window + 5):
        return limit >= 1
    try:
        return cache.incr(name) <= limit
    except ValueError:  # expired between add() and incr()
        cache.add(name, 1, timeout=window + 5)
        return True


def reached(scope: str, key: str, *, limit: int, window: int) -> bool:
    """True when the attempts counted in this window already number ``limit``."""
    return int(cache.get(_name(scope, key, window), 0)) >= limit


def seconds_left(window: int) -> int:
    """Seconds until the current window ends and the counters start again."""
    return max(1, math.ceil(window - now() % window))


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, which `manage.py serve` already takes from the
    proxies it trusts (--forwarded-allow-ips); or the header named by CLIENT_IP_HEADER
    when another proxy in front sets it. Never a header by default: clients forge them."""
    header = settings.CLIENT_IP_HEADER
    if header:
        value = request.headers.get(header, "")
        # X-Forwarded-For-style lists: the last entry is the one the trusted proxy added.
        if value.strip():
            return value.split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def _keys(request: HttpRequest, action: str, email: str) -> list[tuple[str, str, int]]:
    rule: dict[str, Any] = settings.RATE_LIMITS[action]
    return [
        (f"{action}-email", email.strip().lower(), rule["per_email"]),
        (f"{action}-ip", client_ip(request), rule["per_ip"]),
    ]


def throttle(request: HttpRequest, action: str, email: str) -> int | None:
    """Count one attempt at ``action`` (a key of settings.RATE_LIMITS) for this address
    and this client. None when it may go ahead, else the seconds to wait."""
    window = settings.RATE_LIMITS[action]["window"]
    # Both counters count every attempt (no short cut), so a blocked address still
    # uses up the client's allowance and the other way round.
    allowed = [hit(scope, key, limit=limit, window=window) for scope, key, limit in _keys(request, action, email)]
    return None if all(allowed) else seconds_left(window)


def blocked(request: HttpRequest, action: str, email: str) -> int | None:
    """Like throttle() but counts nothing: for log-ins, where only failures count."""
    window = settings.RATE_LIMITS[action]["window"]
    if any(reached(scope, key, limit=limit, window=window) for scope, key, limit in _keys(request, action, email)):
        return seconds_left(window)
    return None


def count_failure(request: HttpRequest, action: str, email: str) -> None:
    window = settings.RATE_LIMITS[action]["window"]
    for scope, key, limit in _keys(request, action, email):
        hit(scope, key, limit=limit, window=window)


def message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Too many attempts; try again in %(minutes)d minute.",
        "Too many attempts; try again in %(minutes)d minutes.", minutes,
    ) % {"minutes": minutes}
