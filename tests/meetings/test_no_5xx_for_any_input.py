"""Whatever a visitor sends to the public session pages, the answer is never a 5xx."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db

FIELDS = ["name", "email", "organisation_id", "organisation_name", "organisation_type", "organisation_country",
          "wants_floor", "floor_point", "consent", "website"]
text = st.one_of(st.text(max_size=300), st.sampled_from(["", "on", "1", "-1", "99999999999999999999999", "DE",
                                                         "company", "a@b.org", "2020-13", "\x00"]))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(st.sampled_from(FIELDS), text, max_size=len(FIELDS)))
def test_the_registration_form_never_fails_with_a_server_error(client, data):
    cache.clear()
    session = SessionFactory(capacity=3)
    response = client.post(reverse("meetings:register", args=[session.pk]), data)
    assert response.status_code in (200, 302, 400, 409, 429)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(st.sampled_from(["when", "ecosystem", "month", "page"]), text, max_size=4))
def test_the_agenda_never_fails_with_a_server_error(client, params):
    response = client.get(reverse("meetings:agenda"), params)
    assert response.status_code in (200, 400)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(token=st.text(max_size=200).filter(lambda t: "/" not in t and t.strip() == t and t))
def test_cancel_and_feed_tokens_never_fail_with_a_server_error(client, token):
    assert client.post(f"/registrations/cancel/{token}/").status_code < 500
    assert client.post(f"/registrations/confirm/{token}/").status_code < 500
    assert client.get(f"/calendar/{token}.ics").status_code < 500
