"""The live room in real browsers: a moderator and three participants, each in a browser
context of their own, on a real server (`manage.py serve`) over the test database."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from alliance.accounts.models import Role
from alliance.meetings import actions
from tests.factories import RegistrationFactory, SessionFactory, UserFactory
from tests.realtime.servers import servers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(browser, user, port):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="en-GB")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "domain": "127.0.0.1", "path": "/"}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def test_a_session_runs_live_for_everyone(browser, tmp_path):
    session = SessionFactory(topic="Clusters Continuity through the Crisis", starts_at=timezone.now(),
                             duration_minutes=30, opening_minutes=2, closing_minutes=2)
    moderator = UserFactory(role=Role.MODERATOR, name="Marco Moderator")
    session.moderators.add(moderator)
    people = [UserFactory(name=name) for name in ("Ana Ribeiro", "Ben Schmidt", "Chiara Rossi")]
    registrations = [RegistrationFactory(session=session, person=actions.person_for_user(u)) for u in people]
    with servers(tmp_path) as (server,):
        url = f"http://127.0.0.1:{server.port}/sessions/{session.pk}/room/"
        pages = [signed_in(browser, user, server.port) for user in (moderator, *people)]
        for page in pages:
            page.goto(url)
            expect(page.locator("#room-status")).to_have_text("Connected")
        mod, ana, ben, chiara = pages
        expect(mod.locator("#present-count")).to_have_text("4")  # the moderator sees who is present
        expect(mod.locator("#present")).to_contain_text("Chiara Rossi")

        for page, point in ((ana, "Members struggle to pay their fees"), (ben, "Innovation projects stopped")):
            page.get_by_label("My point, in one line").fill(point)
            page.get_by_role("button", name="Ask for the floor").click()
        expect(mod.locator("#queue li")).to_have_count(2)
        expect(ana.locator("#my-position")).to_have_text("You are number 1 in the queue.")
        expect(chiara.locator("#queue li").first).to_contain_text("Members struggle to pay their fees")

        mod.get_by_role("button", name="Open the floor").click()
        mod.get_by_role("button", name="Next speaker").click()
        for page in pages:
            expect(page.locator("#speaker")).to_contain_text("Now speaking: Ana Ribeiro")
        first = chiara.locator("#countdown").inner_text()
        assert re.fullmatch(r"\d+:\d\d", first)
        chiara.wait_for_timeout(1500)
        assert chiara.locator("#countdown").inner_text() != first  # it counts down

        chiara.get_by_label("Kind").select_option("need")
        chiara.get_by_label(re.compile("What you want to share")).fill("Need **FFP2 masks** for 300 workers")
        chiara.get_by_role("button", name="Share").click()
        for page in (mod, ana, ben):
            expect(page.locator("#contributions li").first.locator("strong")).to_have_text("FFP2 masks", timeout=1000)

        ben.reload()  # in the middle of the session: everything is still there
        expect(ben.locator("#speaker")).to_contain_text("Now speaking: Ana Ribeiro")
        expect(ben.locator("#my-position")).to_have_text("You are number 1 in the queue.")
        expect(ben.locator("#contributions li")).to_have_count(1)

        mod.get_by_role("button", name="Next speaker").click()
        for page in pages:
            expect(page.locator("#speaker")).to_contain_text("Now speaking: Ben Schmidt")
        violations = [v for v in Axe().run(ben).response["violations"] if v.get("impact") in ("serious", "critical")]
        assert not violations, [v["id"] for v in violations]
        assert all(r.session_id == session.pk for r in registrations)
        for page in pages:
            page.context.close()
    for registration in registrations:
        registration.refresh_from_db()
        assert registration.attended_at is not None and registration.attendance_source == "room"
