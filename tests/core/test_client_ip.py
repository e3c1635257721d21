"""The log-in lockout counts failures per client address, read correctly behind the documented proxy."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from learn.core.clientip import client_ip

PROXY = "10.0.0.2"  # the reverse proxy: every request reaches the app from it


def request(forwarded: str | None = None, remote: str = PROXY):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.7", PROXY),  # no proxy configured: the header is the client's to forge
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # the client wrote the left entry
        (2, "198.51.100.1, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (2, "203.0.113.7", PROXY),  # fewer hops than proxies: it did not come through them
        (1, "not-an-address", PROXY),
        (1, None, PROXY),
        (1, " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_it_reads_the_client_from_the_right_of_x_forwarded_for(settings, count, forwarded, expected):
    settings.CLIENT_IP_PROXY_COUNT = count
    assert client_ip(request(forwarded)) == expected


def login(client, password: str, forwarded: str):
    return client.post(
        "/accounts/login/",
        {"username": "alice", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.mark.django_db
def test_an_attacker_locks_only_their_own_address_and_the_learner_still_logs_in(client, alice, settings):
    settings.CLIENT_IP_PROXY_COUNT = 1
    attacker, learner = "203.0.113.66", "198.51.100.20"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "wrong", f"1.2.3.4, {attacker}")  # a forged left entry changes nothing
    assert login(client, "correct-horse-1", attacker).status_code == 429
    assert login(client, "correct-horse-1", learner).status_code == 302
