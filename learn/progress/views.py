from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from learn.core.htmx import HtmxHttpRequest
from learn.lessons.models import Lesson
from learn.progress.models import LessonCompletion
from learn.progress.services import complete_lesson


@require_POST
@login_required
def toggle_complete(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Mark a lesson complete (or not). Only ever touches the signed-in learner's own rows."""
    lesson = get_object_or_404(Lesson.objects.published(), slug=slug)
    want_done = request.POST.get("done", "1") == "1"
    if want_done:
        complete_lesson(request.user, lesson, timezone.now())
    else:
        LessonCompletion.objects.for_user(request.user).filter(lesson=lesson).delete()
    if not request.htmx:
        return redirect(lesson)
    response = render(
        request, "lessons/lesson_detail.html#complete-form", {"lesson": lesson, "is_done": want_done}
    )
    return trigger_client_event(response, "progress-changed", {"lesson": lesson.slug, "done": want_done})
