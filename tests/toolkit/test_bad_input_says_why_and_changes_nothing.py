"""Negative or non-numeric amounts, a deferral into the past, an invoice for a non-member,
a payment dated in the future, a measure without a reason: a clear message, nothing changed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliance.community.models import ActivityLog
from alliance.toolkit import actions
from alliance.toolkit.models import FeeTier, Invoice, Payment, SolidarityMeasure
from tests.factories import MembershipFactory
from tests.toolkit.people import cluster_org, days, invoice

pytestmark = pytest.mark.django_db


def _counts():
    return (FeeTier.objects.count(), Invoice.objects.count(), Payment.objects.count(),
            SolidarityMeasure.objects.count(), ActivityLog.objects.count())


@pytest.fixture
def setup(client):
    a = cluster_org()
    bill = invoice(a, issued_days_ago=40, amount=10_000)
    client.force_login(a.manager)
    return a, bill, client


@pytest.mark.parametrize(("amount", "message"), [
    ("-5", "cannot be negative"), ("abc", "Type an amount as a number"), ("1e3", "Type an amount as a number"),
    ("12.345", "at most two decimals"), ("NaN", "Type an amount as a number"), ("", "This field is required"),
])
def test_a_bad_payment_amount_is_refused_with_a_message(setup, amount, message):
    a, bill, client = setup
    before = _counts()
    response = client.post(reverse("toolkit:payment", args=[a.organisation.pk, a.members[0].pk]),
                           {"payment-invoice": bill.pk, "payment-amount": amount,
                            "payment-paid_on": days(0).isoformat(), "payment-method": "cash"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _counts() == before


@pytest.mark.parametrize(("data", "message"), [
    ({"measure-kind": "deferral", "measure-reason": "Lockdown", "measure-new_due_on": "2020-01-01"},
     "new due date after today"),
    ({"measure-kind": "deferral", "measure-reason": "Lockdown"}, "new due date after today"),
    ({"measure-kind": "waiver", "measure-reason": "  "}, "This field is required"),
    ({"measure-kind": "reduction", "measure-reason": "Hardship", "measure-amount": "200"}, "at most what is due"),
    ({"measure-kind": "reduction", "measure-reason": "Hardship", "measure-amount": "-1"}, "cannot be negative"),
    ({"measure-kind": "instalments", "measure-reason": "Hardship", "measure-instalments": "3",
      "measure-first_due_on": "2020-01-01"}, "cannot be due in the past"),
])
def test_a_bad_measure_is_refused_with_a_message(setup, data, message):
    a, bill, client = setup
    before = _counts()
    response = client.post(reverse("toolkit:measure", args=[a.organisation.pk, a.members[0].pk]),
                           {"measure-invoice": bill.pk, **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _counts() == before


def test_a_payment_dated_in_the_future_is_refused(setup):
    a, bill, _client = setup
    with pytest.raises(actions.ToolkitError, match="future"):
        actions.record_payment(by=a.manager, invoice=bill, amount_cents=100, paid_on=days(1), method="cash")
    assert not Payment.objects.exists()


def test_an_invoice_for_a_non_member_or_a_past_member_is_refused(setup):
    a, _bill, client = setup
    b = cluster_org("Other")
    past = MembershipFactory(cluster=a.members[0].cluster, since=days(-400), until=days(-10))
    before = _counts()
    for membership in (b.members[0], past):
        with pytest.raises(actions.ToolkitError, match="not a current member"):
            actions.issue_invoice(by=a.manager, organisation=a.organisation, membership=membership,
                                  lines=[("Fee", 100)])
    response = client.post(reverse("toolkit:issue-invoice", args=[a.organisation.pk, past.pk]),
                           {"invoice-year": "2026", "invoice-description": "Fee", "invoice-amount": "10"})
    assert response.status_code == 400
    assert "not a current member" in response.content.decode()
    assert _counts() == before


@pytest.mark.parametrize(("amount", "message"), [("-10", "cannot be negative"), ("ten", "Type an amount")])
def test_a_bad_invoice_amount_or_tier_fee_is_refused(setup, amount, message):
    a, _bill, client = setup
    before = _counts()
    response = client.post(reverse("toolkit:issue-invoice", args=[a.organisation.pk, a.members[0].pk]),
                           {"invoice-year": "2026", "invoice-description": "Fee", "invoice-amount": amount})
    assert response.status_code == 400 and message in response.content.decode()
    response = client.post(reverse("toolkit:save-tier", args=[a.organisation.pk]),
                           {"name": "Bad", "yearly_fee": amount}, follow=True)
    assert message in response.content.decode()
    assert _counts() == before
