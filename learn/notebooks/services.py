"""Notebook workflows across models: reading a page's parameters, finding or queueing a run, executing a
queued run (the worker's job), and grading an exercise against the run the learner is looking at.

The notebook engine (file parsing, parameter validation, the sandboxed runner, the download, answer
parsing) lives in its own modules; :mod:`learn.notebooks.engine_calls` is the one place that calls it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from learn.core.source import sha256
from learn.lessons.sanitise import sanitise_html
from learn.notebooks import engine_calls
from learn.notebooks.forms import RAW_MAX, raw_values
from learn.notebooks.models import ExerciseAttempt, Notebook, NotebookRun, RunStatus

logger = logging.getLogger(__name__)


# --------------------------------------------------------------------------- parameters


@dataclass
class Parameters:
    """A page's parameters: what was typed, the typed values if valid, and the errors by field."""

    raw: dict[str, str]
    sent: bool  # False: nothing was submitted, the defaults apply
    values: dict | None = None  # typed values (None if any is invalid)
    errors: dict[str, str] = field(default_factory=dict)
    key: str = ""  # canonical JSON of the typed values (the cache key)

    @property
    def valid(self) -> bool:
        return self.values is not None


def read_parameters(notebook: Notebook, data) -> Parameters:
    """Validate submitted parameters (a QueryDict or dict) with the engine's rules; never raises."""
    raw, sent = raw_values(engine_calls.parameters(notebook), data)
    too_long = {name: f"At most {RAW_MAX} characters." for name, text in raw.items() if len(text) > RAW_MAX}
    if too_long:
        return Parameters(raw={k: v[:RAW_MAX] for k, v in raw.items()}, sent=sent, errors=too_long)
    values, errors = engine_calls.validate(notebook, raw)
    if errors or values is None:
        return Parameters(raw=raw, sent=sent, errors=errors or {"": "These parameters are not valid."})
    return Parameters(raw=raw, sent=sent, values=values, key=engine_calls.params_key(values))


def default_parameters(notebook: Notebook) -> Parameters:
    return read_parameters(notebook, {})


# --------------------------------------------------------------------------- finding and queueing runs


@dataclass(frozen=True)
class RunRequest:
    run: NotebookRun | None
    queued: bool = False  # this request queued a new job
    refused: str = ""  # why no run was queued (rate limit, queue full)


def current_run(notebook: Notebook, key: str, now: datetime | None = None) -> NotebookRun | None:
    """The run to show for these parameters; a run whose worker died is reported as killed, never left
    "running"."""
    run = NotebookRun.objects.best_for(notebook, key)
    if run is not None:
        run.expire_if_stale(now or timezone.now())
    return run


def _rate_key(client: str) -> str:
    return f"notebook-runs:{client}:{timezone.now():%Y%m%d%H}"


def allow_new_run(client: str) -> str:
    """ "" if this client may start another run now, else the reason it may not."""
    if NotebookRun.objects.pending().count() >= settings.NOTEBOOK_MAX_QUEUED:
        return "The site is busy running other notebooks. Try again in a minute, or pick a preset value."
    key = _rate_key(client)
    cache.add(key, 0, timeout=3600)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        used = 1
    if used > settings.NOTEBOOK_RUNS_PER_HOUR:
        return (
            f"You have started {settings.NOTEBOOK_RUNS_PER_HOUR} new runs this hour, the limit. Values "
            "already computed still show at once; new ones can start again next hour."
        )
    return ""


def request_run(notebook: Notebook, params: Parameters, *, client: str, now: datetime) -> RunRequest:
    """The run for valid ``params``: the cached one if any (defaults and grid are computed at publish
    time), else a new job queued for the worker, once however often it is asked for."""
    run = current_run(notebook, params.key, now)
    if run is not None:  # finished, waiting, or failed (shown with "Run again")
        return RunRequest(run)
    refused = allow_new_run(client)
    if refused:
        return RunRequest(None, refused=refused)
    return _queue(notebook, params, now)


def _queue(notebook: Notebook, params: Parameters, now: datetime, extra: dict | None = None) -> RunRequest:
    try:
        with transaction.atomic():
            run = NotebookRun.objects.create(
                notebook=notebook,
                version=notebook.version,
                params_key=params.key,
                params={**engine_calls.json_values(params.values), **(extra or {})},
                status=RunStatus.QUEUED,
            )
    except IntegrityError:  # someone else queued the same parameters a moment ago: join that run
        return RunRequest(current_run(notebook, params.key, now))
    _enqueue(run)
    return RunRequest(run, queued=True)


def _enqueue(run: NotebookRun) -> None:
    from learn.notebooks.tasks import run_notebook_task  # the task module imports this one

    result = run_notebook_task.enqueue(run.pk)
    NotebookRun.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])
    run.task_id = str(result.id)[:64]


SCRATCH = "__scratch__"  # the key of a learner's own code in a run's params (NOTEBOOK_ALLOW_CODE)
SCRATCH_MAX = 5000


def request_scratch(
    notebook: Notebook, params: Parameters, code: str, *, client: str, now: datetime
) -> RunRequest:
    """Queue the notebook plus a learner's own code (only with NOTEBOOK_ALLOW_CODE, which start-up refuses
    unless DEBUG): the same worker, limits and rate limit as any run; a repeat of the same code joins."""
    if not settings.NOTEBOOK_ALLOW_CODE:
        raise PermissionError("learner code is off (NOTEBOOK_ALLOW_CODE)")
    key = f"{params.key}|scratch:{sha256(code)[:16]}"
    run = current_run(notebook, key, now)
    if run is not None and not run.is_failed:
        return RunRequest(run)
    refused = allow_new_run(client)
    if refused:
        return RunRequest(run, refused=refused)
    if run is not None:
        return RunRequest(run_again(run), queued=True)
    scratch = Parameters(raw=params.raw, sent=True, values=params.values, key=key)
    return _queue(notebook, scratch, now, extra={SCRATCH: code})


def run_again(run: NotebookRun) -> NotebookRun:
    """Queue a failed run again (same parameters, same row)."""
    if run.is_failed:
        try:
            with transaction.atomic():
                run.requeue()
        except IntegrityError:  # the same parameters were queued meanwhile: that run will do
            return run
        _enqueue(run)
    return run


# --------------------------------------------------------------------------- executing (the worker)


def execute_run(run_id: int, now: datetime | None = None) -> str:
    """Run a queued run and store its outputs; returns the final status ("missing" if it is gone)."""
    run = NotebookRun.objects.select_related("notebook").filter(pk=run_id).first()
    if run is None:
        return "missing"
    if not run.start(now or timezone.now()):
        return run.status  # already taken, finished or killed
    scratch = str(run.params.get(SCRATCH) or "")
    try:
        if scratch and not settings.NOTEBOOK_ALLOW_CODE:
            raise PermissionError("learner code is off (NOTEBOOK_ALLOW_CODE)")
        values = engine_calls.typed_values(run.notebook, run.params)
        outputs = engine_calls.run(run.notebook, values, scratch=scratch)
    except Exception as exc:  # the engine itself failed: record it, never leave the run "running"
        logger.exception("notebook run %s failed outside the notebook", run.pk)
        outputs = {
            "cells": [],
            "variables": {},
            "provenance": {},
            "status": "error",
            "error_cell": None,
            "error": f"The site could not run this notebook ({type(exc).__name__}).",
        }
    return store_outputs(run, outputs, timezone.now())


def clean_outputs(outputs: dict) -> dict:
    """Outputs as stored: table HTML through the site's sanitiser, provenance labels computed once."""
    outputs = dict(outputs)
    for cell in outputs.get("cells") or []:
        for out in cell.get("outputs") or []:
            if out.get("type") == "table":
                out["html"] = sanitise_html(str(out.get("html", "")))
    outputs["labels"] = {
        name: engine_calls.provenance_label(data) for name, data in (outputs.get("provenance") or {}).items()
    }
    return outputs


def data_as_of(outputs: dict) -> date | None:
    """The last date of the data a run used (the newest over its datasets)."""
    dates = []
    for data in (outputs.get("provenance") or {}).values():
        try:
            dates.append(date.fromisoformat(str(data.get("as_of"))[:10]))
        except (TypeError, ValueError, AttributeError):
            continue
    return max(dates) if dates else None


def store_outputs(run: NotebookRun, outputs: dict, now: datetime) -> str:
    status = outputs.get("status")
    run.status = status if status in RunStatus.values and status not in ("queued", "running") else "error"
    run.outputs, run.data_as_of, run.finished_at = clean_outputs(outputs), data_as_of(outputs), now
    try:
        with transaction.atomic():
            run.save(update_fields=["status", "outputs", "data_as_of", "finished_at"])
    except IntegrityError:  # the same parameters on the same data are already stored: keep that one
        NotebookRun.objects.filter(pk=run.pk).delete()
    return run.status


# --------------------------------------------------------------------------- exercises


@dataclass(frozen=True)
class Feedback:
    correct: bool | None  # None: not graded (no answer value, or unreadable answer)
    message: str
    expected: float | None = None
    stored: bool = False
    replay: bool = False  # the same form was sent twice; the first result is shown


def grade_exercise(
    user, notebook: Notebook, exercise: dict, *, answer: str, params_key: str, token: str
) -> Feedback:
    """Grade an answer against the value the notebook computed for the parameters the learner is looking
    at; store the attempt for a signed-in learner (once per form, however often it is sent)."""
    if user.is_authenticated:
        earlier = ExerciseAttempt.objects.filter(user=user, token=token).first()
        if earlier is not None:  # the same form sent again: its first result, nothing stored twice
            return Feedback(earlier.correct, _stored_verdict(earlier, exercise), earlier.expected_value,
                            stored=True, replay=True)  # fmt: skip
    run = (
        NotebookRun.objects.for_params(notebook, params_key)
        .filter(status=RunStatus.OK)
        .order_by("-data_as_of", "-pk")
        .first()
    )
    if run is None:
        return Feedback(
            None, "These parameters have no finished run to check against: run the notebook first."
        )
    expected = run.variables.get(exercise.get("answer"))
    result = engine_calls.grade(answer, expected, exercise)
    if not result.attempted:
        return Feedback(None, "Type an answer.")
    if result.parsed is None or expected is None:
        return Feedback(None, result.message)
    message = _verdict(result, exercise)
    if not user.is_authenticated:
        return Feedback(result.correct, message, expected)
    attempt, created = ExerciseAttempt.objects.get_or_create(
        user=user,
        token=token,
        defaults={
            "notebook": notebook,
            "exercise_key": exercise["key"],
            "params_key": params_key,
            "raw_answer": answer[:200],
            "parsed_value": result.parsed,
            "expected_value": expected,
            "correct": result.correct,
        },
    )
    if not created:
        return Feedback(
            attempt.correct, _stored_verdict(attempt, exercise), expected, stored=True, replay=True
        )
    return Feedback(attempt.correct, message, expected, stored=True)


def _verdict(result, exercise: dict) -> str:
    hint = exercise.get("hint")
    return result.message + (f" Hint: {hint}" if hint and not result.correct else "")


def _stored_verdict(attempt: ExerciseAttempt, exercise: dict) -> str:
    return (
        "Correct."
        if attempt.correct
        else "Not quite." + (f" Hint: {exercise['hint']}" if exercise.get("hint") else "")
    )


# --------------------------------------------------------------------------- mastery


@dataclass
class Tally:
    exercises: int = 0
    attempted: int = 0
    solved: int = 0  # answered right at least once (with any parameters)


@dataclass
class ExerciseTally:
    by_outcome: dict[int, Tally] = field(default_factory=dict)  # LearningOutcome pk
    by_track: dict[int, Tally] = field(default_factory=dict)  # Track pk


def exercise_tally(user) -> ExerciseTally:
    """A learner's notebook exercises per learning outcome and per track, for the dashboard's mastery:
    each published exercise counts toward its notebook's outcomes (its lesson's, if it names none)."""
    tally = ExerciseTally()
    attempts = ExerciseAttempt.objects.for_user(user).filter(notebook__archived=False)
    attempted, solved = set(), set()
    for notebook_id, key, correct in attempts.values_list("notebook_id", "exercise_key", "correct"):
        attempted.add((notebook_id, key))
        if correct:
            solved.add((notebook_id, key))
    notebooks = (
        Notebook.objects.published()
        .defer("source", "cells")  # the exercises are in the spec
        .annotate(track_id=F("lesson__track"))
        .prefetch_related("outcomes")
    )
    for notebook in notebooks:
        keys = [(notebook.pk, e.get("key")) for e in notebook.exercises]
        if not keys:
            continue
        counts = (len(keys), sum(k in attempted for k in keys), sum(k in solved for k in keys))
        groups = [tally.by_outcome.setdefault(o.pk, Tally()) for o in notebook.outcomes.all()]
        groups.append(tally.by_track.setdefault(notebook.track_id, Tally()))
        for group in groups:
            group.exercises += counts[0]
            group.attempted += counts[1]
            group.solved += counts[2]
    return tally
