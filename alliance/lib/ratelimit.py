"""Fixed-window counters in the cache: "at most N attempts per key in W seconds".

The cache is Redis when several processes run (settings.CACHES), so the count
is shared; keys are hashed so an e-mail address never sits in the cache as text.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache


def hit(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one attempt; False when this one goes over the limit."""
    bucket = int(time.time() // window)
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:32]
    name = f"rl:{scope}:{digest}:{bucket}"
    # add() is atomic: it sets the counter only when absent; incr() is atomic too.
    if cache.add(name, 1, timeout=window + 5):
        return limit >= 1
    try:
        return cache.incr(name) <= limit
    except ValueError:  # expired between add() and incr()
        cache.add(name, 1, timeout=window + 5)
        return True
