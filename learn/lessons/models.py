"""Tracks, lessons, learning outcomes and glossary terms, imported from files in content/.

The Markdown files are the source of truth; these rows are derived from them by ``sync_content``.
Rendered, sanitised HTML is stored with the hash of what it was rendered from and the renderer version,
so a page view does no Markdown work. Content removed from the files is archived, never deleted, so
learners' progress on it survives.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(archived=False)


class Track(models.Model):
    slug = models.SlugField(unique=True)
    code = models.CharField(max_length=4)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=500, blank=True)
    cfa_anchor = models.CharField(max_length=500, blank=True)
    order = models.PositiveIntegerField(default=0)
    intro_html = models.TextField(blank=True)
    source_path = models.CharField(max_length=500)
    source_hash = models.CharField(max_length=64)
    renderer_version = models.PositiveIntegerField(default=0)
    archived = models.BooleanField(default=False)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("lessons:track", args=[self.slug])


class LessonQuerySet(PublishedQuerySet):
    def in_reading_order(self):
        return self.order_by("track__order", "track__slug", "order", "slug")


class Lesson(models.Model):
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
    source_path = models.CharField(max_length=500)
    source_hash = models.CharField(max_length=64)
    renderer_version = models.PositiveIntegerField(default=0)
    archived = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["track__order", "order", "slug"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("lessons:lesson", args=[self.slug])


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


class GlossaryTerm(models.Model):
    slug = models.SlugField(unique=True)
    term = models.CharField(max_length=200)
    aliases = models.JSONField(default=list, blank=True)
    definition = models.TextField()
    engineer = models.TextField(blank=True)
    see_also = models.JSONField(default=list, blank=True)
    lessons = models.ManyToManyField(Lesson, related_name="glossary_terms", blank=True)
    source_hash = models.CharField(max_length=64)
    archived = models.BooleanField(default=False)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

    def get_absolute_url(self) -> str:
        return reverse("lessons:glossary") + f"#{self.slug}"
