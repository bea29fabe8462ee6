"""Registering for a session as a visitor does it, in a real Chromium: the public
agenda, the registration form by keyboard (with the htmx organisation suggestions),
the confirmation e-mail with its calendar invitation, the session's .ics, the
cancel link from the e-mail, and the waitlisted person moving up to the freed seat.

E-mail goes to the file backend so the test reads what a mail client would get.
Tasks run immediately (tests/conftest.py): the e-mails are written during the
request, after its transaction commits, before the browser sees the response.
``transaction=True`` because the live server thread needs committed rows.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings as django_settings
from playwright.sync_api import Browser, Page, expect

from alliance.community.models import Organisation, OrganisationType
from alliance.meetings import actions
from alliance.meetings.models import Registration, RegistrationStatus, Session
from tests.factories import OrganisationFactory, SessionFactory, region

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

BLOCKING_IMPACTS = ("serious", "critical")
# The file backend writes each message followed by a line of 79 dashes.
MESSAGE_SEPARATOR = b"\n" + b"-" * 79 + b"\n"
TOPIC = "Cold-chain capacity for vaccines – who can share?"
ORGANISATION = "Brussels Vaccine Logistics Consortium"
FIRST = ("Amélie Laurent", "amelie.laurent@vaccine-logistics.example")
SECOND = ("Jonas Weber", "jonas.weber@example.org")
BRUSSELS = ZoneInfo("Europe/Brussels")
FLOOR_POINT = "We have 40 m³ of free -70 °C storage in Brussels."


@dataclass
class Setup:
    session: Session
    organisation: Organisation
    outbox: Path
    base_url: str


@pytest.fixture
def setup(live_server, settings, tmp_path: Path) -> Setup:
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(outbox)
    settings.SITE_URL = live_server.url
    organisation = OrganisationFactory(name=ORGANISATION, type=OrganisationType.COMPANY,
                                       country=region("BE"), region=region("BE"))
    # Another one matching the same typed text: the visitor has to choose the right one.
    OrganisationFactory(name="Vaccine Research Network Lyon", type=OrganisationType.RTO, size="",
                        country=region("FR"), region=region("FR"))
    day = dt.datetime.now(BRUSSELS).date() + dt.timedelta(days=9)
    start = dt.datetime.combine(day, dt.time(8, 30), BRUSSELS)  # "08:30 Brussels time"
    session = SessionFactory(capacity=1, topic=TOPIC, starts_at=start, duration_minutes=60)
    return Setup(session=session, organisation=organisation, outbox=outbox, base_url=live_server.url)


# --- helpers ---------------------------------------------------------------------------------

def assert_accessible(page: Page) -> None:
    rules = page.evaluate("""() => [...document.styleSheets]
        .filter(s => (s.href || '').endsWith('/alliance/site.css'))
        .reduce((n, s) => n + s.cssRules.length, 0)""")
    assert rules > 0, "alliance/site.css did not load: the page is unstyled"
    violations = [v for v in Axe().run(page).response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    lines = [f"- [{v['impact']}] {v['id']}: {v['help']} at "
             + "; ".join(", ".join(map(str, n["target"])) for n in v["nodes"]) for v in violations]
    assert not violations, f"{page.url}: serious/critical accessibility violations:\n" + "\n".join(lines)


def sent_mail(outbox: Path) -> list[EmailMessage]:
    """Every message the file backend wrote, parsed as a mail client would."""
    messages = []
    for log in sorted(outbox.glob("*.log"), key=lambda p: (p.stat().st_mtime_ns, p.name)):
        for chunk in log.read_bytes().split(MESSAGE_SEPARATOR):
            if chunk.strip():
                message = email.message_from_bytes(chunk, policy=email.policy.default)
                assert isinstance(message, EmailMessage)
                messages.append(message)
    return messages


def subject_of(message: EmailMessage) -> str:
    # Django folds a long encoded Subject right after "Subject:"; the stdlib parser keeps
    # that folding whitespace in front, which mail clients drop.
    return str(message["Subject"]).strip()


def mail_to(outbox: Path, address: str, subject: str) -> EmailMessage:
    found = [m for m in sent_mail(outbox) if parseaddr(str(m["To"]))[1] == address and subject_of(m) == subject]
    everything = [(str(m["To"]), subject_of(m)) for m in sent_mail(outbox)]
    assert len(found) == 1, f"expected one {subject!r} to {address}, got {len(found)}; all mail: {everything}"
    return found[0]


def text_body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None, "the message has no text/plain body"
    return part.get_content()


def calendar_attachments(message: EmailMessage) -> list[EmailMessage]:
    return [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]


def only_event(calendar: icalendar.Calendar) -> icalendar.Event:
    events = calendar.walk("VEVENT")
    assert len(events) == 1, f"expected one VEVENT, got {len(events)}"
    return events[0]


def assert_start(event: icalendar.Event, session: Session) -> None:
    dtstart = event["DTSTART"]
    assert dtstart.params.get("TZID") == "Europe/Brussels", dtstart.params
    start = dtstart.dt
    assert isinstance(start, dt.datetime) and start.tzinfo is not None
    assert start == session.starts_at  # the same instant...
    assert (start.hour, start.minute) == (8, 30)  # ...as Brussels wall-clock time
    assert start.utcoffset() == session.starts_at.astimezone(BRUSSELS).utcoffset()


# --- the scenario ----------------------------------------------------------------------------

def register_by_keyboard(page: Page, s: Setup) -> None:
    """The first visitor: agenda → session → form, filled with the keyboard."""
    page.goto(f"{s.base_url}/sessions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Upcoming sessions")
    card = page.locator("ol.sessions li.session-card").filter(has_text=TOPIC)
    expect(card).to_have_count(1)
    expect(card).to_contain_text("0 of 1 seats taken")
    card.get_by_role("link", name=TOPIC).click()

    expect(page).to_have_url(f"{s.base_url}/sessions/{s.session.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Topic of the day: {TOPIC}")
    page.get_by_role("link", name="Register for this session").click()

    expect(page).to_have_url(f"{s.base_url}/sessions/{s.session.pk}/register/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Registration of the session")
    assert_accessible(page)
    # The bot trap must be out of sight and out of the Tab order: a person (or their
    # browser's autofill) who fills it is silently treated as a bot.
    expect(page.locator("#id_website"), "the honeypot field is visible to people").to_be_hidden()

    name, address = FIRST
    page.get_by_label("Your name").focus()
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    expect(page.get_by_label("E-mail address")).to_be_focused()
    page.keyboard.type(address)
    page.keyboard.press("Tab")
    organisation_field = page.get_by_label(re.compile(r"^Organisation:?$"))
    expect(organisation_field).to_be_focused()
    page.keyboard.type("vaccine")  # part of the name, in another case

    # htmx fills the suggestions from the registry; both matches are offered, sorted by name.
    suggestions = page.locator("#organisation-suggestions button")
    expect(suggestions).to_have_count(2)
    expect(suggestions.first).to_contain_text(ORGANISATION)
    expect(organisation_field).to_be_focused()  # the suggestions do not steal focus
    page.keyboard.press("Tab")
    expect(suggestions.first).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator("#organisation-suggestions button")).to_have_count(0)
    expect(organisation_field).to_be_focused()
    expect(organisation_field).to_have_value(ORGANISATION)
    expect(page.locator("input[name=organisation_id]")).to_have_value(str(s.organisation.pk))
    expect(page.get_by_label("Type of organisation")).to_have_value(OrganisationType.COMPANY)
    expect(page.get_by_label(re.compile(r"^Country:?$"))).to_have_value("BE")

    page.keyboard.press("Tab")
    expect(page.get_by_label("Type of organisation")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label(re.compile(r"^Country:?$"))).to_be_focused()
    page.keyboard.press("Tab")
    wants_floor = page.get_by_label("I would like the floor")
    expect(wants_floor).to_be_focused()
    page.keyboard.press("Space")
    expect(wants_floor).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("My point, in one line")).to_be_focused()
    page.keyboard.type(FLOOR_POINT)
    page.keyboard.press("Tab")
    consent = page.get_by_label(re.compile(r"^I agree that my name and organisation"))
    expect(consent).to_be_focused()
    page.keyboard.press("Space")
    expect(consent).to_be_checked()
    page.keyboard.press("Tab")  # the honeypot is not a stop: straight to the button
    submit = page.locator("#registration-form").get_by_role("button", name="Register")
    expect(submit).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{s.base_url}/sessions/{s.session.pk}/register/done/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    expect(page.get_by_role("status")).to_contain_text(TOPIC)
    assert not Registration.objects.filter(person__email=address).exists()  # not before the address confirms
    confirm_in_browser(page, s, address)
    expect(page.get_by_role("status")).to_contain_text("You have a seat")


def confirm_in_browser(page: Page, s: Setup, address: str) -> None:
    """Follow the e-mailed confirmation link, as its owner would, and confirm."""
    message = mail_to(s.outbox, address, f"Confirm your registration: {TOPIC}")
    link = re.search(r"https?://\S+/registrations/confirm/\S+/", text_body(message))
    assert link is not None and link.group(0).startswith(s.base_url), text_body(message)
    page.goto(link.group(0))
    page.get_by_role("button", name="Confirm my registration").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registration confirmed")


def register_second(browser: Browser, s: Setup) -> None:
    """Another visitor, in a browser of their own: the session is full now."""
    context = browser.new_context(locale="en-GB")
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{s.base_url}/sessions/{s.session.pk}/")
        expect(page.locator("dl.facts dt:has-text('Seats') + dd")).to_have_text("1 of 1 taken")
        expect(page.locator("article.session")).to_contain_text(
            "The session is full: new registrations join the waitlist")
        page.get_by_role("link", name="Register for this session").click()
        name, address = SECOND
        page.get_by_label("Your name").fill(name)
        page.get_by_label("E-mail address").fill(address)
        page.get_by_label(re.compile(r"^I agree that my name and organisation")).check()
        page.locator("#registration-form").get_by_role("button", name="Register").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
        confirm_in_browser(page, s, address)
        expect(page.get_by_role("status")).to_contain_text("number 1 on the waitlist")
    finally:
        context.close()


def test_register_confirm_ics_cancel_and_promote(live_server, browser: Browser, page: Page, setup: Setup) -> None:
    s = setup
    session = s.session
    session_url = f"{s.base_url}/sessions/{session.pk}/"

    register_by_keyboard(page, s)
    first = Registration.objects.select_related("person", "organisation").get(
        session=session, person__email=FIRST[1])
    assert first.status == RegistrationStatus.CONFIRMED
    assert first.person.name == FIRST[0]
    assert first.organisation == s.organisation  # chosen from the registry, not a new one
    assert first.person.affiliation == s.organisation
    assert Organisation.objects.filter(name__iexact=ORGANISATION).count() == 1
    assert first.wants_floor and first.floor_point == FLOOR_POINT
    assert first.consent_text.startswith("I agree that my name and organisation")

    register_second(browser, s)
    second = Registration.objects.get(session=session, person__email=SECOND[1])
    assert second.status == RegistrationStatus.WAITLISTED
    assert second.organisation is None

    # --- the first person's confirmation, as their mail client gets it ---------------------
    confirmation = mail_to(s.outbox, FIRST[1], f"Your seat: {TOPIC}")
    body = text_body(confirmation)
    assert f"Hello {FIRST[0]}," in body
    assert "You have a seat." in body
    assert re.search(r"^When: \w+, \d{1,2} \w+ \d{4}, 08:30 \(Europe/Brussels\) · 60 minutes$", body, re.M), body
    assert f"You asked for the floor: {FLOOR_POINT}" in body
    assert session_url in body
    cancel_url = f"{s.base_url}/registrations/cancel/{actions.cancel_token(first)}/"
    assert cancel_url in body, f"no cancel link {cancel_url} in:\n{body}"
    html = confirmation.get_body(preferencelist=("html",))
    assert html is not None and f'href="{cancel_url}"' in html.get_content()

    [invite] = calendar_attachments(confirmation)
    assert invite.get_param("method") == "REQUEST"
    assert invite.get_filename() == "invite.ics"
    calendar = icalendar.Calendar.from_ical(invite.get_content())
    assert str(calendar["METHOD"]) == "REQUEST"
    event = only_event(calendar)
    assert str(event["UID"]) == f"session-{session.uid}@alliance"
    assert str(event["SUMMARY"]) == TOPIC
    assert_start(event, session)
    assert event["DTEND"].dt == session.starts_at + dt.timedelta(minutes=60)
    organiser = event["ORGANIZER"]
    assert str(organiser) == f"mailto:{parseaddr(django_settings.DEFAULT_FROM_EMAIL)[1]}"
    assert organiser.params.get("CN") == django_settings.ALLIANCE_NAME
    assert str(event["URL"]) == session_url
    assert session_url in str(event["DESCRIPTION"])
    attendee = event["ATTENDEE"]
    assert str(attendee).lower() == f"mailto:{FIRST[1]}"
    assert attendee.params.get("CN") == FIRST[0]
    assert calendar.walk("VTIMEZONE"), "the invitation does not define Europe/Brussels"
    assert str(calendar.walk("VTIMEZONE")[0]["TZID"]) == "Europe/Brussels"

    # The waitlisted person is told so, with no invitation for a seat they do not have.
    waitlisted = mail_to(s.outbox, SECOND[1], f"Waitlist: {TOPIC}")
    assert "you are on the waitlist" in text_body(waitlisted)
    assert calendar_attachments(waitlisted) == []

    # --- the session's own .ics, downloaded from its page ----------------------------------
    page.goto(session_url)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to my calendar (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == f"session-{session.pk}.ics"
    feed = icalendar.Calendar.from_ical(Path(download.path()).read_text(encoding="utf-8"))
    event = only_event(feed)
    assert str(event["SUMMARY"]) == TOPIC
    assert str(event["UID"]) == f"session-{session.uid}@alliance"
    assert_start(event, session)
    assert "LOCATION" not in event, "the public .ics gives away the video-call link"
    assert session.video_link not in str(event["DESCRIPTION"])

    # --- cancelling through the e-mailed link ----------------------------------------------
    page.goto(cancel_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel registration")
    expect(page.locator("main")).to_contain_text(f"{FIRST[0]}, do you want to cancel your registration")
    assert_accessible(page)
    page.get_by_role("button", name="Yes, cancel my registration").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registration cancelled")
    expect(page.get_by_role("status")).to_contain_text(TOPIC)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED
    assert second.status == RegistrationStatus.CONFIRMED
    assert second.confirmed_at is not None

    # The first person's calendar removes the event; the second's gets it.
    cancelled = mail_to(s.outbox, FIRST[1], f"Registration cancelled: {TOPIC}")
    [withdrawal] = calendar_attachments(cancelled)
    assert withdrawal.get_param("method") == "CANCEL"
    assert str(only_event(icalendar.Calendar.from_ical(withdrawal.get_content()))["STATUS"]) == "CANCELLED"

    promoted = mail_to(s.outbox, SECOND[1], f"A seat freed up for you: {TOPIC}")
    body = text_body(promoted)
    assert "their seat is now yours" in body
    assert f"{s.base_url}/registrations/cancel/{actions.cancel_token(second)}/" in body
    [invite] = calendar_attachments(promoted)
    assert invite.get_param("method") == "REQUEST"
    event = only_event(icalendar.Calendar.from_ical(invite.get_content()))
    assert str(event["ATTENDEE"]).lower() == f"mailto:{SECOND[1]}"
    assert_start(event, session)

    # The cancel link is spent; the session page shows the seat taken again.
    page.goto(cancel_url)
    expect(page.locator("main")).to_contain_text("This registration is already cancelled.")
    page.goto(session_url)
    expect(page.locator("dl.facts dt:has-text('Seats') + dd")).to_have_text("1 of 1 taken")
