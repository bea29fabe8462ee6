"""Whatever stores a change the room shows — the session page, a command, a task — the
room hears of it once it is committed, not only what came through the websocket."""

import json

import pytest
from django.test import AsyncClient
from django.urls import reverse

from alliance.accounts.models import Role
from alliance.meetings import actions
from alliance.meetings.consumers import in_db_thread
from alliance.meetings.models import Contribution, Session
from tests.factories import RegistrationFactory, SessionFactory, UserFactory
from tests.realtime.room import join

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]




async def next_of(communicator, kind: str) -> dict:
    while True:
        message = json.loads(await communicator.receive_from(timeout=5))
        if message["type"] == kind:
            return message


@pytest.fixture
def room(db):
    session = SessionFactory(topic="Clusters Continuity through the Crisis")
    moderator = UserFactory(role=Role.MODERATOR)
    session.moderators.add(moderator)
    registration = RegistrationFactory(session=session, person=actions.person_for_user(UserFactory()))
    actions.record_floor_event(session=session, kind="request", key="k1", person=f"r{registration.pk}",
                               data={"point": "Members cannot pay their fees"})
    actions.record_floor_event(session=session, kind="start", key="k2", actor=moderator)
    contribution, _ = actions.share_contribution(session=session, registration=registration, kind="need",
                                                 text="Buy my product!", key="c1")
    return {"session": session, "moderator": moderator, "registration": registration,
            "contribution": contribution}


async def test_ending_the_session_on_its_page_closes_the_floor_for_everyone_in_the_room(room):
    watcher = await join(room["session"])
    assert (await next_of(watcher, "snapshot"))["phase"] == "floor"
    browser = AsyncClient()
    await browser.aforce_login(room["moderator"])
    response = await browser.post(reverse("meetings:session_end", args=[room["session"].pk]), {"confirm": "yes"})
    assert response.status_code == 302
    assert (await in_db_thread(Session.objects.get)(pk=room["session"].pk)).status == "ended"
    closed = await next_of(watcher, "snapshot")
    assert closed["phase"] == "closing" and closed["queue"] == []
    assert [w["person"] for w in closed["written"]] == [f"r{room['registration'].pk}"]
    await watcher.disconnect()


async def test_a_contribution_hidden_by_a_command_disappears_from_the_room(room):
    watcher = await join(room["session"])
    first = await next_of(watcher, "snapshot")
    assert [c["text"] for c in first["contributions"]] == ["Buy my product!"]

    def hide() -> None:  # as a management command or a task would, outside any consumer
        actions.hide_contribution(contribution=Contribution.objects.select_related("session").get(
            pk=room["contribution"].pk), by=None, reason="advertising")

    await in_db_thread(hide)()
    seen = await next_of(watcher, "contribution")
    assert seen["contribution"]["id"] == room["contribution"].pk and seen["contribution"]["hidden"]
    await watcher.disconnect()
