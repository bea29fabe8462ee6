"""Error pages that say what happened. An overloaded database is not a bug on our
side: a person who is told "busy, try again in a few seconds" (503 with Retry-After)
tries again, where a 500 says "broken" and makes them leave — and load balancers and
API clients know to back off on a 503."""

from __future__ import annotations

import sys

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults
from psycopg_pool import PoolTimeout  # a dependency (psycopg[pool]) whichever database is used

RETRY_AFTER_SECONDS = 5



def is_overload(exc: BaseException | None) -> bool:
    """The database could not take one more request in time: every pooled connection
    stayed busy for the pool's timeout (PostgreSQL), or the single writer's lock was
    held past the busy timeout (SQLite). Django wraps the driver's error, so the
    whole chain of causes is looked at."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, PoolTimeout):
            return True
        if isinstance(exc, OperationalError) and "database is locked" in str(exc):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: Django calls it inside its ``except`` block, so the exception is at
    hand. Overload answers 503 + Retry-After; anything else is the plain 500 page."""
    if not is_overload(sys.exc_info()[1]):
        return defaults.server_error(request, template_name)
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": _("The service is busy. Please try again in a few seconds.")}, status=503)
    else:
        # No request context: its processors would ask the busy database again.
        response = HttpResponse(loader.render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS}),
                                status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
