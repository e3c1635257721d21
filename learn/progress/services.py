"""Progress workflows that touch several models: completing a lesson, and its end-of-lesson check."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from learn.lessons.models import Lesson
from learn.progress.models import LessonCompletion
from learn.quizzes.grading import Grade, grade
from learn.quizzes.models import Question
from learn.reviews import services
from learn.reviews.models import Card, PendingReview, ReviewLog, ReviewSettings
from learn.reviews.scheduling import Rating, format_interval


def complete_lesson(user, lesson: Lesson, now: datetime) -> None:
    """Mark ``lesson`` complete for ``user`` (once, however often it is sent); its questions join the
    learner's review queue (those already answered in the lesson check keep their schedule)."""
    LessonCompletion.objects.get_or_create(user=user, lesson=lesson, defaults={"completed_at": now})
    Card.objects.add_for(user, lesson.questions.active(), now)


@dataclass(frozen=True)
class LessonCheck:
    grade: Grade
    card: Card | None = None  # the learner's card for the question (None for a visitor)
    first_review: ReviewLog | None = None  # recorded by this answer: it was the card's first review

    @property
    def rating(self) -> Rating | None:
        return Rating(self.first_review.rating) if self.first_review else None

    @property
    def next_review_in(self) -> str:
        """When the card comes back, as the review buttons say it ("1m", "3d"); "" if none was recorded."""
        if self.first_review is None:
            return ""
        return format_interval(self.card.due - self.first_review.reviewed_at)


def check_in_lesson(user, question: Question, response, now: datetime) -> LessonCheck:
    """Grade an answer from the end-of-lesson check. For a signed-in learner whose card for the question
    has never been reviewed, the answer is that card's first review, recorded through the same service
    as the review page (a log row, the day's counters, undo): Good when right, Again when wrong, so the
    queue does not ask it again as a new card minutes later. Later answers are practice: the queue owns
    the card's schedule from then on.

    A first correct answer is scheduled without learning steps (the lesson was the learning): it comes
    back after days, as FSRS's first stability for Good says. A wrong one follows the learner's learning
    steps, so it comes back within minutes to be learnt again.
    """
    result = grade(question.type, question.data, response)
    if not result.valid or not user.is_authenticated:
        return LessonCheck(result)
    Card.objects.add_for(user, [question], now)
    card = Card.objects.get(user=user, question=question)
    if not card.is_new or card.suspended:
        return LessonCheck(result, card)
    settings = ReviewSettings.for_user(user).scheduler_settings()
    if result.correct:
        settings = dataclasses.replace(settings, learning_steps=())
    pending = PendingReview.objects.open_for(card, now)
    services.submit_answer(pending, response, now, settings=settings)
    outcome = services.rate(user, pending.token, Rating.GOOD if result.correct else Rating.AGAIN, now)
    card.refresh_from_db()
    return LessonCheck(result, card, outcome.log)
