"""Tracks, lessons, learning outcomes and glossary terms, imported from files in content/.

Rendered, sanitised HTML is stored with the hash of what it was rendered from and the renderer version
(see :class:`learn.core.models.SourceRecord`), so a page view does no Markdown work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Count, Q, Value
from django.urls import reverse

from learn.core.models import PublishedQuerySet, SourceRecord

if TYPE_CHECKING:
    from learn.lessons.glossary_file import GlossaryEntry
    from learn.lessons.lessonfile import LessonSpec, OutcomeSpec, TrackSpec
    from learn.lessons.rendering import Rendered


class TrackQuerySet(PublishedQuerySet):
    def with_progress(self, user):
        """Published tracks with ``lessons_total`` (published lessons) and ``lessons_done`` (those the
        learner completed; 0 for a visitor) annotated."""
        published = Q(lessons__archived=False)
        tracks = self.published().annotate(lessons_total=Count("lessons", filter=published, distinct=True))
        if not user.is_authenticated:
            return tracks.annotate(lessons_done=Value(0))
        done = published & Q(lessons__completions__user=user)
        return tracks.annotate(lessons_done=Count("lessons", filter=done, distinct=True))

    def readable(self, user):
        """:meth:`with_progress`, keeping only the tracks with at least one published lesson: a track whose
        ``_track.md`` is published while its lessons are still being written has nothing to read yet."""
        return self.with_progress(user).filter(lessons_total__gt=0)


class Track(SourceRecord):
    slug = models.SlugField(unique=True)
    code = models.CharField(max_length=4)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=500, blank=True)
    cfa_anchor = models.CharField(max_length=500, blank=True)
    order = models.PositiveIntegerField(default=0)
    intro_html = models.TextField(blank=True)

    objects = TrackQuerySet.as_manager()

    class Meta:
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("lessons:track", args=[self.slug])

    def update_from(self, spec: TrackSpec, *, intro: Rendered) -> None:
        """Take the file's values (the caller saves, with the source fields)."""
        self.code, self.title, self.order = spec.code, spec.title, spec.order
        self.summary, self.cfa_anchor = spec.summary, spec.cfa_anchor
        self.intro_html, self.source_path = intro.html, spec.path

    @property
    def progress_percent(self) -> int:
        """Share of lessons done, for a track from :meth:`TrackQuerySet.with_progress`."""
        return round(100 * self.lessons_done / self.lessons_total) if self.lessons_total else 0


# A lesson's rendered text: tens of kilobytes a lesson, read only by the lesson page (and search).
LESSON_BODY = ("body_html", "body_text", "toc", "sources")


class LessonQuerySet(PublishedQuerySet):
    def in_reading_order(self):
        return self.order_by("track__order", "track__slug", "order", "slug")

    def completed_by(self, user):
        """The lessons the learner marked complete (none for a visitor)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(completions__user=user)

    def next_for(self, user) -> Lesson | None:
        """The first published lesson, in reading order, that the learner has not completed."""
        lessons = self.published().filter(track__archived=False).in_reading_order().select_related("track")
        lessons = lessons.defer(*LESSON_BODY, "track__intro_html")
        if user.is_authenticated:
            lessons = lessons.exclude(completions__user=user)
        return lessons.first()


class Lesson(SourceRecord):
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="lessons")
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=500, blank=True)
    order = models.PositiveIntegerField(default=0)
    minutes = models.PositiveIntegerField(default=10)
    body_html = models.TextField(blank=True)
    body_text = models.TextField(blank=True)
    toc = models.JSONField(default=list, blank=True)
    sources = models.JSONField(default=list, blank=True)
    as_of = models.DateField(null=True, blank=True)
    prerequisites = models.ManyToManyField("self", symmetrical=False, related_name="unlocks", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["track__order", "order", "slug"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("lessons:lesson", args=[self.slug])

    def update_from(self, spec: LessonSpec, *, track: Track, body: Rendered) -> None:
        """Take the file's values and its rendered body (the caller saves, with the source fields)."""
        self.track = track
        self.title, self.summary, self.order, self.minutes = (
            spec.title,
            spec.summary,
            spec.order,
            spec.minutes,
        )
        self.body_html, self.body_text = body.html, body.text
        self.toc = [{"level": e.level, "id": e.id, "title": e.title} for e in body.toc]
        self.sources, self.as_of, self.source_path = spec.sources, spec.as_of, spec.path

    def set_outcomes(self, outcomes: list[OutcomeSpec]) -> None:
        """The lesson's outcomes, in file order, by their stable code (questions and mastery hang on it)."""
        for position, outcome in enumerate(outcomes):
            LearningOutcome.objects.update_or_create(
                code=outcome.id,
                defaults={"lesson": self, "text": outcome.text, "order": position, "archived": False},
            )


class LearningOutcome(models.Model):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="outcomes")
    code = models.CharField(max_length=20, unique=True)
    text = models.TextField()
    order = models.PositiveIntegerField(default=0)
    archived = models.BooleanField(default=False)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class GlossaryTerm(SourceRecord):
    slug = models.SlugField(unique=True)
    term = models.CharField(max_length=200)
    aliases = models.JSONField(default=list, blank=True)
    definition = models.TextField()
    engineer = models.TextField(blank=True)
    see_also = models.JSONField(default=list, blank=True)
    lessons = models.ManyToManyField(Lesson, related_name="glossary_terms", blank=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

    def get_absolute_url(self) -> str:
        return reverse("lessons:glossary") + f"#{self.slug}"

    def update_from(self, entry: GlossaryEntry, *, path: str) -> None:
        self.term, self.aliases, self.definition = entry.term, entry.aliases, entry.definition
        self.engineer, self.see_also, self.source_path = entry.engineer, entry.see_also, path
