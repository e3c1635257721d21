"""A learner can take everything the site holds about them, and delete it all; no one else's data moves."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.utils import timezone

from learn.accounts.models import Profile
from learn.exams.models import ExamAnswer, ExamAttempt
from learn.exams.services import save_answer, start_exam
from learn.notebooks.models import ExerciseAttempt, Notebook
from learn.progress.models import LessonCompletion
from learn.progress.services import check_in_lesson, complete_lesson
from learn.publishing.sync import sync_content
from learn.quizzes.models import Question
from learn.reviews.models import Card, PendingReview, ReviewDay, ReviewLog, ReviewSettings

pytestmark = pytest.mark.django_db
LEARNER_MODELS = (
    Card,
    ReviewLog,
    ReviewDay,
    ReviewSettings,
    Profile,
    LessonCompletion,
    ExamAttempt,
    PendingReview,
    ExerciseAttempt,
)


@pytest.fixture
def studied(content, alice, bob):
    """Alice and Bob have each read, checked, completed, reviewed and sat an exam."""
    content.valid()
    content.quiz()
    assert sync_content(content.dir, root=content.root).ok
    now = timezone.now()
    question = Question.objects.get(qid="q-numeric")
    notebook = Notebook.objects.create(slug="growth", title="Growth", lesson=question.lesson, version="v1")
    for user, answer in ((alice, "0.99"), (bob, "=1+1")):
        ReviewSettings.for_user(user)
        Profile.for_user(user)
        check_in_lesson(user, question, answer, now)
        complete_lesson(user, question.lesson, now)
        attempt = start_exam(user, total=2, weights={"basics": 1.0}, seconds_per_question=90, now=now)
        save_answer(attempt, 1, "1", now)
        ExerciseAttempt.objects.create(user=user, notebook=notebook, exercise_key="growth", params_key="{}",
                                       raw_answer=answer, parsed_value=1.0, expected_value=1.6289,
                                       correct=user == alice, token=user.username)  # fmt: skip
    PendingReview.objects.open_for(Card.objects.filter(user=alice).first(), now)


def rows_of(user) -> dict[str, int]:
    counts = {model.__name__: model.objects.filter(user=user).count() for model in LEARNER_MODELS}
    counts["ExamAnswer"] = ExamAnswer.objects.filter(attempt__user=user).count()
    return counts


def test_the_archive_holds_the_learners_data_and_nobody_elses(client, alice, bob, studied):
    client.force_login(alice)
    response = client.get("/accounts/my-data.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    files = zipfile.ZipFile(io.BytesIO(response.content))
    names = {name.split("/", 1)[1] for name in files.namelist()}
    assert names == {"README.txt", "account.json", "progress.csv", "cards.csv", "reviews.csv",
                     "review_days.csv", "exams.json", "notebook_exercises.csv"}  # fmt: skip
    read = lambda name: files.read(f"finfluency-alice/{name}").decode()  # noqa: E731
    account = json.loads(read("account.json"))
    assert (account["username"], account["email"]) == ("alice", "alice@example.com")
    cards = list(csv.DictReader(io.StringIO(read("cards.csv"))))
    assert len(cards) == Card.objects.filter(user=alice).count() == 3
    assert {c["question"] for c in cards} == {"q-single", "q-numeric", "q-truefalse"}
    reviews = list(csv.DictReader(io.StringIO(read("reviews.csv"))))
    assert [(r["question"], r["answer"]) for r in reviews] == [("q-numeric", "0.99")]  # not Bob's "=1+1"
    assert len(json.loads(read("exams.json"))) == 1
    exercises = list(csv.DictReader(io.StringIO(read("notebook_exercises.csv"))))
    assert [(e["notebook"], e["exercise_key"], e["raw_answer"], e["correct"]) for e in exercises] == [
        ("growth", "growth", "0.99", "True")
    ]
    assert "bob" not in "".join(read(name) for name in names)


def test_a_visitor_gets_the_log_in_page(client):
    response = client.get("/accounts/my-data.zip")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_wrong_password_deletes_nothing(client, alice, studied):
    client.force_login(alice)
    before = rows_of(alice)
    response = client.post("/accounts/delete/", {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200
    assert "That is not your password: nothing was deleted." in response.content.decode()
    assert rows_of(alice) == before


def test_deleting_the_account_removes_all_of_it_and_touches_no_one_else(client, alice, bob, studied):
    bobs = rows_of(bob)
    AccessAttempt.objects.create(username="alice", ip_address="203.0.113.1", failures_since_start=1,
                                 user_agent="x", attempt_time=timezone.now())  # fmt: skip
    client.force_login(alice)
    response = client.post("/accounts/delete/", {"password": "correct-horse-1", "confirm": "on"}, follow=True)
    assert "Your account and all your data have been deleted." in response.content.decode()
    assert not get_user_model().objects.filter(username="alice").exists()
    assert all(model.objects.filter(user_id=alice.pk).count() == 0 for model in LEARNER_MODELS)
    assert not ExamAnswer.objects.filter(attempt__user_id=alice.pk).exists()
    assert not AccessAttempt.objects.filter(username="alice").exists()
    assert rows_of(bob) == bobs
    assert client.get("/dashboard/").status_code == 302  # logged out
