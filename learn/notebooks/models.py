"""Hands-on notebooks imported from content/notebooks/, their cached runs, and learners' exercise attempts.

A :class:`Notebook` row is derived from its file by ``sync_content`` (archived, never deleted). A
:class:`NotebookRun` is the result of running one version of a notebook with one set of parameters on
data up to one date: results are cached by exactly that, so the default view and the declared grid are
database reads computed at publish time, and a worker computes any other parameter set once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from learn.core.models import PublishedQuerySet, SourceRecord

# How long past the timeout a run may stay "running" before we conclude its worker died.
RUNNING_GRACE = timedelta(seconds=30)
# How long a run may wait for a worker before it is given up (no worker running, or its job was lost):
# the learner then gets "Run again" instead of waiting forever.
QUEUED_PATIENCE = timedelta(minutes=10)


class NotebookQuerySet(PublishedQuerySet):
    def shown(self):
        """Published notebooks of published lessons."""
        return self.published().filter(lesson__archived=False)

    def for_lesson(self, lesson_id: int):
        """The published notebooks of a lesson, by title."""
        return self.shown().filter(lesson_id=lesson_id).order_by("title", "slug")


class Notebook(SourceRecord):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    lesson = models.ForeignKey("lessons.Lesson", on_delete=models.PROTECT, related_name="notebooks")
    spec = models.JSONField(default=dict)  # the front matter (``finfluency:``), as parsed
    version = models.CharField(max_length=64)  # sha256 of the file: runs are cached per version
    source = models.TextField()  # the file's text, so a worker runs exactly the published version
    cells = models.JSONField(default=list)  # [{"index", "kind", "html", "source", "line"}], rendered once
    outcomes = models.ManyToManyField("lessons.LearningOutcome", related_name="notebooks", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NotebookQuerySet.as_manager()

    class Meta:
        ordering = ["title", "slug"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("notebooks:notebook", args=[self.slug])

    @property
    def exercises(self) -> list[dict]:
        return list(self.spec.get("exercises") or [])

    def exercise(self, key: str) -> dict | None:
        return next((e for e in self.exercises if e.get("key") == key), None)


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    OK = "ok", "Done"
    ERROR = "error", "Error"
    TIMEOUT = "timeout", "Timed out"
    KILLED = "killed", "Stopped"


PENDING = (RunStatus.QUEUED, RunStatus.RUNNING)
FAILED = (RunStatus.ERROR, RunStatus.TIMEOUT, RunStatus.KILLED)


class RunQuerySet(models.QuerySet):
    def for_params(self, notebook: Notebook, params_key: str):
        """Runs of the notebook's current version with these parameters."""
        return self.filter(notebook=notebook, version=notebook.version, params_key=params_key)

    def best_for(self, notebook: Notebook, params_key: str) -> NotebookRun | None:
        """The run to show: the newest finished-ok one (on the newest data), else the newest of any status."""
        runs = self.for_params(notebook, params_key)
        return (
            runs.filter(status=RunStatus.OK).order_by("-data_as_of", "-finished_at", "-pk").first()
            or runs.order_by("-created_at", "-pk").first()
        )

    def pending(self):
        return self.filter(status__in=PENDING)


class NotebookRun(models.Model):
    notebook = models.ForeignKey(Notebook, on_delete=models.CASCADE, related_name="runs")
    version = models.CharField(max_length=64)
    params_key = models.CharField(max_length=2000)  # canonical JSON of the typed parameter values
    params = models.JSONField(default=dict)  # the same values, JSON-able (dates as ISO strings)
    data_as_of = models.DateField(null=True, blank=True)  # last date of the data used (None until run)
    status = models.CharField(max_length=10, choices=RunStatus, default=RunStatus.QUEUED)
    outputs = models.JSONField(default=dict, blank=True)  # the runner's output (see docs/authoring.md)
    published = models.BooleanField(default=False)  # computed by sync_content (defaults and grid)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(default=timezone.now)  # last time it was queued ("Run again" too)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = RunQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["notebook", "version", "params_key", "data_as_of"], name="one_run_per_params_and_data"
            ),
            # At most one run waiting or running per parameter set: a repeat joins it.
            models.UniqueConstraint(
                fields=["notebook", "version", "params_key"],
                condition=Q(status__in=["queued", "running"]),
                name="one_pending_run_per_params",
            ),
        ]
        indexes = [models.Index(fields=["notebook", "version", "params_key"])]

    def __str__(self) -> str:
        return f"{self.notebook.slug} {self.params_key} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING

    @property
    def is_final(self) -> bool:
        """Finished and never run again: only a failed run has "Run again". Its page can be cached."""
        return self.status == RunStatus.OK

    @property
    def is_failed(self) -> bool:
        return self.status in FAILED

    @property
    def variables(self) -> dict:
        return dict((self.outputs or {}).get("variables") or {})

    def stale_after(self) -> timedelta:
        return timedelta(seconds=settings.NOTEBOOK_TIMEOUT_SECONDS) + RUNNING_GRACE

    def expire_if_stale(self, now: datetime) -> bool:
        """A run "running" for longer than the timeout plus a grace period lost its worker (the process
        died or was killed), and one queued for longer than QUEUED_PATIENCE has no worker: report it as
        killed rather than leave the learner waiting forever. (A worker that reaches a killed run later
        leaves it alone.)"""
        if self.status == RunStatus.RUNNING and self.started_at is not None:
            stale = now - self.started_at > self.stale_after()
        else:
            stale = self.status == RunStatus.QUEUED and now - self.queued_at > QUEUED_PATIENCE
        if not stale:
            return False
        updated = NotebookRun.objects.filter(pk=self.pk, status=self.status).update(
            status=RunStatus.KILLED, finished_at=now
        )
        self.refresh_from_db()
        return bool(updated)

    def start(self, now: datetime) -> bool:
        """Claim a queued run for this worker; False if it is no longer queued (someone else has it)."""
        claimed = NotebookRun.objects.filter(pk=self.pk, status=RunStatus.QUEUED).update(
            status=RunStatus.RUNNING, started_at=now
        )
        self.refresh_from_db()
        return bool(claimed)

    def requeue(self) -> None:
        """Run a failed run again (the "Run again" button): same row, fresh state."""
        self.status, self.outputs, self.started_at, self.finished_at = RunStatus.QUEUED, {}, None, None
        self.queued_at = timezone.now()
        self.save(update_fields=["status", "outputs", "queued_at", "started_at", "finished_at"])


class ExerciseAttemptQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class ExerciseAttempt(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notebook_attempts"
    )
    notebook = models.ForeignKey(Notebook, on_delete=models.CASCADE, related_name="attempts")
    exercise_key = models.CharField(max_length=100)
    params_key = models.CharField(max_length=2000)
    raw_answer = models.CharField(max_length=200)
    parsed_value = models.FloatField(null=True, blank=True)
    expected_value = models.FloatField(null=True, blank=True)
    correct = models.BooleanField(default=False)
    token = models.CharField(max_length=64)  # one per rendered form: a double submit stores one attempt
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ExerciseAttemptQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "token"], name="one_attempt_per_form")]
        indexes = [models.Index(fields=["user", "notebook", "exercise_key", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.notebook.slug}/{self.exercise_key}: {'right' if self.correct else 'wrong'}"
