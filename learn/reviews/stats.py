"""Dashboard statistics: retrievability, streaks, true retention, forecast, exam planning, leeches.

Pure functions over plain values (no Django) so they are cheap to test and to vectorise. The
retrievability formula is FSRS-6's, matched to ``fsrs.Scheduler.get_card_retrievability`` including its
counting of elapsed time in whole days. Re-exported by :mod:`learn.reviews.scheduling`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

import numpy as np
from fsrs.scheduler import DEFAULT_PARAMETERS

LEECH_THRESHOLD = 8  # Anki: tagged and suspended at 8 lapses, warned again every 4 after


def _decay_and_factor(parameters: Sequence[float] | None) -> tuple[float, float]:
    """FSRS-6's forgetting-curve shape, computed as fsrs does (same float operations, same order)."""
    w = DEFAULT_PARAMETERS if parameters is None else tuple(parameters)
    if len(w) < 21:
        raise ValueError(f"FSRS-6 needs 21 parameters, got {len(w)}")
    decay = -w[20]
    factor = 0.9 ** (1 / decay) - 1
    return decay, factor


def elapsed_days(last_review: datetime, when: datetime) -> int:
    """Whole days since the last review, never negative: fsrs truncates (``timedelta.days``), so a
    card reviewed 23 hours ago has 0 elapsed days and full retrievability."""
    for name, value in (("last_review", last_review), ("when", when)):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"{name} must be timezone-aware (got naive {value.isoformat()})")
    return max(0, (when - last_review).days)


def retrievability(
    stability: np.ndarray, elapsed_days: np.ndarray, parameters: Sequence[float] | None = None
) -> np.ndarray:
    """Probability of recall, R = (1 + factor * t / S) ** decay, elementwise.

    ``stability`` may hold NaN/None for never-reviewed cards: their R is 0, as fsrs returns for a card
    with no review. Pass ``elapsed_days`` from :func:`elapsed_days` to agree with fsrs exactly.
    """
    decay, factor = _decay_and_factor(parameters)
    s = np.asarray(stability, dtype=float)  # None becomes NaN
    t = np.maximum(np.asarray(elapsed_days, dtype=float), 0.0)
    s, t = np.broadcast_arrays(s, t)
    seen = np.isfinite(s) & (s > 0) & np.isfinite(t)
    out = np.zeros(s.shape, dtype=float)
    out[seen] = (1 + factor * t[seen] / s[seen]) ** decay
    return out


def predicted_recall(
    stabilities: Iterable[float | None],
    last_reviews: Iterable[datetime | None],
    when: datetime,
    n_unseen: int,
    parameters: Sequence[float] | None = None,
) -> float:
    """Mean predicted recall at ``when`` over reviewed and unseen cards (unseen count as 0), so a topic
    the learner has barely started cannot look mastered."""
    pairs = list(zip(stabilities, last_reviews, strict=True))
    if n_unseen < 0:
        raise ValueError("n_unseen cannot be negative")
    # a card with no stability or no last review has never been reviewed: R = 0, like an unseen card
    s = np.array([math.nan if v is None or r is None else v for v, r in pairs], dtype=float)
    t = np.array([0 if r is None else elapsed_days(r, when) for _, r in pairs], dtype=float)
    total = len(s) + n_unseen
    if total == 0:
        return 0.0
    return float(retrievability(s, t, parameters).sum() / total)


def streak(review_days: set[date], today: date) -> int:
    """Consecutive days with reviews ending today, or ending yesterday when today has none yet (as Anki
    does: the streak is not lost until the day is over)."""
    day = today if today in review_days else today - timedelta(days=1)
    count = 0
    while day in review_days:
        count += 1
        day -= timedelta(days=1)
    return count


def true_retention(first_reviews: Iterable[tuple[int, bool]]) -> dict[str, tuple[int, int, float | None]]:
    """Anki's true retention from (rating, mature) pairs, one per card and day (its first review).

    Passed means anything but Again. Returns ``{"mature"|"young"|"all": (passed, total, rate)}`` with
    rate None when there is nothing to measure (rather than a misleading 0%).
    """
    counts = {"mature": [0, 0], "young": [0, 0]}
    for rating, mature in first_reviews:
        if rating not in (1, 2, 3, 4):
            raise ValueError(f"rating must be 1..4, got {rating!r}")
        bucket = counts["mature" if mature else "young"]
        bucket[0] += rating > 1
        bucket[1] += 1
    counts["all"] = [counts["mature"][0] + counts["young"][0], counts["mature"][1] + counts["young"][1]]
    return {key: (p, n, (p / n) if n else None) for key, (p, n) in counts.items()}


def forecast(due_before: Sequence[int], today: date) -> list[tuple[date, int]]:
    """Cards due on each learning day from today, from cumulative counts.

    ``due_before[i]`` is the number of cards due before learning day ``today + i`` ends, overdue cards
    included, so overdue cards are counted on today (they will be shown today) and those beyond the
    last day are left out. Cumulative counts are what a database answers cheaply: one filtered COUNT
    per day boundary, with no per-card date arithmetic.
    """
    counts = [n - (due_before[i - 1] if i else 0) for i, n in enumerate(due_before)]
    if any(n < 0 for n in counts):
        raise ValueError("cumulative counts must not decrease")
    return [(today + timedelta(days=i), n) for i, n in enumerate(counts)]


def new_cards_per_day_needed(
    remaining_new: int, today: date, exam_date: date, buffer_days: int = 7
) -> int | None:
    """New cards a day to have met every card ``buffer_days`` before the exam (the last days are for
    reviews only, as the dashboard tells the learner).

    Today counts as a study day and the target day (exam minus buffer) does not. None once the target
    day has come: the remaining new cards can no longer be fitted in, and the dashboard says "focus on
    reviews" rather than printing an impossible pace. Nothing left to learn gives 0.
    """
    days = (exam_date - timedelta(days=buffer_days) - today).days
    if days <= 0:
        return None
    if remaining_new <= 0:
        return 0
    return math.ceil(remaining_new / days)


def is_leech(lapses: int, threshold: int = LEECH_THRESHOLD) -> bool:
    """A card forgotten ``threshold`` times is a leech: Anki tags and suspends it (it wastes reviews)."""
    return lapses >= threshold


def leech_warning(lapses: int, threshold: int = LEECH_THRESHOLD) -> bool:
    """Anki warns at the threshold and then every half-threshold lapses (8, 12, 16, ... by default)."""
    step = max(threshold // 2, 1)
    return lapses >= threshold and (lapses - threshold) % step == 0
