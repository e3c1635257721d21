"""Marking a lesson complete: htmx and plain forms, and one learner never touches another's progress."""

from __future__ import annotations

import pytest
from django.utils import timezone

from learn.lessons.models import Lesson
from learn.progress.models import LessonCompletion
from learn.publishing.sync import sync_content

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def site(content):
    assert sync_content(content.valid().dir, root=content.root).ok


def test_it_marks_a_lesson_complete_with_htmx(client, alice):
    client.force_login(alice)
    response = client.post("/lessons/first/complete", {"done": "1"}, **HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="complete-form"') and "Lesson completed." in html
    assert "<html" not in html
    assert "progress-changed" in response["HX-Trigger"]
    assert LessonCompletion.objects.filter(user=alice, lesson__slug="first").count() == 1


def test_it_works_without_javascript(client, alice):
    client.force_login(alice)
    response = client.post("/lessons/first/complete", {"done": "1"})
    assert response.status_code == 302 and response["Location"] == "/lessons/first/"
    assert LessonCompletion.objects.filter(user=alice).count() == 1


def test_a_double_click_records_one_completion(client, alice):
    client.force_login(alice)
    client.post("/lessons/first/complete", {"done": "1"}, **HX)
    client.post("/lessons/first/complete", {"done": "1"}, **HX)
    assert LessonCompletion.objects.filter(user=alice).count() == 1


def test_it_can_be_undone(client, alice):
    client.force_login(alice)
    client.post("/lessons/first/complete", {"done": "1"})
    response = client.post("/lessons/first/complete", {"done": "0"}, **HX)
    assert ">Mark complete</button>" in response.content.decode()
    assert not LessonCompletion.objects.filter(user=alice).exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.post("/lessons/first/complete", {"done": "1"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not LessonCompletion.objects.exists()


def test_get_is_not_allowed(client, alice):
    client.force_login(alice)
    assert client.get("/lessons/first/complete").status_code == 405


def test_one_learner_can_neither_see_nor_change_anothers_progress(client, alice, bob):
    first = Lesson.objects.get(slug="first")
    LessonCompletion.objects.create(user=alice, lesson=first, completed_at=timezone.now())
    client.force_login(bob)
    assert "Lesson completed." not in client.get("/lessons/first/").content.decode()
    assert '<span data-testid="lessons-done">0</span>' in client.get("/").content.decode()
    client.post("/lessons/first/complete", {"done": "0"})  # bob "un-completes": only his own rows
    assert LessonCompletion.objects.filter(user=alice, lesson=first).exists()
    client.post("/lessons/first/complete", {"done": "1"})
    assert LessonCompletion.objects.filter(lesson=first).count() == 2


def test_archived_lessons_cannot_be_completed(client, alice):
    Lesson.objects.filter(slug="second").update(archived=True)
    client.force_login(alice)
    assert client.post("/lessons/second/complete", {"done": "1"}).status_code == 404


def test_the_csrf_token_is_required(alice):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    assert strict.post("/lessons/first/complete", {"done": "1"}, **HX).status_code == 403
