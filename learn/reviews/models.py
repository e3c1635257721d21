"""Spaced repetition: one card per learner and question, an append-only review log, per-learner settings.

The card's FSRS memory state lives in columns; every review is one ReviewLog row written in the same
transaction as the card update, with the state before it (so undo restores the card exactly). A
ReviewDay row per learner and day aggregates what the dashboard needs, so no page scans a learner's
whole history.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Min, Q

from learn.reviews.scheduling import LEARN_AHEAD, MemoryState, Rating, SchedulerSettings, is_leech

if TYPE_CHECKING:
    from learn.quizzes.grading import Grade
    from learn.quizzes.models import Question
    from learn.reviews.scheduling import Outcome

MATURE_INTERVAL = timedelta(days=21)
PENDING_KEPT = timedelta(days=2)  # a question shown and left unanswered this long is forgotten


class ReviewSettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_settings"
    )
    desired_retention = models.FloatField(
        default=0.90,
        validators=[MinValueValidator(0.80), MaxValueValidator(0.97)],
        help_text="How likely you want to be to remember a card when it comes back (0.80 to 0.97). "
        "Higher means more reviews.",
    )
    new_per_day = models.PositiveSmallIntegerField(default=20, validators=[MaxValueValidator(500)])
    max_reviews_per_day = models.PositiveSmallIntegerField(default=200, validators=[MaxValueValidator(5000)])
    day_start_hour = models.PositiveSmallIntegerField(
        default=4, validators=[MaxValueValidator(23)], help_text="Your day rolls over at this local hour."
    )
    exam_date = models.DateField(null=True, blank=True)
    # FSRS parameters (variable length, with the model version) so a later FSRS can be adopted
    # without a broken migration; empty means the package defaults.
    fsrs_parameters = models.JSONField(default=list, blank=True)
    fsrs_version = models.PositiveSmallIntegerField(default=6)

    def __str__(self) -> str:
        return f"Review settings of {self.user}"

    @classmethod
    def for_user(cls, user) -> ReviewSettings:
        obj, _ = cls.objects.get_or_create(user=user)
        return obj

    def scheduler_settings(self) -> SchedulerSettings:
        return SchedulerSettings(
            desired_retention=self.desired_retention,
            parameters=tuple(self.fsrs_parameters) if self.fsrs_parameters else None,
        )


class CardQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def active(self):
        return self.filter(suspended=False, question__archived=False, question__lesson__archived=False)

    def not_buried(self, now: datetime):
        return self.exclude(buried_until__gt=now)

    def new(self):
        """Never reviewed."""
        return self.filter(reps=0)

    def reviewed(self):
        return self.filter(reps__gt=0)

    @staticmethod
    def _learning_due(now: datetime, learn_ahead: timedelta = LEARN_AHEAD) -> Q:
        return Q(
            reps__gt=0, state__in=[Card.State.LEARNING, Card.State.RELEARNING], due__lte=now + learn_ahead
        )

    @staticmethod
    def _review_due(day_end: datetime) -> Q:
        return Q(reps__gt=0, state=Card.State.REVIEW, due__lt=day_end)

    def learning_due(self, now: datetime, *, learn_ahead: timedelta = LEARN_AHEAD):
        """Learning and relearning cards due by ``now + learn_ahead`` (they run on minutes)."""
        return self.filter(self._learning_due(now, learn_ahead))

    def review_due(self, day_end: datetime):
        """Review cards due before the learner's day ends (they run on days, as in Anki)."""
        return self.filter(self._review_due(day_end))

    def due_counts(self, now: datetime, day_end: datetime) -> dict[str, int]:
        """How many are learning-due, review-due and new, in one query."""
        return self.aggregate(
            learning=Count("pk", filter=self._learning_due(now)),
            review=Count("pk", filter=self._review_due(day_end)),
            new=Count("pk", filter=Q(reps=0)),
        )

    def next_change(self, now: datetime) -> datetime | None:
        """The first moment after ``now`` at which the queue of these cards changes by itself: a learning
        card falls due (shown at its due time, counted LEARN_AHEAD before it) or a buried card comes back.
        Review cards run on days (the learner's day end covers them); new cards are always due."""
        learning = Q(reps__gt=0, state__in=[Card.State.LEARNING, Card.State.RELEARNING])
        times = self.aggregate(
            shown=Min("due", filter=learning & Q(due__gt=now)),
            counted=Min("due", filter=learning & Q(due__gt=now + LEARN_AHEAD)),
            unburied=Min("buried_until", filter=Q(buried_until__gt=now)),
        )
        if times["counted"] is not None:
            times["counted"] -= LEARN_AHEAD
        return min((t for t in times.values() if t is not None), default=None)

    def leeches(self):
        return self.filter(leech=True)

    def add_for(self, user, questions: Iterable[Question], now: datetime) -> int:
        """Create the learner's cards for these questions (existing cards are left exactly as they are);
        returns how many were new."""
        questions = list(questions)
        existing = set(self.filter(user=user, question__in=questions).values_list("question_id", flat=True))
        fresh = [
            Card(user=user, question=q, due=now, created_at=now) for q in questions if q.pk not in existing
        ]
        self.bulk_create(fresh, ignore_conflicts=True)
        return len(fresh)


class Card(models.Model):
    class State(models.IntegerChoices):
        LEARNING = 1, "Learning"
        REVIEW = 2, "Review"
        RELEARNING = 3, "Relearning"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cards")
    question = models.ForeignKey("quizzes.Question", on_delete=models.CASCADE, related_name="cards")
    state = models.PositiveSmallIntegerField(choices=State.choices, default=State.LEARNING)
    step = models.PositiveSmallIntegerField(null=True, blank=True, default=0)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField()
    last_review = models.DateTimeField(null=True, blank=True)
    reps = models.PositiveIntegerField(default=0)
    lapses = models.PositiveIntegerField(default=0)
    suspended = models.BooleanField(default=False)
    leech = models.BooleanField(default=False)
    buried_until = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)  # bumped by every change; stale previews are refused
    created_at = models.DateTimeField()

    objects = CardQuerySet.as_manager()

    MEMORY_FIELDS = ("state", "step", "stability", "difficulty", "due", "last_review")
    REVIEW_FIELDS = (
        *MEMORY_FIELDS,
        "reps",
        "lapses",
        "suspended",
        "leech",
        "buried_until",
    )  # what a review changes

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "question"], name="one_card_per_question")]
        indexes = [
            models.Index(fields=["user", "due"], name="card_queue", condition=Q(suspended=False)),
            models.Index(
                fields=["user", "reps", "created_at"], name="card_new_queue", condition=Q(suspended=False)
            ),
            models.Index(fields=["user", "leech"], name="card_leeches", condition=Q(leech=True)),
        ]

    def __str__(self) -> str:
        return f"{self.user} / {self.question}"

    @property
    def is_new(self) -> bool:
        return self.reps == 0

    @property
    def in_review(self) -> bool:
        """Graduated from learning: forgetting it now is a lapse."""
        return self.state == Card.State.REVIEW and self.reps > 0

    @property
    def is_mature(self) -> bool:
        """In review with an interval of at least 21 days (Anki's split for true retention)."""
        return (
            self.in_review and self.last_review is not None and self.due - self.last_review >= MATURE_INTERVAL
        )

    def memory(self) -> MemoryState:
        return MemoryState(
            state=self.state,
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due,
            last_review=self.last_review,
        )

    def _set_memory(self, state: MemoryState) -> None:
        self.state, self.step = state.state, state.step
        self.stability, self.difficulty = state.stability, state.difficulty
        self.due, self.last_review = state.due, state.last_review

    def _save_change(self, fields: Iterable[str]) -> None:
        """Every change bumps the version, so a review previewed before it is refused as stale."""
        self.version += 1
        self.save(update_fields=[*fields, "version"])

    def record_review(self, *, rating: Rating, outcome: MemoryState, now: datetime) -> None:
        """Apply the previewed ``outcome`` of ``rating``, reviewed at ``now``: a lapse is counted when a card
        in review is forgotten, a card that reaches the leech threshold is marked a leech and suspended,
        and a buried card comes back."""
        lapsed = rating == Rating.AGAIN and self.in_review
        self._set_memory(outcome.reviewed_at(now))
        self.reps += 1
        if lapsed:
            self.lapses += 1
        if is_leech(self.lapses) and not self.leech:
            self.leech = self.suspended = True
        self.buried_until = None
        self._save_change(self.REVIEW_FIELDS)

    def bury(self, until: datetime) -> None:
        """Hidden from the queue until ``until`` (the start of the learner's next day)."""
        self.buried_until = until
        self._save_change(["buried_until"])

    def set_suspended(self, suspended: bool) -> None:
        self.suspended = suspended
        self._save_change(["suspended"])

    def snapshot(self) -> dict:
        """Everything a review changes, JSON-serialisable, so undo restores the card exactly."""
        return {
            **self.memory().to_json(),
            "reps": self.reps,
            "lapses": self.lapses,
            "suspended": self.suspended,
            "leech": self.leech,
            "buried_until": self.buried_until.isoformat() if self.buried_until else None,
            "version": self.version,
        }

    def restore(self, snapshot: dict) -> None:
        """Put back what :meth:`snapshot` saved (undo). The version moves on, not back: a review previewed
        for the state being undone is stale."""
        self._set_memory(MemoryState.from_json(snapshot))
        self.reps, self.lapses = snapshot["reps"], snapshot["lapses"]
        self.suspended, self.leech = snapshot["suspended"], snapshot["leech"]
        self.buried_until = (
            datetime.fromisoformat(snapshot["buried_until"]) if snapshot["buried_until"] else None
        )
        self._save_change(self.REVIEW_FIELDS)


class ReviewLog(models.Model):
    """One review: append-only (undo deletes the latest row and restores the card from ``card_before``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_logs")
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="logs")
    question = models.ForeignKey("quizzes.Question", on_delete=models.CASCADE, related_name="review_logs")
    token = models.UUIDField()
    rating = models.PositiveSmallIntegerField(choices=Rating.choices())
    correct = models.BooleanField(null=True)
    answer = models.TextField(blank=True)
    reviewed_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(default=0)
    day = models.DateField()  # the learner's learning day (their time zone and day-start hour)
    was_new = models.BooleanField(default=False)
    mature = models.BooleanField(default=False)  # interval before this review was >= 21 days
    first_of_day = models.BooleanField(default=False)  # first review of this card on ``day`` (true retention)
    card_before = models.JSONField()
    scheduled_due = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "token"], name="one_review_per_token")]
        indexes = [
            models.Index(fields=["user", "-reviewed_at"], name="log_latest"),
            models.Index(fields=["card", "day"], name="log_card_day"),
        ]

    def __str__(self) -> str:
        return f"{self.user} rated {self.rating} on {self.reviewed_at:%Y-%m-%d}"


class PendingReviewQuerySet(models.QuerySet):
    def open_for(self, card: Card, now: datetime) -> PendingReview:
        """Show ``card`` to its learner now (questions shown more than two days ago are forgotten)."""
        self.filter(user_id=card.user_id, shown_at__lt=now - PENDING_KEPT).delete()
        return self.create(user_id=card.user_id, card=card, card_version=card.version, shown_at=now)


class PendingReview(models.Model):
    """A question shown to a learner: graded answer and the four previewed outcomes, kept server-side so
    the interval on each button is exactly the one applied, and a resubmission changes nothing."""

    token = models.UUIDField(primary_key=True, default=uuid.uuid4)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="+")
    card_version = models.PositiveIntegerField()
    shown_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(blank=True)
    correct = models.BooleanField(null=True)
    feedback = models.TextField(blank=True)
    outcomes = models.JSONField(null=True, blank=True)

    objects = PendingReviewQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["user", "shown_at"], name="pending_user_shown")]

    def __str__(self) -> str:
        return f"{self.user} shown card {self.card_id}"

    def record_answer(self, result: Grade, outcomes: Mapping[Rating, Outcome], now: datetime) -> None:
        """Keep the graded answer and the four previewed outcomes (keyed "1".."4": JSON object keys)."""
        self.outcomes = {
            str(int(rating)): {
                "state": o.state.to_json(),
                "label": o.label,
                "seconds": int(o.interval.total_seconds()),
            }
            for rating, o in outcomes.items()
        }
        self.answered_at, self.answer = now, result.given
        self.correct, self.feedback = result.correct, result.message
        self.save(update_fields=["outcomes", "answered_at", "answer", "correct", "feedback"])

    def allows(self, rating: Rating) -> bool:
        """A wrong answer can only be rated Again."""
        return bool(self.correct) or rating == Rating.AGAIN

    def outcome(self, rating: Rating) -> MemoryState:
        return MemoryState.from_json(self.outcomes[str(int(rating))]["state"])

    def interval_label(self, rating: Rating) -> str:
        return self.outcomes[str(int(rating))]["label"]


class ReviewDay(models.Model):
    """Per learner and learning day: counters updated with each review (and undone with undo)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_days")
    day = models.DateField()
    reviews = models.PositiveIntegerField(default=0)
    new_cards = models.PositiveIntegerField(default=0)
    review_cards = models.PositiveIntegerField(
        default=0
    )  # reviews of cards in review state (the daily limit)
    time_ms = models.PositiveBigIntegerField(default=0)
    young_passed = models.PositiveIntegerField(default=0)
    young_total = models.PositiveIntegerField(default=0)
    mature_passed = models.PositiveIntegerField(default=0)
    mature_total = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_review_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.day}: {self.reviews}"
