"""Cached pages and fragments (issue 13): never stale after a sync or a review, never one visitor's page
shown to another, and every cached form carrying the current visitor's own CSRF token."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from learn.core import pagecache
from learn.core.models import ContentVersion
from learn.lessons.models import Lesson
from learn.publishing.sync import sync_content

from .conftest import csrf_token

pytestmark = pytest.mark.django_db
LESSON = "/lessons/first/"


def test_a_visitors_page_is_cached_until_the_content_changes(client, published):
    assert "About" in client.get(LESSON).content.decode()
    Lesson.objects.filter(slug="first").update(body_html="<p>Changed behind the cache's back.</p>")
    assert "About" in client.get(LESSON).content.decode()  # served from the cache
    ContentVersion.bump()
    assert "Changed behind" in client.get(LESSON).content.decode()


def test_sync_content_shows_the_new_text_on_the_next_request(client, published):
    assert "About" in client.get(LESSON).content.decode()
    published.edit("basics/01-first.md", "## Intro", "## Intro\n\nRevised for the next request.")
    report = sync_content(published.dir, root=published.root)
    assert report.changed and not report.problems
    assert "Revised for the next request." in client.get(LESSON).content.decode()


def test_an_unchanged_sync_keeps_the_cache(client, published):
    version = ContentVersion.current()
    assert not sync_content(published.dir, root=published.root).changed
    assert ContentVersion.current() == version


def test_a_signed_in_learner_never_gets_the_visitors_page(client, published, alice):
    visitor = client.get(LESSON).content.decode()
    assert "Log in</a> or" in visitor
    learner = Client()
    learner.force_login(alice)
    page = learner.get(LESSON).content.decode()
    assert "alice" in page and "Mark complete" in page and "Log in</a> or" not in page


def test_each_visitor_gets_their_own_working_csrf_token(published):
    # The lesson check's forms post with the token; a token from someone else's page would fail.
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    html_first = first.get(LESSON).content.decode()
    html_second = second.get(LESSON).content.decode()  # from the cache
    assert pagecache.PLACEHOLDER not in html_second
    assert csrf_token(html_first) != csrf_token(html_second)
    # Django's CSRF check only needs the token to match the visitor's cookie.
    response = second.post(
        "/accounts/login/", {"csrfmiddlewaretoken": csrf_token(html_second), "username": "x"}
    )
    assert response.status_code == 200  # the form again, not 403
    again = second.get(LESSON).content.decode()  # a returning visitor: the token is masked from the cookie
    assert csrf_token(again) not in (csrf_token(html_second), pagecache.PLACEHOLDER)
    assert second.post("/accounts/login/", {"csrfmiddlewaretoken": csrf_token(again)}).status_code == 200
    stolen = Client(enforce_csrf_checks=True)
    stolen.get("/accounts/login/")
    assert stolen.post("/accounts/login/", {"csrfmiddlewaretoken": csrf_token(html_first)}).status_code == 403


def test_signed_in_learners_share_the_article_but_not_their_own_state(published, alice, bob):
    tabs = {}
    for user in (alice, bob):
        tabs[user.username] = Client(enforce_csrf_checks=True)
        tabs[user.username].force_login(user)
    alice_page = tabs["alice"].get(LESSON).content.decode()
    token = csrf_token(alice_page)
    response = tabs["alice"].post(f"{LESSON}complete", {"done": "1", "csrfmiddlewaretoken": token})
    assert response.status_code in (200, 302)
    assert "Lesson completed." in tabs["alice"].get(LESSON).content.decode()
    bob_page = tabs["bob"].get(LESSON).content.decode()  # the article comes from the cache
    assert "Lesson completed." not in bob_page and "Mark complete" in bob_page
    assert "bob" in bob_page and csrf_token(bob_page) != token


def test_pending_messages_bypass_the_page_cache(client, published):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest

    client.get(LESSON)  # cached without a message
    client.cookies["messages"] = CookieStorage(HttpRequest())._encode(
        [Message(constants.INFO, "A flash note.")]
    )
    assert "A flash note." in client.get(LESSON).content.decode()


def test_caching_can_be_turned_off(client, published, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(LESSON)
    Lesson.objects.filter(slug="first").update(body_html="<p>Fresh.</p>")
    assert "Fresh." in client.get(LESSON).content.decode()


def test_a_learners_own_answer_is_never_cached_for_others(published, alice, bob):
    """The no-JavaScript lesson check shows one learner's answer inside the article: rendered uncached."""
    from learn.quizzes.models import Question

    Question.objects.create(
        qid="q-num",
        lesson=Lesson.objects.get(slug="first"),
        type="numeric",
        prompt_html="<p>Two plus two?</p>",
        explanation_html="<p>Four.</p>",
        data={"answer": 4, "tolerance": 0},
        position=1,
        source_path="-",
        source_hash="-",
    )
    ContentVersion.bump()
    tabs = {}
    for user in (alice, bob):
        tabs[user.username] = Client()
        tabs[user.username].force_login(user)
        tabs[user.username].get(LESSON)
    answered = tabs["alice"].post("/quiz/q-num/check", {"response": "17"}, follow=True).content.decode()
    assert "17" in answered
    assert 'value="17"' not in tabs["bob"].get(LESSON).content.decode()


def test_a_review_shows_on_the_dashboard_and_in_the_queue_at_once(published, alice):
    from django.utils import timezone

    from learn.quizzes.models import Question
    from learn.reviews.models import Card

    tab = Client()
    tab.force_login(alice)
    question = Question.objects.create(
        qid="q-tf",
        lesson=Lesson.objects.get(slug="first"),
        type="truefalse",
        prompt_html="<p>Assets = liabilities + equity?</p>",
        explanation_html="<p>Yes.</p>",
        data={"answer": True},
        position=1,
        source_path="-",
        source_hash="-",
    )
    Card.objects.create(user=alice, question=question, due=timezone.now(), created_at=timezone.now())
    assert "Assets = liabilities + equity?" in tab.get("/review/").content.decode()
    before = tab.get("/dashboard/").content.decode()
    page = tab.get("/review/").content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    tab.post("/review/answer", {"token": token, "response": "true"})
    tab.post("/review/rate", {"token": token, "rating": "4"})  # Easy: out of the learning steps
    assert "Assets = liabilities + equity?" not in tab.get("/review/").content.decode()
    after = tab.get("/dashboard/").content.decode()
    assert before != after


def test_a_page_served_before_the_middleware_has_the_same_headers_and_a_working_token(published):
    rendered = Client(enforce_csrf_checks=True).get(LESSON)  # renders the page and completes the entry
    early = Client(enforce_csrf_checks=True)
    served = early.get(LESSON)  # a first visit, answered by VisitorPageMiddleware
    assert served.content.decode().replace(
        csrf_token(served.content.decode()), "T"
    ) == rendered.content.decode().replace(csrf_token(rendered.content.decode()), "T")
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Type", "Vary", "Referrer-Policy"):
        assert served.get(header) == rendered.get(header), header
    assert served.cookies["csrftoken"].value  # the first visit's CSRF cookie, as CsrfViewMiddleware sets it
    token = csrf_token(served.content.decode())
    assert early.post("/accounts/login/", {"csrfmiddlewaretoken": token}).status_code == 200
    assert (
        Client(enforce_csrf_checks=True).post("/accounts/login/", {"csrfmiddlewaretoken": token}).status_code
        == 403
    )


def test_the_development_auto_sync_sees_every_request(client, published, settings):
    client.get(LESSON)
    client.get(LESSON)
    settings.CONTENT_AUTO_SYNC = True  # the files are looked at first; the page comes from the view
    settings.CONTENT_DIR, settings.QUIZZES_DIR = published.dir, published.root / "quizzes"
    published.edit("basics/01-first.md", "## Intro", "## Intro\n\nEdited while the server runs.")
    assert "Edited while the server runs." in client.get(LESSON).content.decode()


def test_a_cache_outage_only_means_no_caching(client, published, alice, monkeypatch):
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    assert "About" in client.get(LESSON).content.decode()
    client.force_login(alice)
    assert "About" in client.get(LESSON).content.decode()


def test_a_host_the_site_does_not_serve_gets_400_not_a_cached_page(client, published):
    client.get(LESSON)
    client.get(LESSON)  # cached and complete
    assert client.get(LESSON, HTTP_HOST="evil.example").status_code == 400
