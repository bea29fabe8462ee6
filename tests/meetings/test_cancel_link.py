"""The cancel link in every e-mail: a signed token; tampering changes nothing."""

import pytest
from django.urls import reverse

from alliance.meetings import actions
from alliance.meetings.models import Registration
from tests.factories import RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_the_link_asks_first_then_cancels_and_promotes_the_waitlist(client, outbox):
    session = SessionFactory(capacity=1)
    seated = RegistrationFactory(session=session)
    waiting = RegistrationFactory(session=session, status="waitlisted")
    url = reverse("meetings:cancel", args=[actions.cancel_token(seated)])
    page = client.get(url)
    assert page.status_code == 200 and "Yes, cancel my registration" in page.content.decode()
    seated.refresh_from_db()
    assert seated.status == "confirmed"  # a GET (a mail scanner) changes nothing
    done = client.post(url)
    assert "Registration cancelled" in done.content.decode()
    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert (seated.status, waiting.status) == ("cancelled", "confirmed")
    assert client.post(url).status_code == 200  # twice is harmless


@pytest.mark.parametrize("mangle", [
    lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),
    lambda t: "9999." + t.split(".", 1)[1],
    lambda t: "garbage",
    lambda t: t.split(":")[0],
])
def test_a_tampered_link_is_refused_and_changes_nothing(client, mangle):
    registration = RegistrationFactory()
    response = client.post(reverse("meetings:cancel", args=[mangle(actions.cancel_token(registration))]))
    assert response.status_code == 400 and "not valid" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    assert Registration.objects.filter(status="cancelled").count() == 0
