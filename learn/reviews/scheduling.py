"""Pure scheduling maths for spaced repetition: no Django, no database, no clock of its own.

The fsrs package (py-fsrs 6.3.x) computes memory states, but it has no preview, no learner day, no
daily limits and no statistics. This module adds those, keeping every number identical to what
``fsrs.Scheduler.review_card`` would produce, so cards saved today stay valid after a library upgrade
and the interval printed on an answer button is exactly the one applied.

Everything takes ``now`` explicitly (aware datetimes only) so callers and tests control the clock.
The dashboard statistics live in :mod:`learn.reviews.stats` and are re-exported here. At a little over
400 lines it stays one module: preview, fuzz and the learner's day are one algorithm read together.
"""

from __future__ import annotations

import enum
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import fsrs
from fsrs.scheduler import FUZZ_RANGES

from learn.reviews.stats import (
    LEECH_THRESHOLD,
    elapsed_days,
    forecast,
    is_leech,
    leech_warning,
    new_cards_per_day_needed,
    predicted_recall,
    retrievability,
    streak,
    true_retention,
)

__all__ = [
    "LEARN_AHEAD",
    "LEECH_THRESHOLD",
    "MemoryState",
    "Outcome",
    "Rating",
    "SchedulerSettings",
    "day_bounds",
    "elapsed_days",
    "forecast",
    "format_interval",
    "is_due",
    "is_leech",
    "leech_warning",
    "learning_day",
    "new_cards_per_day_needed",
    "next_day_start",
    "predicted_recall",
    "preview",
    "retrievability",
    "streak",
    "true_retention",
]

MIN_RETENTION = 0.80
MAX_RETENTION = 0.97  # Anki advises staying below this: the workload grows steeply above it
LEARN_AHEAD = timedelta(
    minutes=20
)  # Anki's: a learning card due this soon may be shown rather than end a session


class Rating(enum.IntEnum):
    """How well the learner knew a card: fsrs's four ratings, with the same numbers (stored in the review
    log, sent by the answer buttons). A plain enum so this module needs no Django; the model's field
    choices are built from it."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        return self.name.capitalize()

    @classmethod
    def choices(cls) -> list[tuple[int, str]]:
        return [(int(r), r.label) for r in cls]


# One generator of our own for unseeded fuzz: fsrs draws from the module-level ``random``, which other
# code shares and may reseed; our previews neither depend on nor disturb it.
_RNG = random.Random()


def _utc(value: datetime, name: str) -> datetime:
    """An aware datetime converted to ``datetime.UTC``: fsrs refuses any other tzinfo, even
    ZoneInfo("UTC")."""
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (got naive {value.isoformat()})")
    return value.astimezone(UTC)


@dataclass(frozen=True)
class MemoryState:
    """A card's FSRS memory state, exactly the columns the Card model stores.

    There is no "New" state in FSRS 6: a new card is Learning at step 0 with no stability yet.
    Datetimes are normalised to ``datetime.UTC`` so states compare equal whatever offset object the
    database driver or ``fromisoformat`` produced.
    """

    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None

    def __post_init__(self) -> None:
        state = int(self.state)  # the model passes IntegerChoices; store a plain int
        if state not in (1, 2, 3):
            raise ValueError(f"state must be 1 (Learning), 2 (Review) or 3 (Relearning), got {self.state!r}")
        object.__setattr__(self, "state", state)
        if state == fsrs.State.Learning and self.step is None:
            object.__setattr__(self, "step", 0)  # as fsrs.Card does, so round trips compare equal
        elif self.step is not None:
            object.__setattr__(self, "step", int(self.step))
        for name in ("stability", "difficulty"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, float(value))
        object.__setattr__(self, "due", _utc(self.due, "due"))
        if self.last_review is not None:
            object.__setattr__(self, "last_review", _utc(self.last_review, "last_review"))

    @classmethod
    def new(cls, now: datetime) -> MemoryState:
        """A never-reviewed card, due immediately (what ``fsrs.Card()`` builds, minus its clock)."""
        return cls(
            state=int(fsrs.State.Learning), step=0, stability=None, difficulty=None, due=now, last_review=None
        )

    def to_fsrs(self, card_id: int) -> fsrs.Card:
        """The fsrs card; pass our primary key, since ``Card()`` without one sleeps 1 ms to invent one."""
        return fsrs.Card(
            card_id=card_id,
            state=fsrs.State(self.state),
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due,
            last_review=self.last_review,
        )

    @classmethod
    def from_fsrs(cls, card: fsrs.Card) -> MemoryState:
        return cls(
            state=int(card.state),
            step=card.step,
            stability=card.stability,
            difficulty=card.difficulty,
            due=card.due,
            last_review=card.last_review,
        )

    def to_json(self) -> dict[str, Any]:
        """The state as JSON-ready values. These keys are stored (a review log's card before it, a shown
        question's previewed outcomes), so they never change: :meth:`from_json` reads every row back."""
        return {
            "state": self.state,
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": self.due.isoformat(),
            "last_review": self.last_review.isoformat() if self.last_review else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MemoryState:
        return cls(
            state=data["state"],
            step=data["step"],
            stability=data["stability"],
            difficulty=data["difficulty"],
            due=datetime.fromisoformat(data["due"]),
            last_review=datetime.fromisoformat(data["last_review"]) if data["last_review"] else None,
        )

    def reviewed_at(self, now: datetime) -> MemoryState:
        """This outcome as if reviewed at ``now``, with the same interval: an outcome is previewed when the
        answer is graded, and the interval on the button must run from when it is pressed."""
        if self.last_review is None:
            return self
        return replace(self, due=_utc(now, "now") + (self.due - self.last_review), last_review=now)


def _steps(value: Sequence[timedelta], name: str) -> tuple[timedelta, ...]:
    steps = tuple(value)
    for step in steps:
        if not isinstance(step, timedelta) or step <= timedelta(0):
            raise ValueError(f"{name} must be positive timedeltas, got {step!r}")
    return steps


@dataclass(frozen=True)
class SchedulerSettings:
    """A learner's scheduler options, validated once so a bad value fails at save time, not mid-review.

    ``parameters`` is None for the fsrs defaults; otherwise FSRS-6's 21 weights (checked against the
    package's bounds here, by building a scheduler).
    """

    desired_retention: float = 0.90
    maximum_interval: int = 36500
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    parameters: tuple[float, ...] | None = None
    enable_fuzzing: bool = True

    def __post_init__(self) -> None:
        retention = self.desired_retention
        if (
            isinstance(retention, bool)
            or not isinstance(retention, (int, float))
            or not (MIN_RETENTION <= retention <= MAX_RETENTION)
        ):
            raise ValueError(
                f"desired_retention must be between {MIN_RETENTION:.2f} and {MAX_RETENTION:.2f} "
                f"(got {retention!r}); above {MAX_RETENTION:.2f} the review load grows steeply"
            )
        object.__setattr__(self, "desired_retention", float(retention))
        if (
            isinstance(self.maximum_interval, bool)
            or int(self.maximum_interval) != self.maximum_interval
            or self.maximum_interval < 1
        ):
            raise ValueError(
                f"maximum_interval must be a whole number of days >= 1, got {self.maximum_interval!r}"
            )
        object.__setattr__(self, "maximum_interval", int(self.maximum_interval))
        object.__setattr__(self, "learning_steps", _steps(self.learning_steps, "learning_steps"))
        object.__setattr__(self, "relearning_steps", _steps(self.relearning_steps, "relearning_steps"))
        if self.parameters is not None:
            object.__setattr__(self, "parameters", tuple(float(w) for w in self.parameters))
        self.scheduler()  # fsrs validates the parameter count and bounds (ValueError)

    def scheduler(self) -> fsrs.Scheduler:
        """A fresh fsrs scheduler with these settings (cheap; schedulers hold no state)."""
        kwargs: dict[str, Any] = {}
        if self.parameters is not None:
            kwargs["parameters"] = self.parameters
        return fsrs.Scheduler(
            desired_retention=self.desired_retention,
            learning_steps=self.learning_steps,
            relearning_steps=self.relearning_steps,
            maximum_interval=self.maximum_interval,
            enable_fuzzing=self.enable_fuzzing,
            **kwargs,
        )


@dataclass(frozen=True)
class Outcome:
    """What pressing one button would do: the caller stores all four and commits the chosen one."""

    rating: Rating
    state: MemoryState
    interval: timedelta
    label: str
    log: dict  # fsrs ReviewLog.to_dict(): review_duration is None until the caller measures it


def _fuzz_range(interval_days: int, maximum_interval: int) -> tuple[int, int]:
    """fsrs 6.3.2's ``_get_fuzz_range``, line for line (the bounds are inclusive)."""
    delta = 1.0
    for fuzz_range in FUZZ_RANGES:
        delta += fuzz_range["factor"] * max(
            min(float(interval_days), fuzz_range["end"]) - fuzz_range["start"], 0.0
        )
    min_ivl = round(interval_days - delta)
    max_ivl = round(interval_days + delta)
    min_ivl = max(2, min_ivl)
    max_ivl = min(max_ivl, maximum_interval)
    min_ivl = min(min_ivl, max_ivl)
    return min_ivl, max_ivl


def _fuzzed_days(interval_days: int, maximum_interval: int, rng: random.Random) -> int:
    """fsrs 6.3.2's ``_get_fuzzed_interval`` with the generator passed in instead of module ``random``.

    Same formula and same number of draws (none below 2.5 days), so a ``random.Random(seed)`` here
    gives exactly what ``random.seed(seed)`` followed by ``review_card`` gives; a test proves it.
    """
    if interval_days < 2.5:
        return interval_days
    min_ivl, max_ivl = _fuzz_range(interval_days, maximum_interval)
    fuzzed = rng.random() * (max_ivl - min_ivl + 1) + min_ivl
    return min(round(fuzzed), maximum_interval)


def preview(
    state: MemoryState,
    *,
    card_id: int,
    now: datetime,
    settings: SchedulerSettings,
    rng_seed: int | None = None,
) -> dict[Rating, Outcome]:
    """The four possible outcomes of reviewing ``state`` at ``now``, computed once, fuzz included.

    fsrs fuzzes inside ``review_card`` with the module-level ``random``, so calling it again when the
    button is pressed would apply a different interval from the one shown. Here fsrs computes the
    unfuzzed card, then the fuzz is drawn from our own generator (``random.Random(rng_seed)``, or a
    private one when no seed is given), one independent draw per rating in the order Again..Easy,
    exactly as four successive ``review_card`` calls would draw. Nothing global is seeded or restored,
    so concurrent requests cannot disturb each other's previews.
    """
    now = _utc(now, "now")
    if not isinstance(state, MemoryState):
        raise TypeError("state must be a MemoryState")
    scheduler = replace(settings, enable_fuzzing=False).scheduler()
    rng = random.Random(rng_seed) if rng_seed is not None else _RNG
    card = state.to_fsrs(card_id)
    outcomes: dict[Rating, Outcome] = {}
    for rating in Rating:
        after, log = scheduler.review_card(card, fsrs.Rating(rating), review_datetime=now)
        if settings.enable_fuzzing and after.state == fsrs.State.Review:
            # every Review-state result is a whole number of days from now (fsrs ``_next_interval``)
            days = (after.due - now).days
            after.due = now + timedelta(days=_fuzzed_days(days, settings.maximum_interval, rng))
        memory = MemoryState.from_fsrs(after)
        interval = memory.due - now
        outcomes[rating] = Outcome(
            rating=rating, state=memory, interval=interval, label=format_interval(interval), log=log.to_dict()
        )
    return outcomes


# --- Days -----------------------------------------------------------------------------------------


def _check_hour(day_start_hour: int) -> None:
    if not 0 <= day_start_hour <= 23:
        raise ValueError(f"day_start_hour must be 0..23, got {day_start_hour!r}")


def learning_day(now: datetime, tz: ZoneInfo, day_start_hour: int) -> date:
    """The learner's "today": the local date, rolled back one day before ``day_start_hour`` (Anki's rule).

    Wall-clock arithmetic in the learner's zone, so 03:59 local with a 4 am start is still yesterday
    whatever the UTC offset or DST.
    """
    _check_hour(day_start_hour)
    local = _utc(now, "now").astimezone(tz)
    return (local.replace(tzinfo=None) - timedelta(hours=day_start_hour)).date()


def _local_start(day: date, tz: ZoneInfo, day_start_hour: int) -> datetime:
    """``day_start_hour``:00 local on ``day`` in UTC. fold=0 picks the first of a repeated hour, and for
    an hour skipped by DST it maps to the instant the clocks jump (the first local time past it)."""
    return datetime.combine(day, time(day_start_hour), tzinfo=tz).astimezone(UTC)


def day_bounds(day: date, tz: ZoneInfo, day_start_hour: int) -> tuple[datetime, datetime]:
    """The learning day ``day`` as a half-open UTC range [start, end); 23 or 25 hours across DST."""
    _check_hour(day_start_hour)
    return _local_start(day, tz, day_start_hour), _local_start(day + timedelta(days=1), tz, day_start_hour)


def next_day_start(now: datetime, tz: ZoneInfo, day_start_hour: int) -> datetime:
    """When the learner's next day begins (UTC): "bury until tomorrow" hides a card until then."""
    return day_bounds(learning_day(now, tz, day_start_hour), tz, day_start_hour)[1]


def is_due(
    state: MemoryState, *, now: datetime, day_end: datetime, learn_ahead: timedelta = LEARN_AHEAD
) -> bool:
    """Whether the card belongs in the queue now.

    Review cards count by day, as in Anki: anything due before the learner's day ends is due today.
    Learning and relearning cards run on minutes, so they wait for their time, with Anki's 20-minute
    learn-ahead so a short session does not end with a card due in five minutes.
    """
    now, day_end = _utc(now, "now"), _utc(day_end, "day_end")
    if state.state == fsrs.State.Review:
        return state.due < day_end
    return state.due <= now + learn_ahead


# --- Labels ---------------------------------------------------------------------------------------

_UNITS = (  # Anki's "natural span": a month is 30 days and a year 365
    ("y", 365 * 86400.0),
    ("mo", 30 * 86400.0),
    ("d", 86400.0),
    ("h", 3600.0),
    ("m", 60.0),
    ("s", 1.0),
)


def _round_half_up(value: float, digits: int = 0) -> float:
    """Anki (Rust ``f32::round``) rounds halves away from zero; Python's ``round`` would give "2m" for 2.5."""
    scale = 10**digits
    return math.floor(value * scale + 0.5) / scale


def format_interval(delta: timedelta) -> str:
    """A short Anki-style label: "1m", "6m", "10m", "1d", "3d", "2.5mo", "1.2y".

    Whole numbers up to days; months and years with one decimal, trailing ".0" dropped, as on Anki's
    answer buttons.
    """
    seconds = delta.total_seconds()
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    for unit, size in _UNITS:
        if seconds >= size or unit == "s":
            break
    if unit in ("mo", "y"):
        amount = _round_half_up(seconds / size, 1)
        text = f"{amount:.1f}".removesuffix(".0")
    else:
        text = f"{int(_round_half_up(seconds / size))}"
    return f"{sign}{text}{unit}"
