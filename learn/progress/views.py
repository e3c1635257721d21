from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from learn.lessons.models import Lesson
from learn.progress.models import LessonCompletion
from learn.reviews.services import add_cards


@require_POST
@login_required
def toggle_complete(request, slug: str):
    """Mark a lesson complete (or not). Only ever touches the signed-in learner's own rows."""
    lesson = get_object_or_404(Lesson.objects.published(), slug=slug)
    want_done = request.POST.get("done", "1") == "1"
    if want_done:
        now = timezone.now()
        LessonCompletion.objects.get_or_create(user=request.user, lesson=lesson, defaults={"completed_at": now})
        add_cards(request.user, list(lesson.questions.active()), now)  # its questions join the review queue
    else:
        LessonCompletion.objects.filter(user=request.user, lesson=lesson).delete()
    if not request.htmx:
        return redirect(lesson)
    response = render(request, "lessons/lesson_detail.html#complete-form", {"lesson": lesson, "is_done": want_done})
    return trigger_client_event(response, "progress-changed", {"lesson": lesson.slug, "done": want_done})
