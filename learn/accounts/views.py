from __future__ import annotations

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.views.decorators.http import require_http_methods

from learn.accounts.forms import ChangePasswordForm, NewPasswordForm, ProfileForm, SignupForm
from learn.accounts.middleware import SESSION_KEY
from learn.accounts.models import Profile
from learn.accounts.signup import activate, activation_token, start_signup
from learn.core import ratelimit
from learn.core.clientip import client_ip


def _next_url(request: HttpRequest) -> str:
    """Where to go after signing up: ``next`` (posted back by the form, or in the query string) if it is
    a page of this site, else nothing."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else ""


SENT_KEY = "signup_sent"  # the address (and, in development, the message) the "check your inbox" page shows


def _too_many(request: HttpRequest, email: str, scope: str, per_ip: int) -> str:
    """The message for a request over a limit (per client address, then per target address), else ""."""
    if not ratelimit.allow(scope, client_ip(request) or "", limit=per_ip):
        return "Too many requests from your network in the last hour. Please try again later."
    if not ratelimit.allow("mail-to", email.lower(), limit=settings.RATELIMIT_MAIL_PER_ADDRESS):
        return (
            "We have sent several e-mails to this address in the last hour. "
            "Please wait for them, or try again later."
        )
    return ""


def _shows_mail_on_page() -> bool:
    """A laptop install with no mail server: the message is printed in the server's terminal, and the
    development page shows it too so the learner can carry on. Never with DEBUG off."""
    return settings.DEBUG and settings.EMAIL_BACKEND.endswith(("console.EmailBackend", "locmem.EmailBackend"))


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    if request.user.is_authenticated:
        return redirect(next_url or "home:home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        problem = _too_many(
            request, form.cleaned_data["email"], "signup-ip", settings.RATELIMIT_SIGNUP_PER_IP
        )
        if problem:
            form.add_error(None, problem)
            return render(request, "accounts/signup.html", {"form": form, "next": next_url}, status=429)
        message = start_signup(request, form.cleaned_data, next_url)
        request.session[SENT_KEY] = {
            "email": form.cleaned_data["email"],
            "message": message if _shows_mail_on_page() else None,
        }
        return redirect("accounts:signup-sent")
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


def signup_sent(request: HttpRequest) -> HttpResponse:
    sent = request.session.get(SENT_KEY)
    if not sent:
        return redirect("accounts:signup")
    return render(request, "accounts/signup_sent.html", {"sent": sent})


@require_http_methods(["GET", "POST"])
def signup_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link in the activation e-mail. GET shows the account and a button; the POST activates it, so a
    mail scanner that follows links activates nothing."""
    try:
        user = User.objects.get(pk=urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    valid = user is not None and not user.is_active and activation_token.check_token(user, token)
    next_url = _next_url(request)
    if valid and request.method == "POST":
        activate(user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        request.session.pop(SENT_KEY, None)
        messages.success(request, "Welcome! Your account is active and your progress is saved from now on.")
        return redirect(next_url or "home:home")
    status = 200 if valid else 400
    return render(
        request,
        "accounts/signup_confirm.html",
        {"account": user if valid else None, "next": next_url},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    profile = Profile.for_user(request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        request.session[SESSION_KEY] = profile.time_zone
        messages.success(request, "Settings saved.")
        return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset request (it answers the same whether or not the address has an account), limited
    per client address and per target address like sign-up."""

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        problem = _too_many(
            self.request, form.cleaned_data["email"], "reset-ip", settings.RATELIMIT_RESET_PER_IP
        )
        if problem:
            form.add_error(None, problem)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, with errors about the new password under the new password."""

    form_class = ChangePasswordForm


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's reset confirmation, which also lifts a log-in lockout: whoever can read the account's
    e-mail has proved more than a correct password would, and the lockout page points here."""

    form_class = NewPasswordForm

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response
