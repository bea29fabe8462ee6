"""Every message to the mailing list carries its recipient's own one-click unsubscribe link,
in the text, in the HTML and in the List-Unsubscribe headers (RFC 2369, RFC 8058); posting
to that address unsubscribes exactly that person, without a session or a form token."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from alliance.community.models import Subscription, SubscriptionStatus
from alliance.minutes import actions
from tests.factories import PersonFactory, RegistrationFactory
from tests.meetings import conftest as meetings_fixtures
from tests.meetings import test_email_through_a_real_smtp_server as smtp_fixtures
from tests.minutes.helpers import ended_session

pytestmark = pytest.mark.django_db

outbox = meetings_fixtures.outbox  # e-mail sent when the test's transaction would commit
smtp_server = smtp_fixtures.smtp_server  # a real SMTP server (aiosmtpd) and what it received
HEADER_URL = re.compile(r"^<(https?://[^>]+)>$")


def subscriber(email, language="en"):
    now = timezone.now()
    return Subscription.objects.create(email=email, name=email.split("@")[0], language=language, consent_text="yes",
                                       status=SubscriptionStatus.CONFIRMED, requested_at=now, confirmed_at=now)


def publish(moderator):
    session = ended_session(moderator)
    actions.publish_minutes(by=moderator, minutes=actions.draft_minutes(by=moderator, session=session))
    return session


def one_click_url(message):
    headers = message.message()
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    return HEADER_URL.match(headers["List-Unsubscribe"].strip()).group(1)


def test_each_subscriber_gets_an_unsubscribe_link_and_headers_of_their_own(moderator, outbox, settings):
    subscriber("ana@example.org")
    subscriber("bo@example.org", language="fr")
    publish(moderator)
    urls = {}
    for message in outbox:
        url = one_click_url(message)
        assert url.startswith(settings.SITE_URL + "/mailing-list/unsubscribe/")
        assert url in message.body and f'href="{url}"' in message.alternatives[0][0]
        urls[message.to[0]] = url
    assert sorted(urls) == ["ana@example.org", "bo@example.org"]
    assert urls["ana@example.org"] != urls["bo@example.org"]


def test_posting_to_the_header_address_unsubscribes_exactly_that_person(moderator, outbox, settings):
    ana, bo = subscriber("ana@example.org"), subscriber("bo@example.org")
    publish(moderator)
    url = one_click_url(next(m for m in outbox if m.to == ["ana@example.org"]))
    path = url.removeprefix(settings.SITE_URL)
    browser = Client(enforce_csrf_checks=True)
    assert browser.get(path).status_code == 200  # a link scanner's GET only shows the question
    ana.refresh_from_db()
    assert ana.status == SubscriptionStatus.CONFIRMED
    # What a mail client sends for RFC 8058: a form body, no cookies, no CSRF token.
    response = browser.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    ana.refresh_from_db()
    bo.refresh_from_db()
    assert ana.status == SubscriptionStatus.UNSUBSCRIBED and bo.status == SubscriptionStatus.CONFIRMED


def test_the_link_and_headers_arrive_through_a_real_smtp_server(moderator, smtp_server, settings):
    inbox, port = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    subscriber("ana@example.org")
    session = ended_session(moderator)
    version = actions.publish_minutes(by=moderator, minutes=actions.draft_minutes(by=moderator, session=session),
                                      notify=False)
    actions.send_minutes.call(version_id=version.pk)
    [message] = inbox.messages
    # A header this long is folded onto its own line; unfolded, only the leading space stays.
    url = HEADER_URL.match(message["List-Unsubscribe"].strip()).group(1)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.get_body(preferencelist=("plain",)).get_content()
    assert url in message.get_body(preferencelist=("html",)).get_content()


def test_a_registrant_who_is_not_on_the_list_gets_the_minutes_without_list_headers(moderator, outbox):
    session = ended_session(moderator)
    RegistrationFactory(session=session, person=PersonFactory(email="guest@example.org"))
    actions.publish_minutes(by=moderator, minutes=actions.draft_minutes(by=moderator, session=session))
    [message] = outbox
    assert message.to == ["guest@example.org"]
    assert message.message()["List-Unsubscribe"] is None
