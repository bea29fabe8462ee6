"""Meetings sits below minutes and never imports it: ending a session and the session page
reach minutes through meetings.signals, and minutes answers (MinutesConfig.ready)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from alliance.meetings import actions as meetings_actions
from alliance.meetings import signals
from alliance.minutes import actions as minutes_actions
from alliance.minutes.models import Minutes
from tests.factories import SessionFactory
from tests.minutes.helpers import ended_session

pytestmark = pytest.mark.django_db


def test_ending_a_session_drafts_its_minutes_in_the_same_call(moderator):
    session = SessionFactory(status="live", starts_at=timezone.now() - dt.timedelta(hours=1))
    session.moderators.add(moderator)
    meetings_actions.end_session(by=moderator, session=session)
    assert Minutes.objects.get(session=session).versions.count() == 1


def test_a_failing_listener_keeps_the_session_from_ending(moderator):
    session = SessionFactory(status="live", starts_at=timezone.now() - dt.timedelta(hours=1))

    def refuse(**_kwargs):
        raise RuntimeError("cannot draft")

    signals.session_ended.connect(refuse, dispatch_uid="test.refuse")
    try:
        with pytest.raises(RuntimeError):
            meetings_actions.end_session(by=moderator, session=session)
    finally:
        signals.session_ended.disconnect(dispatch_uid="test.refuse")
    session.refresh_from_db()
    assert session.status == "live"


def test_the_session_page_links_the_minutes_as_minutes_allows(client, moderator):
    session = ended_session(moderator)
    page = reverse("meetings:session", args=[session.pk])
    assert reverse("minutes:public", args=[session.pk]) not in client.get(page).content.decode()

    client.force_login(moderator)
    assert reverse("minutes:edit", args=[session.pk]) in client.get(page).content.decode()
    minutes = minutes_actions.draft_minutes(by=moderator, session=session)
    minutes_actions.publish_minutes(by=moderator, minutes=minutes, notify=False)

    client.logout()
    body = client.get(page).content.decode()
    assert reverse("minutes:public", args=[session.pk]) in body
    assert reverse("minutes:edit", args=[session.pk]) not in body
