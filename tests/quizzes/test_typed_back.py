"""An answer that cannot be graded comes back in its fields, so the learner can correct it; one answer form
(learn.quizzes.answers) reads it for the review screen, the lesson check and the mock exam."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.utils import timezone

from learn.quizzes.answers import Answer
from learn.quizzes.models import Question
from learn.reviews.models import Card, PendingReview

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def test_the_lesson_check_keeps_an_unreadable_number(client, synced_real_content):
    qid = Question.objects.filter(type="numeric").order_by("qid").values_list("qid", flat=True).first()
    html = client.post(f"/quiz/{qid}/check", {"response": "1..2"}, headers=HTMX).content.decode()
    assert 'value="1..2"' in html


def test_the_review_screen_keeps_an_unreadable_number(client, alice, synced_real_content):
    question = Question.objects.filter(type="numeric").order_by("qid").first()
    Card.objects.add_for(alice, [question], timezone.now())
    client.force_login(alice)
    client.get("/review/")
    pending = PendingReview.objects.get(user=alice)
    html = client.post(
        "/review/answer", {"token": pending.token, "response": "1..2"}, headers=HTMX
    ).content.decode()
    assert 'data-stage="question"' in html and 'value="1..2"' in html


def test_the_review_screen_keeps_the_blanks_of_a_cloze(client, alice, synced_real_content):
    question = Question.objects.get(qid="a1-stock-versus-flow-cloze")
    Card.objects.add_for(alice, [question], timezone.now())
    client.force_login(alice)
    client.get("/review/")
    pending = PendingReview.objects.get(user=alice)
    # three values for two blanks cannot be graded; what was typed in the two blanks comes back
    html = client.post(
        "/review/answer", {"token": pending.token, "response": ["a moment", "a span", "x"]}, headers=HTMX
    ).content.decode()
    assert 'data-stage="question"' in html and 'value="a moment"' in html and 'value="a span"' in html


def test_the_lesson_check_without_javascript_keeps_an_unreadable_number(client, synced_real_content):
    qid = Question.objects.filter(type="numeric").order_by("qid").values_list("qid", flat=True).first()
    html = client.post(f"/quiz/{qid}/check", {"response": "1..2"}).content.decode()
    assert "<html" in html and 'value="1..2"' in html


# --- the one answer form behind all three: reading a post, reading a stored response ------------------


def _post(**values) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in values.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return data


@pytest.mark.parametrize(
    ("qtype", "posted", "response", "values"),
    [
        ("single", ["1"], "1", ("1",)),
        ("truefalse", ["true"], "true", ("true",)),
        ("numeric", ["1..2"], "1..2", ("1..2",)),
        ("numeric", ["1", "2"], "2", ("2",)),  # one field: the last value, as QueryDict.get reads it
        ("numeric", [], None, ()),
        ("multiple", ["0", "2"], ["0", "2"], ("0", "2")),
        ("multiple", [], [], ()),
        ("cloze", ["a moment", ""], ["a moment", ""], ("a moment", "")),
    ],
)
def test_it_reads_an_answer_from_a_post(qtype, posted, response, values):
    answer = Answer.from_post(Question(type=qtype), _post(response=posted))
    assert answer.response == response
    assert answer.values == values


@pytest.mark.parametrize(
    ("qtype", "stored", "values", "value"),
    [
        ("cloze", ["Moment", "a <b>period</b>"], ("Moment", "a <b>period</b>"), "Moment"),
        ("cloze", "Moment", ("Moment",), "Moment"),  # a lone string is a one-blank answer
        ("cloze", ["", 3, None], ("", "", ""), ""),  # anything but text redraws as an empty blank
        ("cloze", None, (), ""),
        ("numeric", "0.988", ("0.988",), "0.988"),
        ("single", "2", ("2",), "2"),
        ("multiple", ["0", "2"], ("0", "2"), "0"),
    ],
)
def test_it_reads_an_answer_from_a_stored_response(qtype, stored, values, value):
    answer = Answer.from_stored(Question(type=qtype), stored)
    assert (answer.values, answer.value) == (values, value)


def test_a_stored_response_reads_back_as_the_response_that_was_saved():
    for qtype, response in [
        ("single", "1"),
        ("numeric", "0.99"),
        ("multiple", ["0", "1"]),
        ("cloze", ["a", "b"]),
    ]:
        question = Question(type=qtype)
        assert (
            Answer.from_stored(
                question, Answer.from_post(question, _post(response=response)).response
            ).response
            == response
        )
