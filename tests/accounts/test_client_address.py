from django.test import RequestFactory

from alliance.lib.ratelimit import client_ip


def test_the_client_address_is_remote_addr_and_forwarded_headers_are_ignored_by_default(settings):
    settings.CLIENT_IP_HEADER = ""
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_ip(request) == "10.1.1.1"


def test_a_trusted_header_named_in_settings_gives_the_address_its_proxy_added(settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.2.2.2")
    assert client_ip(request) == "10.2.2.2"
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"
