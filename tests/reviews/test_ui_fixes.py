"""Dashboard mastery for every learning outcome, exam dates in the past, and readable leech lists."""

from __future__ import annotations

import html
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from learn.accounts.models import Profile
from learn.lessons.models import LearningOutcome
from learn.lessons.sync import sync_content
from learn.quizzes.models import Question
from learn.reviews import dashboard, services
from learn.reviews.dashboard import build_dashboard
from learn.reviews.forms import ReviewSettingsForm
from learn.reviews.models import Card, PendingReview, ReviewSettings

pytestmark = pytest.mark.django_db

QUIZ_TWO_LESSONS = """
lesson: second
questions:
  - id: q-second
    type: single
    outcomes: [A2.1]
    prompt: "Which ratio compares current assets with current liabilities? Think of **S&P** filings."
    choices: [Current ratio, Debt-to-equity]
    answer: Current ratio
    explanation: Current assets over current liabilities.
"""


@pytest.fixture
def bank(content, alice):
    content.valid()
    content.quiz()
    content.quiz("basics/second.yaml", QUIZ_TWO_LESSONS)
    assert sync_content(content.dir, root=content.root).ok
    now = timezone.now()
    Card.objects.add_for(alice, list(Question.objects.all()), now)
    card = Card.objects.get(user=alice, question__qid="q-truefalse")
    pending = PendingReview.objects.open_for(card, now)
    services.submit_answer(pending, "true", now)
    services.rate(alice, pending.token, 4, now)
    return now


def _settings_post(**changes) -> dict:
    data = {"desired_retention": "0.9", "new_per_day": "20", "max_reviews_per_day": "200", "day_start_hour": "4",
            "exam_date": ""}
    return {**data, **changes}


# --- 3. mastery by learning outcome ---------------------------------------------------------------


def test_the_dashboard_lists_every_learning_outcome_grouped_by_track(client, alice, bank):
    board = build_dashboard(alice, timezone.now())
    codes = sorted(LearningOutcome.objects.published().values_list("code", flat=True))
    assert codes == ["A1.1", "A2.1"]
    assert [m.key for m in board.outcomes] == codes  # reading order: lesson 1, then lesson 2
    first, second = board.outcomes
    assert (first.questions, first.reviewed, first.lesson, first.url) == (3, 1, "Lesson first", "/lessons/first/")
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
    assert '<details class="outcome-group">' in page and "<details class=\"outcome-group\" open>" not in page
    assert 'data-outcome="A1.1"' in page and 'data-outcome="A2.1"' in page  # still there, one click away


def test_an_outcome_without_questions_is_listed_as_such(client, alice, bank):
    lesson = LearningOutcome.objects.get(code="A2.1").lesson
    LearningOutcome.objects.create(lesson=lesson, code="A2.9", text="Something not yet tested.", order=99)
    board = build_dashboard(alice, timezone.now())
    assert [m.key for m in board.outcomes] == ["A1.1", "A2.1", "A2.9"]
    client.force_login(alice)
    section = client.get("/dashboard/").content.decode().split('data-outcome="A2.9"', 1)[1].split("</li>", 1)[0]
    assert "no questions yet" in section and "progressbar" not in section


# --- 4. exam dates in the past --------------------------------------------------------------------


def test_the_settings_form_rejects_an_exam_date_before_today(alice):
    settings = ReviewSettings.for_user(alice)
    now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    past = ReviewSettingsForm(_settings_post(exam_date="2026-11-19"), instance=settings, now=now)
    assert not past.is_valid()
    assert past.errors["exam_date"] == [
        "The exam date must be today (20 November 2026) or later. Pick a later date, or leave the field empty to clear it."
    ]
    assert ReviewSettingsForm(_settings_post(exam_date="2026-11-20"), instance=settings, now=now).is_valid()
    assert ReviewSettingsForm(_settings_post(exam_date="2027-06-05"), instance=settings, now=now).is_valid()
    assert ReviewSettingsForm(_settings_post(exam_date=""), instance=settings, now=now).is_valid()
    assert 'min="2026-11-20"' in str(ReviewSettingsForm(instance=settings, now=now)["exam_date"])


def test_today_is_the_learners_day_not_utcs(alice):
    Profile.objects.create(user=alice, time_zone="Pacific/Auckland")  # UTC+13 in November
    settings = ReviewSettings.for_user(alice)
    now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # 21 November, 01:00 in Auckland: still the 20th (day starts 4 am)
    assert ReviewSettingsForm(_settings_post(exam_date="2026-11-20"), instance=settings, now=now).is_valid()
    later = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)  # 21 November, 05:00 in Auckland
    form = ReviewSettingsForm(_settings_post(exam_date="2026-11-20"), instance=settings, now=later)
    assert not form.is_valid() and "21 November 2026" in form.errors["exam_date"][0]
    # The day-start hour being saved counts: with midnight, 01:00 on the 21st is already the 21st.
    form = ReviewSettingsForm(_settings_post(exam_date="2026-11-20", day_start_hour="0"), instance=settings, now=now)
    assert not form.is_valid()


def test_the_settings_page_refuses_a_past_date_and_clears_with_an_empty_one(client, alice):
    client.force_login(alice)
    yesterday = (timezone.now() - timedelta(days=2)).date().isoformat()
    response = client.post("/review/settings/", _settings_post(exam_date=yesterday))
    assert response.status_code == 200
    assert "The exam date must be today" in response.content.decode()
    assert ReviewSettings.for_user(alice).exam_date is None

    future = (timezone.now() + timedelta(days=30)).date()
    assert client.post("/review/settings/", _settings_post(exam_date=future.isoformat())).status_code == 302
    assert ReviewSettings.for_user(alice).exam_date == future
    assert client.post("/review/settings/", _settings_post(exam_date="")).status_code == 302
    assert ReviewSettings.for_user(alice).exam_date is None


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
    page = client.get("/dashboard/").content.decode()
    assert "(in 20 days)" in page and "Predicted recall on exam day" in page


# --- 6. leeches show the question, not its id ----------------------------------------------------


def test_the_leech_list_shows_each_questions_prompt_lesson_and_lapses(client, alice, bank):
    Card.objects.filter(user=alice, question__qid="q-second").update(leech=True, suspended=True, lapses=8)
    Card.objects.filter(user=alice, question__qid="q-single").update(suspended=True)
    client.force_login(alice)
    page = client.get("/review/leeches/").content.decode()
    leech_row = page.split('<td class="card-question">', 1)[1].split("</tr>", 1)[0]
    prompt = leech_row.split('<span class="card-prompt">', 1)[1].split("</span>", 1)[0]
    assert "Which ratio compares current assets with current liabilities?" in prompt
    assert "S&amp;P" in prompt and "&amp;amp;" not in prompt  # entities are not escaped twice
    assert '<code class="card-qid small muted">q-second</code>' in leech_row
    assert '<a href="/lessons/second/">Lesson second</a>' in leech_row
    assert '<td class="card-lapses">8<span class="card-cell-label"> lapses</span></td>' in leech_row
    assert "Suspended · leech" in leech_row
    assert "Which is a current liability?" in page  # the card suspended by hand, too
    assert "<td><code>q-" not in page  # the id is no longer what a row shows


def test_a_long_prompt_is_cut_to_thirty_words(client, alice, bank):
    Question.objects.filter(qid="q-second").update(prompt_html="<p>" + " ".join(f"w{i}" for i in range(60)) + "</p>")
    Card.objects.filter(user=alice, question__qid="q-second").update(leech=True, suspended=True, lapses=8)
    client.force_login(alice)
    page = client.get("/review/leeches/").content.decode()
    assert "w29 …</p>" in page and "w30" not in page
