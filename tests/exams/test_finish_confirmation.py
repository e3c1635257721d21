"""Finishing with questions unanswered asks first, without JavaScript too: the finish POST without a
``confirm`` field answers with a page that counts them and links to each."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from learn.exams import services
from learn.publishing.sync import sync_content

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
RIGHT = {"q-single": "1", "q-numeric": "0.988", "q-truefalse": "true"}


@pytest.fixture
def attempt(content, alice, client):
    content.valid()
    content.quiz()
    assert sync_content(content.dir, root=content.root).ok
    client.force_login(alice)
    return services.start_exam(alice, total=3, weights={"basics": 1}, seconds_per_question=90, now=T0)


def _answer(attempt, position: int) -> None:
    a = attempt.answers.select_related("question").get(position=position)
    services.save_answer(attempt, position, RIGHT[a.question.qid], T0 + timedelta(seconds=5))


def test_it_asks_before_finishing_with_questions_unanswered(client, attempt):
    _answer(attempt, 2)
    with time_machine.travel(T0 + timedelta(seconds=60), tick=False):
        response = client.post(f"/exams/{attempt.pk}/finish")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Finish with 2 of 3 questions unanswered?" in html
    assert f'href="/exams/{attempt.pk}/#q1">question 1</a>' in html
    assert f'href="/exams/{attempt.pk}/#q3">question 3</a>' in html
    assert "#q2" not in html
    assert '<input type="hidden" name="confirm" value="1">' in html
    assert "3:30 left" in html  # the clock still runs
    attempt.refresh_from_db()
    assert attempt.finished_at is None


def test_it_finishes_once_confirmed(client, attempt):
    with time_machine.travel(T0 + timedelta(seconds=60), tick=False):
        response = client.post(f"/exams/{attempt.pk}/finish", {"confirm": "1"})
    assert response.status_code == 302 and response["Location"] == f"/exams/{attempt.pk}/"
    attempt.refresh_from_db()
    assert attempt.finished_at == T0 + timedelta(seconds=60)


def test_it_finishes_at_once_when_every_question_is_answered(client, attempt):
    for position in (1, 2, 3):
        _answer(attempt, position)
    with time_machine.travel(T0 + timedelta(seconds=60), tick=False):
        response = client.post(f"/exams/{attempt.pk}/finish")
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.finished_at is not None


def test_after_the_deadline_it_shows_the_report_without_asking(client, attempt):
    with time_machine.travel(T0 + timedelta(seconds=300), tick=False):
        response = client.post(f"/exams/{attempt.pk}/finish", follow=True)
    assert 'data-testid="exam-score"' in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.finished_at == attempt.deadline


def test_the_exam_page_keeps_a_dialog_for_the_script_to_ask_in(client, attempt):
    with time_machine.travel(T0 + timedelta(seconds=10), tick=False):
        html = client.get(f"/exams/{attempt.pk}/").content.decode()
    assert 'hx-trigger="input changed delay:600ms, change, submit"' in html  # saved as it is typed
    assert '<dialog class="exam-confirm card" id="exam-confirm"' in html
    assert 'form="exam-finish" name="confirm" value="1"' in html
    assert '<strong id="exam-clock"' in html and ">4:20</strong>" in html
    assert '<span id="exam-answered">0</span> of 3 answered' in html
