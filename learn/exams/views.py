from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from learn.core.htmx import HtmxHttpRequest
from learn.exams import services
from learn.exams.forms import StartForm
from learn.exams.models import ExamAttempt
from learn.lessons.models import Track
from learn.quizzes.answers import Answer
from learn.quizzes.models import Question

# How the exams page names each kind of question, in the order it lists them.
QUESTION_KINDS = {
    Question.Type.SINGLE: "single-choice",
    Question.Type.MULTIPLE: "select-all-that-apply",
    Question.Type.TRUEFALSE: "true/false",
    Question.Type.NUMERIC: "numeric",
    Question.Type.CLOZE: "fill-in-the-blank",
}


def question_kinds() -> str:
    """The kinds of question an exam can draw now, as the exams page names them: "single-choice,
    numeric and true/false" (empty when no question is loaded)."""
    present = set(
        Question.objects.active().filter(lesson__track__archived=False).values_list("type", flat=True)
    )
    names = [name for kind, name in QUESTION_KINDS.items() if kind in present]
    return " and ".join(filter(None, [", ".join(names[:-1]), *names[-1:]]))


def _tracks() -> list[Track]:
    active = Q(lessons__questions__archived=False, lessons__archived=False)
    tracks = Track.objects.published().annotate(n_questions=Count("lessons__questions", filter=active))
    return [t for t in tracks if t.n_questions]


@login_required
@require_http_methods(["GET", "POST"])
def exam_list(request: HtmxHttpRequest) -> HttpResponse:
    tracks = _tracks()
    form = StartForm(request.POST or None, tracks=tracks)
    if request.method == "POST" and form.is_valid():
        try:
            attempt = services.start_exam(
                request.user,
                total=form.cleaned_data["total"],
                weights=form.weights(),
                seconds_per_question=form.cleaned_data["seconds_per_question"],
                now=timezone.now(),
            )
        except services.ExamError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("exams:attempt", pk=attempt.pk)
    now = timezone.now()
    for attempt in ExamAttempt.objects.for_user(request.user).filter(
        finished_at__isnull=True, deadline__lte=now
    ):
        services.close_if_expired(attempt, now)
    attempts = ExamAttempt.objects.for_user(request.user).annotate(
        n=Count("answers"), right=Count("answers", filter=Q(answers__correct=True))
    )[:20]
    context = {"form": form, "attempts": attempts, "tracks": tracks, "kinds": question_kinds()}
    return render(request, "exams/exam_list.html", context)


@login_required
@require_safe
def attempt_page(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    attempt = services.close_if_expired(
        get_object_or_404(ExamAttempt, pk=pk, user=request.user), timezone.now()
    )
    if attempt.finished_at is not None:
        return render(
            request, "exams/report.html", {"attempt": attempt, "report": services.exam_report(attempt)}
        )
    answers = list(attempt.answers.select_related("question"))
    context = {
        "attempt": attempt,
        "answers": answers,
        "n_answered": sum(1 for a in answers if a.answered_at),
        "clock": attempt.clock(),
    }
    return render(request, "exams/attempt.html", context)


@login_required
@require_POST
def save_answer(request: HtmxHttpRequest, pk: int, position: int) -> HttpResponse:
    attempt = get_object_or_404(ExamAttempt, pk=pk, user=request.user)
    answer = get_object_or_404(attempt.answers.select_related("question"), position=position)
    message, saved = "", False
    try:
        response = Answer.from_post(answer.question, request.POST).response
        result = services.save_answer(attempt, position, response, timezone.now())
        saved, message = result.valid, ("Saved." if result.valid else result.message)
    except services.ExamError as exc:
        if not request.htmx:
            messages.error(request, str(exc))
            return redirect("exams:attempt", pk=attempt.pk)
        # Time is up: the whole page becomes the report (an htmx swap would only replace this question).
        return HttpResponseClientRedirect(attempt_url(attempt))
    if not request.htmx:
        (messages.success if saved else messages.error)(request, f"Question {position}: {message}")
        return redirect(attempt_url(attempt) + f"#q{position}")
    # Only the status changes: the fields keep what is being typed (an autosave fires as you type).
    answer.refresh_from_db()
    return render(
        request,
        "exams/attempt.html#exam-status",
        {"attempt": attempt, "a": answer, "status": message, "saved": saved},
    )


@login_required
@require_POST
def finish(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Finish the exam; with questions unanswered and no ``confirm`` field, ask first (the page lists
    them). The exam page's script asks in a dialog and sends ``confirm``; this page is the fallback."""
    attempt = get_object_or_404(ExamAttempt, pk=pk, user=request.user)
    now = timezone.now()
    attempt = services.close_if_expired(attempt, now)
    if attempt.finished_at is None and not request.POST.get("confirm"):
        unanswered = attempt.unanswered_positions()
        if unanswered:
            context = {
                "attempt": attempt,
                "unanswered": unanswered,
                "total": attempt.answers.count(),
                "clock": attempt.clock(now),
            }
            return render(request, "exams/finish_confirm.html", context)
    services.finish_exam(attempt, now)
    return redirect("exams:attempt", pk=attempt.pk)


def attempt_url(attempt: ExamAttempt) -> str:
    return reverse("exams:attempt", args=[attempt.pk])
