"""The production server (manage.py serve, Uvicorn) names no Server, and every response —
pages, static files, the API, errors — carries the Content-Security-Policy."""

import http.client

import pytest

from tests.realtime.servers import servers

pytestmark = pytest.mark.django_db(transaction=True)


def test_no_server_header_and_a_policy_on_every_response(tmp_path):
    with servers(tmp_path) as (server,):
        for path in ["/", "/organisations/", "/static/alliance/site.css", "/api/ecosystems", "/no-such-page/",
                     "/regions/%00/"]:
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            assert response.status < 500, path
            assert response.getheader("Server") is None, path
            assert "script-src 'self'" in (response.getheader("Content-Security-Policy") or ""), path
            connection.close()
