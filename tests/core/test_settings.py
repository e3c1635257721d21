"""Settings come from the environment, fail loudly on bad values, and are safe in production."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from learn.core.env import env_bool, env_int, env_list
from tests.conftest import REPO

PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": "x7Hq2-vN9pLr4sTz8wYb3mKc6dFg1jRe5uAo0iEy_QnWxVbZtPlMkJhGfDsCa",
    "ALLOWED_HOSTS": "learn.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://learn.example.com",
    "BEHIND_TLS_PROXY": "True",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_refuses_to_start_in_production_with_the_development_key():
    result = manage("check", env={"DEBUG": "False", "ALLOWED_HOSTS": "learn.example.com"})
    assert result.returncode != 0
    assert "DEBUG is False but SECRET_KEY is the development key" in result.stderr


def test_it_refuses_an_insecure_looking_key_too():
    result = manage(
        "check", env={"DEBUG": "False", "SECRET_KEY": "django-insecure-abc", "ALLOWED_HOSTS": "x"}
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_check_deploy_is_silent_with_the_documented_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_a_typo_in_a_boolean_fails_loudly():
    result = manage("check", env={"DEBUG": "yes"})
    assert result.returncode != 0
    assert "DEBUG='yes' is not a boolean" in result.stderr


def test_env_helpers_parse_and_reject(monkeypatch):
    monkeypatch.setenv("FLAG", "off")
    assert env_bool("FLAG", True) is False
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG='maybe' is not a boolean"):
        env_bool("FLAG", True)
    monkeypatch.setenv("NUM", "ten")
    with pytest.raises(ImproperlyConfigured, match="NUM='ten' is not a whole number"):
        env_int("NUM", 1)
    monkeypatch.setenv("NUM", "-3")
    with pytest.raises(ImproperlyConfigured, match="NUM=-3 must be at least 0"):
        env_int("NUM", 1, minimum=0)
    monkeypatch.setenv("HOSTS", "a.example, b.example ,")
    assert env_list("HOSTS", []) == ["a.example", "b.example"]
    monkeypatch.delenv("HOSTS")
    assert env_list("HOSTS", ["localhost"]) == ["localhost"]


def test_sqlite_is_tuned_for_concurrent_writers(db):
    """What the live connection runs with, not what the settings module says it asks for."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite settings only apply without DATABASE_URL")
    with connection.cursor() as cursor:
        pragmas = {
            name: cursor.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
    assert pragmas == {"journal_mode": "wal", "synchronous": 1, "foreign_keys": 1, "busy_timeout": 20_000}
    assert connection.transaction_mode == "IMMEDIATE"


@pytest.mark.parametrize("key", ["short-but-random-9f8e7d", "a" * 60, "abcd" * 20])
def test_it_refuses_a_weak_key_in_production(key):
    result = manage("check", env={"DEBUG": "False", "SECRET_KEY": key, "ALLOWED_HOSTS": "learn.example.com"})
    assert result.returncode != 0
    assert "DEBUG is False but SECRET_KEY is weak" in result.stderr
