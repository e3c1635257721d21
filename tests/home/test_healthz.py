from __future__ import annotations

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_it_reports_database_cache_and_content(client, synced_real_content):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["cache"]["status"] == "ok"
    assert body["content"]["tracks"] >= 1 and body["content"]["lessons"] >= 6
    assert body["content"]["glossary_terms"] >= 40
    assert body["content"]["questions"] >= 36
    assert "no-cache" in response["Cache-Control"]


def test_it_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    from django.db import connection

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == {"status": "error"}  # no detail for an anonymous visitor


def test_it_reports_a_broken_cache_as_degraded(client, monkeypatch):
    from django.core.cache import caches

    def broken(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(caches["default"], "set", broken)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["cache"]["status"] == "error"


def test_monitors_may_use_head(client):
    assert client.head("/healthz").status_code == 200
    assert client.head("/").status_code == 200


@pytest.mark.django_db
def test_only_staff_or_a_monitor_with_the_token_see_which_database_and_cache(client, settings, staff):
    settings.HEALTHZ_TOKEN = "monitor-token-123"
    anonymous = client.get("/healthz").json()
    assert anonymous["database"] == {"status": "ok"} and anonymous["cache"] == {"status": "ok"}
    assert "vendor" not in client.get("/healthz", HTTP_AUTHORIZATION="Bearer wrong").json()["database"]
    monitor = client.get("/healthz", HTTP_AUTHORIZATION="Bearer monitor-token-123").json()
    assert set(monitor["database"]) == {"status", "vendor"} and set(monitor["cache"]) == {"status", "backend"}
    client.force_login(staff)
    assert "vendor" in client.get("/healthz").json()["database"]
