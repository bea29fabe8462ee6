"""Publishing sends the summary to the list's confirmed subscribers and the registrants, once each."""

import pytest
from django.utils import timezone

from alliance.community.models import Subscription
from alliance.minutes import actions
from tests.factories import PersonFactory, RegistrationFactory
from tests.minutes.helpers import ended_session

pytestmark = pytest.mark.django_db


def test_the_list_and_the_registrants_get_the_minutes_in_their_language(moderator, outbox):
    session = ended_session(moderator)
    now = timezone.now()
    Subscription.objects.create(email="list@example.org", name="Lis", language="fr", status="confirmed",
                                consent_text="yes", requested_at=now, confirmed_at=now)
    Subscription.objects.create(email="pending@example.org", status="pending", consent_text="yes", requested_at=now)
    Subscription.objects.create(email="both@example.org", status="confirmed", consent_text="y", requested_at=now)
    RegistrationFactory(session=session, person=PersonFactory(email="both@example.org"), language="de")
    RegistrationFactory(session=session, person=PersonFactory(email="gone@example.org"), status="cancelled")
    minutes = actions.draft_minutes(by=moderator, session=session)
    actions.publish_minutes(by=moderator, minutes=minutes)
    to = sorted(m.to[0] for m in outbox)
    assert to == ["both@example.org", "list@example.org"]
    french = next(m for m in outbox if m.to == ["list@example.org"])
    german = next(m for m in outbox if m.to == ["both@example.org"])
    assert session.topic in french.subject
    assert "Basque Aerospace Cluster" in french.body
    html = french.alternatives[0][0]
    assert "<strong>struggling to pay</strong>" in html
    assert f"/sessions/{session.pk}/minutes/" in german.body
