"""One row per searchable page (lesson, glossary term, calculator), derived by sync_content.

On SQLite an FTS5 table (``search_fts``, created in the migrations) indexes title, aliases and body; on
PostgreSQL a ``search_vector`` tsvector column (also added by a migration, outside this model) holds
the same three columns, weighted A, B and C. See learn/search/index.py.
"""

from __future__ import annotations

from django.db import models


class SearchDocument(models.Model):
    class Kind(models.TextChoices):
        LESSON = "lesson", "Lesson"
        GLOSSARY = "glossary", "Glossary"
        CALCULATOR = "calculator", "Calculator"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    slug = models.SlugField()
    title = models.CharField(max_length=200)
    # One per line (glossary aliases, a calculator's heading and card title); weighted below the title.
    aliases = models.TextField(blank=True, default="")
    # The title and each alias as their words (learn.search.text.words), one per line, with a newline at
    # both ends: "\nreturn on equity\nroe\n". A query that is exactly one of them ranks that page first.
    names = models.TextField(blank=True, default="")
    context = models.CharField(max_length=200, blank=True)
    body = models.TextField()  # plain text; the snippet is cut from it
    url = models.CharField(max_length=300)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "slug"], name="search_document_unique")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"
