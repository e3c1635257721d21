"""The main pages, and the htmx requests they make, leave the browser console clean: no Content
Security Policy violation, no error, no failed request (a missing /favicon.ico counted)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def console(page: Page):
    problems: list[str] = []
    page.on(
        "console",
        lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None,
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    return problems


def _visit(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


def test_the_main_pages_leave_the_console_clean(
    live_server, synced_real_content, django_user_model, page, console
):
    base = live_server.url
    django_user_model.objects.create_user("erin", "erin@example.com", "a-long-pass-phrase-9")
    _visit(page, f"{base}/")
    _visit(page, f"{base}/lessons/accounting-equation/")
    _visit(page, f"{base}/glossary/")
    page.get_by_label("Filter terms").fill("hazard")  # htmx
    expect(page.locator("#hazard-rate")).to_be_visible()
    _visit(page, f"{base}/search/?q=ratio")
    page.locator("#search-q").fill("cds")  # htmx
    expect(page.get_by_role("link", name="CDS calculator")).to_be_visible()
    _visit(page, f"{base}/calculators/")
    _visit(page, f"{base}/calculators/credit/")
    page.locator("#credit-pd").fill("2")  # htmx
    page.wait_for_load_state("networkidle")
    _visit(page, f"{base}/favicon.ico")

    page.goto(f"{base}/accounts/login/?next=/lessons/accounting-equation/")
    page.get_by_label("Username").fill("erin")
    page.get_by_label("Password").fill("a-long-pass-phrase-9")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Mark complete").click()  # htmx
    expect(page.get_by_text("Lesson completed.")).to_be_visible()
    _visit(page, f"{base}/review/")
    panel = page.locator("#review-panel")
    answer = panel.locator("input[name=response]").first
    if answer.get_attribute("type") in ("radio", "checkbox"):
        answer.check()
        panel.get_by_role("button", name="Show answer").click()
    else:
        for box in panel.locator("input[name=response]").all():
            box.fill("1")
        page.keyboard.press("Enter")
    expect(panel).to_have_attribute("data-stage", "feedback")
    page.keyboard.press("1")  # rate Again (always allowed), htmx
    expect(panel).not_to_have_attribute("data-stage", "feedback")
    _visit(page, f"{base}/dashboard/")
    _visit(page, f"{base}/exams/")
    page.get_by_label("Number of questions").fill("3")
    page.get_by_role("button", name="Start the clock").click()
    field = page.locator("#exam-q1 input[name=response]").first
    field.wait_for()  # the exam page is there; then its scripts: htmx sets up the autosave before typing
    page.wait_for_load_state("networkidle")
    if field.get_attribute("type") in ("radio", "checkbox"):
        field.check()  # autosave, htmx
    else:  # every blank of a cloze: one left empty is not saved yet
        for box in page.locator("#exam-q1 input[name=response]").all():
            box.fill("1")
    expect(page.locator("#exam-status-1")).to_contain_text("Saved: ")
    assert console == [], console
