"""After a wrong answer the review screen says why only Again is offered; keyboard hints show with a
mouse and keyboard, and not on a touch screen."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from learn.publishing.sync import sync_content
from learn.quizzes.models import Question
from learn.reviews.models import Card

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def learner(content, django_user_model):
    """A learner whose one card is the numeric question (any other number is a wrong answer)."""

    def make(username: str):
        user = django_user_model.objects.create_user(
            username, f"{username}@example.com", "a-long-pass-phrase-9"
        )
        Card.objects.add_for(user, Question.objects.filter(qid="q-numeric"), timezone.now())
        return username

    content.valid()
    content.quiz()
    assert sync_content(content.dir, root=content.root).ok
    return make


def _answer_wrong(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/?next=/review/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("a-long-pass-phrase-9")
    page.keyboard.press("Enter")
    panel = page.locator("#review-panel")
    expect(panel).to_have_attribute("data-stage", "question")
    panel.locator("input[name=response]").fill("5")
    panel.get_by_role("button", name="Show answer").click()
    expect(panel).to_have_attribute("data-stage", "feedback")
    expect(page.get_by_text("A wrong answer can only be rated Again.")).to_be_visible()
    expect(panel.locator("button[data-rating='3']")).to_be_disabled()


def test_with_a_keyboard_the_hint_gives_the_keys_that_work(live_server, learner, page: Page):
    _answer_wrong(page, live_server.url, learner("erin"))
    expect(page.get_by_text("Keys: 1, space or enter.")).to_be_visible()
    expect(page.locator(".rate kbd").first).to_be_visible()
    expect(page.get_by_text("Keys 1–4")).to_have_count(0)


def test_on_a_touch_screen_keyboard_hints_are_hidden(live_server, learner, browser: Browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    try:
        _answer_wrong(page, live_server.url, learner("finn"))
        assert page.evaluate("matchMedia('(hover: none) and (pointer: coarse)').matches")
        expect(page.get_by_text("Keys: 1, space or enter.")).to_be_hidden()
        for kbd in page.locator(".rate kbd").all():
            expect(kbd).to_be_hidden()
        page.get_by_role("button", name="Again").tap()
        expect(page.locator("#review-panel")).not_to_have_attribute("data-stage", "feedback")
        page.goto(f"{live_server.url}/review/")  # nothing else is left: the card comes back at once
        expect(page.locator("#review-panel")).to_have_attribute("data-stage", "question")
        expect(page.get_by_text("Enter to submit")).to_be_hidden()
    finally:
        context.close()
