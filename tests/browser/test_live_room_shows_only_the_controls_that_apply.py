"""The live room's console shows the moderator and the participant only the controls that
apply in the floor's present phase (room.js renders them from the snapshot)."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from alliance.accounts.models import Role
from alliance.meetings import actions
from tests.browser.test_live_room_browser import signed_in
from tests.factories import RegistrationFactory, SessionFactory, UserFactory
from tests.realtime.servers import servers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTROLS = ("Open the floor", "Next speaker", "Pause", "Resume", "+1 minute", "Close the floor")


def shown(page: Page, *names: str) -> None:
    for name in CONTROLS:
        button = page.get_by_role("group", name="Moderator controls").get_by_role("button", name=name, exact=True)
        if name in names:
            expect(button).to_be_visible()
        else:
            expect(button).to_be_hidden()


def test_the_console_offers_only_what_the_floor_can_do_now(browser, tmp_path):
    session = SessionFactory(starts_at=timezone.now(), duration_minutes=30, opening_minutes=2, closing_minutes=2)
    moderator = UserFactory(role=Role.MODERATOR)
    session.moderators.add(moderator)
    ana = UserFactory(name="Ana Ribeiro")
    RegistrationFactory(session=session, person=actions.person_for_user(ana))
    with servers(tmp_path) as (server,):
        url = f"http://127.0.0.1:{server.port}/sessions/{session.pk}/room/"
        mod, participant = signed_in(browser, moderator, server.port), signed_in(browser, ana, server.port)
        for page in (mod, participant):
            page.goto(url)
            expect(page.locator("#room-status")).to_have_text("Connected")

        shown(mod, "Open the floor", "Close the floor")  # opening: nobody to call, nothing to pause
        expect(participant.get_by_role("button", name="Ask for the floor")).to_be_visible()
        expect(participant.get_by_role("button", name="Withdraw my request")).to_be_hidden()
        expect(participant.get_by_role("button", name="I have finished")).to_be_hidden()

        participant.get_by_label("My point, in one line").fill("Members struggle to pay their fees")
        participant.get_by_role("button", name="Ask for the floor").click()
        expect(participant.get_by_role("button", name="Withdraw my request")).to_be_visible()
        expect(participant.get_by_role("button", name="Ask for the floor")).to_be_hidden()
        # The queue's tools say what they do to whom, in the page's language.
        for label in ("Skip for now", "Give the floor next", "Move to the written channel"):
            expect(mod.get_by_role("button", name=f"{label}: Ana Ribeiro")).to_be_visible()

        mod.get_by_role("button", name="Open the floor").click()
        shown(mod, "Next speaker", "Pause", "Close the floor")  # no "Open the floor" while it is open
        mod.get_by_role("button", name="Next speaker").click()
        shown(mod, "Next speaker", "Pause", "+1 minute", "Close the floor")
        expect(participant.get_by_role("button", name="I have finished")).to_be_visible()
        expect(participant.get_by_role("button", name="Withdraw my request")).to_be_hidden()

        mod.get_by_role("button", name="Pause").click()
        shown(mod, "Next speaker", "Resume", "+1 minute", "Close the floor")  # no "Pause" while paused
        mod.get_by_role("button", name="Resume").click()
        shown(mod, "Next speaker", "Pause", "+1 minute", "Close the floor")  # no "Resume" while running

        mod.get_by_role("button", name="Close the floor").click()
        shown(mod)  # closed: nothing left to run
        expect(participant.get_by_role("button", name="Ask for the floor")).to_be_visible()  # goes to writing
