"""A NUL character or a lone surrogate anywhere a visitor can put text — the path, the query
string, a cookie, a form field — is answered with a clear 400 page (JSON under /api/), and
nothing is changed. (On PostgreSQL these were 500s: it cannot store NUL.)"""

import pytest
from django.conf import settings
from django.test import Client

from alliance.community.models import Subscription
from alliance.lib.clean import BadTextError, check_json, check_text

pytestmark = pytest.mark.django_db

NOT_ALLOWED = "a character that is not allowed"


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("url", [
    "/regions/%00/",
    "/organisations/?organisation_name=%00ab",
    "/organisations/?q=ab%00",
    "/organisations/?%00=1",
    "/sessions/?month=2020-05%00",
    "/mailing-list/confirm/%00/",
    "/ecosystems/health%00/",
])
def test_a_nul_in_the_address_gets_the_bad_request_page(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert NOT_ALLOWED in response.content.decode()


def test_a_nul_in_a_cookie_gets_the_bad_request_page_without_reading_the_session(client):
    client.cookies[settings.SESSION_COOKIE_NAME] = "abcdefgh\x00ijklmnop"
    response = client.get("/")
    assert response.status_code == 400 and NOT_ALLOWED in response.content.decode()


def test_a_nul_in_a_form_field_changes_nothing(client):
    response = client.post("/mailing-list/", {"email": "nul@example.org", "name": "A\x00B", "consent": "on"})
    assert response.status_code == 400 and NOT_ALLOWED in response.content.decode()
    assert not Subscription.objects.exists()


def test_the_api_answers_in_json(client):
    response = client.get("/api/organisations", {"q": "\x00"})
    assert response.status_code == 400
    assert "query parameter 'q'" in response.json()["detail"]


def test_clean_input_still_works(client):
    assert client.get("/organisations/", {"q": "Zürich — 東京"}).status_code == 200


@pytest.mark.parametrize("value", ["\x00", "a\x00b", "\ud800", "x\udfffy"])
def test_the_one_rule_refuses_nul_and_lone_surrogates(value):
    with pytest.raises(BadTextError):
        check_text(value)
    with pytest.raises(BadTextError):
        check_json({"type": "floor", "data": [1, {"deep": [value]}]})
    with pytest.raises(BadTextError):
        check_json({value: "a key counts too"})


def test_the_one_rule_lets_real_text_through():
    assert check_text("Zürich — 東京 😀") == "Zürich — 東京 😀"
    check_json({"a": ["b", 1, 2.5, None, True, {"c": "😀"}]})
    nested: list = []
    for _ in range(100_000):  # deeper than Python's recursion limit
        nested = [nested]
    check_json(nested)
