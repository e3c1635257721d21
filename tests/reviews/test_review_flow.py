"""The review loop: queue, answer, rate with the previewed interval, limits, leeches, undo, bury."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from learn.accounts.models import Profile
from learn.publishing.sync import sync_content
from learn.quizzes.models import Question
from learn.reviews import services
from learn.reviews.models import Card, PendingReview, ReviewDay, ReviewLog, ReviewSettings

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def questions(content):
    content.valid()
    content.quiz()
    assert sync_content(content.dir, root=content.root).ok
    return {q.qid: q for q in Question.objects.all()}


@pytest.fixture
def cards(alice, questions):
    Card.objects.add_for(alice, list(questions.values()), T0)
    return {c.question.qid: c for c in Card.objects.filter(user=alice).select_related("question")}


def answer_and_rate(user, card, response, rating, now):
    pending = PendingReview.objects.open_for(card, now)
    grade = services.submit_answer(pending, response, now)
    return grade, pending, services.rate(user, pending.token, rating, now + timedelta(seconds=7))


RIGHT = {"q-single": "1", "q-numeric": "0.99", "q-truefalse": "true"}
WRONG = {"q-single": "0", "q-numeric": "5", "q-truefalse": "false"}


def test_completing_a_lesson_adds_its_cards(client, alice, questions):
    client.force_login(alice)
    client.post("/lessons/first/complete", {"done": "1"})
    assert set(Card.objects.filter(user=alice).values_list("question__qid", flat=True)) == set(questions)
    client.post("/lessons/first/complete", {"done": "1"})
    assert Card.objects.filter(user=alice).count() == 3


def test_adding_a_whole_track(client, alice, questions):
    client.force_login(alice)
    response = client.post("/review/add/basics")
    assert response.status_code == 302
    assert Card.objects.filter(user=alice).count() == 3


def test_the_applied_interval_is_the_one_previewed(alice, cards):
    card = cards["q-numeric"]
    pending = PendingReview.objects.open_for(card, T0)
    assert services.submit_answer(pending, "0.988", T0).correct
    pending.refresh_from_db()
    previewed = pending.outcomes["3"]
    result = services.rate(alice, pending.token, 3, T0)
    assert result.status is services.RateStatus.RECORDED
    card.refresh_from_db()
    assert int((card.due - T0).total_seconds()) == previewed["seconds"]
    assert card.reps == 1 and card.version == 1
    log = ReviewLog.objects.get()
    assert (log.rating, log.correct, log.was_new, log.duration_ms) == (3, True, True, 0)


def test_a_wrong_answer_can_only_be_rated_again(alice, cards):
    grade, pending, result = answer_and_rate(alice, cards["q-single"], WRONG["q-single"], 3, T0)
    assert not grade.correct
    assert result.status is services.RateStatus.INVALID
    assert result.message == "A wrong answer can only be rated Again."
    assert services.rate(alice, pending.token, 1, T0).status is services.RateStatus.RECORDED


def test_a_malformed_answer_is_not_graded_and_loses_nothing(alice, cards):
    pending = PendingReview.objects.open_for(cards["q-numeric"], T0)
    grade = services.submit_answer(pending, "about one", T0)
    assert not grade.valid and grade.message.startswith("Enter a")
    pending.refresh_from_db()
    assert pending.answered_at is None
    assert services.submit_answer(pending, "99%", T0).correct


def test_the_same_submission_twice_records_one_review(alice, cards):
    grade, pending, first = answer_and_rate(alice, cards["q-truefalse"], "true", 3, T0)
    again = services.rate(alice, pending.token, 3, T0)
    assert first.status is services.RateStatus.RECORDED
    assert again.status is services.RateStatus.DUPLICATE
    assert ReviewLog.objects.count() == 1
    assert ReviewDay.objects.get(user=alice).reviews == 1


def test_two_tabs_cannot_both_review_one_card(alice, cards):
    card = cards["q-truefalse"]
    tab1, tab2 = PendingReview.objects.open_for(card, T0), PendingReview.objects.open_for(card, T0)
    services.submit_answer(tab1, "true", T0)
    services.submit_answer(tab2, "true", T0)
    assert services.rate(alice, tab1.token, 4, T0).status is services.RateStatus.RECORDED
    stale = services.rate(alice, tab2.token, 1, T0)
    assert stale.status is services.RateStatus.STALE
    assert ReviewLog.objects.count() == 1
    card.refresh_from_db()
    assert card.reps == 1


def test_undo_restores_the_card_exactly_and_removes_its_log(alice, cards):
    card = cards["q-numeric"]
    answer_and_rate(alice, card, "0.99", 3, T0)
    card.refresh_from_db()
    before_second = card.snapshot()
    answer_and_rate(alice, card, "0.99", 4, card.due + timedelta(minutes=1))
    assert ReviewLog.objects.count() == 2
    restored = services.undo_last(alice)
    restored.refresh_from_db()
    after = restored.snapshot()
    assert {k: v for k, v in after.items() if k != "version"} == {
        k: v for k, v in before_second.items() if k != "version"
    }
    assert ReviewLog.objects.count() == 1
    assert sum(ReviewDay.objects.filter(user=alice).values_list("reviews", flat=True)) == 1
    services.undo_last(alice)
    card.refresh_from_db()
    assert card.reps == 0 and card.stability is None
    assert services.undo_last(alice) is None


def test_a_card_lapsed_eight_times_becomes_a_suspended_leech(alice, cards):
    card = cards["q-truefalse"]
    now = T0
    for _ in range(40):  # graduate it, then forget it again and again
        card.refresh_from_db()
        if card.leech:
            break
        now = max(now, card.due) + timedelta(minutes=1)
        response, rating = ("true", 3) if card.state != Card.State.REVIEW else ("false", 1)
        answer_and_rate(alice, card, response, rating, now)
    card.refresh_from_db()
    assert card.leech and card.suspended and card.lapses == 8
    assert card not in Card.objects.active()


def test_daily_new_limit_and_day_rollover_follow_the_learners_time_zone(alice, cards):
    Profile.objects.create(user=alice, time_zone="Asia/Tokyo")
    settings = ReviewSettings.for_user(alice)
    settings.new_per_day, settings.day_start_hour = 2, 4
    settings.save()
    # 2026-03-02 18:00 UTC is 03:00 on 3 March in Tokyo: still the learning day of 2 March.
    late = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
    queue = services.review_queue(alice, late)
    assert queue.day.today.isoformat() == "2026-03-02" and queue.new == 2
    for _ in range(2):
        card = services.review_queue(alice, late).card
        answer_and_rate(alice, card, RIGHT[card.question.qid], 4, late)  # Easy: out of learning
    assert services.review_queue(alice, late).new == 0
    assert services.review_queue(alice, late).card is None
    after_four = datetime(2026, 3, 2, 19, 1, tzinfo=UTC)  # 04:01 in Tokyo: a new day
    queue = services.review_queue(alice, after_four)
    assert queue.day.today.isoformat() == "2026-03-03" and queue.new == 1


def test_bury_hides_a_card_until_tomorrow(client, alice, cards):
    card = cards["q-single"]
    client.force_login(alice)
    with time_machine.travel(T0, tick=False):
        client.post(f"/review/cards/{card.pk}/bury", headers={"HX-Request": "true"})
    assert card.pk not in {c.pk for c in [services.review_queue(alice, T0).card] if c}
    card.refresh_from_db()
    assert card.buried_until == datetime(2026, 3, 3, 4, 0, tzinfo=UTC)  # UTC learner, day starts at 4


def test_suspend_and_unsuspend(alice, cards):
    card = cards["q-single"]
    card.set_suspended(True)
    assert not Card.objects.active().filter(pk=card.pk).exists()
    card.set_suspended(False)
    assert Card.objects.active().filter(pk=card.pk).exists()


def test_the_review_page_runs_the_whole_loop_with_htmx(client, alice, cards):
    client.force_login(alice)
    page = client.get("/review/").content.decode()
    assert "Show answer" in page
    pending = PendingReview.objects.get(user=alice)
    qid = pending.card.question.qid
    feedback = client.post(
        "/review/answer", {"token": pending.token, "response": WRONG[qid]}, **HX
    ).content.decode()
    assert feedback.lstrip().startswith('<section id="review-panel"') and "Not quite" in feedback
    assert feedback.count('disabled title="A wrong answer can only be rated Again"') == 3
    after = client.post("/review/rate", {"token": pending.token, "rating": "1"}, **HX).content.decode()
    assert "Show answer" in after and ReviewLog.objects.filter(user=alice).count() == 1
    replay = client.post("/review/rate", {"token": pending.token, "rating": "1"}, **HX)
    assert replay.status_code == 200 and ReviewLog.objects.filter(user=alice).count() == 1


def test_the_buttons_show_the_intervals_applied(client, alice, cards):
    client.force_login(alice)
    client.get("/review/")
    pending = PendingReview.objects.get(user=alice)
    html = client.post(
        "/review/answer", {"token": pending.token, "response": RIGHT[pending.card.question.qid]}, **HX
    ).content.decode()
    pending.refresh_from_db()
    for rating in "1234":
        assert f'<span class="rate-interval">{pending.outcomes[rating]["label"]}</span>' in html


def test_a_malformed_answer_on_the_page_shows_a_message(client, alice, cards):
    client.force_login(alice)
    client.get("/review/")
    pending = PendingReview.objects.get(user=alice)
    html = client.post("/review/answer", {"token": pending.token}, **HX).content.decode()
    assert 'role="status"' in html and "Show answer" in html
    assert not ReviewLog.objects.exists()


def test_one_learner_cannot_touch_anothers_cards(client, alice, bob, cards):
    pending = PendingReview.objects.open_for(cards["q-single"], T0)
    services.submit_answer(pending, "1", T0)
    client.force_login(bob)
    client.post("/review/rate", {"token": pending.token, "rating": "3"})
    assert not ReviewLog.objects.exists()
    assert client.post(f"/review/cards/{cards['q-single'].pk}/suspend").status_code == 404
    assert client.post("/review/answer", {"token": pending.token, "response": "1"}, **HX).status_code == 200
    pending.refresh_from_db()
    assert pending.card.user == alice
    assert "q-single" not in client.get("/review/leeches/").content.decode()
    assert client.get("/export/my-reviews.csv").status_code == 200


def test_the_review_page_needs_an_account(client):
    assert client.get("/review/")["Location"].startswith("/accounts/login/")


def test_time_spent_is_recorded(alice, cards):
    with time_machine.travel(T0, tick=False):
        pending = PendingReview.objects.open_for(cards["q-single"], timezone.now())
        services.submit_answer(pending, "1", timezone.now())
    with time_machine.travel(T0 + timedelta(seconds=12), tick=False):
        services.rate(alice, pending.token, 3, timezone.now())
    assert ReviewLog.objects.get().duration_ms == 12_000


def test_the_interval_runs_from_the_rating_not_from_the_answer(alice, cards):
    card = cards["q-numeric"]
    pending = PendingReview.objects.open_for(card, T0)
    services.submit_answer(pending, "0.99", T0)
    pending.refresh_from_db()
    seconds = pending.outcomes["3"]["seconds"]
    rated_at = T0 + timedelta(seconds=45)  # the learner read the explanation first
    services.rate(alice, pending.token, 3, rated_at)
    card.refresh_from_db()
    assert card.last_review == rated_at
    assert card.due - rated_at == timedelta(seconds=seconds)


def test_a_learning_card_waits_for_its_step_while_other_cards_are_waiting(alice, cards):
    first = services.review_queue(alice, T0).card
    answer_and_rate(alice, first, RIGHT[first.question.qid], 1, T0)  # Again: back in about a minute
    soon = T0 + timedelta(seconds=20)
    queue = services.review_queue(alice, soon)
    assert queue.card.pk != first.pk and queue.card.reps == 0  # a new card, not the one just failed
    assert queue.learning == 1  # still counted: it is due within the learn-ahead window


def test_the_queue_learns_ahead_only_when_nothing_else_is_left(alice, cards):
    ReviewSettings.objects.update_or_create(user=alice, defaults={"new_per_day": 1})
    first = services.review_queue(alice, T0).card
    answer_and_rate(alice, first, RIGHT[first.question.qid], 3, T0)  # Good: next step in 10 minutes
    first.refresh_from_db()
    assert first.due > T0 + timedelta(minutes=5)
    queue = services.review_queue(alice, T0 + timedelta(minutes=1))
    assert queue.card.pk == first.pk  # the daily new limit is used up: learn ahead rather than stop


def test_learning_steps_of_new_cards_do_not_use_up_the_review_limit(alice, cards):
    ReviewSettings.objects.update_or_create(user=alice, defaults={"max_reviews_per_day": 1})
    card = cards["q-single"]
    for step in range(3):  # a new card's learning steps, all on the same day
        now = T0 + timedelta(minutes=30 * step)
        answer_and_rate(alice, Card.objects.get(pk=card.pk), RIGHT["q-single"], 1, now)
    counters = ReviewDay.objects.get(user=alice)
    assert counters.reviews == 3 and counters.review_cards == 0
    other = cards["q-truefalse"]
    Card.objects.filter(pk=other.pk).update(
        state=Card.State.REVIEW,
        reps=3,
        stability=5.0,
        difficulty=5.0,
        last_review=T0 - timedelta(days=5),
        due=T0 - timedelta(hours=1),
    )
    queue = services.review_queue(alice, T0 + timedelta(hours=2))
    assert queue.review == 1


def test_a_card_can_be_buried_or_suspended_before_it_is_answered(client, alice, cards):
    client.force_login(alice)
    page = client.get("/review/").content.decode()
    shown = services.review_queue(alice, timezone.now()).card
    assert f"/review/cards/{shown.pk}/bury" in page and f"/review/cards/{shown.pk}/suspend" in page
    client.post(f"/review/cards/{shown.pk}/suspend", headers={"HX-Request": "true"})
    shown.refresh_from_db()
    assert shown.suspended
    assert services.review_queue(alice, timezone.now()).card.pk != shown.pk
