"""Every page and form of organisation A's workspace answers 404 to B's manager (and to
A's members and visitors), and an id of A's rows typed into B's workspace finds nothing;
A's manager and a coordinator get the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliance.accounts.models import Role
from alliance.community.models import ActivityLog
from alliance.toolkit.models import FeeTier, Invoice, Payment
from tests.factories import UserFactory
from tests.toolkit.people import cluster_org, invoice, person_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(db):
    a, b = cluster_org("Org A"), cluster_org("Org B")
    return a, b, invoice(a)


def _pages(org, membership_pk, invoice_pk):
    return [reverse("toolkit:workspace", args=[org]), reverse("toolkit:member", args=[org, membership_pk]),
            reverse("toolkit:invoice-pdf", args=[org, invoice_pk])]


def _posts(org, membership_pk, invoice_pk):
    return [
        (reverse("toolkit:save-tier", args=[org]), {"name": "Hack", "yearly_fee": "1"}),
        (reverse("toolkit:make-manager", args=[org]), {"person": "1"}),
        (reverse("toolkit:issue-invoice", args=[org, membership_pk]), {"invoice-year": "2026"}),
        (reverse("toolkit:payment", args=[org, membership_pk]),
         {"payment-invoice": invoice_pk, "payment-amount": "1", "payment-paid_on": "2026-01-01",
          "payment-method": "cash"}),
        (reverse("toolkit:measure", args=[org, membership_pk]),
         {"measure-invoice": invoice_pk, "measure-kind": "waiver", "measure-reason": "x"}),
    ]


def test_b_manager_gets_404_on_every_page_and_form_of_a_and_nothing_changes(client, two):
    a, b, a_invoice = two
    client.force_login(b.manager)
    before = (FeeTier.objects.count(), Invoice.objects.count(), Payment.objects.count(), ActivityLog.objects.count())
    for url in _pages(a.organisation.pk, a.members[0].pk, a_invoice.pk):
        assert client.get(url).status_code == 404, url
    for url, data in _posts(a.organisation.pk, a.members[0].pk, a_invoice.pk):
        assert client.post(url, data).status_code == 404, url
    after = (FeeTier.objects.count(), Invoice.objects.count(), Payment.objects.count(), ActivityLog.objects.count())
    assert after == before


def test_a_rows_typed_into_b_workspace_find_nothing(client, two):
    a, b, a_invoice = two
    client.force_login(b.manager)
    assert client.get(reverse("toolkit:member", args=[b.organisation.pk, a.members[0].pk])).status_code == 404
    assert client.get(reverse("toolkit:invoice-pdf", args=[b.organisation.pk, a_invoice.pk])).status_code == 404
    for url, data in _posts(b.organisation.pk, a.members[0].pk, a_invoice.pk)[2:]:
        assert client.post(url, data).status_code == 404, url
    assert not Payment.objects.exists()


def test_b_workspace_names_none_of_a(client, two):
    a, b, _a_invoice = two
    client.force_login(b.manager)
    page = client.get(reverse("toolkit:workspace", args=[b.organisation.pk])).content.decode()
    assert b.members[0].organisation.name in page
    assert a.members[0].organisation.name not in page and a.organisation.name not in page
    home = client.get(reverse("toolkit:home")).content.decode()
    assert b.organisation.name in home and a.organisation.name not in home


@pytest.mark.parametrize("who", ["member", "contact", "visitor"])
def test_members_contacts_and_visitors_of_a_get_404(client, two, who):
    a, _b, a_invoice = two
    if who == "member":
        client.force_login(person_of(a.organisation, role="member"))
    elif who == "contact":
        client.force_login(person_of(a.organisation))
    for url in _pages(a.organisation.pk, a.members[0].pk, a_invoice.pk):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("who", ["manager", "coordinator"])
def test_a_manager_and_a_coordinator_get_every_page(client, two, who):
    a, _b, a_invoice = two
    client.force_login(a.manager if who == "manager" else UserFactory(role=Role.COORDINATOR))
    for url in _pages(a.organisation.pk, a.members[0].pk, a_invoice.pk):
        assert client.get(url).status_code == 200, url
