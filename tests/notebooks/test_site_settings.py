"""Notebook settings: learners' own code (NOTEBOOK_ALLOW_CODE) is refused in production at start-up, as
the development secret key is; the limits come from the environment."""

from __future__ import annotations

from tests.core.test_settings import PRODUCTION, manage


def test_it_refuses_to_start_in_production_with_learner_code_allowed():
    result = manage("check", env={**PRODUCTION, "NOTEBOOK_ALLOW_CODE": "True"})
    assert result.returncode != 0
    assert "NOTEBOOK_ALLOW_CODE is on but DEBUG is False" in result.stderr


def test_the_limits_come_from_the_environment():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.NOTEBOOK_TIMEOUT_SECONDS, s.NOTEBOOK_MEMORY_MB, "
        "s.NOTEBOOK_ALLOW_CODE, s.TASKS['default']['BACKEND'])",
        env={"NOTEBOOK_TIMEOUT_SECONDS": "7", "NOTEBOOK_MEMORY_MB": "512", "NOTEBOOK_ALLOW_CODE": "True"},
    )
    assert result.stdout.strip().splitlines()[-1].split() == [
        "7",
        "512",
        "True",
        "django_tasks_db.DatabaseBackend",
    ], result.stderr
