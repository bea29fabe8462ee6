"""Solidarity measures — a deferral, an instalment plan, a reduction, a waiver — each with
its reason and who approved it, change what is due and are counted in the workspace."""

from __future__ import annotations

import pytest

from alliance.community.models import ActivityLog, ActivityVerb
from alliance.toolkit import actions, dues, queries
from alliance.toolkit.models import SolidarityMeasure
from tests.toolkit.people import cluster_org, days, invoice

pytestmark = pytest.mark.django_db


def _overdue(a, bill):
    return dues.overdue(queries.bill(queries.invoice_of(a.organisation, bill.pk)), days(0))[0]


def test_a_deferral_moves_the_due_date_and_the_member_is_deferred_not_lapsed():
    a = cluster_org()
    bill = invoice(a, issued_days_ago=120, amount=30_000)  # 90 days overdue: lapsed
    assert queries.member_rows(a.organisation)[0].status == dues.LAPSED
    measure = actions.grant_measure(by=a.manager, invoice=bill, kind="deferral", reason="Lockdown: no revenue",
                                    new_due_on=days(60))
    assert (measure.approved_by, measure.reason) == (a.manager, "Lockdown: no revenue")
    assert _overdue(a, bill) == 0
    assert queries.member_rows(a.organisation)[0].status == dues.DEFERRED


def test_an_instalment_plan_splits_the_balance_exactly_and_only_past_instalments_are_overdue():
    a = cluster_org()
    bill = invoice(a, issued_days_ago=60, amount=10_000)
    actions.record_payment(by=a.manager, invoice=bill, amount_cents=1_000, paid_on=days(0), method="cash")
    measure = actions.grant_measure(by=a.manager, invoice=bill, kind="instalments", reason="Cash-flow crisis",
                                    instalments=3, first_due_on=days(0))
    assert [i.amount_cents for i in measure.instalments.all()] == [3_000, 3_000, 3_000]
    assert _overdue(a, bill) == 0  # the first instalment is due today, not yet late
    later = dues.overdue(queries.bill(queries.invoice_of(a.organisation, bill.pk)), days(40))
    assert later[0] == 6_000


def test_a_reduction_and_a_waiver_take_off_what_they_say():
    a = cluster_org()
    bill = invoice(a, issued_days_ago=40, amount=10_000)
    actions.grant_measure(by=a.manager, invoice=bill, kind="reduction", reason="Micro company hit hard",
                          amount_cents=2_500)
    assert _overdue(a, bill) == 7_500
    actions.grant_measure(by=a.manager, invoice=bill, kind="waiver", reason="Insolvency proceedings")
    assert _overdue(a, bill) == 0
    assert queries.bill(queries.invoice_of(a.organisation, bill.pk)).balance == 0


def test_measures_are_counted_and_logged_with_their_reason():
    a = cluster_org(members=2)
    first, second = invoice(a, 0, amount=5_000), invoice(a, 1, amount=5_000)
    actions.grant_measure(by=a.manager, invoice=first, kind="deferral", reason="Lockdown", new_due_on=days(30))
    actions.grant_measure(by=a.manager, invoice=second, kind="deferral", reason="Lockdown", new_due_on=days(30))
    actions.grant_measure(by=a.manager, invoice=second, kind="reduction", reason="Hardship", amount_cents=100)
    assert queries.workspace(a.organisation).measures == {"deferral": 2, "instalments": 0, "reduction": 1,
                                                          "waiver": 0}
    logged = ActivityLog.objects.filter(verb=ActivityVerb.SOLIDARITY_GRANTED)
    assert sorted(e.data["reason"] for e in logged) == ["Hardship", "Lockdown", "Lockdown"]
    assert SolidarityMeasure.objects.filter(approved_by=a.manager).count() == 3
