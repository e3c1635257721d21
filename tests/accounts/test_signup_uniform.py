"""Sign-up answers the same whatever exists, and sign-up and password reset are rate-limited (issue 10,
finding 4). Only the inbox learns whether an address or a username has an account."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import mail

from learn.accounts.models import Profile
from tests.accounts.signup_flow import activation_link, sign_up

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-pass-phrase-9"


def _form(username: str, email: str) -> dict:
    return {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD}


def _answer(client, data: dict) -> tuple[int, str, str]:
    """What the person signing up sees: status, where they are sent, and that page without the address."""
    response = client.post("/accounts/signup/", data)
    page = re.sub(
        re.escape(data["email"]), "EMAIL", client.get(response["Location"]).content.decode(), flags=re.I
    )
    page = re.sub(r"[A-Za-z0-9+/=_-]{40,}", "TOKEN", page)  # CSRF tokens and nonces change per request
    return response.status_code, response["Location"], page


def test_new_taken_address_and_taken_username_look_the_same_on_the_page(client, alice):
    answers = [
        _answer(client, _form("carol", "carol@example.com")),  # new
        _answer(client, _form("mallory", "ALICE@example.com")),  # alice's address
        _answer(client, _form("Alice", "dave@example.com")),  # alice's username, in another case
    ]
    assert answers[0][:2] == (302, "/accounts/signup/sent/")
    assert answers[0] == answers[1] == answers[2]
    assert "already" not in answers[0][2] and "taken" not in answers[0][2]
    # One e-mail each, to the address typed, and only the new sign-up created anything.
    assert [m.to for m in mail.outbox] == [["carol@example.com"], ["alice@example.com"], ["dave@example.com"]]
    assert set(User.objects.values_list("username", flat=True)) == {"alice", "carol"}
    carol, to_alice, to_dave = mail.outbox
    assert "/accounts/signup/confirm/" in carol.body
    assert '"alice"' in to_alice.body and "/accounts/password_reset/" in to_alice.body
    assert "/accounts/signup/confirm/" not in to_alice.body
    assert "taken" in to_dave.body and "/accounts/signup/confirm/" not in to_dave.body


def test_the_account_waits_for_its_link_and_the_link_works_once(client):
    client.post("/accounts/signup/", _form("carol", "carol@example.com"))
    carol = User.objects.get(username="carol")
    assert not carol.is_active and Profile.objects.get(user=carol).signup_pending
    # Not active yet: the password does not log in.
    login = client.post("/accounts/login/", {"username": "carol", "password": PASSWORD})
    assert login.status_code == 200 and "_auth_user_id" not in client.session
    link = activation_link("carol@example.com")
    page = client.get(link)  # a mail scanner following the link activates nothing
    assert page.status_code == 200 and "Activate the account <strong>carol</strong>" in page.content.decode()
    carol.refresh_from_db()
    assert not carol.is_active
    response = client.post(link)
    assert response.status_code == 302 and response["Location"] == "/"
    carol.refresh_from_db()
    assert carol.is_active and not Profile.objects.get(user=carol).signup_pending
    assert client.get("/accounts/settings/").status_code == 200  # logged in
    client.logout()
    again = client.post(link)
    assert again.status_code == 400 and "This link does not work" in again.content.decode()
    assert client.get("/accounts/signup/confirm/MQ/not-a-token/").status_code == 400
    assert client.get("/accounts/signup/confirm/%00%27/x-y/").status_code == 400


def test_a_newer_sign_up_with_the_same_address_replaces_a_pending_one(client):
    client.post("/accounts/signup/", _form("carol", "carol@example.com"))
    first = activation_link("carol@example.com")
    client.post("/accounts/signup/", _form("caroline", "carol@example.com"))
    assert list(User.objects.values_list("username", flat=True)) == ["caroline"]
    assert client.post(first).status_code == 400
    assert client.post(activation_link("carol@example.com")).status_code == 302
    assert User.objects.get(username="caroline").is_active


def test_a_pending_sign_up_gives_its_username_back_when_its_link_expires(client):
    with time_machine.travel(dt.datetime(2026, 1, 1, tzinfo=dt.UTC)):
        client.post("/accounts/signup/", _form("carol", "carol@example.com"))
    with time_machine.travel(dt.datetime(2026, 1, 5, tzinfo=dt.UTC)):  # three-day link expired
        client.post("/accounts/signup/", _form("carol", "someone@example.com"))
    carol = User.objects.get(username="carol")
    assert carol.email == "someone@example.com"
    assert "/accounts/signup/confirm/" in mail.outbox[-1].body


def test_an_activated_learner_is_not_replaced_by_a_later_sign_up(client):
    sign_up(client, _form("carol", "carol@example.com"))
    client.logout()
    client.post("/accounts/signup/", _form("carol2", "carol@example.com"))
    assert list(User.objects.values_list("username", "is_active")) == [("carol", True)]


def test_sign_up_is_limited_per_client_address(client, settings):
    settings.RATELIMIT_SIGNUP_PER_IP = 2
    for n in range(2):
        assert client.post("/accounts/signup/", _form(f"u{n}", f"u{n}@example.com")).status_code == 302
    response = client.post("/accounts/signup/", _form("u2", "u2@example.com"))
    assert response.status_code == 429
    assert "Too many requests from your network" in response.content.decode()
    assert 'value="u2"' in response.content.decode()  # what was typed is kept
    assert len(mail.outbox) == 2 and not User.objects.filter(username="u2").exists()


def test_the_limit_follows_the_client_behind_the_proxy(client, settings):
    settings.RATELIMIT_SIGNUP_PER_IP = 1
    settings.CLIENT_IP_PROXY_COUNT = 1
    first = client.post(
        "/accounts/signup/", _form("u1", "u1@example.com"), HTTP_X_FORWARDED_FOR="203.0.113.7"
    )
    same = client.post("/accounts/signup/", _form("u2", "u2@example.com"), HTTP_X_FORWARDED_FOR="203.0.113.7")
    other = client.post(
        "/accounts/signup/", _form("u3", "u3@example.com"), HTTP_X_FORWARDED_FOR="198.51.100.9"
    )
    assert (first.status_code, same.status_code, other.status_code) == (302, 429, 302)


def test_reset_e_mails_to_one_address_are_limited(client, alice, settings):
    """Eight reset requests in a row for one address used to send eight e-mails."""
    settings.RATELIMIT_MAIL_PER_ADDRESS = 3
    statuses = [
        client.post("/accounts/password_reset/", {"email": "alice@example.com"}).status_code for _ in range(8)
    ]
    assert statuses == [302, 302, 302, 429, 429, 429, 429, 429]
    assert len(mail.outbox) == 3
    html = client.post("/accounts/password_reset/", {"email": "alice@example.com"}).content.decode()
    assert "several e-mails to this address" in html


def test_the_address_limit_counts_whether_or_not_an_account_exists(client, alice, settings):
    """Otherwise the limit itself would tell which addresses have accounts."""
    settings.RATELIMIT_MAIL_PER_ADDRESS = 2
    for email in ("alice@example.com", "nobody@example.com"):
        codes = [client.post("/accounts/password_reset/", {"email": email}).status_code for _ in range(3)]
        assert codes == [302, 302, 429]


def test_sign_up_and_reset_share_the_address_limit(client, alice, settings):
    settings.RATELIMIT_MAIL_PER_ADDRESS = 2
    assert client.post("/accounts/password_reset/", {"email": "alice@example.com"}).status_code == 302
    assert client.post("/accounts/signup/", _form("x", "alice@example.com")).status_code == 302
    assert client.post("/accounts/signup/", _form("y", "Alice@Example.com")).status_code == 429
    assert len(mail.outbox) == 2


def test_reset_is_limited_per_client_address(client, settings):
    settings.RATELIMIT_RESET_PER_IP = 3
    codes = [
        client.post("/accounts/password_reset/", {"email": f"n{n}@example.com"}).status_code for n in range(4)
    ]
    assert codes == [302, 302, 302, 429]


def test_development_shows_the_message_on_the_page_and_production_does_not(client, settings):
    settings.DEBUG = True
    client.post("/accounts/signup/", _form("carol", "carol@example.com"))
    html = client.get("/accounts/signup/sent/").content.decode()
    assert 'data-testid="dev-mail"' in html and "/accounts/signup/confirm/" in html
    settings.DEBUG = False
    client.post("/accounts/signup/", _form("dave", "dave@example.com"))
    html = client.get("/accounts/signup/sent/").content.decode()
    assert "dev-mail" not in html and "/accounts/signup/confirm/" not in html
    assert "dave@example.com" in html
