"""Themes as a coordinator curates them in a real Chromium: read the themes and a
theme's page, rename one, merge another into it, recompute the themes and find the
curation kept — axe-core clean on every themes page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from alliance.overview import actions
from alliance.overview.models import Placement, Theme
from tests.browser.test_directory_browser import assert_accessible
from tests.browser.test_overview_of_needs_browser import sign_in
from tests.overview.factories import grouped_statements

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def themed(db):
    groups = grouped_statements()
    actions.run_themes()
    return {g: Placement.objects.get(statement=s[0]).theme for g, s in groups.items()}


def test_a_coordinator_renames_merges_and_keeps_the_curation_over_a_rerun(page: Page, live_server, coordinator,
                                                                          themed):
    sign_in(page, live_server, coordinator)
    page.goto(f"{live_server.url}/overview/themes/")
    expect(page.get_by_role("heading", name="Themes", exact=True)).to_be_visible()
    expect(page.locator(".theme-card")).to_have_count(3)
    assert_accessible(page)

    masks, fees = themed[0], themed[1]
    page.get_by_role("link", name=masks.title).click()
    expect(page.get_by_role("heading", name="Who raised it, and who did not")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("New name").fill("Protective equipment for care")
    page.get_by_role("button", name="Rename").click()
    expect(page.get_by_role("status").or_(page.locator(".messages"))).to_contain_text("The theme was renamed.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Protective equipment for care")

    page.get_by_label("Merge with").select_option(str(fees.pk))
    page.get_by_role("button", name="Merge into this theme").click()
    expect(page.locator(".messages")).to_contain_text("The themes were merged.")
    expect(page.get_by_role("list", name="Counts")).to_contain_text("20 statements")

    page.get_by_role("link", name="Themes", exact=True).first.click()
    page.get_by_role("button", name="Recompute the themes now").click()
    expect(page.locator(".messages")).to_contain_text(re.compile(r"2 themes found in 30 statements"))
    expect(page.get_by_role("link", name="Protective equipment for care")).to_be_visible()
    assert Theme.objects.get(pk=masks.pk).size == 20 and Theme.objects.get(pk=fees.pk).retired
    assert_accessible(page)


def test_the_remainder_page_is_accessible(page: Page, live_server, themed):
    page.goto(f"{live_server.url}/overview/themes/remainder/")
    expect(page.get_by_role("heading", name="Statements without a theme")).to_be_visible()
    assert_accessible(page)
