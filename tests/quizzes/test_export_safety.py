"""Exports are safe to open: no spreadsheet formula runs from a CSV cell, and no Anki card loads a remote
image."""

from __future__ import annotations

import csv
import io

import pytest

from learn.core.spreadsheet import safe_cell
from learn.quizzes import export
from learn.quizzes.models import Question
from learn.reviews.export import review_history_rows
from learn.reviews.models import Card, ReviewLog

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ('=HYPERLINK("http://evil.example")', '\'=HYPERLINK("http://evil.example")'),
        ("+1+1", "'+1+1"),
        ("-1742", "'-1742"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Commercial paper", "Commercial paper"),
        (-1742, -1742),
        (0.5, 0.5),
    ],
)
def test_a_cell_that_would_be_a_formula_is_written_as_text(value, shown):
    assert safe_cell(value) == shown


def test_the_learner_history_csv_guards_their_own_answers(alice, content):
    from learn.publishing.sync import sync_content

    content.valid()
    content.quiz()
    assert sync_content(content.dir, root=content.root).ok
    question = Question.objects.get(qid="q-numeric")
    card = Card.objects.create(
        user=alice, question=question, due="2026-01-01T00:00Z", created_at="2026-01-01T00:00Z"
    )
    ReviewLog.objects.create(
        user=alice, card=card, question=question, token="00000000-0000-0000-0000-000000000001", rating=1,
        correct=False, answer="=cmd|' /C calc'!A0", reviewed_at="2026-01-02T00:00Z", day="2026-01-02",
        card_before={}, scheduled_due="2026-01-02T00:10Z",
    )  # fmt: skip
    rows = list(
        csv.reader(io.StringIO("".join(review_history_rows(ReviewLog.objects.select_related("question")))))
    )
    assert rows[1][5] == "'=cmd|' /C calc'!A0"


def test_anki_cards_carry_no_remote_image():
    html = (
        '<p>See <img src="https://tracker.example/p.gif" alt="the balance sheet"> and <img src="x.png"></p>'
    )
    assert export.without_images(html) == "<p>See [image: the balance sheet] and </p>"
