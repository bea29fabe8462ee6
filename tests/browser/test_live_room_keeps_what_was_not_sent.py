"""A contribution typed while the server is gone is not lost: the page shows it as waiting
to be sent, keeps it across a reload, sends it again once the server is back, and it is
stored exactly once."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from alliance.meetings import actions
from alliance.meetings.models import Contribution
from tests.factories import RegistrationFactory, SessionFactory, UserFactory
from tests.realtime.servers import servers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TEXT = "Need **FFP2 masks** for 300 workers"


def signed_in(browser, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="en-GB")
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME]
                          .value, "domain": "127.0.0.1", "path": "/"}])
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def test_a_contribution_shared_while_the_server_is_down_is_sent_once_it_is_back(browser, tmp_path):
    session = SessionFactory(topic="Clusters Continuity through the Crisis")
    ana = UserFactory(name="Ana Ribeiro")
    RegistrationFactory(session=session, person=actions.person_for_user(ana))
    with servers(tmp_path) as (server,):
        page = signed_in(browser, ana)
        page.goto(f"http://127.0.0.1:{server.port}/sessions/{session.pk}/room/")
        expect(page.locator("#room-status")).to_have_text("Connected")

        server.kill()
        expect(page.locator("#room-status")).to_have_text("Connection lost: reconnecting…")
        page.get_by_label("Kind").select_option("need")
        page.get_by_label("What you want to share (mark key phrases **like this**)").fill(TEXT)
        page.get_by_role("button", name="Share").click()
        waiting = page.locator("#pending li")
        expect(waiting).to_have_count(1)
        expect(waiting).to_contain_text("Waiting to send…")
        expect(waiting).to_contain_text(TEXT)
        stored = page.evaluate(f"sessionStorage.getItem('alliance.room.{session.pk}.outbox')")
        assert TEXT.replace("*", "") in stored.replace("*", "")  # a reload would keep it
        assert not Contribution.objects.exists()

        server.start()  # same port, new process
        expect(page.locator("#room-status")).to_have_text("Connected")
        expect(page.locator("#contributions li strong")).to_have_text("FFP2 masks")
        expect(page.locator("#pending li")).to_have_count(0)
        expect(page.locator("#outbox-status")).to_have_text("Sent.")
        assert page.evaluate(f"sessionStorage.getItem('alliance.room.{session.pk}.outbox')") == "[]"
        page.reload()  # nothing left to send: nothing is sent twice
        expect(page.locator("#room-status")).to_have_text("Connected")
        expect(page.locator("#contributions li")).to_have_count(1)
        page.context.close()
    assert list(Contribution.objects.values_list("text", flat=True)) == [TEXT]


def test_what_was_waiting_survives_a_reload(browser, tmp_path):
    session = SessionFactory()
    ben = UserFactory(name="Ben Schmidt")
    RegistrationFactory(session=session, person=actions.person_for_user(ben))
    with servers(tmp_path) as (server,):
        page = signed_in(browser, ben)
        url = f"http://127.0.0.1:{server.port}/sessions/{session.pk}/room/"
        page.goto(url)
        expect(page.locator("#room-status")).to_have_text("Connected")
        # As if the page had been closed with a message still waiting (its key chosen then).
        page.evaluate(f"""sessionStorage.setItem('alliance.room.{session.pk}.outbox', JSON.stringify([
            {{type: 'share', kind: 'solution', ecosystem: '', text: 'Online event platform', key: 'k-reload'}}]))""")
        page.reload()
        expect(page.locator("#contributions li")).to_contain_text("Online event platform")
        expect(page.locator("#pending li")).to_have_count(0)
        page.reload()
        expect(page.locator("#contributions li")).to_have_count(1)
        page.context.close()
    assert Contribution.objects.filter(text="Online event platform").count() == 1
