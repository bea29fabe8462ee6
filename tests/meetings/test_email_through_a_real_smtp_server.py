"""One confirmation travels through a real SMTP server (aiosmtpd, started by the test)
and arrives whole: subject, text and HTML parts, and the calendar invitation."""

import email
import email.policy
import socket

import icalendar
import pytest
from aiosmtpd.controller import Controller

from alliance.meetings import actions
from tests.factories import PersonFactory, SessionFactory

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def test_the_confirmation_arrives_through_smtp_with_its_invitation(smtp_server, settings, outbox):
    inbox, port = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    session = SessionFactory(topic="Clusters Continuity through the Crisis")
    actions.register(session=session, person=PersonFactory(email="ana@example.org", name="Ana Ribeiro"),
                     wants_floor=True, floor_point="Members cannot pay their fees")
    [message] = inbox.messages
    assert message["To"] == "ana@example.org"
    assert message["Subject"] == "Your seat: Clusters Continuity through the Crisis"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Members cannot pay their fees" in text and "/registrations/cancel/" in text
    assert "<strong>" in html
    [invite] = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
    assert invite.get_param("method") == "REQUEST" and invite.get_filename() == "invite.ics"
    event = icalendar.Calendar.from_ical(invite.get_content()).walk("VEVENT")[0]
    assert event["SUMMARY"] == "Clusters Continuity through the Crisis"
    assert event.decoded("DTSTART") == session.starts_at
