"""Progress workflows that touch several models."""

from __future__ import annotations

from datetime import datetime

from learn.lessons.models import Lesson
from learn.progress.models import LessonCompletion
from learn.reviews.models import Card


def complete_lesson(user, lesson: Lesson, now: datetime) -> None:
    """Mark ``lesson`` complete for ``user`` (once, however often it is sent); its questions join the
    learner's review queue."""
    LessonCompletion.objects.get_or_create(user=user, lesson=lesson, defaults={"completed_at": now})
    Card.objects.add_for(user, lesson.questions.active(), now)
