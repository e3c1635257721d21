"""Everything the site holds about one learner, as one archive they can take away (JSON plus CSV), and
the deletion of all of it. A workflow across every learner app, so it sits above them all."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime

from django.db import transaction

from learn.accounts.models import Profile
from learn.core.spreadsheet import SafeWriter
from learn.exams.models import ExamAttempt
from learn.notebooks.models import ExerciseAttempt
from learn.progress.models import LessonCompletion
from learn.reviews.export import review_history_rows
from learn.reviews.models import Card, ReviewDay, ReviewLog, ReviewSettings

README = """finfluency: everything the site holds about you, as of {now} (UTC).

account.json     your account, profile and review settings
progress.csv     the lessons you marked complete
cards.csv        your review cards with their FSRS memory state
reviews.csv      every review you made (the same file as "Download my review history")
review_days.csv  your daily review counters (streaks, retention)
exams.json       your mock exams, with every answer
notebook_exercises.csv  your answers to notebook exercises, with the value the notebook computed

Questions are named by their stable id (the same as in the track exports), lessons by their slug.
"""

CARD_FIELDS = ["state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses",
               "suspended", "leech", "buried_until", "created_at"]  # fmt: skip
EXERCISE_FIELDS = ["exercise_key", "params_key", "raw_answer", "parsed_value", "expected_value", "correct",
                   "created_at"]  # fmt: skip
DAY_FIELDS = ["day", "reviews", "new_cards", "review_cards", "time_ms", "young_passed", "young_total",
              "mature_passed", "mature_total"]  # fmt: skip


def _plain(value):
    return value.isoformat() if isinstance(value, date | datetime) else value


def account_data(user) -> dict:
    profile = Profile.for_user(user)
    settings = ReviewSettings.objects.filter(user=user).first()
    return {
        "username": user.username,
        "email": user.email,
        "date_joined": _plain(user.date_joined),
        "last_login": _plain(user.last_login),
        "profile": {"time_zone": profile.time_zone, "daily_goal_minutes": profile.daily_goal_minutes},
        "review_settings": None
        if settings is None
        else {
            "desired_retention": settings.desired_retention,
            "new_per_day": settings.new_per_day,
            "max_reviews_per_day": settings.max_reviews_per_day,
            "day_start_hour": settings.day_start_hour,
            "exam_date": _plain(settings.exam_date),
            "fsrs_parameters": settings.fsrs_parameters,
            "fsrs_version": settings.fsrs_version,
        },
    }


def exams_data(user) -> list[dict]:
    attempts = (
        ExamAttempt.objects.filter(user=user).prefetch_related("answers__question").order_by("started_at")
    )
    return [
        {
            "started_at": _plain(a.started_at),
            "deadline": _plain(a.deadline),
            "finished_at": _plain(a.finished_at),
            "seconds_per_question": a.seconds_per_question,
            "weights": a.weights,
            "answers": [
                {
                    "position": x.position,
                    "question": x.question.qid,
                    "response": x.response,
                    "answer": x.answer_text,
                    "correct": x.correct,
                    "answered_at": _plain(x.answered_at),
                }
                for x in a.answers.all()
            ],
        }
        for a in attempts
    ]


def _csv(header: list[str], rows) -> str:
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_plain(v) for v in row])
    return out.getvalue()


def archive(user, now: datetime) -> bytes:
    """A zip of the learner's data (see README); nothing of any other learner."""
    completions = LessonCompletion.objects.filter(user=user).select_related("lesson").order_by("completed_at")
    cards = Card.objects.filter(user=user).select_related("question").order_by("created_at", "pk")
    logs = ReviewLog.objects.filter(user=user).select_related("question").order_by("reviewed_at", "pk")
    days = ReviewDay.objects.filter(user=user).order_by("day")
    attempts = (
        ExerciseAttempt.objects.filter(user=user).select_related("notebook").order_by("created_at", "pk")
    )
    files = {
        "README.txt": README.format(now=now.isoformat(timespec="seconds")),
        "account.json": json.dumps(account_data(user), indent=2, ensure_ascii=False),
        "progress.csv": _csv(
            ["lesson", "completed_at"], ((c.lesson.slug, c.completed_at) for c in completions)
        ),
        "cards.csv": _csv(
            ["question", *CARD_FIELDS],
            ([c.question.qid, *(getattr(c, f) for f in CARD_FIELDS)] for c in cards),
        ),
        "reviews.csv": "".join(review_history_rows(logs)),
        "review_days.csv": _csv(DAY_FIELDS, ([getattr(d, f) for f in DAY_FIELDS] for d in days)),
        "exams.json": json.dumps(exams_data(user), indent=2, ensure_ascii=False),
        "notebook_exercises.csv": _csv(
            ["notebook", *EXERCISE_FIELDS],
            ([a.notebook.slug, *(getattr(a, f) for f in EXERCISE_FIELDS)] for a in attempts),
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in files.items():
            zf.writestr(f"finfluency-{user.username}/{name}", text)
    return buffer.getvalue()


def delete_account(user) -> None:
    """The learner and everything that is theirs: every row that points at them goes with them (the
    models cascade), and the log-in lockout records kept under their username."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    with transaction.atomic():
        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            model.objects.filter(username=user.get_username()).delete()
        user.delete()
