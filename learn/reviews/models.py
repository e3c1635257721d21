"""Spaced repetition: one card per learner and question, an append-only review log, per-learner settings.

The card's FSRS memory state lives in columns; every review is one ReviewLog row written in the same
transaction as the card update, with the state before it (so undo restores the card exactly). A
ReviewDay row per learner and day aggregates what the dashboard needs, so no page scans a learner's
whole history.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from learn.reviews.scheduling import MemoryState, SchedulerSettings


class ReviewSettings(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_settings")
    desired_retention = models.FloatField(
        default=0.90, validators=[MinValueValidator(0.80), MaxValueValidator(0.97)],
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

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "question"], name="one_card_per_question")]
        indexes = [
            models.Index(fields=["user", "due"], name="card_queue", condition=Q(suspended=False)),
            models.Index(fields=["user", "reps", "created_at"], name="card_new_queue", condition=Q(suspended=False)),
            models.Index(fields=["user", "leech"], name="card_leeches", condition=Q(leech=True)),
        ]

    def __str__(self) -> str:
        return f"{self.user} / {self.question}"

    @property
    def is_new(self) -> bool:
        return self.reps == 0

    def memory(self) -> MemoryState:
        return MemoryState(
            state=self.state, step=self.step, stability=self.stability, difficulty=self.difficulty,
            due=self.due, last_review=self.last_review,
        )

    def snapshot(self) -> dict:
        """Everything a review changes, JSON-serialisable, so undo restores the card exactly."""
        return {
            "state": self.state, "step": self.step, "stability": self.stability, "difficulty": self.difficulty,
            "due": self.due.isoformat(), "last_review": self.last_review.isoformat() if self.last_review else None,
            "reps": self.reps, "lapses": self.lapses, "suspended": self.suspended, "leech": self.leech,
            "buried_until": self.buried_until.isoformat() if self.buried_until else None, "version": self.version,
        }

    def restore(self, snapshot: dict) -> None:
        from datetime import datetime

        def parse(value):
            return datetime.fromisoformat(value) if value else None

        self.state, self.step = snapshot["state"], snapshot["step"]
        self.stability, self.difficulty = snapshot["stability"], snapshot["difficulty"]
        self.due, self.last_review = parse(snapshot["due"]), parse(snapshot["last_review"])
        self.reps, self.lapses = snapshot["reps"], snapshot["lapses"]
        self.suspended, self.leech = snapshot["suspended"], snapshot["leech"]
        self.buried_until = parse(snapshot["buried_until"])


class ReviewLog(models.Model):
    """One review: append-only (undo deletes the latest row and restores the card from ``card_before``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_logs")
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="logs")
    question = models.ForeignKey("quizzes.Question", on_delete=models.CASCADE, related_name="review_logs")
    token = models.UUIDField()
    rating = models.PositiveSmallIntegerField()
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

    class Meta:
        indexes = [models.Index(fields=["user", "shown_at"], name="pending_user_shown")]

    def __str__(self) -> str:
        return f"{self.user} shown card {self.card_id}"


class ReviewDay(models.Model):
    """Per learner and learning day: counters updated with each review (and undone with undo)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_days")
    day = models.DateField()
    reviews = models.PositiveIntegerField(default=0)
    new_cards = models.PositiveIntegerField(default=0)
    review_cards = models.PositiveIntegerField(default=0)  # reviews of cards in review state (the daily limit)
    time_ms = models.PositiveBigIntegerField(default=0)
    young_passed = models.PositiveIntegerField(default=0)
    young_total = models.PositiveIntegerField(default=0)
    mature_passed = models.PositiveIntegerField(default=0)
    mature_total = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_review_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.day}: {self.reviews}"
