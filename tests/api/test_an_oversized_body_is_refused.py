"""A request body over DATA_UPLOAD_MAX_MEMORY_SIZE is answered 413 in JSON, like every other
API error, and nothing is written: through the test client, and through the production
server (Uvicorn) with the body announced by Content-Length or sent chunked."""

import http.client
import json

import pytest
from django.test import Client

from alliance.accounts.actions import create_api_token
from alliance.accounts.models import Role
from alliance.community.models import Organisation
from tests.factories import UserFactory
from tests.realtime.servers import servers


def oversized_organisation(limit: int) -> bytes:
    return json.dumps({"name": "Too big", "type": "company", "country": "DE",
                       "description": "x" * (limit + 1)}).encode()


def bearer() -> str:
    _token, key = create_api_token(user=UserFactory(role=Role.COORDINATOR), name="big")
    return f"Bearer {key}"


@pytest.mark.django_db
def test_a_body_over_the_limit_gets_413_and_creates_nothing(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = Client(raise_request_exception=False).post(
        "/api/organisations", oversized_organisation(10_000), content_type="application/json",
        headers={"Authorization": bearer()})
    assert response.status_code == 413
    assert "DATA_UPLOAD_MAX_MEMORY_SIZE" not in response.json()["detail"]
    assert not Organisation.objects.filter(name="Too big").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_the_production_server_answers_413_too(tmp_path, settings, chunked):
    authorization = bearer()
    with servers(tmp_path) as (server,):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        payload = oversized_organisation(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        connection.request("POST", "/api/organisations", iter([payload]) if chunked else payload,
                           headers={"Authorization": authorization, "Content-Type": "application/json"},
                           encode_chunked=chunked)
        response = connection.getresponse()
        answer = response.read()
        assert response.status == 413, answer[:300]
        assert json.loads(answer)["detail"]
    assert not Organisation.objects.filter(name="Too big").exists()
