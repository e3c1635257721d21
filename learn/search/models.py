"""One row per searchable page (lesson or glossary term), derived from content by sync_content.

On SQLite an FTS5 table (``search_fts``, created in the migration) indexes these rows; on PostgreSQL
the query uses full-text search over the same columns.
"""

from __future__ import annotations

from django.db import models


class SearchDocument(models.Model):
    class Kind(models.TextChoices):
        LESSON = "lesson", "Lesson"
        GLOSSARY = "glossary", "Glossary"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    slug = models.SlugField()
    title = models.CharField(max_length=200)
    context = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    url = models.CharField(max_length=300)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "slug"], name="search_document_unique")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"
