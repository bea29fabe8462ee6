"""The directory as a visitor uses it: a real Chromium, htmx filters, a profile,
axe-core for accessibility and the keyboard for everything.

``transaction=True`` because the live server thread needs committed rows (the
reference data a flush wipes is reloaded by tests/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from alliance.community.models import MembershipRole, OrganisationType, Visibility
from tests.factories import (
    ClusterFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    region,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

BLOCKING_IMPACTS = ("serious", "critical")


@dataclass
class Registry:
    expected: list[str]  # Digital + Germany, as an anonymous visitor sees it, by name
    profile_name: str
    cluster_name: str


@pytest.fixture
def registry() -> Registry:
    berlin, munich = region("DE300"), region("DE212")
    cluster_org = OrganisationFactory(
        name="Digitalcluster Berlin e.V.", type=OrganisationType.CLUSTER_ORGANISATION, size="",
        region=berlin, ecosystems=["digital"],
    )
    cluster = ClusterFactory(name="Berlin Digital Cluster", organisation=cluster_org, region=berlin)
    datenwerk = OrganisationFactory(
        name="Berliner Datenwerk GmbH", type=OrganisationType.COMPANY, size="small",
        region=berlin, ecosystems=["digital", "health"],
        description="Data platforms for hospitals.",
    )
    robotics = OrganisationFactory(
        name="Bavarian Robotics Institute", type=OrganisationType.RTO, size="",
        region=munich, ecosystems=["digital"],
    )
    hidden = OrganisationFactory(
        name="Quiet Digital Partners", region=berlin, ecosystems=["digital"],
        visibility=Visibility.MEMBERS,
    )
    OrganisationFactory(name="Hamburg Harbour Logistics", region=region("DE6"),
                        ecosystems=["mobility-transport-automotive"])
    OrganisationFactory(name="Lyon Digital Studio", country=region("FR"), region=region("FRK"),
                        ecosystems=["digital"])
    OrganisationFactory(name="Barcelona Health Lab", type=OrganisationType.UNIVERSITY, size="",
                        country=region("ES"), region=region("ES51"), ecosystems=["health"])
    MembershipFactory(cluster=cluster, organisation=datenwerk, role=MembershipRole.FOUNDING,
                      since=dt.date(2016, 3, 1))
    MembershipFactory(cluster=cluster, organisation=robotics)
    MembershipFactory(cluster=cluster, organisation=hidden)
    public_contact = PersonFactory(name="Anna Schmidt", job_title="Head of Partnerships",
                                   email="anna.schmidt@datenwerk.example", affiliation=datenwerk,
                                   consent_public_listing=True)
    private_contact = PersonFactory(name="Bernd Verborgen", email="bernd@datenwerk.example",
                                    affiliation=datenwerk, consent_public_listing=False)
    datenwerk.contacts.add(public_contact, private_contact)
    return Registry(
        expected=["Bavarian Robotics Institute", "Berliner Datenwerk GmbH", "Digitalcluster Berlin e.V."],
        profile_name=datenwerk.name, cluster_name=cluster.name,
    )


def blocking_violations(page: Page) -> list[dict]:
    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def describe(violations: list[dict]) -> str:
    lines = [f"{len(violations)} serious/critical accessibility violation(s):"]
    for v in violations:
        lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def assert_styled(page: Page) -> None:
    # A click that navigates returns before the new page's stylesheets are in: wait for them.
    page.wait_for_load_state("load")
    rules = page.evaluate("""() => [...document.styleSheets]
        .filter(s => (s.href || '').endsWith('/alliance/site.css'))
        .reduce((n, s) => n + s.cssRules.length, 0)""")
    assert rules > 0, "alliance/site.css did not load: the page is unstyled"


def assert_accessible(page: Page) -> None:
    assert_styled(page)
    violations = blocking_violations(page)
    assert not violations, f"{page.url}\n{describe(violations)}"


def filters(page: Page):
    return page.get_by_role("search", name="Filter organisations")


def results_names(page: Page):
    return page.locator("#results .card h3")


def test_filter_directory_open_profile_and_axe(live_server, page: Page, registry: Registry) -> None:
    germany = region("DE")
    page.goto(f"{live_server.url}/organisations/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Directory of organisations")
    expect(page.locator("#results .results-count")).to_have_text("6 organisations")

    # htmx swaps #results in place: a full page load would drop this marker.
    page.evaluate("window.__sameDocument = true")
    filters(page).get_by_label("Industrial ecosystem").select_option(label="Digital")
    filters(page).get_by_label("Country").select_option(label=germany.name)

    expect(page.locator("#results .results-count")).to_have_text("3 organisations")
    expect(results_names(page)).to_have_text(registry.expected)
    expect(page.locator("#results-status")).to_have_text("3 organisations")
    assert page.evaluate("window.__sameDocument === true"), "the filters reloaded the whole page"
    expect(page).to_have_url(re.compile(r"ecosystem=digital"))
    expect(page).to_have_url(re.compile(r"country=DE\b"))

    assert_accessible(page)

    # The pushed URL is a real address: reloading it renders the same filtered list.
    page.reload()
    expect(filters(page).get_by_label("Industrial ecosystem")).to_have_value("digital")
    expect(filters(page).get_by_label("Country")).to_have_value("DE")
    expect(results_names(page)).to_have_text(registry.expected)

    page.locator("#results").get_by_role("link", name=registry.profile_name).click()
    expect(page).to_have_url(re.compile(r"/organisations/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(registry.profile_name)
    facts = page.locator("dl.facts")
    expect(facts.locator("dt:has-text('Type') + dd")).to_have_text("Company · Small (< 50 staff)")
    expect(facts.locator("dt:has-text('Country') + dd")).to_have_text(germany.name)
    berlin = region("DE300")
    expect(facts.locator("dt:has-text('Region') + dd")).to_have_text(f"{berlin.name} ({berlin.code})")
    profile = page.locator("article.profile")
    expect(profile.locator("ul.tags li")).to_have_text(["Digital", "Health"])
    memberships = profile.locator("h2:has-text('Cluster memberships') + ul li")
    expect(memberships).to_have_count(1)
    expect(memberships.first).to_contain_text(registry.cluster_name)
    expect(memberships.first).to_contain_text("Founding member")
    expect(memberships.first).to_contain_text("since 2016")
    contacts = profile.locator("h2:has-text('Contact people') + ul li")
    expect(contacts).to_have_text(["Anna Schmidt, Head of Partnerships"])
    expect(profile).not_to_contain_text("Bernd Verborgen")
    expect(profile).not_to_contain_text("@datenwerk.example")  # visitors never see e-mails

    assert_accessible(page)


def test_directory_by_keyboard(live_server, page: Page, registry: Registry) -> None:
    page.goto(f"{live_server.url}/organisations/")

    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_class("skip-link")
    expect(skip).to_have_text("Skip to main content")
    expect(skip).to_be_in_viewport()  # off-screen until focused, then visible
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()

    # The next Tab stop after main is the search field, the first control of the filters.
    page.keyboard.press("Tab")
    search = filters(page).get_by_label("Search")
    expect(search).to_be_focused()
    outline = search.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline not in ("", "none"), "the focused search field shows no focus indicator"
    page.keyboard.type("robotics")
    page.keyboard.press("Enter")
    expect(page.locator("#results .results-count")).to_have_text("1 organisation")
    expect(results_names(page)).to_have_text(["Bavarian Robotics Institute"])
    expect(search).to_be_focused()  # updating the results does not steal focus

    # Tab order follows the visual order of the filters; the selects work with the keyboard.
    for label in ("Type", "Country", "Region (NUTS code)", "Industrial ecosystem"):
        page.keyboard.press("Tab")
        expect(filters(page).get_by_label(label)).to_be_focused()
    ecosystem = filters(page).get_by_label("Industrial ecosystem")
    page.keyboard.type("Health")  # type-ahead picks the option, as on a closed select
    expect(ecosystem).to_have_value("health")
    expect(page.locator("#results .results-count")).to_have_text("0 organisations")
    expect(page.locator("#results")).to_contain_text("No organisation matches these filters.")


def test_language_switcher_sets_html_lang(live_server, page: Page) -> None:
    page.goto(f"{live_server.url}/organisations/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Language").select_option("de")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page).to_have_url(re.compile(r"/organisations/$"))
