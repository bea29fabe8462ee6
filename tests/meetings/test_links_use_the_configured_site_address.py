"""Every absolute link — e-mails, calendar files, feeds, minutes — comes from one configured
site address, and `make run` sets it to where it serves, so `make run PORT=8100` mails
links to :8100 instead of dead links to :8000."""

import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from alliance.meetings import actions
from tests.factories import PersonFactory, SessionFactory, UserFactory
from tests.meetings.conftest import invitations, mails_to

ROOT = Path(__file__).resolve().parents[2]
OTHER = "http://127.0.0.1:8123"


def make(*args: str) -> str:
    return subprocess.run(["make", "-s", "-C", str(ROOT), *args], capture_output=True, text=True,
                          check=True, env={"PATH": "/usr/bin:/bin"}).stdout


def test_make_run_on_another_port_links_to_that_port():
    assert make("site-url", "PORT=8123").strip() == OTHER
    recipe = make("-n", "run", "PORT=8123")
    assert "runserver 127.0.0.1:8123" in recipe
    assert "8000" not in recipe


def test_a_configured_public_address_wins_over_the_port():
    assert make("site-url", "PORT=8123", "SITE_URL=https://alliance.example").strip() == "https://alliance.example"


@pytest.mark.django_db
def test_mail_calendar_and_feed_links_use_the_configured_address(settings, outbox, client):
    settings.SITE_URL = OTHER
    session = SessionFactory()
    person = PersonFactory(email="ana@example.org")
    actions.register(session=session, person=person)
    [message] = mails_to(outbox, "ana@example.org")
    [(_method, calendar)] = invitations(message)
    body = message.body + "".join(str(alt[0]) for alt in message.alternatives)
    assert f"{OTHER}{session.get_absolute_url()}" in body
    assert str(calendar.walk("VEVENT")[0]["URL"]).startswith(OTHER)
    assert "127.0.0.1:8000" not in body

    user = UserFactory()
    PersonFactory(user=user, email=user.email)
    client.force_login(user)
    page = client.get(reverse("meetings:mine")).content.decode()
    assert f"{OTHER}/calendar/" in page and "127.0.0.1:8000" not in page
