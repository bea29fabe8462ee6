"""A real Chromium driven by Playwright against pytest-django's live server.

Playwright's sync API runs an event loop in this thread, which makes Django
refuse ORM calls here as "async-unsafe"; the test thread only prepares data
before the browser acts, so allowing it is safe.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# Package scope: Playwright's sync API keeps an event loop marked as running in this
# thread while it is open, which stops pytest-asyncio's tests that run after these.
@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
