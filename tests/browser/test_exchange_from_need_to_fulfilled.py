"""Issue 11's path in a real Chromium: a participant posts a need in Italian, sees a
German offer among its top matches with the reasons, asks for an introduction; the
other side accepts in their own browser; both get the e-mail; the need is marked
fulfilled and the overview shows it — axe-core clean on every exchange page."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from alliance.exchange.models import Post
from tests.browser.test_directory_browser import assert_accessible
from tests.browser.test_overview_of_needs_browser import sign_in
from tests.exchange.people import lombardy_and_bavaria, member_of, post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def exchange(db):
    needy, maker = lombardy_and_bavaria()
    offer = post(maker, kind="offer", title="Wir liefern zertifizierte FFP2-Masken",
                 text="Unser Betrieb hat die Produktion umgestellt und liefert 5000 FFP2-Schutzmasken pro Woche, "
                      "EU-weit.", quantity=5000, unit="pieces")
    post(member_of(), kind="offer", title="Refrigerated trucks for food", categories=("logistics",),
         text="Refrigerated trucks free for food transport between Poland and Germany.")
    return needy, maker, offer


def test_an_italian_need_meets_a_german_offer_and_ends_fulfilled(browser, live_server, exchange):
    needy, maker, offer = exchange
    # The author reads the site in Italian, as her browser asks; the offer's side in German.
    page: Page = browser.new_page(locale="it-IT")
    page.set_default_timeout(20_000)
    sign_in(page, live_server, needy)
    page.goto(f"{live_server.url}/exchange/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/exchange/new/?kind=need")
    assert_accessible(page)
    form = page.locator("form.post-form")
    form.locator("input[name=title]").fill("Servono mascherine FFP2 per 300 lavoratori")
    form.locator("textarea[name=text]").fill("Il nostro stabilimento in Lombardia ha bisogno di 300 mascherine FFP2 "
                                             "certificate per i lavoratori, entro due settimane.")
    form.locator("button[value=suggest]").click()
    expect(page.locator(".message.info")).to_be_visible()
    expect(page.locator("input[name=categories][value=protective_equipment]")).to_be_checked()
    expect(page.locator("input[name=quantity]")).to_have_value("300")
    page.locator("select[name=reach]").select_option("eu")
    page.locator("button[value=publish]").click()
    expect(page.locator("h1")).to_have_text("Servono mascherine FFP2 per 300 lavoratori")
    matches = page.locator("ol.matches > li")
    expect(matches.first).to_contain_text("Wir liefern zertifizierte FFP2-Masken")
    expect(matches.first.locator(".reasons")).to_contain_text("Tedesco")
    assert_accessible(page)

    matches.first.locator("summary").click()
    matches.first.locator("textarea").fill("Buongiorno, possiamo parlarne?")
    matches.first.get_by_role("button").click()
    expect(page.locator(".messages")).to_be_visible()
    assert [m.to for m in mail.outbox][-1] == [maker.email]

    other = browser.new_page(locale="de-DE")
    other.set_default_timeout(20_000)
    sign_in(other, live_server, maker)
    other.goto(f"{live_server.url}/exchange/mine/")
    expect(other.locator("main")).to_contain_text("Buongiorno, possiamo parlarne?")
    assert_accessible(other)
    other.locator("button[value=accept]").click()
    expect(other.locator(".messages")).to_be_visible()
    introduced = {m.to[0]: m.body for m in mail.outbox[-2:]}
    assert maker.email in introduced[needy.email] and needy.email in introduced[maker.email]
    other.close()

    need = Post.objects.get(title="Servono mascherine FFP2 per 300 lavoratori")
    page.goto(f"{live_server.url}{need.get_absolute_url()}")
    page.locator("select[name=status]").select_option("fulfilled")
    page.locator("select[name=helped_by]").select_option(str(offer.organisation_id))
    page.locator("form[action$='/resolve/'] button").click()
    expect(page.locator(".messages")).to_be_visible()
    assert Post.objects.get(pk=need.pk).status == "fulfilled"
    page.goto(f"{live_server.url}/overview/")
    expect(page.locator("#resolved-h")).to_be_visible()
    expect(page.locator("section[aria-labelledby=resolved-h] p").first).to_contain_text("1")
    assert_accessible(page)
    page.close()
