"""Time-zone names people may choose: the IANA database's, nothing else. Pure Python, no Django.

One rule for the series form, the session model, the viewer's zone cookie and the
account setting, kept in lib so that the middleware in ``lib.zones`` needs no domain app.
"""

from __future__ import annotations

import functools
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


def known_zone(name: str) -> ZoneInfo | None:
    """The zone of this IANA name, or None for anything else (paths, blanks, typos)."""
    # ZoneInfo alone would also open "../../etc/passwd"-like keys it can find on disk.
    if name not in _zones():
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


@functools.cache
def _zones() -> frozenset[str]:
    # Reading the zone list scans the tz database: once per process is enough.
    return frozenset(available_timezones())
