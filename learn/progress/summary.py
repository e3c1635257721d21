"""What a learner has done: per-track completion and the next lesson to read."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from learn.lessons.models import Lesson, Track
from learn.progress.models import LessonCompletion


@dataclass(frozen=True)
class TrackProgress:
    track: Track
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def tracks_with_progress(user) -> list[TrackProgress]:
    published = Q(lessons__archived=False)
    tracks = Track.objects.published().annotate(total=Count("lessons", filter=published, distinct=True))
    if user.is_authenticated:
        tracks = tracks.annotate(
            done=Count("lessons", filter=published & Q(lessons__completions__user=user), distinct=True)
        )
    return [TrackProgress(t, getattr(t, "done", 0), t.total) for t in tracks]


def completed_lesson_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(LessonCompletion.objects.for_user(user).values_list("lesson_id", flat=True))


def next_lesson(user) -> Lesson | None:
    """The first published lesson, in reading order, that the learner has not completed."""
    lessons = Lesson.objects.published().filter(track__archived=False).in_reading_order().select_related("track")
    if user.is_authenticated:
        lessons = lessons.exclude(completions__user=user)
    return lessons.first()
