"""Show every time in the viewer's zone.

The zone comes from the signed-in user's setting, else from the ``tz`` cookie
that static/alliance/zone.js sets from the browser (Intl API), else Django's
default (Europe/Brussels, the alliance's own). Unknown names are ignored: a
cookie is user input.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from alliance.meetings.recurrence import RecurrenceError, valid_zone

COOKIE = "tz"


def viewer_zone(request: HttpRequest) -> ZoneInfo | None:
    user = getattr(request, "user", None)
    candidates = [getattr(user, "time_zone", "") if user is not None and user.is_authenticated else "",
                  unquote(request.COOKIES.get(COOKIE, ""))]  # zone.js URL-encodes the "/"
    for name in candidates:
        if name and len(name) <= 64:
            try:
                return valid_zone(name)
            except RecurrenceError:
                continue
    return None


class ViewerTimeZoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone = viewer_zone(request)
        if zone is not None:
            timezone.activate(zone)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
