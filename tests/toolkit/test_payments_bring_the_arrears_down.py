"""Invoices by tier or company size, payments with date and method, and arrears per member
in age buckets: exact cents, and a payment larger than what is due is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliance.community.models import ActivityLog, ActivityVerb
from alliance.toolkit import actions, queries
from alliance.toolkit.models import Payment
from tests.toolkit.people import cluster_org, days, invoice

pytestmark = pytest.mark.django_db


def test_the_yearly_fee_follows_the_members_tier_then_its_company_size():
    a = cluster_org(fee_cents=50_000)
    actions.save_tier(by=a.manager, organisation=a.organisation, name="Micro", company_size="micro",
                      yearly_fee_cents=12_000)
    micro = a.members[1]
    micro.organisation.size = "micro"
    micro.organisation.save()
    assert invoice(a, 0).lines.get().amount_cents == 50_000
    assert invoice(a, 1).lines.get().amount_cents == 12_000
    large = actions.save_tier(by=a.manager, organisation=a.organisation, name="Large", yearly_fee_cents=99_999)
    actions.set_member_tier(by=a.manager, organisation=a.organisation, membership=micro, tier=large)
    assert invoice(a, 1).lines.get().amount_cents == 99_999


def test_arrears_fall_into_age_buckets_and_drop_with_each_payment():
    a = cluster_org(members=2)
    old = invoice(a, 0, issued_days_ago=100, amount=10_001)     # due 70 days ago
    recent = invoice(a, 1, issued_days_ago=40, amount=20_050)   # due 10 days ago
    invoice(a, 1, amount=5_000)                                  # not due yet
    space = queries.workspace(a.organisation)
    assert space.buckets == {"0-30": 20_050, "31-60": 0, "61-90": 10_001, "90+": 0}
    assert space.overdue == 30_051
    actions.record_payment(by=a.manager, invoice=old, amount_cents=10_000, paid_on=days(0), method="bank_transfer")
    actions.record_payment(by=a.manager, invoice=recent, amount_cents=20_050, paid_on=days(-1), method="card")
    space = queries.workspace(a.organisation)
    assert space.buckets == {"0-30": 0, "31-60": 0, "61-90": 1, "90+": 0}
    assert (space.billed, space.paid, space.overdue) == (35_051, 30_050, 1)
    assert ActivityLog.objects.filter(verb=ActivityVerb.PAYMENT_RECORDED).count() == 2


def test_a_payment_larger_than_what_is_due_is_refused_and_nothing_is_recorded():
    a = cluster_org()
    bill = invoice(a, amount=10_000)
    actions.record_payment(by=a.manager, invoice=bill, amount_cents=6_000, paid_on=days(0), method="cash")
    with pytest.raises(actions.ToolkitError, match="larger than what is due"):
        actions.record_payment(by=a.manager, invoice=bill, amount_cents=4_001, paid_on=days(0), method="cash")
    assert list(Payment.objects.values_list("amount_cents", flat=True)) == [6_000]


def test_the_payment_form_says_why_it_refused(client):
    a = cluster_org()
    bill = invoice(a, amount=10_000)
    client.force_login(a.manager)
    url = reverse("toolkit:payment", args=[a.organisation.pk, a.members[0].pk])
    response = client.post(url, {"payment-invoice": bill.pk, "payment-amount": "100.01",
                                 "payment-paid_on": days(0).isoformat(), "payment-method": "bank_transfer"})
    assert response.status_code == 400
    assert "larger than what is due" in response.content.decode()
    response = client.post(url, {"payment-invoice": bill.pk, "payment-amount": "99,99",
                                 "payment-paid_on": days(0).isoformat(), "payment-method": "bank_transfer"})
    assert response.status_code == 302
    assert Payment.objects.get().amount_cents == 9_999
