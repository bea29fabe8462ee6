"""E-mails go out in the language the person registered in."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from alliance.meetings import actions
from tests.factories import PersonFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language,weekday,greeting", [
    ("en", "Thursday", "Hello"),
    ("de", "Donnerstag", "Guten Tag"),
    ("fr", "jeudi", "Bonjour"),
])
def test_confirmation_in_english_german_and_french(outbox, language, weekday, greeting):
    session = SessionFactory(starts_at=dt.datetime(2030, 5, 23, 8, 30, tzinfo=ZoneInfo("Europe/Brussels")))
    actions.register(session=session, person=PersonFactory(name="Ana"), language=language)
    [message] = outbox
    assert weekday in message.body and greeting in message.body
    assert ("You have a seat." in message.body) == (language == "en")
    html = message.alternatives[0].content
    assert weekday in html and "<strong>" in html
