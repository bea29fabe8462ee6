"""Whatever a visitor puts in the address or a public form — NUL characters, broken Unicode,
huge numbers, dates outside the calendar — no page answers with a 5xx: every URL pattern of
the site, as an anonymous visitor and as a coordinator, and the public forms."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

SKIPPED = ("admin/",)  # Django's own admin; its pages are Django's to fuzz


def routes(patterns=None, prefix: str = "") -> list[tuple[str, dict]]:
    """Every path() route of the site as (route with <converters>, converters by name)."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIPPED):
            continue
        if isinstance(entry, URLResolver):
            found += routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            found.append((route, getattr(entry.pattern, "converters", {})))
    return found


ROUTES = routes()
HOSTILE = ["\x00", "a\x00b", "\ud800", "x\udfffy", "99999999999999999999999", "-1", "0", "1e400", "NaN",
           "9999-12", "0000-01", "2020-13", "9999-12-31", "0001-01-01", "..", "%", "x" * 3000, ""]
words = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))
numbers = st.one_of(st.integers(min_value=0, max_value=2**80), st.sampled_from([0, 2**31, 2**63, 2**64]))
QUERY_KEYS = ["q", "page", "page_size", "month", "when", "ecosystem", "region", "country", "type", "cluster",
              "organisation_name", "kind", "next", "format", "sort", "status", "tab", "version"]


def wire(text: str) -> str:
    """What a client puts on the wire for this text: its UTF-8 bytes, percent-encoded (a
    lone surrogate as the bytes a careless client sends, %ED%A0%80)."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def fill(route: str, converters: dict, values: dict[str, str]) -> str:
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: wire(values[m.group(1)]), route)
    assert "<" not in path, route
    return "/" + path


def query(params: list[tuple[str, str]]) -> str:
    return "&".join(f"{wire(k)}={wire(v)}" for k, v in params)


@st.composite
def requests(draw) -> str:
    route, converters = draw(st.sampled_from(ROUTES))
    values = {name: str(draw(numbers)) if type(c).__name__ == "IntConverter" else draw(words)
              for name, c in converters.items()}
    path = fill(route, converters, values)
    params = draw(st.lists(st.tuples(st.one_of(st.sampled_from(QUERY_KEYS), words), words), max_size=4))
    return f"{path}?{query(params)}" if params else path


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


@pytest.fixture
def coordinator_client(coordinator):
    client = Client(raise_request_exception=False)
    client.force_login(coordinator)
    return client


def get(client: Client, url: str) -> int:
    path, _sep, qs = url.partition("?")
    return client.get(path, QUERY_STRING=qs).status_code


@pytest.mark.parametrize("route,converters", ROUTES, ids=[r for r, _c in ROUTES])
def test_every_page_with_a_nul_or_a_huge_number_in_its_address_is_no_5xx(visitor, route, converters):
    for value, number in (("\x00", "99999999999999999999999"), ("\ud800", "0")):
        values = {name: number if type(c).__name__ == "IntConverter" else value for name, c in converters.items()}
        url = fill(route, converters, values)
        assert get(visitor, url) < 500, url
        assert get(visitor, f"{url}?{query([('month', '9999-12'), ('page', number), ('q', value)])}") < 500, url


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(url=requests())
def test_no_address_makes_a_page_answer_5xx_to_a_visitor(visitor, url):
    assert get(visitor, url) < 500, url


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(url=requests())
def test_no_address_makes_a_page_answer_5xx_to_a_coordinator(coordinator_client, url):
    assert get(coordinator_client, url) < 500, url


PUBLIC_FORMS = {
    "/mailing-list/": ["email", "name", "consent", "website"],
    "/account/signup/": ["name", "email", "password1", "password2"],
    "/account/login/": ["username", "password"],
    "/account/password-reset/": ["email"],
    "/i18n/setlang/": ["language", "next"],
}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(url=st.sampled_from(sorted(PUBLIC_FORMS)), data=st.data())
def test_no_text_posted_to_a_public_form_makes_it_answer_5xx(visitor, url, data):
    cache.clear()  # rate limits would answer 429 before the form is read
    fields = data.draw(st.dictionaries(st.sampled_from(PUBLIC_FORMS[url]), words, max_size=6))
    extra = data.draw(st.lists(st.tuples(words, words), max_size=2))
    body = query([*fields.items(), *extra])
    response = visitor.post(url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code < 500, (url, body[:200])
