"""Every page of the sessions module, as the people who use it see it, checked with
axe-core in a real Chromium (no serious or critical violations), and the two things
done most often with the keyboard alone: marking attendance (an htmx row swap) and
registering in one click while signed in.

The pages are checked one test each, so a problem on one page does not hide the others.
Two checks go beyond axe's defaults on the attendance page: the focus after the htmx
row swap, and axe's (opt-in) label-in-name rule; their failures say what to fix.
The coordinator signs in through the real login page. ``transaction=True`` because the
live server thread needs committed rows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from alliance.accounts.models import Role, User
from alliance.community.models import OrganisationType
from alliance.meetings import actions
from alliance.meetings.models import (
    AgendaItem,
    Registration,
    RegistrationStatus,
    Series,
    Session,
    SessionStatus,
    WorkingFormat,
)
from alliance.meetings.recurrence import PRESETS
from tests.factories import (
    PASSWORD,
    OrganisationFactory,
    PersonFactory,
    RegistrationFactory,
    SessionFactory,
    UserFactory,
    region,
    session_start,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

BLOCKING_IMPACTS = ("serious", "critical")
TOPIC = "Cold-chain capacity for vaccines – who can share?"
OPEN_TOPIC = "Open questions on mask logistics"
PAST_TOPIC = "Lessons from the first wave"
SERIES_TITLE = "Morning briefings of the alliance"
SEATED = "Amélie Laurent"  # the participant with the seat, signed in for "My sessions"
WAITLISTED = "Jonas Weber"
FLOOR_POINT = "We have 40 m³ of free -70 °C storage in Brussels."


@dataclass
class World:
    base_url: str
    coordinator: User
    participant: User  # has the seat in the upcoming session
    newcomer: User  # signed in, registered for nothing yet
    upcoming: Session  # ecosystems, agenda, capacity 1: one seat taken, one on the waitlist
    open_session: Session  # no seat limit: a newcomer gets a seat
    past: Session
    series: Series
    seated: Registration
    waitlisted: Registration


@pytest.fixture
def world(live_server) -> World:
    coordinator = UserFactory(role=Role.COORDINATOR, name="Clara Coordinator", email="clara@alliance.example")
    participant = UserFactory(role=Role.PARTICIPANT, name=SEATED, email="amelie@vaccine-logistics.example")
    newcomer = UserFactory(role=Role.PARTICIPANT, name="Nina Neumann", email="nina@example.org")
    UserFactory(role=Role.MODERATOR, name="Mo Derator", email="mo@alliance.example")  # for the edit form's lists

    logistics = OrganisationFactory(name="Brussels Vaccine Logistics Consortium", type=OrganisationType.COMPANY,
                                    country=region("BE"), region=region("BE"))
    lab = OrganisationFactory(name="Vaccine Research Network Lyon", type=OrganisationType.RTO, size="",
                              country=region("FR"), region=region("FR"))

    upcoming = SessionFactory(
        topic=TOPIC, starts_at=session_start(days=5), capacity=1, duration_minutes=60,
        description="Who holds ultra-cold storage, and who needs it in the next weeks.",
    )
    upcoming.ecosystems.set(["health", "mobility-transport-automotive"])
    for position, (title, minutes) in enumerate([("Opening", 5), ("Tour de table", 40), ("Next steps", 10)]):
        AgendaItem.objects.create(session=upcoming, position=position, title=title, minutes=minutes)
    seated = RegistrationFactory(
        session=upcoming, status=RegistrationStatus.CONFIRMED, confirmed_at=timezone.now(),
        person=PersonFactory(name=SEATED, email=participant.email, user=participant, affiliation=logistics),
        wants_floor=True, floor_point=FLOOR_POINT,
    )
    waitlisted = RegistrationFactory(
        session=upcoming, status=RegistrationStatus.WAITLISTED,
        person=PersonFactory(name=WAITLISTED, email="jonas.weber@example.org", affiliation=lab),
    )

    open_session = SessionFactory(topic=OPEN_TOPIC, starts_at=session_start(days=6),
                                  working_format=WorkingFormat.OPEN)
    open_session.ecosystems.set(["health"])

    past = SessionFactory(topic=PAST_TOPIC, starts_at=session_start(days=-3), status=SessionStatus.ENDED,
                          capacity=20)
    past.ecosystems.set(["digital"])
    RegistrationFactory(session=past, person=PersonFactory(name="Paula Past", affiliation=lab),
                        attended_at=timezone.now() - dt.timedelta(days=3))

    today = timezone.localdate()
    series = actions.create_series(
        by=coordinator,
        fields={"title": SERIES_TITLE, "description": "Twice a week, 08:30 Brussels time.",
                "rule": PRESETS["tue-thu"], "start_date": today + dt.timedelta(days=1),
                "start_time": dt.time(8, 30), "time_zone": "Europe/Brussels"},
        ecosystems=["health"], until=today + dt.timedelta(days=15),
    )
    assert series.sessions.exists()
    return World(base_url=live_server.url, coordinator=coordinator, participant=participant, newcomer=newcomer,
                 upcoming=upcoming, open_session=open_session, past=past, series=series,
                 seated=seated, waitlisted=waitlisted)


# --- helpers ---------------------------------------------------------------------------------

def blocking_violations(page: Page) -> list[dict]:
    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def describe(violations: list[dict]) -> str:
    lines = [f"{len(violations)} serious/critical accessibility violation(s):"]
    for v in violations:
        lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:200]}")
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


def sign_in(page: Page, base_url: str, user: User) -> None:
    """Through the real login page, as a person does."""
    page.goto(f"{base_url}/account/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def skip_to_main(page: Page) -> None:
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to main content")
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return {label: '(body)', visible: false};
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    const label = (el.getAttribute('aria-label') || el.innerText || el.value || el.name || el.id || '')
        .trim().slice(0, 50);
    return {
        label: `${el.tagName.toLowerCase()} "${label}"`,
        visible: box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.opacity !== '0',
    };
}"""


def tab_to(page: Page, target: Locator, limit: int = 40) -> list[str]:
    """Press Tab until ``target`` has the focus; every stop on the way must be visible
    (an invisible stop is a control a keyboard user lands on without seeing it)."""
    stops: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return stops
        focused = page.evaluate(FOCUSED)
        assert focused["visible"], f"Tab stopped on an invisible element {focused['label']} after {stops}"
        stops.append(focused["label"])
    pytest.fail(f"{limit} presses of Tab never reached {target}; the stops were: {stops}")


# --- axe on every page -------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    id: str
    who: str | None  # "coordinator", "participant" or None for a visitor
    path: Callable[[World], str]
    heading: str
    shows: tuple[str, ...] = ()  # text that proves the page was checked with its data on it


PAGES = [
    Case("agenda-upcoming", "coordinator", lambda w: "/sessions/", "Upcoming sessions",
         (TOPIC, "1 of 1 seats taken", OPEN_TOPIC, SERIES_TITLE, "New session")),
    Case("agenda-past", "coordinator", lambda w: "/sessions/?when=past", "Past sessions", (PAST_TOPIC,)),
    Case("session-as-visitor", None, lambda w: f"/sessions/{w.upcoming.pk}/", f"Topic of the day: {TOPIC}",
         ("1 of 1 taken", "Tour de table", "The session is full", "Register for this session")),
    Case("session-as-coordinator", "coordinator", lambda w: f"/sessions/{w.upcoming.pk}/",
         f"Topic of the day: {TOPIC}", ("Tour de table", "Running this session", "Cancel the session")),
    Case("registrants", "coordinator", lambda w: f"/sessions/{w.upcoming.pk}/registrants/", "Registrants",
         (SEATED, WAITLISTED, FLOOR_POINT, "Message the registrants")),
    Case("attendance", "coordinator", lambda w: f"/sessions/{w.upcoming.pk}/attendance/", "Attendance",
         (SEATED, WAITLISTED, "Mark present")),
    Case("session-edit", "coordinator", lambda w: f"/sessions/{w.upcoming.pk}/edit/", "Edit session",
         ("Tour de table | 40",)),
    Case("session-new", "coordinator", lambda w: "/sessions/new/", "New session", ("Industrial ecosystems",)),
    Case("series-new", "coordinator", lambda w: "/series/new/", "New series of sessions", ("Repeats",)),
    Case("series", "coordinator", lambda w: f"/series/{w.series.pk}/", SERIES_TITLE, ("Next sessions",)),
    Case("my-sessions", "participant", lambda w: "/sessions/mine/", "My sessions", (TOPIC, "Confirmed")),
    Case("session-cancel", "coordinator", lambda w: f"/sessions/{w.upcoming.pk}/cancel/", "Cancel the session",
         ("Every registrant receives an e-mail",)),
    Case("register-as-visitor", None, lambda w: f"/sessions/{w.upcoming.pk}/register/",
         "Registration of the session", ("I would like the floor",)),
]


@pytest.mark.parametrize("case", PAGES, ids=[c.id for c in PAGES])
def test_page_has_no_serious_accessibility_violations(page: Page, world: World, case: Case) -> None:
    if case.who:
        sign_in(page, world.base_url, getattr(world, case.who))
    response = page.goto(world.base_url + case.path(world))
    assert response is not None and response.status == 200, f"{case.path(world)}: HTTP {response and response.status}"
    expect(page.get_by_role("heading", level=1)).to_have_text(case.heading)
    main = page.locator("main")
    for text in case.shows:
        expect(main).to_contain_text(text)
    assert_accessible(page)


def test_new_session_form_with_errors_is_accessible(page: Page, world: World) -> None:
    """A form sent empty: the errors must be announced and tied to their fields."""
    sign_in(page, world.base_url, world.coordinator)
    page.goto(f"{world.base_url}/sessions/new/")
    page.locator("main").get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New session")
    topic = page.get_by_label("Topic of the day")
    expect(topic).to_have_attribute("aria-invalid", "true")
    described_by = topic.get_attribute("aria-describedby") or ""
    error_ids = [i for i in described_by.split() if i.endswith("_error")]
    assert error_ids, f"the topic's error is not tied to the field (aria-describedby={described_by!r})"
    expect(page.locator(f"#{error_ids[0]}")).to_contain_text("This field is required.")
    assert_accessible(page)


# --- the keyboard --------------------------------------------------------------------------------

def attendance_row(page: Page, world: World, registration: Registration) -> Locator:
    sign_in(page, world.base_url, world.coordinator)
    page.goto(f"{world.base_url}/sessions/{world.upcoming.pk}/attendance/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Attendance")
    return page.locator(f"#registration-{registration.pk}")


def mark_present_button(row: Locator) -> Locator:
    # By the words, not the exact name, so the check survives the fix of the names below.
    return row.get_by_role("button", name=re.compile(r"\bpresent\b", re.I))


def undo_button(row: Locator) -> Locator:
    return row.get_by_role("button", name=re.compile(r"\babsent\b", re.I))


def test_mark_present_by_keyboard(page: Page, world: World) -> None:
    row = attendance_row(page, world, world.seated)
    # The seated person's row is the first, and its button the first "Mark present" of the table.
    expect(page.locator("main table tbody tr").first).to_have_id(f"registration-{world.seated.pk}")
    expect(page.locator("main table tbody button").first).to_contain_text("Mark present")
    expect(row.get_by_role("button")).to_contain_text("Mark present")

    skip_to_main(page)
    tab_to(page, mark_present_button(row))
    page.evaluate("window.__sameDocument = true")
    page.keyboard.press("Enter")

    expect(row.locator("td").last).to_contain_text("Present")
    expect(undo_button(row)).to_contain_text("Undo")
    assert page.evaluate("window.__sameDocument === true"), "marking attendance reloaded the whole page"
    expect(page.locator("#attendance-summary")).to_contain_text("1 person attended")  # swapped out of band
    world.seated.refresh_from_db()
    assert world.seated.attended_at is not None
    assert world.seated.attendance_source == "moderator"
    world.waitlisted.refresh_from_db()
    assert world.waitlisted.attended_at is None  # only the row that was pressed
    assert_accessible(page)  # the swapped row too


def test_marking_present_keeps_the_keyboard_focus_in_the_row(page: Page, world: World) -> None:
    """After the htmx swap the keyboard user must still be in the row (on its "Undo"
    button), not thrown back to the top of the page (WCAG 2.4.3 Focus Order)."""
    row = attendance_row(page, world, world.seated)
    skip_to_main(page)
    tab_to(page, mark_present_button(row))
    page.keyboard.press("Enter")
    undo = undo_button(row)
    expect(undo).to_be_visible()
    focused = page.evaluate(FOCUSED)
    assert undo.evaluate("el => el === document.activeElement"), (
        f"after marking {SEATED} present the focus is on {focused['label']}, not on the row's Undo button: "
        "htmx replaced the focused button, and a keyboard user has to Tab again from the top of the page. "
        "Fix in alliance/templates/meetings/_attendance_row.html: give the toggle button the same id in both "
        'states, e.g. id="attendance-toggle-{{ r.pk }}" on "Mark present" and on "Undo"; htmx then puts '
        "the focus back on the element with the focused element's id after the swap."
    )


def test_attendance_buttons_are_named_by_what_they_show(page: Page, world: World) -> None:
    """WCAG 2.5.3 Label in Name (level A): a voice-control user says what they see
    ("click Mark present", "click Undo"), so the accessible name must contain the visible
    text. axe has this rule (serious) but runs it only when asked, as it is "experimental"."""
    row = attendance_row(page, world, world.seated)
    mark_present_button(row).click()
    expect(undo_button(row)).to_be_visible()  # both states are on the page now
    results = Axe().run(page, options={"resultTypes": ["violations"],
                                       "runOnly": {"type": "rule", "values": ["label-content-name-mismatch"]}})
    violations = results.response["violations"]
    assert not violations, (
        f"{page.url}\n{describe(violations)}\n"
        "Fix in alliance/templates/meetings/_attendance_row.html: start each aria-label with the visible "
        'text, e.g. aria-label="{% blocktranslate with name=r.person.name %}Mark present: {{ name }}'
        '{% endblocktranslate %}" and aria-label="{% blocktranslate with name=r.person.name %}Undo: mark '
        '{{ name }} absent{% endblocktranslate %}" (or drop the aria-label and add the name in a '
        '<span class="visually-hidden"> after the visible words).'
    )


def test_one_click_registration_by_keyboard(page: Page, world: World) -> None:
    session = world.open_session
    sign_in(page, world.base_url, world.newcomer)
    page.goto(f"{world.base_url}/sessions/{session.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Topic of the day: {OPEN_TOPIC}")
    form = page.locator(f"form[action='/sessions/{session.pk}/register/me/']")
    wants_floor = form.get_by_label("I would like the floor")

    # The newcomer's account names no organisation yet: the form asks, once.
    skip_to_main(page)
    organisation = form.get_by_label(re.compile(r"^Organisation:?$"))
    tab_to(page, organisation)
    page.keyboard.type("Lyon")
    suggestion = page.locator("#organisation-suggestions button")
    expect(suggestion).to_have_count(1)
    page.keyboard.press("Tab")
    expect(suggestion).to_be_focused()
    page.keyboard.press("Enter")
    expect(organisation).to_have_value("Vaccine Research Network Lyon")
    tab_to(page, wants_floor)
    page.keyboard.press("Space")
    expect(wants_floor).to_be_checked()
    page.keyboard.press("Tab")
    point = form.get_by_label("My point, in one line")
    expect(point).to_be_focused()
    page.keyboard.type(FLOOR_POINT)
    page.keyboard.press("Tab")
    register = form.get_by_role("button", name="Register")
    expect(register).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{world.base_url}/sessions/{session.pk}/")
    expect(page.locator("main")).to_contain_text("You have a seat in this session.")
    expect(page.locator("main")).to_contain_text(f"You asked for the floor: “{FLOOR_POINT}”.")
    expect(page.locator(".messages")).to_contain_text("You have a seat.")
    registration = Registration.objects.get(session=session, person__user=world.newcomer)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.organisation is not None and registration.organisation.name == "Vaccine Research Network Lyon"
    assert registration.person.affiliation == registration.organisation  # kept on the account
    assert registration.wants_floor and registration.floor_point == FLOOR_POINT
    assert_accessible(page)  # the page of a registrant: status, cancel button

