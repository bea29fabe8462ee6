"""Many invoices issued at the same moment from several threads: the number is taken
under a lock on the organisation's counter row, so each year's numbers run 1, 2, 3 …
without a repeat or a gap; another organisation counts on its own."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import close_old_connections, connection

from alliance.toolkit import actions
from alliance.toolkit.models import Invoice
from tests.toolkit.people import cluster_org

pytestmark = pytest.mark.django_db(transaction=True)

INVOICES = 24


def _issue(organisation_pk: int, membership_pk: int, user_pk: int) -> int:
    from alliance.accounts.models import User
    from alliance.community.models import Membership, Organisation

    close_old_connections()
    try:
        return actions.issue_invoice(by=User.objects.get(pk=user_pk),
                                     organisation=Organisation.objects.get(pk=organisation_pk),
                                     membership=Membership.objects.get(pk=membership_pk),
                                     lines=[("Fee", 1000)]).number
    finally:
        connection.close()


def test_concurrent_invoices_are_numbered_without_gaps_or_repeats():
    a, b = cluster_org("A", members=3), cluster_org("B", members=1)
    jobs = [(a.organisation.pk, a.members[i % 3].pk, a.manager.pk) for i in range(INVOICES)]
    jobs += [(b.organisation.pk, b.members[0].pk, b.manager.pk) for _i in range(5)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        numbers = list(pool.map(lambda job: _issue(*job), jobs))
    assert len(numbers) == INVOICES + 5
    a_numbers = sorted(Invoice.objects.filter(organisation=a.organisation).values_list("number", flat=True))
    b_numbers = sorted(Invoice.objects.filter(organisation=b.organisation).values_list("number", flat=True))
    assert a_numbers == list(range(1, INVOICES + 1))
    assert b_numbers == [1, 2, 3, 4, 5]


def test_a_refused_invoice_uses_no_number():
    a = cluster_org("A")
    first = actions.issue_invoice(by=a.manager, organisation=a.organisation, membership=a.members[0],
                                  lines=[("Fee", 1000)])
    with pytest.raises(actions.ToolkitError):
        actions.issue_invoice(by=a.manager, organisation=a.organisation, membership=a.members[0],
                              lines=[("Fee", 0)])
    second = actions.issue_invoice(by=a.manager, organisation=a.organisation, membership=a.members[0],
                                   lines=[("Fee", 1000)])
    assert (first.number, second.number) == (1, 2)
    assert second.reference.endswith("-0002")
