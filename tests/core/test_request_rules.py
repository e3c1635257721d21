"""Rules every request and response follow: no NUL reaches the database (PostgreSQL refuses it), and a
signed-in learner's pages and downloads are never stored by a cache."""

from __future__ import annotations

import pytest

from learn.exams.models import ExamAnswer
from learn.publishing.sync import sync_content
from learn.reviews.models import PendingReview

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


CLOZE = """
lesson: first
questions:
  - id: q-cloze
    type: cloze
    outcomes: [A1.1]
    prompt: A balance sheet is a {{c1::point}} in time.
    explanation: Stocks and flows.
"""


@pytest.fixture
def bank(content):
    content.valid()
    content.quiz(text=CLOZE)
    assert sync_content(content.dir, root=content.root).ok


@pytest.mark.parametrize(
    "url", ["/glossary/?q=%00", "/glossary/?q=work%00ing", "/search/?q=%00ratio", "/?%00=1"]
)
def test_a_nul_in_a_query_is_dropped_not_a_server_error(client, url):
    assert client.get(url).status_code == 200


def test_a_nul_in_an_answer_is_dropped_before_it_is_stored(client, alice, bank):
    client.force_login(alice)
    client.post("/lessons/first/complete", {"done": "1"})
    client.get("/review/")
    pending = PendingReview.objects.get(user=alice)
    answered = client.post("/review/answer", {"token": str(pending.token), "response": "mo\x00ment"}, **HX)
    assert answered.status_code == 200
    pending.refresh_from_db()
    assert pending.answer == "moment"
    exam = client.post("/exams/", {"total": "1", "seconds_per_question": "90", "weight_basics": "1"})
    saved = client.post(exam["Location"] + "answer/1", {"response": "po\x00int"}, **HX)
    assert saved.status_code == 200
    assert ExamAnswer.objects.get(attempt__user=alice).response == ["point"]


def test_signed_in_pages_and_downloads_are_not_stored_by_caches(client, alice, bank):
    assert "no-store" not in client.get("/lessons/first/").get("Cache-Control", "")
    client.force_login(alice)
    for url in ("/lessons/first/", "/dashboard/", "/review/", "/export/my-reviews.csv"):
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, url
