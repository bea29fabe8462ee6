"""Screenshots of pages, per role, at desktop and phone width, to look at what changed.

Usage (a server with the demo data must be running, e.g. `make run PORT=8100`)::

    .venv/bin/python tools/screenshots.py http://127.0.0.1:8100 docs/screenshots /sessions/ /sessions/5/
    .venv/bin/python tools/screenshots.py URL OUT PATH... --roles visitor,participant,moderator
    .venv/bin/python tools/screenshots.py URL OUT home=/ agenda=/sessions/ room=/sessions/74/room/@moderator

Each PATH is taken for each role (visitor = signed out; the others sign in with the
demo log-ins) at 1280 and 390 pixels wide, full page, into OUT/<role>-<width>-<path>.png.
A PATH written NAME=PATH is saved as OUT/<NAME>-<role>-<width>.png instead, and
NAME=PATH@ROLE[+ROLE] is taken only for those roles.

With --room SESSION_ID the live room of that session is set in motion first, so that
its screenshots show a console at work: the moderator opens the floor, the
participant, coordinator and policy maker ask for it (each must hold a confirmed
seat), the moderator gives it to the first, and the participant shares a need.
Drives Debian's Chromium through Playwright (never `playwright install`).
"""

from __future__ import annotations

import argparse
import re
import sys
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


@dataclass(frozen=True)
class Shot:
    path: str
    name: str | None  # None: the file is named after role, width and path
    roles: tuple[str, ...] | None  # None: every role asked for


def parse_shot(text: str) -> Shot:
    name, _, rest = text.rpartition("=") if "=" in text.split("/", 1)[0] else ("", "", text)
    path, _, roles = rest.partition("@")
    return Shot(path, name or None, tuple(roles.split("+")) if roles else None)


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("out", type=Path)
    parser.add_argument("paths", nargs="+", type=parse_shot)
    parser.add_argument("--roles", default=ROLES)
    parser.add_argument("--locale", default="en-GB")
    parser.add_argument("--room", type=int, help="set this session's live room in motion first")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
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
                    slug = re.sub(r"[^a-z0-9]+", "-", shot.path.lower()).strip("-") or "home"
                    name = f"{shot.name}-{role}-{label}" if shot.name else f"{role}-{label}-{slug}"
                    target = args.out / f"{name}.png"
                    page.screenshot(path=str(target), full_page=True)
                    shrink(target)
                    print(target)
                context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
