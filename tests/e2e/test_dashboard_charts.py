"""The dashboard charts in Chromium: labels of at least 12 px on a 390 px phone, month and weekday labels
on the heatmap, forecast counts that do not overlap, and no sideways scrolling of the page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page

from learn.quizzes.models import Question
from learn.reviews.models import Card, ReviewDay

pytestmark = pytest.mark.django_db(transaction=True)

# The rendered size of each visible label: its font size times the scale from SVG units to screen
# pixels, and the height of its box on screen.
LABEL_SIZES = """(selector) => [...document.querySelectorAll(selector)]
  .filter((t) => getComputedStyle(t).display !== "none")
  .map((t) => ({
    text: t.textContent,
    font: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
    height: t.getBoundingClientRect().height,
    left: t.getBoundingClientRect().left,
    right: t.getBoundingClientRect().right,
  }))"""


@pytest.fixture
def busy_learner(synced_real_content, django_user_model):
    """A year of reviews, and reviewed cards due over the next 30 days, some days with 10 or more."""
    user = django_user_model.objects.create_user("erin", "erin@example.com", "a-long-pass-phrase-9")
    now = timezone.now()
    Card.objects.add_for(user, Question.objects.active(), now)
    days_out = [0] * 12 + [1] * 11 + [2] * 3 + [3] + [4] + [9] * 10 + [10] * 2 + [20] + [29]
    for card, days in zip(Card.objects.filter(user=user).order_by("pk"), days_out, strict=False):
        Card.objects.filter(pk=card.pk).update(
            reps=1,
            state=Card.State.REVIEW,
            stability=10,
            difficulty=5,
            last_review=now - timedelta(days=3),
            due=now + timedelta(days=days, minutes=1),
        )
    today = now.date()
    ReviewDay.objects.bulk_create(
        [ReviewDay(user=user, day=today - timedelta(days=d), reviews=(d * 7) % 45) for d in range(1, 360, 2)]
    )
    return "erin"


def _dashboard(browser: Browser, base: str, username: str, width: int) -> Page:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/accounts/login/?next=/dashboard/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("a-long-pass-phrase-9")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/dashboard/")
    return page


def _assert_apart(labels: list[dict]) -> None:
    ordered = sorted(labels, key=lambda label: label["left"])
    for a, b in zip(ordered, ordered[1:], strict=False):
        assert a["right"] <= b["left"] + 0.5, (a, b)


@pytest.mark.parametrize("width", [390, 320])
def test_on_a_phone_the_chart_labels_are_readable(live_server, busy_learner, browser: Browser, width):
    page = _dashboard(browser, live_server.url, busy_learner, width)
    try:
        axis = page.evaluate(LABEL_SIZES, ".forecast .axis-label")
        counts = page.evaluate(LABEL_SIZES, ".forecast .bar-value")
        months = page.evaluate(LABEL_SIZES, ".heatmap .axis-label")
        weekdays = page.evaluate(LABEL_SIZES, ".heat-days .axis-label")
        for label in [*axis, *counts, *months, *weekdays]:
            assert label["font"] >= 12 and label["height"] >= 12, label
        assert [label["text"] for label in axis][0] == "today" and len(axis) == 5
        assert len(months) >= 12 and [label["text"] for label in weekdays] == ["Mon", "Wed", "Fri"]
        # Today's 12 is written; tomorrow's 11 would overlap it (its bar's tooltip gives it).
        assert "12" in {label["text"] for label in counts} and "11" not in {label["text"] for label in counts}
        _assert_apart(axis)
        _assert_apart(counts)
        _assert_apart(months)

        # The page does not scroll sideways; the heatmap does, and starts at the latest weeks.
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        scroller = page.locator(".heat-scroll").bounding_box()
        last_cell = page.locator(".heatmap rect").last.bounding_box()
        assert (
            scroller["x"] <= last_cell["x"]
            and last_cell["x"] + last_cell["width"] <= scroller["x"] + scroller["width"]
        )
    finally:
        page.context.close()


def test_on_a_laptop_the_whole_year_shows_without_scrolling(live_server, busy_learner, browser: Browser):
    page = _dashboard(browser, live_server.url, busy_learner, 1280)
    try:
        counts = page.evaluate(LABEL_SIZES, ".forecast .bar-value")
        for label in [*counts, *page.evaluate(LABEL_SIZES, ".forecast .axis-label")]:
            assert 12 <= label["font"] <= 13, label
        assert len(counts) == len({0, 1, 2, 3, 4, 9, 10, 20, 29})  # every day with a count
        _assert_apart(counts)
        scroller = page.locator(".heat-scroll")
        assert scroller.evaluate("(s) => s.scrollWidth <= s.clientWidth")
    finally:
        page.context.close()
