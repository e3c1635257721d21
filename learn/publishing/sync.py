"""Import content/ and quizzes/ into the database: check every kind first, then write in one transaction.

Unchanged files are skipped by hash, a renderer upgrade re-renders everything once, and content removed
from the files is archived (hidden, with every learner's progress on it kept). Nothing is written if
any file of any kind has a problem. Running it twice in a row changes nothing the second time.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from learn.core.models import ContentVersion
from learn.lessons.models import Lesson
from learn.publishing import kinds
from learn.publishing.rows import SyncReport
from learn.search.index import rebuild_search_index
from learn.search.models import SearchDocument


def sync_content(
    content_dir: Path | None = None, *, root: Path | None = None, quizzes_dir: Path | None = None
) -> SyncReport:
    content = kinds.load_content(kinds.Sources.configured(content_dir, quizzes_dir, root))
    report = SyncReport(problems=list(content.problems))
    if content.problems:
        return report
    with transaction.atomic():
        for kind in kinds.KINDS:
            if kind.sync is not None:
                kind.sync(content, report)
        if report.changed or not _search_index_ready():
            rebuild_search_index()
        if report.changed:
            ContentVersion.bump()  # cached pages and fragments of the old content are never served again
    return report


def _search_index_ready() -> bool:
    return SearchDocument.objects.exists() or not Lesson.objects.published().exists()
