"""Minutes in a real browser: the moderator ends a session, edits the draft (with the live
preview), an attendee proposes an amendment, the moderator accepts it and publishes; a
visitor reads the public page and downloads the PDF, which has the text."""

from __future__ import annotations

import io

import pypdf
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alliance.accounts.models import Role
from alliance.meetings.models import Contribution
from tests.browser.test_session_pages_accessibility import PASSWORD, assert_accessible, sign_in
from tests.factories import OrganisationFactory, PersonFactory, RegistrationFactory, SessionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_session_ends_in_published_minutes(browser, live_server):
    moderator = UserFactory(role=Role.MODERATOR, email="mod@example.org", password=PASSWORD)
    attendee = UserFactory(role=Role.PARTICIPANT, email="ana@example.org", password=PASSWORD)
    session = SessionFactory(topic="Clusters Continuity through the Crisis", status="live",
                             starts_at=timezone.now().replace(second=0, microsecond=0))
    session.moderators.add(moderator)
    RegistrationFactory(session=session, person=PersonFactory(user=attendee, email=attendee.email),
                        attended_at=timezone.now())
    basque = OrganisationFactory(name="Basque Aerospace Cluster")
    for i, (kind, text) in enumerate([
        ("framework", "A **brainstorming session** on what cluster members need."),
        ("need", "Need FFP2 masks for 300 workers in Lombardy"),
        ("solution", "An online event platform for cluster members"),
    ]):
        Contribution.objects.create(session=session, kind=kind, text=text, organisation=basque, key=f"k{i}")

    mod = browser.new_context(locale="en-GB").new_page()
    mod.set_default_timeout(15_000)
    sign_in(mod, live_server.url, moderator)
    mod.goto(f"{live_server.url}/sessions/{session.pk}/")
    mod.get_by_role("link", name="End the session").click()
    mod.get_by_role("button", name="Yes, end the session").click()
    mod.goto(f"{live_server.url}/sessions/{session.pk}/")
    mod.get_by_role("link", name="Draft and edit the minutes").click()
    editor = mod.get_by_label("Minutes (Markdown)")
    expect(editor).to_contain_text("## Identification of disruptions and needs")
    body = editor.input_value().replace("Need FFP2 masks for 300 workers", "Need **FFP2 masks** for 350 workers")
    editor.fill(body)
    expect(mod.locator("#preview strong", has_text="FFP2 masks")).to_be_visible()  # the live preview
    assert_accessible(mod)
    mod.get_by_role("button", name="Save", exact=True).click()
    expect(mod.get_by_text("Saved.")).to_be_visible()
    mod.get_by_role("button", name="Open for amendments").click()
    expect(mod.get_by_text("Attendees can now propose amendments.")).to_be_visible()

    ana = browser.new_context(locale="en-GB").new_page()
    ana.set_default_timeout(15_000)
    sign_in(ana, live_server.url, attendee)
    ana.goto(f"{live_server.url}/sessions/{session.pk}/")
    ana.get_by_role("link", name="Propose amendments to the minutes").click()
    item = ana.locator("ol.amendable > li", has_text="online event platform")
    item.get_by_text("Propose a change").click()
    proposal = item.get_by_label("Proposed wording")
    proposal.fill(proposal.input_value().replace("An online event platform", "A free online event platform"))
    item.get_by_role("button", name="Propose").click()
    expect(ana.get_by_text("the moderator will accept or reject")).to_be_visible()
    assert_accessible(ana)

    mod.reload()
    expect(mod.get_by_text("A free online event platform")).to_be_visible()
    mod.get_by_role("button", name="Accept").click()
    expect(mod.get_by_text("Amendment accepted.")).to_be_visible()
    mod.get_by_role("link", name="Publish", exact=True).click()
    mod.get_by_role("button", name="Yes, publish and send").click()
    expect(mod.locator("article.minutes")).to_contain_text("A free online event platform")

    visitor = browser.new_context(locale="en-GB", accept_downloads=True).new_page()
    visitor.set_default_timeout(15_000)
    visitor.goto(f"{live_server.url}/sessions/{session.pk}/")
    visitor.get_by_role("link", name="Read the minutes").click()
    expect(visitor.locator("article.minutes h1")).to_have_text("European Cluster Alliance Against Coronavirus")
    expect(visitor.locator("article.minutes")).to_contain_text("350 workers")
    assert_accessible(visitor)
    with visitor.expect_download() as download:
        visitor.get_by_role("link", name="Download PDF").click()
    pdf = pypdf.PdfReader(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: PTH123, SIM115
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Clusters Continuity through the Crisis" in text
    assert "A free online event platform" in text and "350 workers" in text
