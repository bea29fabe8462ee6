"""Screenshots of pages, per role, at desktop and phone width, to look at what changed.

Usage (a server with the demo data must be running, e.g. `make run PORT=8100`)::

    .venv/bin/python tools/screenshots.py http://127.0.0.1:8100 docs/screenshots /sessions/ /sessions/5/
    .venv/bin/python tools/screenshots.py URL OUT PATH... --roles visitor,participant,moderator
    .venv/bin/python tools/screenshots.py URL OUT home=/ agenda=/sessions/ room=/sessions/74/room/@moderator

Each PATH is taken for each role (visitor = signed out; the others sign in with the
demo log-ins) at 1280 and 390 pixels wide, full page, into OUT/<role>-<width>-<path>.png.
A PATH written NAME=PATH is saved as OUT/<NAME>-<role>-<width>.png instead, and
NAME=PATH@ROLE[+ROLE] is taken only for those roles.

``--then NAME=ACTION`` does something on the page of the shot NAME before it is taken:
``upload:SAMPLE`` puts one of the SAMPLES below into the page's file field and sends its
form (so the import pages show their reports); ``open-menu`` opens the phone header's
menu (the shot is skipped at desktop width, where there is no menu button).

``--docs`` takes the set kept in docs/screenshots/ (DOCS_SHOTS, DOCS_THEN, DOCS_ROOM) from
the demo data of a fresh `make run`, whose ids it names; first two visitors register on
behalf of organisations new to the registry and confirm by the link e-mailed to
``--mail-dir`` (var/mail, where `make run` writes e-mails), so that the review list has
some. A fresh database, because the room is set in motion and the import pages import::

    .venv/bin/python tools/screenshots.py http://127.0.0.1:8100 docs/screenshots --docs

With --room SESSION_ID the live room of that session is set in motion first, so that
its screenshots show a console at work: the moderator opens the floor, the
participant, coordinator and policy maker ask for it (each takes a seat first if they
hold none), the moderator gives it to the first, and the participant shares a need.
Drives Debian's Chromium through Playwright (never `playwright install`).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image  # Pillow comes with reportlab (the minutes' PDF)
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PASSWORD = "alliance-demo-2020"  # noqa: S105  (the demo log-ins printed by `make run`)
WIDTHS = {"desktop": 1280, "phone": 390}
ROLES = "visitor,participant,moderator,coordinator,policy"
POINTS = {
    "participant": "Members struggle to pay their fees",
    "coordinator": "A shared stock of protective equipment",
    "policy": "What the Commission can fund this month",
}


# The demo's files for the import pages: a CSV with a problem in each of three rows, and two
# summaries, one the importer reads (a session on a day the demo leaves free; a second run
# reports it as already there) and one it refuses (no date to place it).
SAMPLES = {
    "organisations-with-problems.csv": (
        "name,type,size,country,region,website,description,ecosystems,visibility\n"
        "Lombardy Textile Cooperative,startup,small,IT,ITC4,https://textile.example,Masks and gowns,health,public\n"
        "Hegan Aerospace Cluster,cluster_org,,XX,,https://hegan.example,Basque aerospace,aerospace-defence,public\n"
        "Flanders Food Makers,company,small,BE,BE2,,Food processing,agri-food;space-tourism,public\n"
    ),
    "tourism-after-the-lockdown.md": (
        "# Alliance Against Coronavirus\n\nSaturday 6 June 2020 at 10:00 CET\n\n"
        'Working format: "Gilles Rules"\n\nTopic of the day: **Tourism after the lockdown**\n\n'
        "## Conceptual framework\n\nTourism is the ecosystem hit hardest by the **travel restrictions**.\n\n"
        "## Disruptions and needs\n\n- Hotels have **lost 80 % of their bookings**\n"
        "- Need a common sanitary protocol for beaches\n\n"
        "## Solutions\n\n- A regional voucher scheme, see [the scheme](https://tourism.example/vouchers)\n"
    ),
    "notes-from-the-call.txt": "Notes from the call, to be typed up.\n",
}
# Uploads of several samples at once: the minutes importer takes many files.
SAMPLE_SETS = {"summaries": ("tourism-after-the-lockdown.md", "notes-from-the-call.txt")}

DOCS_ROOM = 78  # "Tourism and retail: footfall after the crisis", upcoming
DOCS_NEWCOMERS_SESSION = 77  # "Skills partnerships between clusters and universities", upcoming
NEWCOMERS = [  # person, e-mail, an organisation the registry lacks, its type and country
    ("Aurélie Dufresne", "aurelie.dufresne@example.org", "Atelier de confection solidaire du Val-de-Marne",
     "Civil-society / social-economy organisation", "France"),
    ("Friederike Oberschulte-Beckmann", "f.oberschulte@example.org", "Kunststoffverarbeitung Niederrhein GmbH",
     "Company", "Germany"),
]
DOCS_SHOTS = [
    "home=/", "agenda=/sessions/", "menu=/sessions/",
    "directory=/organisations/", "directory-filter=/organisations/?ecosystem=digital&country=DE",
    "organisation=/organisations/23/@participant",
    "session=/sessions/41/@moderator", "registration=/sessions/76/register/",
    f"live-room=/sessions/{DOCS_ROOM}/room/@participant+moderator",
    "minutes=/sessions/41/minutes/", "minutes-editor=/sessions/41/minutes/draft/@moderator",
    "minutes-versions=/sessions/41/minutes/versions/@moderator",
    "registrants=/sessions/74/registrants/@moderator", "attendance=/sessions/74/attendance/@moderator",
    "account=/account/@participant",
    "organisations-review=/organisations/review/@coordinator",
    "csv-import=/import/@coordinator", "summaries-import=/minutes/import/@coordinator",
]
DOCS_THEN = ["menu=open-menu", "csv-import=upload:organisations-with-problems.csv", "summaries-import=upload:summaries"]


@dataclass(frozen=True)
class Shot:
    path: str
    name: str | None  # None: the file is named after role, width and path
    roles: tuple[str, ...] | None  # None: every role asked for


def parse_shot(text: str) -> Shot:
    # The name ends at the first "=" before the path: a query string has "=" of its own.
    name, _, rest = text.partition("=") if "=" in text.split("/", 1)[0] else ("", "", text)
    path, _, roles = rest.partition("@")
    return Shot(path, name or None, tuple(roles.split("+")) if roles else None)


def docs_shots() -> list[Shot]:
    """DOCS_SHOTS; those that name no role are taken as a visitor sees them."""
    shots = [parse_shot(text) for text in DOCS_SHOTS]
    return [Shot(s.path, s.name, s.roles or ("visitor",)) for s in shots]


def parse_then(text: str) -> tuple[str, str]:
    name, _, action = text.partition("=")
    if action != "open-menu" and not (action.startswith("upload:")
                                      and action[7:] in {**SAMPLES, **SAMPLE_SETS}):
        raise argparse.ArgumentTypeError(f"unknown action {action!r}: open-menu or upload:SAMPLE "
                                         f"({', '.join([*SAMPLES, *SAMPLE_SETS])})")
    return name, action


def act(page: Page, action: str, samples: Path) -> bool:
    """Does ``action`` on the page; False when it does not apply at this width."""
    if action == "open-menu":
        toggle = page.locator("#menu-toggle")
        if not toggle.is_visible():
            return False
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        return True
    sample = action.removeprefix("upload:")
    names = SAMPLE_SETS.get(sample, (sample,))
    form = page.locator("main form:has(input[type=file])").first
    form.locator("input[type=file]").set_input_files([str(samples / name) for name in names])
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    return True


def shrink(path: Path) -> None:
    """256 colours lose nothing one can see on flat UI and cut the files to about a third."""
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def sign_in(context: BrowserContext, base_url: str, role: str) -> Page:
    page = context.new_page()
    if role != "visitor":
        page.goto(f"{base_url}/account/login/")
        page.get_by_label("E-mail address").fill(f"{role}@alliance.example")
        page.get_by_label("Password").fill(PASSWORD)
        page.locator("main").get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
    return page


def set_room_in_motion(browser: Browser, base_url: str, session_id: int, locale: str) -> None:
    """Drives the room as its people would, through the page, as the browser tests do."""
    room = f"{base_url}/sessions/{session_id}/room/"
    pages: dict[str, Page] = {}
    for role in ("moderator", *POINTS):
        context = browser.new_context(locale=locale)
        pages[role] = sign_in(context, base_url, role)
        if role in POINTS:  # the demo's log-ins hold no seat: take one in one click, as a person does
            pages[role].goto(f"{base_url}/sessions/{session_id}/")
            register = pages[role].locator("#registration-form").get_by_role("button", name="Register")
            if register.is_visible():
                register.click()
                expect(pages[role].locator("main")).to_contain_text("You have a seat in this session.")
        pages[role].goto(room)
        expect(pages[role].locator("#room-status")).to_have_text("Connected")
    moderator = pages["moderator"]
    open_floor = moderator.get_by_role("button", name="Open the floor")
    if open_floor.is_visible():
        open_floor.click()
    for role, point in POINTS.items():
        page = pages[role]
        if page.get_by_label("My point, in one line").is_visible():
            page.get_by_label("My point, in one line").fill(point)
            page.get_by_role("button", name="Ask for the floor").click()
    for role in POINTS:  # the demo's registrants who asked in advance are in the queue too
        expect(pages[role].locator("#my-position")).not_to_be_empty()
    moderator.get_by_role("button", name="Next speaker").click()
    expect(moderator.locator("#speaker")).to_contain_text("Now speaking")
    participant = pages["participant"]
    participant.get_by_label("Kind").select_option("need")
    participant.get_by_label(re.compile("What you want to share")).fill(
        "Need **FFP2 masks** for 300 workers in the Lombardy plants by Friday")
    participant.get_by_role("button", name="Share").click()
    expect(moderator.locator("#contributions li")).to_have_count(1)
    for page in pages.values():
        page.context.close()


def confirmation_link(mail_dir: Path, email: str) -> str | None:
    """The link of the newest confirmation e-mail to ``email`` in make run's mail folder."""
    for path in sorted(mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True):
        text = path.read_text(encoding="utf-8", errors="replace")
        if re.search(rf"^To: {re.escape(email)}$", text, re.M):
            found = re.search(r"https?://\S+/registrations/confirm/[^\s\"<]+", text)
            if found:
                return found.group(0)
    return None


def name_new_organisations(browser: Browser, base_url: str, session_id: int, locale: str, mail_dir: Path) -> None:
    """Visitors register for a session on behalf of organisations the registry does not
    have and confirm by the e-mailed link, so that the coordinator's review list has
    something in it (the demo's is empty)."""
    page = browser.new_context(locale=locale).new_page()
    for person, email, organisation, kind, country in NEWCOMERS:
        page.goto(f"{base_url}/sessions/{session_id}/register/")
        form = page.locator("main form")
        form.get_by_label("Your name").fill(person)
        form.get_by_label("E-mail address").fill(email)
        form.get_by_label(re.compile(r"^Organisation")).fill(organisation)
        form.get_by_label("Type of organisation").select_option(label=kind)
        form.get_by_label("Country").select_option(label=country)
        form.get_by_label(re.compile("^I agree")).check()
        form.get_by_role("button", name="Register").click()
        page.wait_for_load_state()
        link = confirmation_link(mail_dir, email)
        if link is None:
            print(f"no confirmation e-mail to {email} in {mail_dir}: the review list may stay empty", file=sys.stderr)
            continue
        page.goto(link)
        confirm = page.locator("main").get_by_role("button", name="Confirm my registration")
        if confirm.is_visible():  # a second run finds the registration confirmed already
            confirm.click()
            page.wait_for_load_state()
    page.context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("out", type=Path)
    parser.add_argument("paths", nargs="*", type=parse_shot)
    parser.add_argument("--roles", default=ROLES)
    parser.add_argument("--then", action="append", default=[], type=parse_then, metavar="NAME=ACTION",
                        help="open-menu, or upload:SAMPLE, on the page of the shot NAME")
    parser.add_argument("--docs", action="store_true", help="the set kept in docs/screenshots/")
    parser.add_argument("--mail-dir", type=Path, default=Path("var/mail"),
                        help="where the server writes its e-mails (make run: var/mail); --docs confirms from there")
    parser.add_argument("--locale", default="en-GB")
    parser.add_argument("--room", type=int, help="set this session's live room in motion first")
    args = parser.parse_args(argv)
    if args.docs:
        args.paths += docs_shots()
        args.then += [parse_then(text) for text in DOCS_THEN]
        args.room = args.room or DOCS_ROOM
    if not args.paths:
        parser.error("name at least one PATH, or --docs")
    then = dict(args.then)
    args.out.mkdir(parents=True, exist_ok=True)
    samples = Path(tempfile.mkdtemp(prefix="alliance-samples-"))
    for sample_name, text in SAMPLES.items():
        (samples / sample_name).write_text(text, encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        if args.docs:
            name_new_organisations(browser, args.base_url, DOCS_NEWCOMERS_SESSION, args.locale, args.mail_dir)
        if args.room:
            set_room_in_motion(browser, args.base_url, args.room, args.locale)
        for role in args.roles.split(","):
            shots = [s for s in args.paths if s.roles is None or role in s.roles]
            if not shots:
                continue
            for label, width in WIDTHS.items():
                context = browser.new_context(locale=args.locale, viewport={"width": width, "height": 900})
                page = sign_in(context, args.base_url, role)
                for shot in shots:
                    page.goto(args.base_url + shot.path)
                    page.wait_for_load_state("networkidle")
                    if "/room/" in shot.path:  # the snapshot comes over the websocket
                        expect(page.locator("#room-status")).to_have_text("Connected")
                        page.wait_for_timeout(300)
                    if shot.name in then and not act(page, then[shot.name], samples):
                        continue
                    slug = re.sub(r"[^a-z0-9]+", "-", shot.path.lower()).strip("-") or "home"
                    name = f"{shot.name}-{role}-{label}" if shot.name else f"{role}-{label}-{slug}"
                    target = args.out / f"{name}.png"
                    page.screenshot(path=str(target), full_page=True)
                    shrink(target)
                    print(target)
                context.close()
        browser.close()
    shutil.rmtree(samples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
