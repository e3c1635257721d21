"""A learner opens a lesson, reaches a glossary tooltip by keyboard, marks the lesson complete with htmx,
and sees the progress on the home page: in real Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def learner(live_server, synced_real_content, django_user_model, page: Page):
    django_user_model.objects.create_user("dana", "dana@example.com", "a-long-pass-phrase-9")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password").fill("a-long-pass-phrase-9")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="dana")).to_be_visible()
    return page


def test_a_learner_reads_a_lesson_uses_a_tooltip_and_completes_it(live_server, learner: Page):
    page = learner
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    page.goto(f"{live_server.url}/")
    expect(page.get_by_test_id("lessons-done")).to_have_text("0")
    page.get_by_role("link", name="Read a balance sheet").click()
    page.locator(".lesson-item-title").get_by_role(
        "link", name="The accounting equation and balance-sheet anatomy"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "The accounting equation and balance-sheet anatomy"
    )
    expect(page.locator("math").first).to_be_visible()

    # Reach the first glossary link with the keyboard: its tooltip appears on focus.
    gloss = page.locator("a.gloss").first
    tip = gloss.locator(".gloss-tip")
    expect(tip).to_be_hidden()
    gloss.focus()
    expect(tip).to_be_visible()
    expect(tip).to_contain_text(":")

    # Mark complete: htmx swaps the form in place, no page load.
    page.evaluate("window.__marker = 'same page'")
    page.get_by_role("button", name="Mark complete").click()
    expect(page.get_by_text("Lesson completed.")).to_be_visible()
    assert page.evaluate("window.__marker") == "same page"

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Tracks").click()
    expect(page.get_by_test_id("lessons-done")).to_have_text("1")
    expect(page.get_by_text("1 of 6 lessons")).to_be_visible()
    assert errors == [], errors


def test_the_glossary_filters_as_you_type(live_server, synced_real_content, page: Page):
    page.goto(f"{live_server.url}/glossary/")
    page.get_by_label("Filter terms").fill("hazard")
    expect(page.locator("#hazard-rate")).to_be_visible()
    expect(page.locator("#accounting-equation")).to_have_count(0)
    expect(page).to_have_url(f"{live_server.url}/glossary/?q=hazard")
    count = page.locator(".glossary-entry").count()
    assert 0 < count < 10


def test_the_policy_blocks_an_injected_inline_script(live_server, synced_real_content, page: Page):
    """Our CSP is real: an inline script injected into the page does not run."""
    page.goto(f"{live_server.url}/lessons/accounting-equation/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__pwned = 1';"
        " document.body.appendChild(s); }"
    )
    assert page.evaluate("window.__pwned") is None


def test_a_lesson_loads_its_embedded_calculator_in_place(live_server, synced_real_content, page: Page):
    page.goto(f"{live_server.url}/lessons/liquidity-ratios/")
    embedded = page.locator(".calculator-embedded section").first
    expect(embedded).to_be_visible()
    expect(embedded).to_contain_text("Current ratio")
    expect(embedded).to_contain_text("143,566")
