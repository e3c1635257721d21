"""Sign-up that does not tell anyone which usernames and e-mail addresses have accounts.

Every valid sign-up gets the same answer, "check your inbox", and exactly one e-mail goes to the address
given:

- a new address and a free username: a link to activate the account (created inactive until then);
- an address that already has an account: a note to its owner with their username and the log-in and
  password-reset links (nothing is created);
- a taken username: a note asking to sign up again with another (nothing is created).

So only whoever reads the inbox learns anything, and the e-mail rate limits (see :mod:`learn.core.ratelimit`)
bound how often they can ask. The activation link carries a token that stops working once the account is
active (the state is part of its hash) and after ``PASSWORD_RESET_TIMEOUT``. A pending account that was
never activated does not hold its username or address for ever: it is replaced by a newer sign-up with the
same address, and deleted once its link has expired.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode

from learn.accounts.models import DEFAULT_TIME_ZONE, Profile


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "learn.accounts.signup.ActivationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.password}{user.is_active}{timestamp}"


activation_token = ActivationTokenGenerator()


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _mail(request: HttpRequest, to: str, template: str, context: dict) -> dict:
    context = {**context, "site": request.get_host()}
    subject = render_to_string(f"accounts/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"accounts/email/{template}.txt", context)
    send_mail(subject, body, None, [to])
    return {"subject": subject, "body": body, "link": context.get("link", "")}


def purge_expired_pending() -> int:
    """Delete sign-ups whose activation link has expired; returns how many."""
    cutoff = timezone.now() - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    deleted, _ = User.objects.filter(
        is_active=False, profile__signup_pending=True, date_joined__lt=cutoff
    ).delete()
    return deleted


@transaction.atomic
def start_signup(request: HttpRequest, cleaned: dict, next_url: str = "") -> dict:
    """Send the one e-mail this sign-up gets; returns the message (subject, body, link) for the
    development page that shows it when no mail server is configured."""
    purge_expired_pending()
    email, username = cleaned["email"], cleaned["username"]
    owner = User.objects.filter(email__iexact=email, is_active=True).first()
    if owner is not None:
        return _mail(
            request,
            email,
            "signup_exists",
            {
                "username": owner.get_username(),
                "login": _absolute(request, reverse("login")),
                "reset": _absolute(request, reverse("password_reset")),
            },
        )
    # An earlier sign-up with this address that was never activated gives way to this one.
    User.objects.filter(email__iexact=email, is_active=False, profile__signup_pending=True).delete()
    if User.objects.filter(username__iexact=username).exists():
        return _mail(
            request,
            email,
            "signup_username_taken",
            {"username": username, "signup": _absolute(request, reverse("accounts:signup"))},
        )
    user = User(username=username, email=email, is_active=False)
    user.set_password(cleaned["password1"])
    user.save()
    zone = cleaned.get("time_zone") or DEFAULT_TIME_ZONE
    Profile.objects.update_or_create(user=user, defaults={"time_zone": zone, "signup_pending": True})
    path = reverse(
        "accounts:signup-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": activation_token.make_token(user),
        },
    )
    if next_url:
        path += "?" + urlencode({"next": next_url})
    return _mail(request, email, "signup_confirm", {"username": username, "link": _absolute(request, path)})


def activate(user: User) -> None:
    user.is_active = True
    user.save(update_fields=["is_active"])
    Profile.objects.filter(user=user).update(signup_pending=False)
