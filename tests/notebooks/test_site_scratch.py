"""Learners' own code (NOTEBOOK_ALLOW_CODE, for a local single-user site only): off by default, with no
form and a 404; when on, the code runs after the notebook's cells through the same worker, and the
exercises are still graded against the notebook's own run."""

from __future__ import annotations

import pytest

from learn.notebooks.models import NotebookRun, RunStatus
from learn.notebooks.tasks import run_notebook_task
from tests.notebooks.conftest import enqueued

pytestmark = pytest.mark.django_db
CODE = "print(f'doubled {factor * 2:.4f}')\nfactor = 99"


def test_it_is_off_by_default(client, published):
    assert 'data-testid="scratch"' not in client.get("/notebooks/growth/").content.decode()
    response = client.post("/notebooks/growth/scratch", {"rate": "0.05", "years": "10", "code": CODE})
    assert response.status_code == 404 and enqueued() == []


def test_when_on_the_code_runs_after_the_notebook(client, published, settings):
    settings.NOTEBOOK_ALLOW_CODE = True
    assert 'data-testid="scratch"' in client.get("/notebooks/growth/").content.decode()
    response = client.post("/notebooks/growth/scratch", {"rate": "0.05", "years": "10", "code": CODE})
    run = NotebookRun.objects.get(params__has_key="__scratch__")
    assert (
        response.status_code == 302
        and response["Location"] == f"/notebooks/growth/?rate=0.05&years=10&scratch={run.pk}"
    )
    assert len(enqueued()) == 1
    assert run_notebook_task.call(run.pk) == RunStatus.OK
    page = client.get(response["Location"]).content.decode()
    assert "Your code" in page and f"doubled {2 * 1.05**10:.4f}" in page
    # the exercises still name the notebook's own run, not the one whose code set factor = 99
    assert 'name="params_key" value="{&quot;rate&quot;:0.05,&quot;years&quot;:10}"' in page
    again = client.post("/notebooks/growth/scratch", {"rate": "0.05", "years": "10", "code": CODE})
    assert again["Location"] == response["Location"] and len(enqueued()) == 1  # same code: cached


def test_a_queued_run_is_refused_if_the_setting_was_turned_off(client, published, settings):
    settings.NOTEBOOK_ALLOW_CODE = True
    client.post("/notebooks/growth/scratch", {"rate": "0.05", "years": "10", "code": CODE})
    run = NotebookRun.objects.get(params__has_key="__scratch__")
    settings.NOTEBOOK_ALLOW_CODE = False
    assert run_notebook_task.call(run.pk) == RunStatus.ERROR
    run.refresh_from_db()
    assert "could not run" in run.outputs["error"] and not any(c["outputs"] for c in run.outputs["cells"])
