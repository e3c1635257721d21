from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from learn.mydata.archive import archive, delete_account
from learn.mydata.forms import DeleteAccountForm


@login_required
@require_safe
def download(request: HttpRequest) -> HttpResponse:
    """Everything the site holds about the signed-in learner, as one zip."""
    now = timezone.now()
    response = HttpResponse(archive(request.user, now), content_type="application/zip")
    name = f"finfluency-{request.user.username}-{now:%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        delete_account(user)
        messages.success(request, "Your account and all your data have been deleted.")
        return redirect("home:home")
    return render(request, "mydata/delete.html", {"form": form})
