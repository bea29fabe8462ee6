"""`manage.py toolkit_dues` recomputes every member's status from its dues with the
configured grace period, and reminds overdue members at most once per invoice every 14 days,
in the member's language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alliance.community.models import ActivityLog, ActivityVerb
from alliance.toolkit import actions
from alliance.toolkit.models import Standing
from tests.toolkit.people import cluster_org, days, invoice

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mail(settings, committed):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _status(membership):
    return Standing.objects.get(membership=membership).status


def test_statuses_follow_the_dues_and_the_grace_period(settings):
    settings.TOOLKIT_GRACE_DAYS = 30
    a = cluster_org(members=4)
    invoice(a, 0, amount=1_000)                         # not due yet: current
    invoice(a, 1, issued_days_ago=40, amount=1_000)     # 10 days overdue: in grace
    invoice(a, 2, issued_days_ago=100, amount=1_000)    # 70 days overdue: lapsed
    deferred = invoice(a, 3, issued_days_ago=100, amount=1_000)
    actions.grant_measure(by=a.manager, invoice=deferred, kind="deferral", reason="Lockdown", new_due_on=days(10))
    call_command("toolkit_dues", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123 - the command's output is not the point
    assert [_status(m) for m in a.members] == ["current", "in_grace", "lapsed", "deferred"]
    settings.TOOLKIT_GRACE_DAYS = 90
    assert actions.recompute_statuses() == 1
    assert _status(a.members[2]) == "in_grace"
    assert ActivityLog.objects.filter(verb=ActivityVerb.MEMBER_STATUS_CHANGED).exists()


def test_a_reminder_goes_once_per_invoice_every_fourteen_days_in_the_members_language():
    a = cluster_org(members=2)
    for person in a.members[0].organisation.people.all():
        person.user.language = "de"
        person.user.save()
    bill = invoice(a, 0, issued_days_ago=40, amount=12_345)
    assert bill.language == "de"  # the reminder is rendered under it (send_templated_mail's language)
    invoice(a, 1, amount=1_000)  # not overdue: no reminder
    now = timezone.now()
    assert actions.send_reminders(now=now) == 1
    assert actions.send_reminders(now=now + dt.timedelta(days=13)) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert bill.reference in message.subject and "123.45 EUR" in message.body
    assert sorted(message.to) == sorted(p.email for p in a.members[0].organisation.people.all())
    assert actions.send_reminders(now=now + dt.timedelta(days=15)) == 1
    assert ActivityLog.objects.filter(verb=ActivityVerb.FEE_REMINDER_SENT).count() == 2


def test_a_paid_or_deferred_invoice_gets_no_reminder():
    a = cluster_org(members=2)
    paid = invoice(a, 0, issued_days_ago=40, amount=1_000)
    actions.record_payment(by=a.manager, invoice=paid, amount_cents=1_000, paid_on=days(0), method="cash")
    deferred = invoice(a, 1, issued_days_ago=40, amount=1_000)
    actions.grant_measure(by=a.manager, invoice=deferred, kind="deferral", reason="Lockdown", new_due_on=days(5))
    assert actions.send_reminders() == 0
    assert mail.outbox == []
