"""A mock exam resumed after a reload shows each cloze blank's saved text, so the next autosave keeps it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from learn.exams.models import ExamAttempt
from learn.publishing.sync import sync_content

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)

CLOZE_QUIZ = """
lesson: first
questions:
  - id: q-cloze
    type: cloze
    outcomes: [A1.1]
    prompt: >-
      A balance sheet is a snapshot at a {{c1::point|moment}} in time;
      an income statement covers a {{c2::period}}.
    explanation: Stocks and flows.
"""


@pytest.fixture
def cloze_bank(content):
    content.valid()
    content.quiz(text=CLOZE_QUIZ)
    assert sync_content(content.dir, root=content.root).ok


def _blank_values(html: str) -> list[str]:
    return re.findall(r'<input id="q1-b\d+" type="text" name="response"[^>]*value="([^"]*)"', html)


def test_a_reload_shows_each_saved_cloze_blank(client, alice, cloze_bank):
    client.force_login(alice)
    with time_machine.travel(T0, tick=False):
        client.post("/exams/", {"total": 1, "seconds_per_question": 90, "weight_basics": 1})
        attempt = ExamAttempt.objects.get(user=alice)
        fresh = client.get(f"/exams/{attempt.pk}/").content.decode()
        assert _blank_values(fresh) == ["", ""]

        saved = client.post(
            f"/exams/{attempt.pk}/answer/1",
            {"response": ["Moment", "a <b>period</b> & more"]},
            HTTP_HX_REQUEST="true",
        ).content.decode()
        # The htmx swap replaces only the status: the fields keep what is being typed.
        assert "Saved: " in saved and "a &lt;b&gt;period&lt;/b&gt; &amp; more" in saved
        assert "<input" not in saved

    answer = attempt.answers.get(position=1)
    assert answer.response == ["Moment", "a <b>period</b> & more"]
    with time_machine.travel(T0 + timedelta(seconds=30), tick=False):
        page = client.get(f"/exams/{attempt.pk}/").content.decode()
    assert _blank_values(page) == ["Moment", "a &lt;b&gt;period&lt;/b&gt; &amp; more"]


def test_a_partly_filled_cloze_keeps_its_empty_blank_empty(client, alice, cloze_bank):
    client.force_login(alice)
    with time_machine.travel(T0, tick=False):
        client.post("/exams/", {"total": 1, "seconds_per_question": 90, "weight_basics": 1})
        attempt = ExamAttempt.objects.get(user=alice)
        client.post(f"/exams/{attempt.pk}/answer/1", {"response": ["", "period"]})
        page = client.get(f"/exams/{attempt.pk}/").content.decode()
    assert _blank_values(page) == ["", "period"]
