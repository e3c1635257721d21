"""A mock exam on a phone: the clock never covers an answer, what is typed is saved without leaving the
field, and Finish asks first when questions are unanswered; in real Chromium."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from learn.exams.models import ExamAnswer, ExamAttempt
from learn.quizzes.models import Question

pytestmark = pytest.mark.django_db(transaction=True)

TYPES = ["single", "numeric", "multiple", "single", "truefalse", "cloze", "single", "numeric"]
ANSWERS = ".choice, .numeric-answer input, .cloze-answers input"
# The box that keeps the clock on screen: the nearest fixed or sticky element around it.
CLOCK_BOX = """() => {
  let e = document.getElementById('exam-clock');
  while (e && !['fixed', 'sticky'].includes(getComputedStyle(e).position)) e = e.parentElement;
  return (e || document.getElementById('exam-clock')).getBoundingClientRect().toJSON();
}"""


@pytest.fixture
def exam(live_server, synced_real_content, django_user_model, page: Page):
    """dana's attempt at eight questions of every type (two numeric ones), logged in."""
    user = django_user_model.objects.create_user("dana", "dana@example.com", "a-long-pass-phrase-9")
    pools = {t: list(Question.objects.active().filter(type=t)) for t in set(TYPES)}
    now = timezone.now()
    attempt = ExamAttempt.objects.create(
        user=user, started_at=now, deadline=now + timedelta(minutes=30), seconds_per_question=90
    )
    ExamAnswer.objects.bulk_create(
        ExamAnswer(attempt=attempt, question=pools[t].pop(0), position=i + 1) for i, t in enumerate(TYPES)
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password").fill("a-long-pass-phrase-9")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="dana")).to_be_visible()
    return f"{live_server.url}/exams/{attempt.pk}/"


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and (a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])
    )


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_the_clock_never_covers_an_answer(exam, page: Page, width):
    page.set_viewport_size({"width": width, "height": 700})
    page.goto(exam)
    answers = page.locator(ANSWERS)
    n = answers.count()
    assert n >= 12
    # Scroll through the exam down, then up, bringing each answer into view as a reader does.
    for order in (range(n), reversed(range(n))):
        for i in order:
            answer = answers.nth(i)
            answer.evaluate("e => e.scrollIntoView({block: 'nearest'})")
            clock = page.evaluate(CLOCK_BOX)
            box = answer.bounding_box()
            assert not _overlap(clock, box), f"answer {i + 1} at {width}px: clock {clock}, answer {box}"
            assert clock["y"] >= 0 and clock["y"] + clock["height"] <= 700, "the clock stays on screen"
    page_width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert page_width[0] <= page_width[1]


def test_a_number_is_saved_as_it_is_typed(exam, page: Page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(exam)
    field = page.locator("#exam-q2 .numeric-answer input")
    field.type("12.5", delay=40)
    status = page.locator("#exam-status-2")
    expect(status).to_contain_text("Saved: ")  # without leaving the field
    expect(field).to_be_focused()
    expect(field).to_have_value("12.5")
    expect(page.locator("#exam-answered")).to_have_text("1")
    page.reload()
    expect(page.locator("#exam-q2 .numeric-answer input")).to_have_value("12.5")


def test_finish_asks_first_and_counts_the_last_number_typed(exam, page: Page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(exam)
    page.locator("#exam-q1 .choice").first.click()
    expect(page.locator("#exam-status-1")).to_contain_text("Saved: ")

    finish = page.get_by_role("button", name="Finish and see my score")
    dialog = page.get_by_role("dialog")
    finish.click()
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Finish with 7 questions unanswered?")
    expect(dialog.get_by_role("link", name="question 2")).to_have_attribute("href", "#q2")
    dialog.get_by_role("button", name="Keep answering").click()
    expect(dialog).to_be_hidden()

    # A number typed and Finish pressed at once: the answer is saved before the exam ends.
    page.locator("#exam-q8 .numeric-answer input").fill("3")
    finish.click()
    expect(dialog).to_contain_text("Finish with 6 questions unanswered?")
    dialog.get_by_role("button", name="Finish anyway").click()
    expect(page.get_by_test_id("exam-score")).to_be_visible()
    expect(page.get_by_text("2 of 8 answered")).to_be_visible()
