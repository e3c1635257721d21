"""A learner's own review history as CSV, streamed so a long history never sits in memory."""

from __future__ import annotations

import io
from collections.abc import Iterator

from django.db.models import QuerySet

from learn.core.spreadsheet import SafeWriter

HEADER = ["reviewed_at_utc", "learning_day", "question", "rating", "correct", "answer", "duration_ms"]


def review_history_rows(logs: QuerySet) -> Iterator[str]:
    """CSV lines: the header, then one line per review (``logs`` of ReviewLog, with their questions)."""
    buffer = io.StringIO()
    writer = SafeWriter(buffer)

    def flush() -> str:
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return value

    writer.writerow(HEADER)
    yield flush()
    for log in logs.iterator(chunk_size=2000):
        writer.writerow(
            [
                log.reviewed_at.isoformat(),
                log.day.isoformat(),
                log.question.qid,
                log.rating,
                "" if log.correct is None else int(log.correct),
                log.answer,
                log.duration_ms,
            ]
        )
        yield flush()
