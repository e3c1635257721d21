"""What every row imported from an instructor's file has: where it came from, and whether it is still there.

The files in content/ and quizzes/ are the source of truth; rows are derived from them by
``sync_content``. Content removed from the files is *archived* (hidden, never deleted), so every
learner's progress, cards and history on it survive, and it comes back unchanged if the file returns.
"""

from __future__ import annotations

import secrets

from django.db import models


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(archived=False)


class SourceRecord(models.Model):
    source_path = models.CharField(max_length=500)
    source_hash = models.CharField(
        max_length=64
    )  # of what the row was built from: unchanged files are skipped
    renderer_version = models.PositiveIntegerField(default=0)  # a renderer upgrade re-renders every row once
    archived = models.BooleanField(default=False)

    class Meta:
        abstract = True


class ContentVersion(models.Model):
    """One row whose number goes up whenever published content changes (``sync_content``), so cached pages
    and fragments keyed by it are never served after a change, on any app server: each request reads it."""

    value = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"content version {self.value}"

    @classmethod
    def current(cls) -> int:
        """The current number, in one indexed read (plain SQL: this runs on every cached page)."""
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(f"SELECT value FROM {cls._meta.db_table} WHERE id = 1")  # noqa: S608 (our table)
            row = cursor.fetchone()
        return row[0] if row else 0

    @classmethod
    def bump(cls) -> None:
        """A new random value rather than the next number: a database restored from a backup, or another
        database sharing the cache, can never bring back a number whose cached pages show other content."""
        cls.objects.update_or_create(pk=1, defaults={"value": secrets.randbelow(2**62) + 1})
