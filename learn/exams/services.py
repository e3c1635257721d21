"""Mock exam workflows: draw questions by track weight, save answers against a server-side clock, score."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction

from learn.exams.models import ExamAnswer, ExamAttempt
from learn.quizzes.grading import Grade, grade
from learn.quizzes.models import Question

CFA_SECONDS_PER_QUESTION = 90  # 180 questions in 2 x 135 minutes


class ExamError(Exception):
    """A request the exam cannot honour; the message says why, for the learner."""


def allocate(total: int, weights: dict[str, float], available: dict[str, int]) -> dict[str, int]:
    """Split ``total`` questions across tracks in proportion to ``weights`` (largest remainder), never
    asking a track for more questions than it has; any shortfall goes to the tracks with room left."""
    weights = {k: w for k, w in weights.items() if w > 0 and available.get(k, 0) > 0}
    if not weights:
        return {}
    total = min(total, sum(available[k] for k in weights))
    share = {k: total * w / sum(weights.values()) for k, w in weights.items()}
    counts = {k: min(int(share[k]), available[k]) for k in weights}
    while sum(counts.values()) < total:
        room = [k for k in weights if counts[k] < available[k]]
        best = max(room, key=lambda k: (share[k] - counts[k], weights[k], k))
        counts[best] += 1
    return counts


def start_exam(
    user,
    *,
    total: int,
    weights: dict[str, float],
    seconds_per_question: int,
    now: datetime,
    rng: random.Random | None = None,
) -> ExamAttempt:
    rng = rng or random.Random()
    pools: dict[str, list[int]] = defaultdict(list)
    for pk, track in Question.objects.active().values_list("pk", "lesson__track__slug"):
        pools[track].append(pk)
    counts = allocate(total, weights, {k: len(v) for k, v in pools.items()})
    if not counts:
        raise ExamError(
            "There are no questions in the tracks you chose. Give at least one track a weight above 0."
        )
    chosen = [pk for track, n in sorted(counts.items()) for pk in rng.sample(sorted(pools[track]), n)]
    rng.shuffle(chosen)
    with transaction.atomic():
        attempt = ExamAttempt.objects.create(
            user=user,
            started_at=now,
            deadline=now + timedelta(seconds=seconds_per_question * len(chosen)),
            seconds_per_question=seconds_per_question,
            weights=weights,
        )
        ExamAnswer.objects.bulk_create(
            ExamAnswer(attempt=attempt, question_id=pk, position=i + 1) for i, pk in enumerate(chosen)
        )
    return attempt


def close_if_expired(attempt: ExamAttempt, now: datetime) -> ExamAttempt:
    """An attempt whose clock ran out is finished at its deadline, whoever looks at it next."""
    if attempt.finished_at is None and now >= attempt.deadline:
        ExamAttempt.objects.filter(pk=attempt.pk, finished_at__isnull=True).update(
            finished_at=attempt.deadline
        )
        attempt.refresh_from_db()
    return attempt


def save_answer(attempt: ExamAttempt, position: int, response, now: datetime) -> Grade:
    """Record an answer (changeable until the end). After the deadline nothing is counted."""
    attempt = close_if_expired(attempt, now)
    if attempt.finished_at is not None:
        raise ExamError("Time is up: answers sent after the end of the exam are not counted.")
    answer = attempt.answers.select_related("question").filter(position=position).first()
    if answer is None:
        raise ExamError("That question is not part of this exam.")
    result = grade(answer.question.type, answer.question.data, response)
    if result.valid:
        answer.response, answer.answer_text, answer.correct, answer.answered_at = (
            response,
            result.given,
            result.correct,
            now,
        )
        answer.save(update_fields=["response", "answer_text", "correct", "answered_at"])
    return result


def finish_exam(attempt: ExamAttempt, now: datetime) -> ExamAttempt:
    attempt = close_if_expired(attempt, now)
    if attempt.finished_at is None:
        ExamAttempt.objects.filter(pk=attempt.pk, finished_at__isnull=True).update(finished_at=now)
        attempt.refresh_from_db()
    return attempt


@dataclass
class ScoreLine:
    key: str
    title: str
    url: str
    correct: int = 0
    total: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.correct / self.total) if self.total else 0


@dataclass
class ExamReport:
    correct: int
    total: int
    answered: int
    by_track: list[ScoreLine] = field(default_factory=list)
    by_outcome: list[ScoreLine] = field(default_factory=list)
    missed: list[ExamAnswer] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.correct / self.total) if self.total else 0


def exam_report(attempt: ExamAttempt) -> ExamReport:
    answers = list(
        attempt.answers.select_related("question__lesson__track").prefetch_related(
            "question__outcomes__lesson"
        )
    )
    report = ExamReport(
        correct=sum(1 for a in answers if a.correct),
        total=len(answers),
        answered=sum(1 for a in answers if a.answered_at),
    )
    tracks: dict[str, ScoreLine] = {}
    outcomes: dict[str, ScoreLine] = {}
    for a in answers:
        track = a.question.lesson.track
        line = tracks.setdefault(track.slug, ScoreLine(track.code, track.title, track.get_absolute_url()))
        line.total += 1
        line.correct += bool(a.correct)
        for o in a.question.outcomes.all():
            line = outcomes.setdefault(o.code, ScoreLine(o.code, o.text, o.lesson.get_absolute_url()))
            line.total += 1
            line.correct += bool(a.correct)
        if not a.correct:
            a.expected = grade(a.question.type, a.question.data, None).expected
            report.missed.append(a)
    report.by_track = sorted(tracks.values(), key=lambda s: s.key)
    report.by_outcome = sorted(outcomes.values(), key=lambda s: (s.correct / s.total, s.key))
    return report
