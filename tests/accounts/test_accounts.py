"""Sign up, log in and out, rate-limited failures, password change and reset, and settings."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail

from learn.accounts.models import Profile
from tests.accounts.signup_flow import sign_up

pytestmark = pytest.mark.django_db


def test_it_signs_up_and_logs_in(client):
    data = {
        "username": "carol",
        "email": "Carol@Example.com",
        "password1": "a-long-pass-phrase-9",
        "password2": "a-long-pass-phrase-9",
    }
    response = sign_up(client, data)
    assert response.status_code == 302 and response["Location"] == "/"
    user = User.objects.get(username="carol")
    assert user.email == "carol@example.com" and user.is_active
    assert Profile.objects.get(user=user).time_zone == "UTC"
    assert "carol" in client.get("/").content.decode()


def test_signup_explains_what_is_wrong_with_what_was_typed(client, alice):
    response = client.post(
        "/accounts/signup/",
        {"username": "alice", "email": "alice@example.com", "password1": "x", "password2": "y"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The two password fields didn" in html
    # Whether "alice" or her address has an account is never said on the page (learn.accounts.signup).
    assert "already exists" not in html


def test_it_logs_in_and_out(client, alice):
    response = client.post("/accounts/login/", {"username": "alice", "password": "correct-horse-1"})
    assert response.status_code == 302
    assert "alice" in client.get("/").content.decode()
    client.post("/accounts/logout/")
    assert "Log in" in client.get("/").content.decode()


def test_failed_logins_are_rate_limited_per_user_and_address(client, alice):
    for _ in range(5):
        response = client.post(
            "/accounts/login/", {"username": "alice", "password": "wrong"}, REMOTE_ADDR="10.0.0.1"
        )
        assert response.status_code in (200, 429)
    locked = client.post(
        "/accounts/login/", {"username": "alice", "password": "correct-horse-1"}, REMOTE_ADDR="10.0.0.1"
    )
    assert locked.status_code == 429
    assert "Too many failed log-ins" in locked.content.decode()
    other = client.post(
        "/accounts/login/", {"username": "alice", "password": "correct-horse-1"}, REMOTE_ADDR="10.0.0.2"
    )
    assert other.status_code == 302  # the right user from another address still gets in


def test_it_changes_the_password(client, alice):
    client.force_login(alice)
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": "correct-horse-1",
            "new_password1": "new-long-pass-77",
            "new_password2": "new-long-pass-77",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("new-long-pass-77")


def test_it_resets_a_forgotten_password_by_email(client, alice):
    response = client.post("/accounts/password_reset/", {"email": "alice@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@example.com"]
    link = re.search(r"/accounts/reset/\S+/", mail.outbox[0].body).group(0)
    form_url = client.get(link)["Location"]
    response = client.post(
        form_url, {"new_password1": "reset-long-pass-5", "new_password2": "reset-long-pass-5"}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("reset-long-pass-5")


def test_resetting_the_password_lifts_a_lockout(client, alice):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "alice", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    locked = client.post(
        "/accounts/login/", {"username": "alice", "password": "correct-horse-1"}, REMOTE_ADDR="10.0.0.1"
    )
    assert locked.status_code == 429 and "reset your password" in locked.content.decode()
    client.post("/accounts/password_reset/", {"email": "alice@example.com"})
    link = re.search(r"/accounts/reset/\S+/", mail.outbox[0].body).group(0)
    form_url = client.get(link)["Location"]
    client.post(form_url, {"new_password1": "reset-long-pass-5", "new_password2": "reset-long-pass-5"})
    back = client.post(
        "/accounts/login/", {"username": "alice", "password": "reset-long-pass-5"}, REMOTE_ADDR="10.0.0.1"
    )
    assert back.status_code == 302


def test_the_settings_page_saves_time_zone_and_goal(client, alice):
    client.force_login(alice)
    response = client.post("/accounts/settings/", {"time_zone": "Europe/London", "daily_goal_minutes": 30})
    assert response.status_code == 302
    profile = Profile.objects.get(user=alice)
    assert (profile.time_zone, profile.daily_goal_minutes) == ("Europe/London", 30)


def test_the_settings_page_rejects_bad_values(client, alice):
    client.force_login(alice)
    response = client.post("/accounts/settings/", {"time_zone": "Mars/Olympus", "daily_goal_minutes": 0})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice." in html and "greater than or equal to 5" in html


def test_the_settings_page_needs_an_account(client):
    assert client.get("/accounts/settings/")["Location"].startswith("/accounts/login/")


def test_each_learner_sees_only_their_own_settings(client, alice, bob):
    Profile.objects.create(user=alice, time_zone="Asia/Tokyo")
    client.force_login(bob)
    html = client.get("/accounts/settings/").content.decode()
    assert "Signed in as <strong>bob</strong>" in html
    assert 'value="Asia/Tokyo" selected' not in html


def test_the_settings_page_links_my_review_history(client, alice):
    client.force_login(alice)
    page = client.get("/accounts/settings/").content.decode()
    assert '<a href="/export/my-reviews.csv" download>Download your review history (CSV)</a>' in page
