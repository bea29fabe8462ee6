"""The main pages on a phone 390 px wide, in a real Chromium: the page never scrolls
sideways, no word is broken across two lines (wide tables are stacked into cards or
scroll in a region of their own), the header is one row (the brand and a menu button),
the menu opens and closes with the keyboard, and axe-core finds nothing serious.

Signed in by session cookie, not through the login page: on a phone "Sign out" is inside
the closed menu. ``transaction=True`` because the live server thread needs committed rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect

from alliance.accounts.models import ApiToken, Role, User
from alliance.community.models import MembershipRole, OrganisationType, ReviewStatus
from alliance.meetings.models import AgendaItem, RegistrationStatus
from alliance.minutes import actions as minutes_actions
from alliance.overview import actions as overview_actions
from alliance.overview.models import Theme
from tests.browser.test_session_pages_accessibility import assert_accessible
from tests.exchange.people import lombardy_and_bavaria
from tests.exchange.people import post as exchange_post
from tests.factories import (
    ClusterFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    RegistrationFactory,
    SessionFactory,
    UserFactory,
    region,
    session_start,
)
from tests.minutes.helpers import ended_session
from tests.overview.factories import StatementFactory, grouped_statements
from tests.toolkit.people import cluster_org, invoice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
TOPIC = "Resilient supply chains: mapping critical inputs"

# Words split over two lines: every run of letters or digits whose pieces sit on different
# lines. Code, hashes and tokens may break anywhere (code.token, code.hash do on purpose);
# visually hidden text is one letter wide by design.
BROKEN_WORDS = r"""() => {
  const broken = [];
  const skip = 'code, script, style, option, select, textarea, .visually-hidden, [hidden], .stack-table > thead';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(skip) || !parent.getClientRects().length) continue;
    for (const word of node.data.matchAll(/[\p{L}\p{N}]+/gu)) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (lines.size > 1) broken.push(`"${word[0]}" in <${parent.tagName.toLowerCase()}>`);
    }
  }
  return broken;
}"""

# The tallest of the brand and the menu button, plus the row's padding and the header's
# border: one row, with a pixel for rounding.
HEADER = """() => {
  const header = document.querySelector('.site-header');
  const row = header.querySelector('.header-row');
  const rowStyle = getComputedStyle(row);
  const brand = header.querySelector('.brand').getBoundingClientRect().height;
  const button = document.getElementById('menu-toggle').getBoundingClientRect().height;
  const bound = Math.max(brand, button) + parseFloat(rowStyle.paddingTop) + parseFloat(rowStyle.paddingBottom)
    + parseFloat(getComputedStyle(header).borderBottomWidth) + 1;
  return {height: header.getBoundingClientRect().height, bound};
}"""


@dataclass
class World:
    base_url: str
    coordinator: User
    moderator: User
    participant: User
    session_id: int
    ended_id: int
    cluster_id: int
    theme_id: int
    post_id: int
    needy: User
    manager: User
    workspace_id: int
    member_id: int


@pytest.fixture
def world(live_server) -> World:
    coordinator = UserFactory(role=Role.COORDINATOR, name="Clara Coordinator", email="clara@alliance.example")
    moderator = UserFactory(role=Role.MODERATOR, name="Marco Moderator", email="marco@alliance.example")
    participant = UserFactory(role=Role.PARTICIPANT, name="Paula Participant", email="paula@example.org")
    ApiToken.objects.create(user=coordinator, name="Monitoring dashboard", prefix="k3x9q2ab", key_hash="0" * 64)

    photonics = OrganisationFactory(name="Nordex Photonics S.L.", country=region("ES"), region=region("ES"),
                                    ecosystems=["electronics"])
    arriege = OrganisationFactory(name="Ariège Process Industry Cluster Association",
                                  type=OrganisationType.CLUSTER_ORGANISATION, size="",
                                  country=region("FR"), region=region("FR"))
    session = SessionFactory(topic=TOPIC, starts_at=session_start(days=5), capacity=120, duration_minutes=60,
                             description="Which inputs are short, who holds stock, who can make them.")
    session.moderators.add(moderator)
    session.ecosystems.set(["electronics", "mobility-transport-automotive"])
    for position, (title, minutes) in enumerate([("Opening: topic and conceptual framework", 5),
                                                 ("Tour de table", 45), ("Summary and next steps", 5)]):
        AgendaItem.objects.create(session=session, position=position, title=title, minutes=minutes)
    for name, organisation, point in [
        ("Tomas Kazlauskas", photonics, "Lead times for semiconductors are back to a year"),
        ("Fatima Bērziņš", arriege, "Rare earths for motors: alternatives within the EU"),
        ("Gerda García", arriege, ""),
    ]:
        RegistrationFactory(session=session, person=PersonFactory(name=name, affiliation=organisation),
                            organisation=organisation, wants_floor=bool(point), floor_point=point,
                            confirmed_at=timezone.now())
    RegistrationFactory(session=session, status=RegistrationStatus.CONFIRMED, confirmed_at=timezone.now(),
                        person=PersonFactory(name=participant.name, email=participant.email, user=participant,
                                             affiliation=photonics))

    for name, country, people in [
        ("Atelier de confection solidaire du Val-de-Marne", "FR", ["Aurélie Dufresne", "Jean-Baptiste Lemoine"]),
        ("Kunststoffverarbeitung Niederrhein GmbH", "DE", ["Friederike Oberschulte-Beckmann"]),
    ]:
        pending = OrganisationFactory(name=name, country=region(country), region=region(country),
                                      review_status=ReviewStatus.PENDING)
        for person in people:
            PersonFactory(name=person, affiliation=pending)

    cluster = ClusterFactory(name="Basque Advanced Manufacturing Cluster")
    MembershipFactory(cluster=cluster, organisation=photonics, role=MembershipRole.FOUNDING,
                      since=dt.date(2016, 3, 1))
    MembershipFactory(cluster=cluster, organisation=arriege, until=dt.date(2024, 12, 31))

    for kind, text, org, code, ecosystems in [
        ("need", "Lead times for semiconductors are back to a year", photonics, "ES21", ["electronics"]),
        ("disruption", "Les terres rares pour les moteurs manquent depuis mars", arriege, "FR", ["electronics"]),
        ("solution", "A shared stock of connectors between the cluster's members", photonics, "ES21",
         ["mobility-transport-automotive"]),
    ]:
        StatementFactory(kind=kind, text=text, organisation=org, organisation_type=org.type,
                         country_id=code[:2], region_id=code, ecosystems=ecosystems)
    ended = ended_session(moderator)
    draft = minutes_actions.draft_minutes(by=moderator, session=ended)
    minutes_actions.publish_minutes(by=moderator, minutes=draft, notify=False)
    grouped_statements(per_group=4, groups=2)
    overview_actions.run_themes()
    needy, maker = lombardy_and_bavaria()
    need = exchange_post(needy, title="Servono mascherine FFP2 certificate per 300 lavoratori dello stabilimento",
                         quantity=300, unit="pieces")
    exchange_post(maker, kind="offer", title="Wir liefern zertifizierte FFP2-Schutzmasken, EU-weit",
                  quantity=5000, unit="pieces")
    workspace = cluster_org("Asociación Clúster de Automoción y Movilidad de Aragón", members=2)
    invoice(workspace, 0, issued_days_ago=45, amount=40_000)
    return World(base_url=live_server.url, coordinator=coordinator, moderator=moderator, participant=participant,
                 session_id=session.pk, ended_id=ended.pk, cluster_id=cluster.pk,
                 theme_id=Theme.objects.order_by("pk").first().pk, post_id=need.pk, needy=needy,
                 manager=workspace.manager, workspace_id=workspace.organisation.pk,
                 member_id=workspace.members[0].pk)


@pytest.fixture
def phone(browser, live_server) -> Iterator[Callable[[User | None], Page]]:
    """A page 390 px wide, signed in as the user given (None: a visitor)."""
    contexts = []

    def open_as(user: User | None) -> Page:
        context = browser.new_context(locale="en-GB", viewport=PHONE)
        contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                                  "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_as
    for context in contexts:
        context.close()


def upload(page: Page, tmp_path: Path, files: dict[str, str]) -> None:
    """Sends the page's upload form with these files, as a coordinator does."""
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    form = page.locator("main form:has(input[type=file])")
    form.locator("input[type=file]").set_input_files([str(tmp_path / name) for name in files])
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


BAD_CSV = {"organisations.csv": (
    "name,type,size,country,region,website,description,ecosystems,visibility\n"
    "Lombardy Textile Cooperative,startup,small,IT,ITC4,https://textile.example,Masks and gowns,health,public\n"
    "Flanders Food Makers,company,small,BE,BE2,,Food processing,agri-food;space-tourism,public\n")}
UNREADABLE_SUMMARY = {"notes-from-the-call.txt": "Notes from the call, to be typed up.\n"}


@dataclass(frozen=True)
class Case:
    id: str
    who: str | None  # an attribute of World, or None for a visitor
    path: Callable[[World], str]
    shows: str  # text that proves the page came with its data (a table, a report)
    then: Callable[[Page, Path], None] | None = None


PAGES = [
    Case("home", None, lambda w: "/", "Search the directory"),
    Case("directory-filtered", None, lambda w: "/organisations/?country=ES", "Nordex Photonics S.L."),
    Case("agenda", None, lambda w: "/sessions/", TOPIC),
    Case("session-with-agenda-table", "moderator", lambda w: f"/sessions/{w.session_id}/", "Tour de table"),
    Case("ended-session", "moderator", lambda w: f"/sessions/{w.ended_id}/", "Read the minutes"),
    Case("registrants", "moderator", lambda w: f"/sessions/{w.session_id}/registrants/",
         "Rare earths for motors"),
    Case("attendance", "moderator", lambda w: f"/sessions/{w.session_id}/attendance/", "Mark present"),
    Case("cluster-members", None, lambda w: f"/clusters/{w.cluster_id}/", "Founding member"),
    Case("organisations-review", "coordinator", lambda w: "/organisations/review/",
         "Kunststoffverarbeitung Niederrhein GmbH"),
    Case("csv-import-problems", "coordinator", lambda w: "/import/", "space-tourism",
         lambda page, tmp: upload(page, tmp, BAD_CSV)),
    Case("summaries-import-report", "coordinator", lambda w: "/minutes/import/", "Nothing created",
         lambda page, tmp: upload(page, tmp, UNREADABLE_SUMMARY)),
    Case("minutes-editor", "moderator", lambda w: f"/sessions/{w.ended_id}/minutes/draft/", "Preview"),
    Case("minutes-versions", "moderator", lambda w: f"/sessions/{w.ended_id}/minutes/versions/",
         "SHA-256"),
    Case("my-sessions", "participant", lambda w: "/sessions/mine/", TOPIC),
    Case("account-with-a-token", "coordinator", lambda w: "/account/", "Monitoring dashboard"),
    Case("overview-of-needs", None, lambda w: "/overview/", "By ecosystem and month"),
    Case("overview-regions", None, lambda w: "/overview/regions/", "Sort by"),
    Case("overview-statements", "participant", lambda w: "/overview/statements/", "Lead times for semiconductors"),
    Case("overview-themes", "coordinator", lambda w: "/overview/themes/", "Recompute the themes now"),
    Case("overview-theme", "coordinator", lambda w: f"/overview/themes/{w.theme_id}/", "Who raised it"),
    Case("overview-theme-remainder", None, lambda w: "/overview/themes/remainder/", "Fit no theme"),
    Case("exchange-posts", None, lambda w: "/exchange/", "Wir liefern zertifizierte FFP2-Schutzmasken"),
    Case("exchange-need-with-matches", "needy", lambda w: f"/exchange/{w.post_id}/", "Best matches"),
    Case("exchange-new-post", "needy", lambda w: "/exchange/new/", "Suggest the details"),
    Case("exchange-mine", "needy", lambda w: "/exchange/mine/", "Weekly digest"),
    Case("toolkit-workspace", "manager", lambda w: f"/toolkit/{w.workspace_id}/", "Arrears by age"),
    Case("toolkit-member", "manager", lambda w: f"/toolkit/{w.workspace_id}/members/{w.member_id}/",
         "Record a payment"),
]


def assert_fits_the_phone(page: Page) -> None:
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url}: the page is {widths[0]} px wide in a {widths[1]} px window"
    broken = page.evaluate(BROKEN_WORDS)
    assert not broken, f"{page.url}: words broken across lines: {broken}"


@pytest.mark.parametrize("case", PAGES, ids=[c.id for c in PAGES])
def test_page_fits_a_phone(phone, world: World, tmp_path: Path, case: Case) -> None:
    page = phone(getattr(world, case.who) if case.who else None)
    page.goto(world.base_url + case.path(world))
    if case.then:
        case.then(page, tmp_path)
    expect(page.locator("main")).to_contain_text(case.shows)

    assert_fits_the_phone(page)
    header = page.evaluate(HEADER)
    assert header["height"] <= header["bound"], f"{page.url}: the header is more than one row: {header}"
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("button", name="Menu")).to_have_attribute("aria-expanded", "false")
    assert_accessible(page)


def test_the_menu_opens_and_closes_with_the_keyboard(phone, world: World) -> None:
    page = phone(world.coordinator)
    page.goto(f"{world.base_url}/sessions/{world.session_id}/registrants/")
    menu = page.get_by_role("button", name="Menu")
    nav = page.get_by_role("navigation", name="Main")

    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to main content")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Alliance", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(menu).to_be_focused()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Sessions")).to_be_focused()
    expect(nav.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_label("Language")).to_be_visible()
    assert_fits_the_phone(page)
    assert_accessible(page)  # the open menu too

    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    expect(nav).to_be_hidden()
    page.keyboard.press("Space")  # a button: Space opens it as well
    expect(nav).to_be_visible()
    page.keyboard.press("Space")
    expect(nav).to_be_hidden()


def test_a_wide_screen_shows_the_navigation_without_a_menu_button(page: Page, world: World) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{world.base_url}/sessions/")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()


def test_without_javascript_a_phone_still_has_the_navigation(browser, world: World) -> None:
    context = browser.new_context(locale="en-GB", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{world.base_url}/sessions/")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Directory")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    assert_fits_the_phone(page)
    context.close()
