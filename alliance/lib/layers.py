"""The embedded (one-process) channel layer, made to hold a room of thousands.

Channels' ``InMemoryChannelLayer`` walks every channel and every group for expired
messages on each ``send`` and ``receive``. A broadcast to a room of N members is N
sends and N receives, so it cost O(N²): at 1,000 watchers that walk was a third of
the server's CPU (py-spy during bench/live_fanout.py). Messages expire after 60 s
and groups after a day, so sweeping at most once a second changes nothing anyone can
see. Several processes use Redis (channels-redis), which has no such walk.
"""

from __future__ import annotations

import time

from channels.layers import InMemoryChannelLayer

SWEEP_EVERY_S = 1.0


class SweepingInMemoryChannelLayer(InMemoryChannelLayer):
    _swept_at = 0.0

    def _clean_expired(self) -> None:
        now = time.monotonic()
        if now - self._swept_at < SWEEP_EVERY_S:
            return
        self._swept_at = now
        super()._clean_expired()
