"""Issue 12's fee path in a real Chromium: a cluster organisation's manager opens the
workspace, sees two members in arrears, records a payment for one and a deferral for the
other on their pages, and sees the arrears drop to nothing — axe-core clean on every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_directory_browser import assert_accessible
from tests.browser.test_overview_of_needs_browser import sign_in
from tests.toolkit.people import cluster_org, days, invoice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def workspace(db):
    a = cluster_org("Basque Aerospace Cluster Association", members=2)
    invoice(a, 0, issued_days_ago=45, amount=40_000)   # 15 days overdue
    invoice(a, 1, issued_days_ago=100, amount=25_000)  # 70 days overdue
    return a


def test_a_manager_records_a_payment_and_a_deferral_and_the_arrears_drop(page: Page, live_server, workspace):
    a = workspace
    sign_in(page, live_server, a.manager)
    page.goto(f"{live_server.url}/toolkit/")
    assert_accessible(page)
    page.get_by_role("link", name=a.organisation.name).click()
    expect(page.locator("#arrears-total")).to_have_text("650.00 EUR")
    expect(page.locator("[data-bucket='0-30']")).to_have_text("400.00 EUR")
    expect(page.locator("[data-bucket='61-90']")).to_have_text("250.00 EUR")
    assert_accessible(page)

    page.get_by_role("link", name=a.members[0].organisation.name).first.click()
    expect(page.locator("h1")).to_have_text(a.members[0].organisation.name)
    assert_accessible(page)
    payment = page.locator("form.toolkit-payment")
    payment.get_by_label("Amount paid").fill("400")
    payment.get_by_label("Method").select_option("bank_transfer")
    payment.get_by_role("button", name="Record the payment").click()
    expect(page.locator(".message.success")).to_be_visible()
    expect(page.locator("#member-overdue")).to_have_text("0.00 EUR")
    assert_accessible(page)

    page.goto(f"{live_server.url}/toolkit/{a.organisation.pk}/members/{a.members[1].pk}/")
    measure = page.locator("form.toolkit-measure")
    measure.get_by_label("Measure").select_option("deferral")
    measure.get_by_label("Reason").fill("Production stopped during the lockdown")
    measure.get_by_label("New due date (deferral)").fill(days(60).isoformat())
    measure.get_by_role("button", name="Approve the measure").click()
    expect(page.locator(".message.success")).to_be_visible()
    expect(page.locator("#member-status")).to_have_text("Deferred")
    expect(page.locator(".toolkit-measures")).to_contain_text("Production stopped during the lockdown")
    assert_accessible(page)

    page.goto(f"{live_server.url}/toolkit/{a.organisation.pk}/")
    expect(page.locator("#arrears-total")).to_have_text("0.00 EUR")
    expect(page.locator("main")).to_contain_text("Nobody is in arrears.")
    assert_accessible(page)
