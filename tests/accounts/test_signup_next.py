"""Signing up or logging in from a page brings the learner back to it: every sign-up and log-in link
carries ``?next=`` (the links are in base.html, the lesson page and the registration templates)."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.accounts.signup_flow import sign_up

pytestmark = pytest.mark.django_db

LESSON = "/lessons/accounting-equation/"
SIGNUP = {
    "username": "carol",
    "email": "carol@example.com",
    "password1": "a-long-pass-phrase-9",
    "password2": "a-long-pass-phrase-9",
}


def test_a_lesson_links_sign_up_and_log_in_back_to_itself(client, synced_real_content):
    html = client.get(LESSON).content.decode()
    back = f"?next={LESSON}"
    assert (
        html.count(f'href="/accounts/signup/{back}"') == 3
    )  # the header, "Log in or sign up" and the lesson check
    assert html.count(f'href="/accounts/login/{back}"') == 2


def test_the_header_keeps_a_query_string_and_escapes_it(client, db):
    html = client.get("/calculators/cds/?tenor=5&spread=<b>").content.decode()
    # get_full_path is already percent-encoded (%3Cb%3E); as a parameter value its % is encoded again.
    assert 'href="/accounts/signup/?next=/calculators/cds/%3Ftenor%3D5%26spread%3D%253Cb%253E"' in html


def test_the_log_in_page_passes_next_on_to_sign_up(client, db):
    html = client.get(f"/accounts/login/?next={LESSON}").content.decode()
    assert f'href="/accounts/signup/?next={LESSON}">Create an account</a>' in html
    # The header of an account page points back to where the learner came from, not to itself.
    assert f'href="/accounts/login/?next={LESSON}">Log in</a>' in html
    assert "next=/accounts/" not in html


def test_the_log_in_page_drops_an_off_site_next(client, db):
    html = client.get("/accounts/login/?next=https://evil.example/").content.decode()
    assert 'href="/accounts/signup/">Create an account</a>' in html


def test_sign_up_returns_to_the_page_it_was_opened_from(client, db):
    # next= travels in the activation link, so activating brings the learner back to the lesson.
    response = sign_up(client, SIGNUP, f"/accounts/signup/?next={LESSON}")
    assert response.status_code == 302 and response["Location"] == LESSON


def test_the_sign_up_form_posts_next_back(client, db):
    html = client.get(f"/accounts/signup/?next={LESSON}").content.decode()
    assert f'<input type="hidden" name="next" value="{LESSON}">' in html
    response = sign_up(client, {**SIGNUP, "next": LESSON})
    assert response["Location"] == LESSON


def test_sign_up_ignores_an_off_site_next(client, db):
    response = sign_up(client, SIGNUP, "/accounts/signup/?next=https://evil.example/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert "evil" not in mail.outbox[-1].body
