"""Signing up as a learner does it: post the form, open the link from the e-mail, press Activate."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core import mail

LINK = re.compile(r"https?://\S+/accounts/signup/confirm/\S+")


def activation_link(to: str) -> str:
    """The activation link of the last e-mail sent to ``to`` (relative to the site)."""
    body = next(m.body for m in reversed(mail.outbox) if to in m.to)
    url = urlsplit(LINK.search(body).group(0))
    return f"{url.path}?{url.query}" if url.query else url.path


def sign_up(client, data: dict, url: str = "/accounts/signup/"):
    """Post the sign-up form and activate the account; returns the activation POST's response."""
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == "/accounts/signup/sent/", response
    link = activation_link(data["email"].lower())
    assert client.get(link).status_code == 200
    return client.post(link)
