"""The overview of needs as a coordinator uses it in a real Chromium: filter by an
ecosystem and a region with the keyboard, read the heat map and its table, drill into
a cell, sort the regions, page the statements, download them — axe-core clean on every
overview page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

from tests.browser.test_directory_browser import assert_accessible
from tests.factories import OrganisationFactory, SessionFactory, region
from tests.overview.factories import StatementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def said(db):
    lombardy = OrganisationFactory(name="Tessile Brianza", type="company", country=region("IT"),
                                   region=region("ITC4"))
    catalonia = OrganisationFactory(name="Clúster Salut Catalunya", type="cluster_org", country=region("ES"),
                                    region=region("ES51"))
    session = SessionFactory(topic="Personal protective equipment: who makes it, who needs it")
    for month, (kind, text, org, code, ecosystems) in enumerate([
        ("need", "Servono mascherine FFP2 per 300 lavoratori in Lombardia", lombardy, "ITC4", ["health"]),
        ("disruption", "Los hospitales no encuentran batas desechables", catalonia, "ES51", ["health"]),
        ("solution", "Textile firms converting to gowns, matched with hospital buyers", lombardy, "ITC4",
         ["textile", "health"]),
        ("need", "Liquidity within weeks for micro companies", catalonia, "ES51", ["retail"]),
    ]):
        StatementFactory(kind=kind, text=text, organisation=org, organisation_type=org.type, country_id=code[:2],
                         region_id=code, session=session, ecosystems=ecosystems,
                         said_at=dt.datetime(2020, 4 + month % 2, 10, 9, tzinfo=dt.UTC))


def sign_in(page: Page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])


def test_a_coordinator_filters_the_overview_by_ecosystem_and_region(page: Page, live_server, coordinator, said):
    sign_in(page, live_server, coordinator)
    page.goto(f"{live_server.url}/overview/")
    expect(page.get_by_role("heading", name="Overview of needs", exact=True)).to_be_visible()
    assert_accessible(page)
    form = page.get_by_role("search", name="Filter statements")
    form.get_by_label("Industrial ecosystem").select_option("health")
    form.get_by_label("Region (NUTS code)").fill("ITC")
    form.get_by_label("Region (NUTS code)").press("Enter")
    expect(page).to_have_url(f"{live_server.url}/overview/?kind=&ecosystem=health&region=ITC&organisation_type="
                             "&language=&since=&until=&series=")
    counts = page.get_by_role("list", name="Counts")
    expect(counts).to_contain_text("1 Needs")
    expect(counts).to_contain_text("1 Solutions")
    expect(counts).to_contain_text("0 Disruptions")
    heat = page.locator("svg.chart-heat-map")
    expect(heat).to_be_visible()
    page.get_by_text("The same as a table").first.click()
    expect(page.get_by_role("region", name="Statements by ecosystem and month")).to_contain_text("Health")
    assert_accessible(page)


def test_a_cell_of_the_heat_map_opens_that_ecosystem_and_month(page: Page, live_server, said):
    page.goto(f"{live_server.url}/overview/")
    page.locator("svg.chart-heat-map a").first.click()
    expect(page).to_have_url(re.compile(r"ecosystem=[a-z-]+.*since=2020-0\d-01.*until=2020-0\d-3[01]"))
    expect(page.get_by_role("list", name="Counts")).to_be_visible()


def test_regions_sort_and_statements_page_and_download(page: Page, live_server, said):
    page.goto(f"{live_server.url}/overview/regions/")
    assert_accessible(page)
    page.get_by_role("link", name="Need", exact=True).first.click()
    expect(page.locator("table.regions tbody tr").first).to_contain_text("ES51")
    page.get_by_role("link", name="Statements", exact=True).first.click()
    expect(page.get_by_role("heading", name="4 statements")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Servono mascherine FFP2")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename.startswith("statements-")


def test_a_wrong_region_says_so_on_the_page(page: Page, live_server, said):
    page.goto(f"{live_server.url}/overview/?region=XX9")
    expect(page.get_by_role("alert")).to_contain_text("not a NUTS 2024 region code")
    assert_accessible(page)
