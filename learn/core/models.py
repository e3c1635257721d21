"""What every row imported from an instructor's file has: where it came from, and whether it is still there.

The files in content/ and quizzes/ are the source of truth; rows are derived from them by
``sync_content``. Content removed from the files is *archived* (hidden, never deleted), so every
learner's progress, cards and history on it survive, and it comes back unchanged if the file returns.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
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


class LearnerVersion(models.Model):
    """One row per learner whose number changes whenever something of theirs may have changed (any
    form they post, see :mod:`learn.core.learnercache`), so their cached pages are never served after a
    change, on any app server: each cached page's request reads it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    value = models.BigIntegerField()

    def __str__(self) -> str:
        return f"version {self.value} of learner {self.user_id}"

    @classmethod
    def bump(cls, user_id: int) -> None:
        """A new random value (as :meth:`ContentVersion.bump`), in one statement that inserts or updates
        the row, and writes nothing for a user who no longer exists (deleted in the same request)."""
        from django.db import connection

        table, users = cls._meta.db_table, get_user_model()._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (user_id, value) SELECT id, %s FROM {users} WHERE id = %s "  # noqa: S608
                "ON CONFLICT (user_id) DO UPDATE SET value = excluded.value",
                [secrets.randbelow(2**62) + 1, user_id],
            )


def versions(user_id: int) -> tuple[int, int]:
    """The content version and the learner's version, in one read (0 for a missing row)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT value FROM {ContentVersion._meta.db_table} WHERE id = 1), "  # noqa: S608
            f"(SELECT value FROM {LearnerVersion._meta.db_table} WHERE user_id = %s)",
            [user_id],
        )
        content, learner = cursor.fetchone()
    return content or 0, learner or 0
