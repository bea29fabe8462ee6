"""Plain-text bodies and subjects of every e-mail carry the words as written (a topic like
“Tom's <b>” is not turned into entities); the HTML part still escapes them."""

import pytest

from alliance.meetings import actions as meetings_actions
from alliance.minutes import actions
from tests.factories import PersonFactory, RegistrationFactory, SessionFactory
from tests.minutes.helpers import ended_session

pytestmark = pytest.mark.django_db

HOSTILE = "Tom's <b>fees</b> & \"cash\""


def test_the_minutes_mail_shows_a_hostile_topic_and_name_as_written_in_text_and_subject(moderator, outbox):
    session = ended_session(moderator)
    session.topic = HOSTILE
    session.save()
    RegistrationFactory(session=session, person=PersonFactory(email="ana@example.org", name="Ana <O'Brien>"))
    actions.publish_minutes(by=moderator, minutes=actions.draft_minutes(by=moderator, session=session))
    [message] = outbox
    assert HOSTILE in message.subject
    assert HOSTILE in message.body and "Hello Ana <O'Brien>," in message.body
    assert "&lt;" not in message.body + message.subject and "&#x27;" not in message.body + message.subject
    html = message.alternatives[0][0]
    assert "Tom&#x27;s &lt;b&gt;fees&lt;/b&gt; &amp;" in html and "<b>fees</b>" not in html


def test_a_registration_confirmation_is_not_escaped_either(outbox):
    session = SessionFactory(topic=HOSTILE)
    meetings_actions.register(session=session, person=PersonFactory(email="bo@example.org", name="Bo & Co"),
                              wants_floor=True, floor_point="Costs > income")
    [message] = outbox
    assert message.subject == f"Your seat: {HOSTILE}"
    assert HOSTILE in message.body and "Bo & Co" in message.body and "Costs > income" in message.body
    assert "&lt;b&gt;" in message.alternatives[0][0]
