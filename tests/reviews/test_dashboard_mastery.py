"""The dashboard's mastery by learning outcome, and its predictions for an exam date (none once it has
passed)."""

from __future__ import annotations

import html
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from learn.core.learnercache import learner_changed
from learn.lessons.models import LearningOutcome
from learn.reviews import dashboard
from learn.reviews.dashboard import build_dashboard
from learn.reviews.models import ReviewSettings

pytestmark = pytest.mark.django_db


def test_the_dashboard_lists_every_learning_outcome_grouped_by_track(client, alice, bank):
    board = build_dashboard(alice, timezone.now())
    codes = sorted(LearningOutcome.objects.published().values_list("code", flat=True))
    assert codes == ["A1.1", "A2.1"]
    assert [m.key for m in board.outcomes] == codes  # reading order: lesson 1, then lesson 2
    first, second = board.outcomes
    assert (first.questions, first.reviewed, first.lesson, first.url) == (
        3,
        1,
        "Lesson first",
        "/lessons/first/",
    )
    assert 0 < first.recall < 1 / 3 + 1e-9 and first.percent == round(100 * first.recall)
    assert (second.questions, second.reviewed, second.recall, second.percent) == (1, 0, 0.0, 0)
    assert [(g.track, [m.key for m in g.outcomes], g.started) for g in board.outcome_groups] == [
        ("A. Basics", ["A1.1", "A2.1"], 1)
    ]

    client.force_login(alice)
    page = client.get("/dashboard/").content.decode()
    section = page.split('data-testid="outcome-mastery"', 1)[1].split("</section>", 1)[0]
    assert "Mastery by learning outcome" in page
    for outcome in LearningOutcome.objects.published().select_related("lesson"):
        assert f'data-outcome="{outcome.code}"' in section
        assert html.escape(outcome.text) in section
        assert f'href="{outcome.lesson.get_absolute_url()}"' in section
    assert "1 of 3 questions started" in section and "0 of 1 question started" in section
    assert f'aria-valuenow="{first.percent}"' in section and f"{first.percent}%" in section
    assert '<details class="outcome-group" open>' in section  # short: expanded


def test_a_long_outcome_list_starts_collapsed(client, alice, bank, monkeypatch):
    monkeypatch.setattr(dashboard, "OUTCOMES_OPEN_UP_TO", 1)
    client.force_login(alice)
    page = client.get("/dashboard/").content.decode()
    assert '<details class="outcome-group">' in page and '<details class="outcome-group" open>' not in page
    assert 'data-outcome="A1.1"' in page and 'data-outcome="A2.1"' in page  # still there, one click away


def test_an_outcome_without_questions_is_listed_as_such(client, alice, bank):
    lesson = LearningOutcome.objects.get(code="A2.1").lesson
    LearningOutcome.objects.create(lesson=lesson, code="A2.9", text="Something not yet tested.", order=99)
    board = build_dashboard(alice, timezone.now())
    assert [m.key for m in board.outcomes] == ["A1.1", "A2.1", "A2.9"]
    client.force_login(alice)
    section = (
        client.get("/dashboard/").content.decode().split('data-outcome="A2.9"', 1)[1].split("</li>", 1)[0]
    )
    assert "no questions yet" in section and "progressbar" not in section


def test_a_stored_exam_date_in_the_past_asks_for_a_new_one(client, alice, bank):
    ReviewSettings.objects.filter(user=alice).update(exam_date=date(2026, 11, 20))
    with time_machine.travel(datetime(2026, 12, 1, 12, 0, tzinfo=UTC), tick=False):
        board = build_dashboard(alice, timezone.now())
        client.force_login(alice)
        page = client.get("/dashboard/").content.decode()
    assert board.exam_passed and board.exam_date == date(2026, 11, 20)
    assert board.exam_days_left is None and board.new_per_day_needed is None and board.remaining_new == 0
    assert all(m.predicted is None for m in [*board.tracks, *board.outcomes])
    assert "Your exam date (20 November 2026) has passed." in page
    assert '<a href="/review/settings/">Set a new one</a>' in page
    for misleading in ("Exam on", "(passed)", "The week before the exam", "Predicted recall", "new card"):
        assert misleading not in page


def test_an_exam_today_or_later_still_predicts(client, alice, bank):
    today = build_dashboard(alice, timezone.now()).today
    ReviewSettings.objects.filter(user=alice).update(exam_date=today)
    client.force_login(alice)
    page = client.get("/dashboard/").content.decode()
    assert "(today)" in page and "Predicted recall on exam day" in page and "has passed" not in page
    ReviewSettings.objects.filter(user=alice).update(exam_date=today + timedelta(days=20))
    learner_changed(alice.pk)  # as posting the settings form does (an update behind the site's back)
    page = client.get("/dashboard/").content.decode()
    assert "(in 20 days)" in page and "Predicted recall on exam day" in page
