"""The learner's dashboard numbers. Every query is bounded: history comes from the per-day counters
(ReviewDay, at most a year of rows), never from scanning the review log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
from django.db import connections
from django.db.models import Count, FloatField, Func, Q

from learn.lessons.models import LESSON_BODY, LearningOutcome, Lesson, Track
from learn.notebooks.services import Tally, exercise_tally
from learn.quizzes.models import Question
from learn.reviews import charts
from learn.reviews.models import Card, ReviewDay
from learn.reviews.scheduling import (
    day_bounds,
    forecast,
    new_cards_per_day_needed,
    retrievability,
    streak,
)
from learn.reviews.services import learner_day, review_queue

OUTCOMES_OPEN_UP_TO = 12  # a longer outcome list starts collapsed, one <details> per track


@dataclass
class Mastery:
    key: str
    title: str
    url: str
    questions: int
    reviewed: int
    recall: float  # mean over questions (predicted recall; unseen: 0) and notebook exercises (solved: 1)
    predicted: float | None = None  # at the exam date
    track: str = ""  # for an outcome: its track, as "A. Title"
    lesson: str = ""  # for an outcome: the title of the lesson that teaches it (``url`` links to it)
    exercises: int = 0  # notebook exercises counting toward it
    exercises_attempted: int = 0
    exercises_solved: int = 0

    @property
    def started(self) -> bool:
        return bool(self.reviewed or self.exercises_attempted)

    @property
    def percent(self) -> int:
        return round(100 * self.recall)


@dataclass
class OutcomeGroup:
    """One track's learning outcomes, in reading order, for the 'mastery by outcome' list."""

    track: str  # "A. Title"
    outcomes: list[Mastery] = field(default_factory=list)

    @property
    def started(self) -> int:
        return sum(1 for m in self.outcomes if m.started)


@dataclass
class Dashboard:
    today: date
    due_learning: int
    due_review: int
    new_available: int
    streak: int
    reviews_today: int
    heatmap: charts.Heatmap = field(default_factory=charts.Heatmap)
    forecast: charts.Forecast = field(default_factory=charts.Forecast)
    retention: dict = field(default_factory=dict)
    tracks: list[Mastery] = field(default_factory=list)
    weakest: list[Mastery] = field(default_factory=list)
    outcomes: list[Mastery] = field(default_factory=list)  # every published outcome, in reading order
    outcome_groups: list[OutcomeGroup] = field(default_factory=list)  # the same, by track
    outcomes_open: bool = True  # short enough to show expanded
    exam_date: date | None = None
    exam_passed: bool = False  # the stored exam date is before today: no predictions, ask for a new one
    exam_days_left: int | None = None
    new_per_day_needed: int | None = None
    remaining_new: int = 0
    target: float = 0.9  # the learner's desired retention: an outcome below it is weak
    valid_until: datetime | None = None  # the first moment these numbers change by the clock alone
    started_outcomes: int = 0
    # Where new cards come from, for when none is available:
    new_in_reviews: int = 0  # cards never reviewed (0 available with some here: the daily limit is reached)
    new_per_day: int = 0  # the learner's daily limit of new cards
    not_in_reviews: int = 0  # active questions that are not yet the learner's cards
    next_lesson: Lesson | None = None  # the first lesson not completed; completing it adds its questions
    tracks_to_add: list[Track] = field(default_factory=list)  # with questions not yet in the reviews

    @property
    def target_percent(self) -> int:
        return round(100 * self.target)


def build_dashboard(user, now: datetime) -> Dashboard:
    day = learner_day(user, now)
    queue = review_queue(user, now, day=day, pick=False)
    days = {
        row["day"]: row
        for row in ReviewDay.objects.filter(
            user=user, day__gt=day.today - timedelta(days=charts.HEATMAP_DAYS + 7)
        ).values()
    }
    board = Dashboard(
        today=day.today,
        due_learning=queue.learning,
        due_review=queue.review,
        new_available=queue.new,
        streak=streak({d for d, row in days.items() if row["reviews"]}, day.today),
        reviews_today=days.get(day.today, {}).get("reviews", 0),
    )
    board.heatmap = charts.heatmap({d: row["reviews"] for d, row in days.items()}, day.today)
    board.forecast = charts.forecast(_forecast(user, day, now))
    board.retention = _retention(days, day.today)
    exam_date = day.settings.exam_date
    board.exam_date = exam_date
    board.exam_passed = exam_date is not None and exam_date < day.today
    if board.exam_passed:
        exam_date = None  # a past date predicts nothing useful
    board.tracks, board.outcomes, recall_changes = _mastery(user, now, exam_date, day)
    # A card falling due, the learner's day ending (the heatmap, streak, forecast, days to the exam) or a
    # card's predicted recall stepping down (fsrs counts whole days since the last review).
    changes = [day.end, recall_changes, Card.objects.for_user(user).active().next_change(now)]
    board.valid_until = min(t for t in changes if t is not None)
    board.target = day.settings.desired_retention
    started = [m for m in board.outcomes if m.started]
    board.started_outcomes = len(started)
    # Weak means below the learner's own target: an outcome at 100% is not weak however few there are.
    weak = [m for m in started if m.percent < board.target_percent]  # as shown: 89.6% shows as 90%
    board.weakest = sorted(weak, key=lambda m: (m.recall, m.key))[:5]
    for m in board.outcomes:  # already in track order
        if not board.outcome_groups or board.outcome_groups[-1].track != m.track:
            board.outcome_groups.append(OutcomeGroup(track=m.track))
        board.outcome_groups[-1].outcomes.append(m)
    board.outcomes_open = len(board.outcomes) <= OUTCOMES_OPEN_UP_TO
    _new_card_sources(board, user, day)
    if exam_date:
        board.exam_days_left = (exam_date - day.today).days
        board.remaining_new = _remaining_new(user)
        board.new_per_day_needed = new_cards_per_day_needed(board.remaining_new, day.today, exam_date)
    return board


class EpochSeconds(Func):
    """Seconds since 1970-01-01 UTC of a datetime column, computed by the database (NULL stays NULL).

    Reading 100,000 timestamps as Python datetimes costs about a second; as floats, a few milliseconds.
    """

    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="((julianday(%(expressions)s) - 2440587.5) * 86400.0)"
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="EXTRACT(EPOCH FROM %(expressions)s)::float8")


def _rows(queryset) -> list[tuple]:
    """A values_list queryset's rows straight from the cursor, skipping Django's per-value converters
    (the columns here are integers and floats, which the database driver already returns as such)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _forecast(user, day, now: datetime) -> list[tuple[date, int]]:
    """Reviews due on each of the next 30 learning days (overdue ones land on today).

    The due times come back as epoch seconds computed by the database and are bucketed with one
    binary search, so no per-card date arithmetic runs in Python.
    """
    ends = [
        day_bounds(day.today + timedelta(days=i), day.tz, day.settings.day_start_hour)[1] for i in range(30)
    ]
    cards = Card.objects.for_user(user).active().reviewed().filter(due__lt=ends[-1])
    due = np.array(_rows(cards.annotate(at=EpochSeconds("due")).values_list("at")), dtype=float).reshape(-1)
    due_before = np.searchsorted(np.sort(due), [end.timestamp() for end in ends], side="left")
    return forecast([int(n) for n in due_before], day.today)


def _retention(days: dict, today: date) -> dict:
    """True retention over the last 30 days: first review of a card on a day, passed if not Again."""
    recent = [row for d, row in days.items() if d > today - timedelta(days=30)]

    def rate(passed: int, total: int) -> dict:
        return {
            "passed": passed,
            "total": total,
            "rate": (passed / total) if total else None,
            "percent": round(100 * passed / total) if total else None,
        }

    young = rate(sum(r["young_passed"] for r in recent), sum(r["young_total"] for r in recent))
    mature = rate(sum(r["mature_passed"] for r in recent), sum(r["mature_total"] for r in recent))
    both = rate(young["passed"] + mature["passed"], young["total"] + mature["total"])
    return {"young": young, "mature": mature, "all": both}


def _recall_by_group(rows: list[tuple], when_list: list[datetime | None]) -> dict[int, list[float]]:
    """Sum of predicted recall per group id, at each time in ``when_list`` (vectorised over cards).

    ``rows`` are (group id, stability, last review as epoch seconds or None).
    """
    if not rows:
        return {}
    data = np.array(rows, dtype=float)  # None becomes nan
    keys, index = np.unique(data[:, 0], return_inverse=True)
    s, reviewed_at = data[:, 1], data[:, 2]
    sums = []
    for when in when_list:
        if when is None:
            sums.append(None)
            continue
        days = np.floor((when.timestamp() - reviewed_at) / 86400)  # whole days, as fsrs counts them
        recall = retrievability(s, np.nan_to_num(days, nan=0.0))
        sums.append(np.bincount(index, weights=recall, minlength=len(keys)))
    counts = np.bincount(index, minlength=len(keys))
    return {
        int(k): [int(counts[i]), *[None if total is None else float(total[i]) for total in sums]]
        for i, k in enumerate(keys)
        if not np.isnan(k)
    }


def _next_recall_change(rows: list[tuple], now: datetime) -> datetime | None:
    """When the first of these cards' predicted recall next changes: it counts whole days since the
    card's last review, so it steps at each full day after it. ``rows`` end with that review's epoch
    seconds."""
    if not rows:
        return None
    reviewed_at = np.array([row[-1] for row in rows], dtype=float)
    reviewed_at = reviewed_at[~np.isnan(reviewed_at)]
    if not reviewed_at.size:
        return None
    days = np.floor((now.timestamp() - reviewed_at) / 86400)
    return datetime.fromtimestamp(float(np.min(reviewed_at + 86400 * (days + 1))), tz=UTC)


def _mastery(
    user, now: datetime, exam_date: date | None, day
) -> tuple[list[Mastery], list[Mastery], datetime | None]:
    """Mean predicted recall per track and per learning outcome, over all their active questions, and
    when the first of those numbers changes by the clock alone.

    Every published outcome is listed, in reading order, even one no question tests yet (0 questions)."""
    exam_at = datetime.combine(exam_date, time(12), tzinfo=day.tz) if exam_date else None
    questions = Question.objects.active()
    track_questions = dict(
        questions.values("lesson__track").annotate(n=Count("id")).values_list("lesson__track", "n")
    )
    outcome_questions = dict(
        questions.values("outcomes").annotate(n=Count("id")).values_list("outcomes", "n")
    )
    cards = Card.objects.for_user(user).active().reviewed()
    cards = cards.annotate(reviewed_at=EpochSeconds("last_review"))
    track_rows = _rows(cards.values_list("question__lesson__track", "stability", "reviewed_at"))
    by_track = _recall_by_group(track_rows, [now, exam_at])
    by_outcome = _recall_by_group(
        _rows(cards.values_list("question__outcomes", "stability", "reviewed_at")), [now, exam_at]
    )

    exercises = exercise_tally(user)

    def mastery(key, title, url, n_questions, sums, tally: Tally | None = None, **extra) -> Mastery:
        """A notebook exercise answered right counts as an item recalled (1), like a question's recall;
        attempting one starts the outcome, as reviewing a question does."""
        reviewed, recall_now, recall_exam = sums or (0, 0.0, None)
        tally = tally or Tally()
        total = (max(n_questions, reviewed) + tally.exercises) or 1
        m = Mastery(
            key=key,
            title=title,
            url=url,
            questions=n_questions,
            reviewed=reviewed,
            recall=(recall_now + tally.solved) / total,
            exercises=tally.exercises,
            exercises_attempted=tally.attempted,
            exercises_solved=tally.solved,
            **extra,
        )
        if exam_at:
            m.predicted = ((recall_exam or 0.0) + tally.solved) / total
        return m

    tracks = [
        mastery(
            t.code,
            t.title,
            t.get_absolute_url(),
            track_questions.get(t.pk, 0),
            by_track.get(t.pk),
            exercises.by_track.get(t.pk),
        )
        for t in Track.objects.published()
        if track_questions.get(t.pk) or t.pk in exercises.by_track
    ]
    outcomes = [
        mastery(
            o.code,
            o.text,
            o.lesson.get_absolute_url(),
            outcome_questions.get(o.pk, 0),
            by_outcome.get(o.pk),
            exercises.by_outcome.get(o.pk),
            track=str(o.lesson.track),
            lesson=o.lesson.title,
        )
        for o in LearningOutcome.objects.published()
        .select_related("lesson__track")
        .defer(*(f"lesson__{name}" for name in LESSON_BODY), "lesson__track__intro_html")
        .filter(Q(pk__in=outcome_questions) | Q(lesson__archived=False, lesson__track__archived=False))
        .order_by(
            "lesson__track__order", "lesson__track__slug", "lesson__order", "lesson__slug", "order", "code"
        )
    ]
    return tracks, outcomes, _next_recall_change(track_rows, now)


def _new_card_sources(board: Dashboard, user, day) -> None:
    """Why no new card may be available, and where more come from: completed lessons and added tracks."""
    board.new_per_day = day.settings.new_per_day
    board.new_in_reviews = Card.objects.for_user(user).active().new().count()
    missing = Question.objects.active().exclude(pk__in=Card.objects.for_user(user).values("question_id"))
    board.not_in_reviews = missing.count()
    board.next_lesson = Lesson.objects.next_for(user)
    if board.not_in_reviews:
        board.tracks_to_add = list(
            Track.objects.published().filter(pk__in=missing.values("lesson__track")).order_by("order", "slug")
        )


def _remaining_new(user) -> int:
    """Questions not yet started: no card, or a card never reviewed."""
    started = Card.objects.for_user(user).reviewed().values("question_id")
    return Question.objects.active().exclude(pk__in=started).count()
