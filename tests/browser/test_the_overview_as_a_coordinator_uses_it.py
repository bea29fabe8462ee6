"""Issue 10's path, in a real Chromium, on the demo `make run` serves: a coordinator
filters the overview by an ecosystem and a region and reads the heat map, finds the
themes (labelled in several languages) and an early alert, merges two themes, renames
one, recomputes the themes and finds the curation kept, publishes the Health report
and downloads its PDF, and imports a prose summary that lands as the right kinds —
axe-core clean on every overview page on the way."""

from __future__ import annotations

import io

import pypdf
import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from alliance.accounts.models import User
from alliance.meetings.models import Contribution, Session
from alliance.overview.models import Statement, Theme
from tests.browser.test_directory_browser import assert_accessible
from tests.browser.test_overview_of_needs_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Written for this test: a recap in prose, in the register of the alliance's published
# summaries; never seen by the classifier's corpus.
PROSE_SUMMARY = """Weekly recap: the furniture makers' week

Submitted by the secretariat on 12 March 2021

On Tuesday 9 March 2021 the alliance met with furniture makers from four regions.

The lockdown stopped the showrooms, and orders from hotels were cancelled for the whole spring.
Workshops lack of seasoned oak since the sawmills closed in January.
Small workshops need bridging loans before the summer to keep their joiners.
Regions should open a shared online catalogue so that buyers find local makers.
"""


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    return User.objects.get(email="coordinator@alliance.example")


def test_the_coordinators_path_through_the_overview(page: Page, live_server, demo, tmp_path):
    sign_in(page, live_server, demo)
    region = Statement.objects.filter(ecosystems="health", region__isnull=False).values_list(
        "region_id", flat=True).first()[:2]

    page.goto(f"{live_server.url}/overview/")
    assert_accessible(page)
    form = page.get_by_role("search", name="Filter statements")
    form.get_by_label("Industrial ecosystem").select_option("health")
    form.get_by_label("Region (NUTS code)").fill(region)
    form.get_by_label("Region (NUTS code)").press("Enter")
    expect(page.locator("svg.chart-heat-map")).to_be_visible()
    expect(page.get_by_role("list", name="Counts")).to_contain_text("Needs")
    assert_accessible(page)

    # The themes of what is filtered, then all of them.
    page.get_by_role("link", name="Themes", exact=True).first.click()
    expect(page.locator(".theme-card").first).to_be_visible()
    page.goto(f"{live_server.url}/overview/themes/")
    cards = page.locator(".theme-card")
    assert cards.count() >= 5
    expect(page.locator(".theme-card.alerting").first).to_contain_text("Early alert")
    assert_accessible(page)

    first, second = Theme.objects.filter(retired=False, hidden=False).order_by("-size")[:2]
    page.goto(f"{live_server.url}/overview/themes/{first.pk}/")
    languages = page.locator("section[aria-labelledby=labels-h] dt")
    assert languages.count() >= 3, "labelled in several languages"
    assert_accessible(page)
    page.get_by_label("Merge with").select_option(str(second.pk))
    page.get_by_role("button", name="Merge into this theme").click()
    expect(page.locator(".messages")).to_contain_text("The themes were merged.")
    page.get_by_label("New name").fill("Liquidity and supplies")
    page.get_by_role("button", name="Rename").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Liquidity and supplies")

    page.goto(f"{live_server.url}/overview/themes/")
    page.get_by_role("button", name="Recompute the themes now").click()
    expect(page.locator(".messages")).to_contain_text("themes found in")
    expect(page.get_by_role("link", name="Liquidity and supplies")).to_be_visible()
    assert Theme.objects.get(pk=second.pk).retired
    merged = Theme.objects.get(pk=first.pk)
    assert merged.name == "Liquidity and supplies" and not merged.retired

    # The Health ecosystem report, published and downloaded as PDF.
    page.get_by_role("link", name="Reports", exact=True).first.click()
    expect(page).to_have_url(f"{live_server.url}/overview/reports/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Health", exact=True).first.click()
    page.get_by_label("Introduction").fill("Health clusters told the alliance what they lack.")
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_role("button", name="Publish the report").click()
    expect(page.locator("main")).to_contain_text("Health clusters told the alliance what they lack.")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    pdf = pypdf.PdfReader(download.value.path())
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "Health clusters told the alliance" in text

    # A prose summary lands as the right kinds.
    path = tmp_path / "furniture-week.txt"
    path.write_text(PROSE_SUMMARY, encoding="utf-8")
    page.goto(f"{live_server.url}/minutes/import/")
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Import").click()
    if page.get_by_role("link", name="Confirm doubtful sentences").count():
        page.get_by_role("link", name="Confirm doubtful sentences").click()
        page.get_by_role("button", name="Save the session").click()
    session = Session.objects.get(topic__icontains="furniture")
    assert session.starts_at.date().isoformat() == "2021-03-09"
    kinds = dict(Contribution.objects.filter(session=session).values_list("text", "kind"))
    said = {text.split(",")[0][:30]: kind for text, kind in kinds.items()}
    assert any(k == "disruption" for t, k in kinds.items() if "cancelled" in t or "stopped" in t), said
    assert any(k == "need" for t, k in kinds.items() if "bridging loans" in t), said
    assert any(k == "solution" for t, k in kinds.items() if "catalogue" in t), said
