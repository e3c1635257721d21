"""A signed-in learner's cached pages (issue 13): the lesson, review and dashboard pages are served from
the learner's own cache, which is never shown to anyone else, never outlives a change they post, an
admin edit, a restore, or the clock (a card falling due, a bury ending, the learner's day, a recall
step, "due in 5 minutes")."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from unittest import mock

import numpy as np
import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from learn.core import learnercache
from learn.core.models import ContentVersion, LearnerVersion, versions
from learn.lessons.models import Lesson
from learn.quizzes.models import Question
from learn.reviews.dashboard import _next_recall_change, _recall_by_group
from learn.reviews.models import Card, ReviewSettings
from learn.reviews.scheduling import LEARN_AHEAD

from .conftest import csrf_token

pytestmark = pytest.mark.django_db
LESSON = "/lessons/first/"
T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # a Monday, 12:00 UTC: the default day starts at 04:00


def _question(qid: str, prompt: str, position: int = 1) -> Question:
    return Question.objects.create(
        qid=qid,
        lesson=Lesson.objects.get(slug="first"),
        type="truefalse",
        prompt_html=f"<p>{prompt}</p>",
        explanation_html="<p>Yes.</p>",
        data={"answer": True},
        position=position,
        source_path="-",
        source_hash="-",
    )


def _tab(user) -> Client:
    tab = Client(enforce_csrf_checks=True)
    tab.force_login(user)
    return tab


def test_a_learners_page_is_served_from_their_cache_until_they_post_anything(published, alice):
    tab = _tab(alice)
    assert "Mark complete" in tab.get(LESSON).content.decode()
    Lesson.objects.filter(slug="first").update(title="Renamed behind the cache's back")
    assert "Renamed behind" not in tab.get(LESSON).content.decode()  # cached
    page = tab.get(LESSON).content.decode()
    tab.post("/lessons/first/complete", {"csrfmiddlewaretoken": csrf_token(page), "done": "1"})
    page = tab.get(LESSON).content.decode()
    assert "Renamed behind" in page and "Lesson completed." in page


def test_every_post_of_a_learner_gives_them_a_new_version_even_a_refused_one(published, alice):
    tab = _tab(alice)
    _, first = versions(alice.pk)
    tab.post("/review/rate", {"rating": "9"})  # no CSRF token: refused with a 403
    _, second = versions(alice.pk)
    assert second and second != first


def test_one_learners_cached_page_is_never_shown_to_another(published, alice, bob):
    now = timezone.now()
    Card.objects.create(user=alice, question=_question("q-a", "Alice's question"), due=now, created_at=now)
    for path in (LESSON, "/review/", "/dashboard/"):
        mine = _tab(alice).get(path).content.decode()
        assert "alice" in mine
        theirs = _tab(bob).get(path).content.decode()
        assert ">bob<" in theirs and ">alice<" not in theirs
    assert "Alice's question" in _tab(alice).get("/review/").content.decode()
    assert "Alice's question" not in _tab(bob).get("/review/").content.decode()  # bob has no card


def test_the_cached_review_page_keeps_its_question_and_gives_each_response_its_own_token(published, alice):
    Card.objects.create(
        user=alice, question=_question("q-a", "Assets?"), due=timezone.now(), created_at=timezone.now()
    )
    tab = _tab(alice)
    first, second = tab.get("/review/").content.decode(), tab.get("/review/").content.decode()
    pending = re.search(r'name="token" value="([^"]+)"', first).group(1)
    assert pending in second  # a reload shows the same question, not a new one
    assert csrf_token(first) != csrf_token(second)
    answered = tab.post(
        "/review/answer", {"csrfmiddlewaretoken": csrf_token(second), "token": pending, "response": "true"}
    )
    assert answered.status_code == 200 and "Correct" in answered.content.decode()


def test_the_clock_brings_a_learning_card_back(published, alice):
    question = _question("q-learn", "Learning card")
    with time_machine.travel(T0, tick=False):
        Card.objects.create(
            user=alice,
            question=question,
            state=Card.State.LEARNING,
            reps=1,
            stability=1.0,
            difficulty=5.0,
            due=T0 + timedelta(minutes=30),
            last_review=T0,
            created_at=T0,
        )
        tab = _tab(alice)
        assert "Learning card" not in tab.get("/review/").content.decode()
        assert "Learning card" not in tab.get("/review/").content.decode()  # from the cache
    with time_machine.travel(T0 + timedelta(minutes=30, seconds=1), tick=False):
        assert "Learning card" in tab.get("/review/").content.decode()


def test_the_done_page_counts_down_to_the_next_card(published, alice):
    with time_machine.travel(T0, tick=False):
        Card.objects.create(
            user=alice,
            question=_question("q-later", "Later"),
            state=Card.State.REVIEW,
            reps=3,
            stability=9.0,
            difficulty=5.0,
            due=T0 + timedelta(days=2, hours=3, minutes=5, seconds=30),
            last_review=T0 - timedelta(days=1),
            created_at=T0,
        )
        tab = _tab(alice)
        assert "(2\xa0days, 3\xa0hours)" in tab.get("/review/").content.decode()
    with time_machine.travel(T0 + timedelta(hours=2), tick=False):
        assert "(2\xa0days, 1\xa0hour)" in tab.get("/review/").content.decode()


def test_a_new_learning_day_refreshes_the_dashboard(published, alice):
    with time_machine.travel(T0, tick=False):
        tab = _tab(alice)
        assert tab.get("/dashboard/").status_code == 200
        board = tab.get("/dashboard/").context
        assert board is None  # served from the cache: nothing rendered
    with time_machine.travel(T0 + timedelta(days=1), tick=False):
        response = tab.get("/dashboard/")
        assert response.context["board"].today == (T0 + timedelta(days=1)).date()


def test_a_bury_ends_when_its_time_comes(published, alice):
    with time_machine.travel(T0, tick=False):
        card = Card.objects.create(
            user=alice, question=_question("q-b", "Buried card"), due=T0, created_at=T0
        )
        card.bury(until=T0 + timedelta(hours=3))
        tab = _tab(alice)
        assert "Buried card" not in tab.get("/review/").content.decode()
    with time_machine.travel(T0 + timedelta(hours=3, seconds=1), tick=False):
        assert "Buried card" in tab.get("/review/").content.decode()


def test_messages_waiting_are_shown_not_a_cached_page(published, alice):
    card = Card.objects.create(
        user=alice, question=_question("q-m", "Bury me"), due=timezone.now(), created_at=timezone.now()
    )
    tab = _tab(alice)
    page = tab.get("/review/").content.decode()
    tab.post(f"/review/cards/{card.pk}/bury", {"csrfmiddlewaretoken": csrf_token(page)})
    assert "Buried until tomorrow." in tab.get("/review/").content.decode()
    assert "Buried until tomorrow." not in tab.get("/review/").content.decode()


def test_a_staff_post_to_the_admin_makes_every_cached_page_old(published, staff):
    # It may have changed anyone's cards or settings (a restore does the same: tests/core/test_backup.py).
    before = ContentVersion.current()
    admin = Client()
    admin.force_login(staff)
    admin.post("/admin/logout/")
    assert ContentVersion.current() != before


def test_a_cache_outage_only_means_no_caching(published, alice):
    tab = _tab(alice)
    with mock.patch.object(learnercache.django_cache, "get", side_effect=ConnectionError("down")):
        assert tab.get("/dashboard/").status_code == 200
        assert tab.get(LESSON).status_code == 200


def test_a_version_is_never_written_for_a_user_who_is_gone(alice):
    user_id = alice.pk
    alice.delete()
    LearnerVersion.bump(user_id)
    assert not LearnerVersion.objects.filter(user_id=user_id).exists()


def test_next_change_is_the_first_moment_the_queue_changes_by_itself(alice, published):
    now = T0
    q1, q2, q3 = _question("q1", "1"), _question("q2", "2", 2), _question("q3", "3", 3)
    learning = dict(state=Card.State.LEARNING, reps=1, stability=1.0, difficulty=5.0, created_at=now)
    cards = Card.objects.filter(user=alice)
    assert cards.next_change(now) is None
    Card.objects.create(user=alice, question=q1, due=now + timedelta(days=3), **{**learning, "state": 2})
    assert cards.next_change(now) is None  # a review card: the learner's day covers it
    Card.objects.create(user=alice, question=q2, due=now + timedelta(hours=1), **learning)
    assert cards.next_change(now) == now + timedelta(hours=1) - LEARN_AHEAD  # counted early
    Card.objects.create(
        user=alice, question=q3, due=now, buried_until=now + timedelta(minutes=5), created_at=now
    )
    assert cards.next_change(now) == now + timedelta(minutes=5)
    assert cards.next_change(now + timedelta(minutes=50)) == now + timedelta(hours=1)  # shown when due


def test_predicted_recall_is_unchanged_until_the_moment_the_dashboard_names():
    rng = np.random.default_rng(3)
    now = T0
    reviewed_at = now.timestamp() - rng.uniform(0, 30 * 86400, 200)
    stability = rng.uniform(1, 50, 200)
    rows = [(1 + i % 3, float(stability[i]), float(reviewed_at[i])) for i in range(200)]
    tick = _next_recall_change(rows, now)
    assert now < tick <= now + timedelta(days=1)
    at = _recall_by_group(rows, [now, tick - timedelta(milliseconds=1), tick])
    assert all(v[1] == v[2] for v in at.values())  # the same up to the moment
    assert any(v[1] != v[3] for v in at.values())  # and a card's recall steps there


def test_a_settings_change_shows_on_the_dashboard_at_once(published, alice):
    tab = _tab(alice)
    page = tab.get("/dashboard/").content.decode()
    assert "Set its date" in page
    settings_page = tab.get("/review/settings/").content.decode()
    form = {
        "csrfmiddlewaretoken": csrf_token(settings_page),
        "desired_retention": "0.9",
        "new_per_day": "20",
        "max_reviews_per_day": "200",
        "day_start_hour": "4",
        "exam_date": (timezone.now() + timedelta(days=30)).date().isoformat(),
    }
    saved = tab.post("/review/settings/", form, follow=True)  # the message is shown there
    assert "Review settings saved." in saved.content.decode()
    assert ReviewSettings.objects.get(user=alice).exam_date is not None
    assert "Predicted recall on exam day" in tab.get("/dashboard/").content.decode()
