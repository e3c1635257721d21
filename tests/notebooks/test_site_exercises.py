"""Exercises are graded against the value the notebook computed for the learner's current parameters;
a signed-in learner's attempt is stored once per form and counts toward their mastery on the dashboard."""

from __future__ import annotations

import pytest

from learn.notebooks.models import ExerciseAttempt

pytestmark = pytest.mark.django_db
URL = "/notebooks/growth/exercises/growth/"
DEFAULTS = '{"rate":0.05,"years":10}'
TWENTY = '{"rate":0.05,"years":20}'
HX = {"HTTP_HX_REQUEST": "true"}


def answer(client, value, params_key=DEFAULTS, token="t1", **extra):
    return client.post(URL, {"answer": value, "params_key": params_key, "token": token}, **extra)


def test_a_right_answer_for_the_current_parameters_is_stored(client, alice, published):
    client.force_login(alice)
    page = answer(client, f"{1.05**10:.4f}", **HX).content.decode()
    assert "<html" not in page and 'id="exercise-growth"' in page and "Correct" in page
    attempt = ExerciseAttempt.objects.get(user=alice)
    assert attempt.correct and attempt.params_key == DEFAULTS
    assert attempt.expected_value == pytest.approx(1.05**10) and attempt.parsed_value == pytest.approx(1.6289)
    assert "Saved: it counts toward your" in page


def test_the_value_checked_is_the_one_for_the_learners_parameters(client, alice, published):
    client.force_login(alice)
    page = answer(client, f"{1.05**10:.4f}", params_key=TWENTY, **HX).content.decode()
    assert "Correct" not in page and "Hint: Multiply by one plus the rate" in page
    assert not ExerciseAttempt.objects.get(user=alice).correct
    assert (
        "Correct" in answer(client, f"{1.05**20:.4f}", params_key=TWENTY, token="t2", **HX).content.decode()
    )


def test_a_double_submit_stores_one_attempt(client, alice, published):
    client.force_login(alice)
    first = answer(client, "1.6289", **HX).content.decode()
    second = answer(client, "1.6289", **HX).content.decode()
    assert ExerciseAttempt.objects.filter(user=alice).count() == 1
    assert "Correct" in first and "Correct" in second


def test_parameters_without_a_finished_run_are_not_graded(client, alice, published):
    client.force_login(alice)
    page = answer(client, "1.4", params_key='{"rate":0.05,"years":7}', **HX).content.decode()
    assert "no finished run to check against" in page and not ExerciseAttempt.objects.exists()
    unreadable = answer(client, "lots", token="t9", **HX).content.decode()
    assert 'data-testid="exercise-feedback"' in unreadable and "Correct" not in unreadable
    assert not ExerciseAttempt.objects.exists()


def test_a_visitor_is_graded_but_nothing_is_stored(client, published):
    page = answer(client, "1.6289", **HX).content.decode()
    assert "Correct" in page and not ExerciseAttempt.objects.exists()
    assert "to save your answers" in page and "/accounts/signup/" in page


def test_without_javascript_the_whole_page_comes_back_with_the_feedback(client, alice, published):
    client.force_login(alice)
    response = answer(client, "2")
    page = response.content.decode()
    assert response.status_code == 200 and "<html" in page and "<h1>Compound growth</h1>" in page
    assert 'data-testid="exercise-feedback"' in page and "Not quite" in page
    assert 'name="params_key" value="{&quot;rate&quot;:0.05,&quot;years&quot;:10}"' in page


def test_csrf_is_required(alice, published):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    assert answer(strict, "1.6289").status_code == 403 and not ExerciseAttempt.objects.exists()


def test_the_dashboard_counts_solved_exercises_toward_the_outcome(client, alice, bob, published):
    client.force_login(alice)
    answer(client, "1.6289")
    page = client.get("/dashboard/").content.decode()
    assert '<span data-testid="exercises">1 of 1 notebook exercise solved</span>' in page
    client.force_login(bob)
    assert (
        '<span data-testid="exercises">0 of 1 notebook exercise solved</span>'
        in client.get("/dashboard/").content.decode()
    )


def test_mastery_counts_a_solved_exercise_as_one_item(alice, bob, published):
    from django.utils import timezone

    from learn.notebooks.models import Notebook
    from learn.reviews.dashboard import build_dashboard

    notebook = Notebook.objects.get()
    ExerciseAttempt.objects.create(user=alice, notebook=notebook, exercise_key="growth", params_key=DEFAULTS,
                                   raw_answer="1.63", parsed_value=1.63, expected_value=1.6289, correct=True,
                                   token="a")  # fmt: skip
    ExerciseAttempt.objects.create(user=bob, notebook=notebook, exercise_key="growth", params_key=DEFAULTS,
                                   raw_answer="9", parsed_value=9, expected_value=1.6289, correct=False,
                                   token="b")  # fmt: skip
    mine = {m.key: m for m in build_dashboard(alice, timezone.now()).outcomes}["A1.1"]
    theirs = {m.key: m for m in build_dashboard(bob, timezone.now()).outcomes}["A1.1"]
    # no questions in this tree: the exercise is the outcome's only item
    assert (mine.exercises, mine.exercises_solved, mine.recall, mine.started) == (1, 1, 1.0, True)
    assert (theirs.exercises_attempted, theirs.recall, theirs.started) == (1, 0.0, True)
    weakest = build_dashboard(bob, timezone.now()).weakest
    assert [m.key for m in weakest] == ["A1.1"]
