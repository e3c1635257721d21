"""Background jobs of the notebooks app (django-tasks; the database backend's ``db_worker`` runs them)."""

from __future__ import annotations

from django_tasks import task

from learn.notebooks import services


@task()
def run_notebook_task(run_id: int) -> str:
    """Run one queued :class:`~learn.notebooks.models.NotebookRun`; returns its final status."""
    return services.execute_run(run_id)
