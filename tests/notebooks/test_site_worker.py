"""The worker's side: a queued run is executed and stored; a run whose worker died is reported as killed
(never left "running"); failed runs can be run again; the real database backend and its worker."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from learn.notebooks.models import Notebook, NotebookRun, RunStatus
from learn.notebooks.tasks import run_notebook_task
from tests.notebooks.conftest import enqueued

pytestmark = pytest.mark.django_db
SEVEN = '{"rate":0.05,"years":7}'


def queued(client) -> NotebookRun:
    client.get("/notebooks/growth/?years=7")
    return NotebookRun.objects.get(params_key=SEVEN)


def test_the_task_runs_the_queued_run_and_the_page_then_shows_it(client, published):
    run = queued(client)
    assert run_notebook_task.call(run.pk) == "ok"
    run.refresh_from_db()
    assert run.status == RunStatus.OK and run.started_at and run.finished_at
    assert run.variables["factor"] == pytest.approx(1.05**7)
    page = client.get("/notebooks/growth/?years=7").content.decode()
    assert f"factor {1.05**7:.4f}" in page and len(enqueued()) == 1  # a cache hit now
    assert run_notebook_task.call(run.pk) == "ok"  # a duplicate job does not run it again


def test_a_run_stuck_running_past_the_timeout_is_reported_killed(client, published, settings):
    run = queued(client)
    started = timezone.now() - timedelta(seconds=settings.NOTEBOOK_TIMEOUT_SECONDS + 31)
    NotebookRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, started_at=started)
    page = client.get("/notebooks/growth/?years=7").content.decode()
    run.refresh_from_db()
    assert run.status == RunStatus.KILLED and run.finished_at
    assert 'data-testid="stopped"' in page and "The run was stopped before it finished" in page
    assert 'data-testid="run-again"' in page


def test_a_run_still_within_its_time_stays_running(client, published):
    run = queued(client)
    NotebookRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, started_at=timezone.now())
    page = client.get("/notebooks/growth/?years=7").content.decode()
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING and "Running the notebook" in page


def test_run_again_queues_the_failed_run_once(client, published):
    run = queued(client)
    NotebookRun.objects.filter(pk=run.pk).update(status=RunStatus.TIMEOUT)
    page = client.get("/notebooks/growth/?years=7").content.decode()
    assert "took too long" in page
    response = client.post("/notebooks/growth/run-again", {"rate": "0.05", "years": "7"})
    assert response.status_code == 302 and response["Location"] == "/notebooks/growth/?rate=0.05&years=7"
    run.refresh_from_db()
    assert run.status == RunStatus.QUEUED and len(enqueued()) == 2
    client.post("/notebooks/growth/run-again", {"rate": "0.05", "years": "7"})  # already queued: nothing
    assert len(enqueued()) == 2


def test_an_error_shows_the_failing_cell_and_its_traceback(client, published):
    run = queued(client)
    notebook = Notebook.objects.get()
    code = next(c for c in notebook.cells if c["kind"] == "code" and not c["parameters"])
    error = {"type": "error", "ename": "KeyError", "evalue": "'adj_close'", "traceback": "Traceback: line 3"}
    outputs = {
        "cells": [{"index": code["index"], "kind": "code", "source": "", "outputs": [error]}],
        "variables": {}, "provenance": {}, "status": "error", "error_cell": code["index"], "seconds": 0.1,
    }  # fmt: skip
    NotebookRun.objects.filter(pk=run.pk).update(status=RunStatus.ERROR, outputs=outputs)
    page = client.get("/notebooks/growth/?years=7").content.decode()
    assert 'data-testid="error"' in page
    assert f'href="#cell-{code["index"]}"' in page and f"line {code['line']} of the file" in page
    assert "KeyError" in page and "Traceback: line 3" in page and 'data-testid="run-again"' in page


@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_the_worker_runs_the_job(client, published, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    run = queued(client)
    assert DBTaskResult.objects.count() == 1 and run.task_id == str(DBTaskResult.objects.get().id)
    call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0)
    run.refresh_from_db()
    assert run.status == RunStatus.OK and run.variables["factor"] == pytest.approx(1.05**7)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_run_no_worker_picks_up_is_given_up_and_can_be_run_again(client, published):
    run = queued(client)
    NotebookRun.objects.filter(pk=run.pk).update(queued_at=timezone.now() - timedelta(minutes=11))
    page = client.get("/notebooks/growth/?years=7").content.decode()
    run.refresh_from_db()
    assert run.status == RunStatus.KILLED and "No worker picked this run up in time" in page
    assert run_notebook_task.call(run.pk) == "killed"  # a worker reaching it late leaves it alone
    client.post("/notebooks/growth/run-again", {"rate": "0.05", "years": "7"})
    run.refresh_from_db()
    assert run.status == RunStatus.QUEUED and len(enqueued()) == 2
    assert 'data-testid="running"' in client.get("/notebooks/growth/?years=7").content.decode()
