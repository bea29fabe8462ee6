"""Reminders 24 hours and 1 hour before the start, each sent once."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from alliance.meetings import actions
from tests.factories import RegistrationFactory, SessionFactory
from tests.meetings.conftest import mails_to

pytestmark = pytest.mark.django_db


def seated(session, *, days_before=3, **kwargs):
    return RegistrationFactory(session=session, confirmed_at=session.starts_at - dt.timedelta(days=days_before),
                               **kwargs)


def test_the_day_before_and_the_hour_before_each_once(outbox):
    start = timezone.now() + dt.timedelta(hours=30)
    session = SessionFactory(starts_at=start)
    registration = seated(session)
    assert actions.send_due_reminders(now=start - dt.timedelta(hours=25)) == 0
    assert actions.send_due_reminders(now=start - dt.timedelta(hours=23)) == 1
    assert actions.send_due_reminders(now=start - dt.timedelta(hours=22)) == 0
    assert actions.send_due_reminders(now=start - dt.timedelta(minutes=50)) == 1
    assert actions.send_due_reminders(now=start - dt.timedelta(minutes=10)) == 0
    subjects = [m.subject for m in mails_to(outbox, registration.person.email)]
    assert subjects == [f"Tomorrow: {session.topic}", f"In one hour: {session.topic}"]


def test_waitlisted_cancelled_and_cancelled_sessions_get_no_reminder(outbox):
    start = timezone.now() + dt.timedelta(hours=2)
    session = SessionFactory(starts_at=start)
    seated(session, status="waitlisted")
    seated(session, status="cancelled")
    seated(SessionFactory(starts_at=start, status="cancelled"))
    assert actions.send_due_reminders(now=start - dt.timedelta(minutes=30)) == 0
    assert not outbox


def test_a_late_registrant_gets_no_day_before_reminder_but_the_hour_before_one(outbox):
    start = timezone.now() + dt.timedelta(hours=5)
    session = SessionFactory(starts_at=start)
    late = RegistrationFactory(session=session, confirmed_at=start - dt.timedelta(hours=6))
    assert actions.send_due_reminders(now=start - dt.timedelta(hours=5)) == 0
    assert actions.send_due_reminders(now=start - dt.timedelta(minutes=30)) == 1
    assert [m.subject.split(":")[0] for m in mails_to(outbox, late.person.email)] == ["In one hour"]


def test_the_command_sends_what_is_due(outbox, capsys):
    session = SessionFactory(starts_at=timezone.now() + dt.timedelta(minutes=40))
    seated(session)
    call_command("send_reminders")
    assert "1 reminder(s) sent," in capsys.readouterr().out
