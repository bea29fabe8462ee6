"""Every ended demo session has minutes that can be drafted, reviewed and published; the
21 May 2020 one carries its real summary."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from alliance.accounts.models import User
from alliance.meetings.models import Session
from alliance.minutes import actions
from alliance.minutes.models import Minutes

pytestmark = pytest.mark.django_db


def test_every_ended_demo_session_is_drafted_reviewed_and_published(client):
    call_command("seed_demo")
    moderator = User.objects.get(email="moderator@alliance.example")
    participant = User.objects.get(email="participant@alliance.example")
    ended = list(Session.objects.filter(status__in=["ended", "minutes_published"]))
    assert len(ended) > 60
    waiting = [s for s in ended if s.status == "ended"]
    assert len(waiting) == 3
    for session in ended:
        minutes = Minutes.objects.get(session=session)
        assert "## Identification of disruptions and needs" in minutes.body
        assert minutes.body.count("\n- ") >= 3, session.topic
    for session in waiting:
        minutes = actions.draft_minutes(by=moderator, session=session)
        actions.open_amendments(by=moderator, minutes=minutes)
        line = next(line for _s, line in actions.amendable(minutes.body) if line.startswith("- "))
        amendment = actions.propose_amendment(by=participant, minutes=minutes, original=line,
                                              proposed=line + " (amended)")
        actions.decide_amendment(by=moderator, amendment=amendment, accept=True)
        actions.publish_minutes(by=moderator, minutes=minutes, notify=False)
    assert not Session.objects.filter(status="ended").exists()
    seed = Session.objects.get(topic="Clusters Continuity through the Crisis")
    page = client.get(reverse("minutes:public", args=[seed.pk])).content.decode()
    assert "<strong>innovation projects have been stopped</strong>" in page
    assert "big failure of small governments" in page
