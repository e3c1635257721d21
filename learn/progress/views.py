from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from learn.core.htmx import HtmxHttpRequest
from learn.lessons.models import Lesson
from learn.lessons.views import render_lesson
from learn.progress.models import LessonCompletion
from learn.progress.services import check_in_lesson, complete_lesson
from learn.quizzes.answers import Answer
from learn.quizzes.models import Question


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


@require_POST
def check_answer(request: HtmxHttpRequest, qid: str) -> HttpResponse:
    """End-of-lesson check: immediate feedback with the explanation; anyone may try. For a signed-in
    learner the first answer to a question is its card's first review (see ``check_in_lesson``)."""
    question = get_object_or_404(Question.objects.active().select_related("lesson"), qid=qid)
    answer = Answer.from_post(question, request.POST)
    check = check_in_lesson(request.user, question, answer.response, timezone.now())
    question.check = check if check.grade.valid else None
    question.check_message = "" if check.grade.valid else check.grade.message
    question.check_answer = None if check.grade.valid else answer  # what was typed comes back in its fields
    if not request.htmx:  # without JavaScript: the whole lesson page, with this question's result in place
        return render_lesson(request, question.lesson, checked=question)
    return render(request, "quizzes/lesson_check.html#check-item", {"question": question})
