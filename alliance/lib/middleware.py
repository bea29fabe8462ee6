"""Request and response middleware of the whole site.

- CleanInputMiddleware: a path, query string, cookie or form field holding a NUL or a
  lone surrogate is answered 400 before any view (or the session) reads it
  (lib/clean.py says what is refused; PostgreSQL cannot store it, and views 500ed).
- ContentSecurityPolicyMiddleware: the Content-Security-Policy header of every
  response, from SECURE_CSP (docs/decisions/0006-content-security-policy.md).

Both are sync and async capable (MiddlewareMixin), like lib/zones.py's.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext as _

from alliance.lib.clean import BadTextError, check_texts

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _bad_part(request: HttpRequest) -> str | None:
    """What holds the bad text ("path", "query parameter 'q'", ...), or None when all is clean."""
    checks: list[tuple[str, list[str]]] = [("path", [request.path_info])]
    checks += [(f"query parameter {key!r}", [key, *request.GET.getlist(key)]) for key in request.GET]
    checks += [(f"cookie {key!r}", [key, value]) for key, value in request.COOKIES.items()]
    # The API checks its own JSON bodies (api.Text); forms are read here, as CSRF reads them anyway.
    if request.method == "POST" and request.content_type in FORM_TYPES and not _is_api(request):
        checks += [(f"form field {key!r}", [key, *request.POST.getlist(key)]) for key in request.POST]
        checks += [(f"file {key!r}", [key, *(f.name or "" for f in request.FILES.getlist(key))])
                   for key in request.FILES]
    for part, values in checks:
        try:
            check_texts(values)
        except BadTextError:
            return part
    return None


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(reverse("api:api-root"))


class CleanInputMiddleware(MiddlewareMixin):
    """Sits before the CSRF and authentication middleware (after the locale's, so the
    page speaks the visitor's language): the 400 page is rendered without loading a
    session whose cookie may be the bad text."""

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        part = _bad_part(request)
        if part is None:
            return None
        if _is_api(request):
            return JsonResponse({"detail": f"The {part} must not contain NUL characters or lone surrogates."},
                                status=400)
        reason = _("The address or the form holds a character that is not allowed (a NUL character or "
                   "broken Unicode). Nothing was changed.")
        return render(request, "400.html", {"reason": reason}, status=400)


def content_security_policy(directives: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


class ContentSecurityPolicyMiddleware(MiddlewareMixin):
    """Django 6.0 ships this as django.middleware.csp with the same SECURE_CSP setting;
    on that upgrade this class goes. A header a view set itself is kept."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        response.headers.setdefault("Content-Security-Policy", content_security_policy(settings.SECURE_CSP))
        return response

