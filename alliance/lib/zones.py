"""Show every time in the viewer's zone.

The zone comes from the signed-in user's setting, else from the ``tz`` cookie
that static/alliance/zone.js sets from the browser (Intl API), else Django's
default (Europe/Brussels, the alliance's own). Unknown names are ignored: a
cookie is user input.
"""

from __future__ import annotations

from urllib.parse import unquote
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.deprecation import MiddlewareMixin

from alliance.lib.zonenames import known_zone

COOKIE = "tz"


def viewer_zone(request: HttpRequest) -> ZoneInfo | None:
    user = getattr(request, "user", None)
    candidates = [getattr(user, "time_zone", "") if user is not None and user.is_authenticated else "",
                  unquote(request.COOKIES.get(COOKIE, ""))]  # zone.js URL-encodes the "/"
    for name in candidates:
        if name and len(name) <= 64 and (zone := known_zone(name)) is not None:
            return zone
    return None


class ViewerTimeZoneMiddleware(MiddlewareMixin):
    """Sync and async capable (MiddlewareMixin): under ASGI a sync-only middleware
    would add a thread hop to every request."""

    def process_request(self, request: HttpRequest) -> None:
        zone = viewer_zone(request)
        if zone is not None:
            timezone.activate(zone)
        else:
            timezone.deactivate()

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        timezone.deactivate()
        return response
