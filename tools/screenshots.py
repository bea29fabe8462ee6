"""Screenshots of pages, per role, at desktop and phone width, to look at what changed.

Usage (a server with the demo data must be running, e.g. `make run PORT=8100`)::

    .venv/bin/python tools/screenshots.py http://127.0.0.1:8100 docs/screenshots /sessions/ /sessions/5/
    .venv/bin/python tools/screenshots.py URL OUT PATH... --roles visitor,participant,moderator

Each PATH is taken for each role (visitor = signed out; the others sign in with the
demo log-ins) at 1280 and 390 pixels wide, full page, into OUT/<role>-<width>-<path>.png.
Drives Debian's Chromium through Playwright (never `playwright install`).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PASSWORD = "alliance-demo-2020"  # noqa: S105  (the demo log-ins printed by `make run`)
WIDTHS = {"desktop": 1280, "phone": 390}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("out", type=Path)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--roles", default="visitor,participant,moderator,coordinator,policy")
    parser.add_argument("--locale", default="en-GB")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for role in args.roles.split(","):
            for label, width in WIDTHS.items():
                context = browser.new_context(locale=args.locale, viewport={"width": width, "height": 900})
                page = context.new_page()
                if role != "visitor":
                    page.goto(f"{args.base_url}/account/login/")
                    page.get_by_label("E-mail address").fill(f"{role}@alliance.example")
                    page.get_by_label("Password").fill(PASSWORD)
                    page.locator("main").get_by_role("button", name="Sign in").click()
                    page.wait_for_load_state()
                for path in args.paths:
                    page.goto(args.base_url + path)
                    page.wait_for_load_state("networkidle")
                    name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
                    target = args.out / f"{role}-{label}-{name}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target)
                context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
