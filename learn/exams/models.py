"""Timed mock exams: questions drawn from tracks by weight; the clock is enforced on the server."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from learn.quizzes.answers import Answer


class AttemptQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class ExamAttempt(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exam_attempts")
    started_at = models.DateTimeField()
    deadline = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds_per_question = models.PositiveSmallIntegerField(default=90)
    weights = models.JSONField(default=dict)  # track slug -> weight, as chosen
    questions = models.ManyToManyField("quizzes.Question", through="ExamAnswer", related_name="+")

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["user", "-started_at"], name="attempt_latest")]

    def __str__(self) -> str:
        return f"{self.user} exam {self.started_at:%Y-%m-%d %H:%M}"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.finished_at is None and now < self.deadline

    def seconds_left(self, now=None) -> int:
        now = now or timezone.now()
        return max(0, int((self.deadline - now).total_seconds()))

    def clock(self, now=None) -> str:
        """The time left as the exam page shows it: "12:05"."""
        return "{}:{:02d}".format(*divmod(self.seconds_left(now), 60))

    def unanswered_positions(self) -> list[int]:
        return list(self.answers.filter(answered_at__isnull=True).values_list("position", flat=True))


class ExamAnswer(models.Model):
    attempt = models.ForeignKey(ExamAttempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey("quizzes.Question", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    response = models.JSONField(null=True, blank=True)  # what the learner submitted (None: unanswered)
    answer_text = models.TextField(blank=True)
    correct = models.BooleanField(null=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="one_answer_per_question"),
            models.UniqueConstraint(fields=["attempt", "position"], name="one_question_per_position"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt} Q{self.position}"

    @property
    def saved_answer(self) -> Answer:
        """What is saved, as the answer fields redraw it: a reload (or the next autosave) keeps it."""
        return Answer.from_stored(self.question, self.response)
