"""Issue 12's project path in a real Chromium: a manager pauses a project with a reason
and what is needed to resume, finds it in the continuity view, posts what it needs to
the exchange, then resumes it; refused steps say why — axe-core clean on every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from alliance.exchange.models import Post
from alliance.toolkit import actions
from tests.browser.test_directory_browser import assert_accessible
from tests.browser.test_overview_of_needs_browser import sign_in
from tests.toolkit.people import cluster_org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def project(db):
    a = cluster_org("Basque Aerospace Cluster Association", members=1)
    found = actions.create_project(by=a.manager, organisation=a.organisation, title="Recyclable composite wings")
    return a, found


def test_a_manager_pauses_a_project_posts_its_need_and_resumes_it(page: Page, live_server, project):
    a, found = project
    sign_in(page, live_server, a.manager)
    page.goto(f"{live_server.url}/toolkit/{a.organisation.pk}/projects/{found.pk}/")
    expect(page.locator("h1")).to_contain_text("Recyclable composite wings")
    assert_accessible(page)

    change = page.locator("form.toolkit-project-change")
    change.get_by_label("New status").select_option("paused")
    change.get_by_role("button", name="Record the change").click()
    expect(page.locator(".errors, .message.error").first).to_contain_text("needs a reason")

    change = page.locator("form.toolkit-project-change")
    change.get_by_label("New status").select_option("paused")
    change.get_by_label("Reason").select_option("supply_shortage")
    change.get_by_label("What is needed to resume").fill("A supplier of recycled carbon fibre, 2 t a month")
    change.get_by_role("button", name="Record the change").click()
    expect(page.locator(".message.success")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/toolkit/{a.organisation.pk}/continuity/")
    expect(page.locator("main")).to_contain_text("Recyclable composite wings")
    expect(page.locator("main")).to_contain_text("A supplier of recycled carbon fibre")
    assert_accessible(page)
    page.get_by_role("button", name="Post as a need").first.click()
    expect(page.locator(".message.success")).to_be_visible()
    post = Post.objects.get()
    assert post.title.startswith("To resume: Recyclable composite wings") and post.organisation == a.organisation

    page.goto(f"{live_server.url}/toolkit/{a.organisation.pk}/projects/{found.pk}/")
    change = page.locator("form.toolkit-project-change")
    change.get_by_label("New status").select_option("resumed")
    change.get_by_role("button", name="Record the change").click()
    expect(page.locator(".message.success")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Resumed")
    assert_accessible(page)
