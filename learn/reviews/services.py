"""Review workflows that touch several models: the learner's day, the queue, answering, rating, undo.

Integrity rules (see docs/operations.md): a review is one ReviewLog row written in the same transaction
as the card update; the same submission sent twice records one review (the PendingReview token is
unique in the log); two reviews of one card racing each other cannot both apply (the card's version
must still be the one the preview was computed from).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import F

from learn.accounts.models import Profile
from learn.quizzes.grading import Grade, grade
from learn.quizzes.models import Question
from learn.reviews.models import Card, PendingReview, ReviewDay, ReviewLog, ReviewSettings
from learn.reviews.scheduling import (
    LEECH_THRESHOLD,
    Rating,
    SchedulerSettings,
    day_bounds,
    learning_day,
    preview,
)

MAX_DURATION_MS = 10 * 60 * 1000  # a question left open over lunch is not ten hours of study
NO_LONGER_OPEN = "That question is no longer open. Here is the next one."


@dataclass(frozen=True)
class LearnerDay:
    settings: ReviewSettings
    tz: ZoneInfo
    today: date
    start: datetime
    end: datetime


def learner_day(user, now: datetime) -> LearnerDay:
    settings = ReviewSettings.for_user(user)
    tz = ZoneInfo(Profile.for_user(user).time_zone)
    today = learning_day(now, tz, settings.day_start_hour)
    start, end = day_bounds(today, tz, settings.day_start_hour)
    return LearnerDay(settings=settings, tz=tz, today=today, start=start, end=end)


@dataclass(frozen=True)
class Queue:
    card: Card | None
    learning: int
    review: int
    new: int
    day: LearnerDay

    @property
    def total(self) -> int:
        return self.learning + self.review + self.new


def review_queue(user, now: datetime, *, day: LearnerDay | None = None, pick: bool = True) -> Queue:
    """The next card to show and today's counts, honouring the daily limits and the learner's day
    (``pick=False``: the counts only, the card is None)."""
    day = day or learner_day(user, now)
    counters = ReviewDay.objects.filter(user=user, day=day.today).first()
    new_done = counters.new_cards if counters else 0
    reviews_done = counters.review_cards if counters else 0
    new_left = max(0, day.settings.new_per_day - new_done)
    reviews_left = max(0, day.settings.max_reviews_per_day - reviews_done)

    cards = Card.objects.for_user(user).active().not_buried(now)
    card = _next_card(cards, now, day, new_left=new_left, reviews_left=reviews_left) if pick else None
    counts = cards.due_counts(now, day.end)
    return Queue(
        card=card,
        learning=counts["learning"],
        review=min(counts["review"], reviews_left),
        new=min(counts["new"], new_left),
        day=day,
    )


def _next_card(cards, now: datetime, day: LearnerDay, *, new_left: int, reviews_left: int) -> Card | None:
    learning, review, new = cards.learning_due(now), cards.review_due(day.end), cards.new()
    select = ("question", "question__lesson", "question__lesson__track")
    # As in Anki: a learning card comes back when its step is over; only when nothing else is left
    # does the queue learn ahead (up to 20 minutes early) rather than end the session.
    card = (
        cards.learning_due(now, learn_ahead=timedelta(0))
        .select_related(*select)
        .order_by("due", "pk")
        .first()
    )
    if card is None and reviews_left:
        card = review.select_related(*select).order_by("due", "pk").first()
    if card is None and new_left:
        card = (
            new.select_related(*select)
            .order_by("created_at", "question__lesson__order", "question__position", "pk")
            .first()
        )
    if card is None:
        card = learning.select_related(*select).order_by("due", "pk").first()
    return card


def submit_answer(
    pending: PendingReview, response, now: datetime, *, settings: SchedulerSettings | None = None
) -> Grade:
    """Grade the answer once; the four outcomes are previewed now and kept, fuzz included.

    ``settings`` replaces the learner's scheduler settings for this preview (the lesson check schedules a
    first correct answer without learning steps: the lesson was the learning)."""
    card = pending.card
    question: Question = card.question
    if pending.answered_at is not None:  # a resubmission: show the same result, grade nothing again
        return Grade(
            valid=True,
            correct=bool(pending.correct),
            message=pending.feedback,
            given=pending.answer,
            expected=grade(question.type, question.data, None).expected,
        )
    result = grade(question.type, question.data, response)
    if not result.valid:
        return result
    settings = settings or ReviewSettings.for_user(pending.user).scheduler_settings()
    pending.record_answer(result, preview(card.memory(), card_id=card.pk, now=now, settings=settings), now)
    return result


class RateStatus(enum.Enum):
    RECORDED = "recorded"
    DUPLICATE = "duplicate"  # the same submission again: already recorded once
    STALE = "stale"  # the card changed since it was shown (another tab, undo): nothing applied
    INVALID = "invalid"


@dataclass(frozen=True)
class RateResult:
    status: RateStatus
    message: str = ""
    log: ReviewLog | None = None


def rate(user, token, rating: int, now: datetime) -> RateResult:
    try:
        with transaction.atomic():
            return _rate(user, token, rating, now)
    except IntegrityError:  # the token's log row exists: a concurrent duplicate won the race
        return RateResult(RateStatus.DUPLICATE, "This answer was already recorded.")


def _rate(user, token, rating: int, now: datetime) -> RateResult:
    pending = PendingReview.objects.select_for_update().filter(token=token, user=user).first()
    if ReviewLog.objects.filter(user=user, token=token).exists():
        return RateResult(RateStatus.DUPLICATE, "This answer was already recorded.")
    if pending is None:
        return RateResult(RateStatus.INVALID, NO_LONGER_OPEN)
    if pending.answered_at is None:
        return RateResult(RateStatus.INVALID, "Answer the question before rating it.")
    try:
        rating = Rating(rating)
    except ValueError:
        return RateResult(RateStatus.INVALID, "Choose Again, Hard, Good or Easy.")
    if not pending.allows(rating):
        return RateResult(RateStatus.INVALID, "A wrong answer can only be rated Again.")
    card = Card.objects.select_for_update().get(pk=pending.card_id)
    if card.version != pending.card_version:
        pending.delete()
        return RateResult(
            RateStatus.STALE, "This card was already reviewed in another tab; nothing was recorded twice."
        )

    before, was_new, mature = card.snapshot(), card.is_new, card.is_mature
    card.record_review(rating=rating, outcome=pending.outcome(rating), now=now)

    day = learner_day(user, now)
    first_of_day = not ReviewLog.objects.filter(card=card, day=day.today).exists()
    duration = min(MAX_DURATION_MS, max(0, int((now - pending.shown_at).total_seconds() * 1000)))
    log = ReviewLog.objects.create(
        user=user,
        card=card,
        question_id=card.question_id,
        token=pending.token,
        rating=rating,
        correct=pending.correct,
        answer=pending.answer,
        reviewed_at=now,
        duration_ms=duration,
        day=day.today,
        was_new=was_new,
        mature=mature,
        first_of_day=first_of_day,
        card_before=before,
        scheduled_due=card.due,
    )
    _count(user, log, before_state=before["state"], sign=1)
    pending.delete()
    message = "Recorded."
    if card.leech and not before["leech"]:
        message = (
            f"This card has lapsed {LEECH_THRESHOLD} times: it is now a leech and suspended. "
            "Find it under Leeches."
        )
    return RateResult(RateStatus.RECORDED, message, log)


def _count(user, log: ReviewLog, *, before_state: int, sign: int) -> None:
    """Add (or, for undo, subtract) one review to the learner's day counters."""
    counters, _ = ReviewDay.objects.get_or_create(user=user, day=log.day)
    changes = {"reviews": F("reviews") + sign, "time_ms": F("time_ms") + sign * log.duration_ms}
    if log.was_new:
        changes["new_cards"] = F("new_cards") + sign
    if before_state == Card.State.REVIEW and not log.was_new:
        changes["review_cards"] = F("review_cards") + sign  # what "maximum reviews a day" limits
    if log.first_of_day and before_state == Card.State.REVIEW and not log.was_new:
        prefix = "mature" if log.mature else "young"
        changes[f"{prefix}_total"] = F(f"{prefix}_total") + sign
        if log.rating != Rating.AGAIN:
            changes[f"{prefix}_passed"] = F(f"{prefix}_passed") + sign
    ReviewDay.objects.filter(pk=counters.pk).update(**changes)


def undo_last(user) -> Card | None:
    """Undo the learner's latest review: the card's state is restored exactly and its log row removed."""
    with transaction.atomic():
        log = ReviewLog.objects.select_for_update().filter(user=user).order_by("-reviewed_at", "-pk").first()
        if log is None:
            return None
        card = Card.objects.select_for_update().get(pk=log.card_id)
        card.restore(log.card_before)
        _count(user, log, before_state=log.card_before["state"], sign=-1)
        log.delete()
        return card
