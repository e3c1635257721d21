"""Glossary terms work on a touch screen: a tap shows the definition (with a link to the full entry)
instead of leaving the lesson; a second tap, or a tap elsewhere, closes it. A mouse click still follows
the link."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.django_db(transaction=True)

LESSON = "/lessons/accounting-equation/"


@pytest.fixture
def phone(browser: Browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    yield context.new_page()
    context.close()


def test_a_tap_on_a_term_shows_its_definition_and_a_second_tap_closes_it(
    live_server, synced_real_content, phone: Page
):
    url = f"{live_server.url}{LESSON}"
    phone.goto(url)
    term = phone.locator(".prose a.gloss").first
    definition, href = term.locator(".gloss-tip").text_content(), term.get_attribute("href")
    sheet = phone.locator(".gloss-sheet")

    term.tap()
    expect(sheet).to_be_visible()
    assert phone.url == url  # still on the lesson
    expect(sheet).to_contain_text(definition)
    expect(sheet.get_by_role("link")).to_have_attribute("href", href)
    expect(term.locator(".gloss-tip")).to_be_hidden()  # one explanation on screen, not two
    expect(term).to_have_attribute("aria-expanded", "true")

    term.tap()
    expect(sheet).to_have_count(0)
    expect(term.locator(".gloss-tip")).to_be_hidden()

    term.tap()
    expect(sheet).to_be_visible()
    phone.locator("h1").tap()  # anywhere else
    expect(sheet).to_have_count(0)
    assert phone.url == url

    term.tap()
    sheet.get_by_role("link").tap()
    expect(phone).to_have_url(f"{live_server.url}{href}")


def test_a_mouse_click_still_opens_the_glossary_entry(live_server, synced_real_content, page: Page):
    page.goto(f"{live_server.url}{LESSON}")
    term = page.locator(".prose a.gloss").first
    href = term.get_attribute("href")
    term.hover()
    expect(term.locator(".gloss-tip")).to_be_visible()
    term.click()
    expect(page).to_have_url(f"{live_server.url}{href}")
    expect(page.locator(".gloss-sheet")).to_have_count(0)
