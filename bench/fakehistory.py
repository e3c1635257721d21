"""Made-up review history for the benchmarks (bench_reviews.py, pages_data.py). Import it after
django.setup()."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta


def review_logs(user, cards: Sequence[tuple[int, int]], n: int, now: datetime) -> Iterator:
    """``n`` Good reviews spread evenly over the year before ``now``, cycling over ``cards``
    ((card id, question id) pairs)."""
    from learn.reviews.models import ReviewLog

    for i in range(n):
        card_id, question = cards[i % len(cards)]
        when = now - timedelta(days=365 * (1 - i / n), seconds=i % 3600)
        yield ReviewLog(
            user=user,
            card_id=card_id,
            question_id=question,
            token=uuid.uuid4(),
            rating=3,
            correct=True,
            reviewed_at=when,
            duration_ms=5000,
            day=when.date(),
            card_before={},
            scheduled_due=when,
        )
