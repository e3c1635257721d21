"""Complete a lesson, review its cards with the keyboard only, and see the dashboard change: in Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from learn.quizzes.models import Question

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_learner_reviews_a_lessons_cards_with_the_keyboard(
    live_server, synced_real_content, django_user_model, page: Page
):
    django_user_model.objects.create_user("erin", "erin@example.com", "a-long-pass-phrase-9")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("erin")
    page.get_by_label("Password").fill("a-long-pass-phrase-9")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="erin")).to_be_visible()

    page.goto(f"{live_server.url}/dashboard/")
    expect(page.get_by_test_id("reviews-today")).to_have_text("0")

    page.goto(f"{live_server.url}/lessons/accounting-equation/")
    page.get_by_role("button", name="Mark complete").click()
    expect(page.get_by_text("Lesson completed.")).to_be_visible()
    n_cards = Question.objects.active().filter(lesson__slug="accounting-equation").count()
    assert n_cards >= 5

    page.goto(f"{live_server.url}/review/")
    reviewed = 0
    for _ in range(n_cards):
        panel = page.locator("#review-panel")
        expect(panel).to_have_attribute("data-stage", "question")
        # Answer with the keyboard only: choose the first option (wrong or right, it does not matter here)
        first_input = panel.locator("input[name=response]").first
        if first_input.get_attribute("type") in ("radio", "checkbox"):
            first_input.focus()
            page.keyboard.press("Space")
            panel.get_by_role("button", name="Show answer").focus()
            page.keyboard.press("Enter")
        else:
            for box in panel.locator("input[name=response]").all():
                box.fill("0")
            page.keyboard.press("Enter")
        expect(panel).to_have_attribute("data-stage", "feedback")
        page.keyboard.press("1")  # Again is always allowed
        reviewed += 1
        expect(page.locator("#review-panel")).not_to_have_attribute("data-stage", "feedback")
        if page.locator("#review-panel").get_attribute("data-stage") == "done":
            break
    assert reviewed >= 1

    page.goto(f"{live_server.url}/dashboard/")
    expect(page.get_by_test_id("reviews-today")).to_have_text(str(reviewed))
    expect(page.get_by_test_id("streak")).to_have_text("1")
