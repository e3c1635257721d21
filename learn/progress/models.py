"""A learner's progress through lessons. Rows point at lessons, which are archived, never deleted, so
progress survives content changes."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CompletionQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class LessonCompletion(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="completions")
    lesson = models.ForeignKey("lessons.Lesson", on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField()

    objects = CompletionQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="one_completion_per_lesson")]
        indexes = [models.Index(fields=["user", "-completed_at"])]

    def __str__(self) -> str:
        return f"{self.user} completed {self.lesson}"
