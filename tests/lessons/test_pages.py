"""Track, lesson and glossary pages: anonymous and signed-in, full pages and htmx fragments."""

from __future__ import annotations

import pytest
from django.utils import timezone

from learn.lessons.models import Lesson
from learn.progress.models import LessonCompletion
from learn.publishing.sync import sync_content

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def site(content):
    report = sync_content(content.valid().dir, root=content.root)
    assert report.ok
    return content


def test_it_shows_the_track_with_outcomes_time_and_prerequisites(client, site):
    response = client.get("/tracks/basics/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lesson first" in html and "Lesson second" in html
    assert "A2.1" in html and "10 min" in html
    assert 'Read first: <a href="/lessons/first/">Lesson first</a>' in html


def test_it_shows_a_lesson_with_outcomes_and_pager(client, site):
    html = client.get("/lessons/first/").content.decode()
    assert "After this lesson you should be able to" in html
    assert '<span class="outcome-id">A1.1</span> Do a thing.' in html
    assert 'rel="next"' in html and 'href="/lessons/second/"' in html
    assert 'rel="prev"' not in html
    assert 'class="gloss"' in html and 'class="gloss-tip" role="tooltip"' in html
    assert "to save your progress" in html  # anonymous: an invitation, no button


def test_a_signed_in_learner_sees_the_complete_button(client, site, alice):
    client.force_login(alice)
    html = client.get("/lessons/first/").content.decode()
    assert 'hx-post="/lessons/first/complete"' in html and ">Mark complete</button>" in html


def test_a_completed_lesson_shows_as_done(client, site, alice):
    LessonCompletion.objects.create(
        user=alice, lesson=Lesson.objects.get(slug="first"), completed_at=timezone.now()
    )
    client.force_login(alice)
    assert "Lesson completed." in client.get("/lessons/first/").content.decode()
    assert "Completed</span>" in client.get("/tracks/basics/").content.decode()


def test_archived_lessons_and_unknown_slugs_are_404(client, site):
    Lesson.objects.filter(slug="second").update(archived=True)
    assert client.get("/lessons/second/").status_code == 404
    assert client.get("/lessons/nope/").status_code == 404
    assert client.get("/tracks/nope/").status_code == 404
    assert "Lesson second" not in client.get("/tracks/basics/").content.decode()


def test_the_glossary_lists_terms_with_translation_and_lessons(client, site):
    html = client.get("/glossary/").content.decode()
    assert '<html lang="en">' in html
    assert 'id="working-capital"' in html and "Engineer's translation" in html
    assert 'Used in: <a href="/lessons/first/">Lesson first</a>' in html


def test_the_glossary_filter_returns_a_fragment_to_htmx(client, site):
    response = client.get("/glossary/?q=capacity", **HX)
    html = response.content.decode()
    assert "HX-Request" in response["Vary"]
    assert html.lstrip().startswith('<div id="glossary-list"')
    assert "<html" not in html
    assert 'id="current-ratio"' in html and 'id="working-capital"' not in html


def test_the_glossary_filter_works_without_javascript(client, site):
    html = client.get("/glossary/?q=headroom").content.decode()
    assert "<html" in html and "Working capital" in html and "Current ratio" not in html


def test_the_home_page_invites_anonymous_visitors(client, site):
    html = client.get("/").content.decode()
    assert "Start with “Lesson first”" in html
    assert "Your progress" not in html


def test_the_home_page_shows_a_learners_progress_and_next_lesson(client, site, alice):
    LessonCompletion.objects.create(
        user=alice, lesson=Lesson.objects.get(slug="first"), completed_at=timezone.now()
    )
    client.force_login(alice)
    html = client.get("/").content.decode()
    assert '<span data-testid="lessons-done">1</span><span class="muted"> / 2 lessons</span>' in html
    assert 'href="/lessons/second/"' in html
    assert "1 of 2 lessons" in html


def test_every_page_sends_a_strict_content_security_policy(client, site):
    response = client.get("/lessons/first/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "style-src 'self'" in policy
    assert "<script>" not in response.content.decode()  # no inline scripts at all
