"""Every page works under the site's Content-Security-Policy: a real Chromium on the real
server (manage.py serve) opens the main pages — the live room as a registrant over its
websocket, a htmx filter, the fairness report, published minutes, the API docs — and the
browser reports no violation, while the header is on every page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from alliance.accounts.models import Role
from alliance.meetings import actions
from alliance.minutes import actions as minutes_actions
from tests.factories import OrganisationFactory, RegistrationFactory, SessionFactory, UserFactory
from tests.minutes.helpers import ended_session
from tests.realtime.servers import servers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The securitypolicyviolation event reaches page scripts; an init script runs before any of ours.
LISTEN = """window.__violations = [];
document.addEventListener("securitypolicyviolation", e =>
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));"""


def signed_in_page(browser, user):
    context = browser.new_context(locale="en-GB")
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "domain": "127.0.0.1", "path": "/",
                              "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.add_init_script(LISTEN)
    page.console_messages = []
    page.on("console", lambda message: page.console_messages.append(message.text))
    return page


def open_page(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert "script-src 'self'" in response.headers.get("content-security-policy", ""), url


def assert_no_violation(page) -> None:
    violations = page.evaluate("window.__violations")
    refused = [m for m in page.console_messages if "Content Security Policy" in m]
    assert violations == [] and refused == [], (page.url, violations, refused)


def test_the_main_pages_run_under_the_policy(browser, tmp_path):
    OrganisationFactory(name="Hegan Aerospace", ecosystems=["aerospace-defence"])
    OrganisationFactory(name="Lombardy Masks", ecosystems=["health"])
    live = SessionFactory(topic="Clusters Continuity through the Crisis", starts_at=timezone.now(),
                          duration_minutes=30, opening_minutes=2, closing_minutes=2)
    speaker = UserFactory(name="Ana Ribeiro")
    registration = RegistrationFactory(session=live, person=actions.person_for_user(speaker))
    moderator = UserFactory(role=Role.MODERATOR)
    # An ended session with turns on the floor: its page shows the fairness report's bars.
    live.moderators.add(moderator)
    t0 = live.starts_at
    for i, kind in enumerate(["request", "start", "next", "next"]):
        actions.record_floor_event(session=live, kind=kind, key=f"k{i}",
                                   person=f"r{registration.pk}" if kind == "request" else "",
                                   now=t0 + dt.timedelta(seconds=[0, 120, 120, 240][i]))
    done = ended_session(moderator)
    minutes = minutes_actions.draft_minutes(by=moderator, session=done)
    minutes_actions.publish_minutes(by=moderator, minutes=minutes, notify=False)

    with servers(tmp_path) as (server,):
        base = f"http://127.0.0.1:{server.port}"
        visitor = signed_in_page(browser, None)
        for path in ["/", "/organisations/", "/sessions/", f"/sessions/{live.pk}/", f"/sessions/{done.pk}/minutes/",
                     "/api/docs"]:
            open_page(visitor, base + path)
            visitor.wait_for_load_state("networkidle")
            assert_no_violation(visitor)

        # A htmx filter swaps the results in place.
        open_page(visitor, base + "/organisations/")
        with visitor.expect_response(lambda r: "q=Lombardy" in r.url):
            visitor.locator("#id_q").press_sequentially("Lombardy")
        expect(visitor.locator("#results")).not_to_contain_text("Hegan Aerospace")
        expect(visitor.locator("#results")).to_contain_text("Lombardy Masks")
        assert_no_violation(visitor)

        # The live room as a registrant: its script runs, its websocket connects, it asks for the floor.
        room = signed_in_page(browser, speaker)
        open_page(room, f"{base}/sessions/{live.pk}/room/")
        expect(room.locator("#room-status")).to_have_text("Connected")
        room.fill("#request-point", "Members cannot pay their fees")
        room.click("#request-form button[type=submit]")
        expect(room.locator("#my-position")).to_contain_text("1")
        assert_no_violation(room)

        # The fairness report as the moderator sees it, bars and all.
        moderator_page = signed_in_page(browser, moderator)
        live.status = "ended"
        live.save(update_fields=["status"])
        open_page(moderator_page, f"{base}/sessions/{live.pk}/")
        expect(moderator_page.locator(".fairness svg.bar").first).to_be_visible()
        assert_no_violation(moderator_page)
