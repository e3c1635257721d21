"""Errors about a new password show under the password field; a mismatch shows under the confirmation.
Django checks the password on its confirmation field, which put "too short" under "Password
confirmation"."""

from __future__ import annotations

import re

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db


def _field_errors(html: str, name: str) -> list[str]:
    """The error messages rendered in the form field that holds the input called ``name``."""
    for block in html.split('<div class="field')[1:]:
        if f'name="{name}"' in block:
            return re.findall(r'<p class="error" role="alert">(.*?)</p>', block)
    raise AssertionError(f"no field {name}")


def _signup(client, password1: str, password2: str) -> str:
    data = {"username": "carol", "email": "carol@example.com", "password1": password1, "password2": password2}
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 200
    return response.content.decode()


def test_a_weak_password_is_faulted_under_the_password_field(client):
    html = _signup(client, "short7", "short7")
    assert _field_errors(html, "password1") == [
        "This password is too short. It must contain at least 8 characters."
    ]
    assert _field_errors(html, "password2") == []


def test_a_mismatch_is_faulted_under_the_confirmation(client):
    html = _signup(client, "a-long-pass-phrase-9", "a-long-pass-phrase-8")
    assert _field_errors(html, "password1") == []
    assert _field_errors(html, "password2") == ["The two password fields didn’t match."]


def test_a_weak_password_typed_twice_differently_gets_both_errors_each_in_its_place(client):
    html = _signup(client, "12345678", "12345679")
    assert "This password is entirely numeric." in _field_errors(html, "password1")
    assert _field_errors(html, "password2") == ["The two password fields didn’t match."]


def test_changing_the_password_faults_a_weak_one_under_the_new_password(client, alice):
    client.force_login(alice)
    data = {"old_password": "correct-horse-1", "new_password1": "short7", "new_password2": "short7"}
    html = client.post("/accounts/password_change/", data).content.decode()
    assert "This password is too short." in " ".join(_field_errors(html, "new_password1"))
    assert _field_errors(html, "new_password2") == []


def test_a_reset_faults_a_weak_password_under_the_new_password(client, alice):
    client.post("/accounts/password_reset/", {"email": "alice@example.com"})
    link = re.search(r"/accounts/reset/\S+/", mail.outbox[0].body).group(0)
    form_url = client.get(link)["Location"]
    html = client.post(form_url, {"new_password1": "short7", "new_password2": "short7"}).content.decode()
    assert "This password is too short." in " ".join(_field_errors(html, "new_password1"))
    assert _field_errors(html, "new_password2") == []
