"""E-mails reach Italian and Spanish readers in their language, with their language's dates,
whichever app sends them: the language chosen at registration, subscription or sign-up."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from alliance.accounts import actions as accounts
from alliance.community import actions as community
from alliance.meetings import actions as meetings
from tests.factories import PersonFactory, SessionFactory

pytestmark = pytest.mark.django_db

THURSDAY = dt.datetime(2030, 5, 23, 8, 30, tzinfo=ZoneInfo("Europe/Brussels"))


@pytest.mark.parametrize("language,subject,greeting,date", [
    ("it", "Il suo posto:", "Gentile Ana,", "giovedì 23 maggio 2030, 08:30"),
    ("es", "Su plaza:", "Hola, Ana:", "jueves, 23 de mayo de 2030, 08:30"),
])
def test_a_registration_is_confirmed_in_the_registrants_language(
        django_capture_on_commit_callbacks, language, subject, greeting, date):
    session = SessionFactory(starts_at=THURSDAY, time_zone="Europe/Brussels")
    with django_capture_on_commit_callbacks(execute=True):
        meetings.register(session=session, person=PersonFactory(name="Ana"), language=language)
    [message] = mail.outbox
    assert message.subject.startswith(subject)
    assert greeting in message.body and date in message.body
    assert "You have a seat" not in message.body and "Hello" not in message.body
    assert greeting in message.alternatives[0].content


@pytest.mark.parametrize("language,subject", [
    ("it", "Confermi la sua iscrizione a"),
    ("es", "Confirme su suscripción a"),
])
def test_the_mailing_list_confirmation_is_in_the_subscribers_language(
        django_capture_on_commit_callbacks, language, subject):
    with django_capture_on_commit_callbacks(execute=True):
        community.request_subscription(email="lia@example.org", name="Lia", language=language, consent_text="yes")
    [message] = mail.outbox
    assert message.subject.startswith(subject)
    assert "Please confirm" not in message.body


@pytest.mark.parametrize("language,subject", [
    ("it", "Confermi il suo account su"),
    ("es", "Confirme su cuenta en"),
])
def test_an_account_is_confirmed_in_the_language_it_was_opened_in(
        django_capture_on_commit_callbacks, language, subject):
    with django_capture_on_commit_callbacks(execute=True):
        accounts.sign_up(email="lia@example.org", name="Lia", password_hash="!", language=language)
    [message] = mail.outbox
    assert message.subject.startswith(subject)
    assert "Please confirm" not in message.body
