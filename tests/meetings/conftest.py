import pytest
from django.core import mail


@pytest.fixture
def outbox(monkeypatch):
    """Send e-mail at once. A `db` test runs inside one transaction that never commits,
    so after-commit callbacks (the e-mail tasks) would never run; here they run when
    registered. Tests of the after-commit timing itself use transaction=True."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
    return mail.outbox


def mails_to(outbox, address):
    return [m for m in outbox if address in m.to]


def invitations(message):
    """The calendar attachments of a sent message as (METHOD parameter, parsed icalendar.Calendar)."""
    import icalendar

    found = []
    for part in message.attachments:
        if hasattr(part, "get_content_type") and part.get_content_type() == "text/calendar":
            found.append((part.get_param("method"), icalendar.Calendar.from_ical(part.get_payload(decode=True))))
    return found


def confirm_by_mail(client, outbox, address):
    """Follow the confirmation link e-mailed to ``address`` (the newest), as its owner would."""
    import re

    [message, *_] = [m for m in reversed(outbox) if address in m.to and "Confirm" in m.subject]
    path = re.search(r"https?://[^/\s]+(/registrations/confirm/\S+/)", message.body).group(1)
    return client.post(path)
