from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from learn.exams import services
from learn.exams.models import ExamAttempt
from learn.lessons.models import Track
from learn.quizzes.answers import Answer


class StartForm(forms.Form):
    total = forms.IntegerField(min_value=1, max_value=180, initial=20, label="Number of questions")
    seconds_per_question = forms.IntegerField(
        min_value=15, max_value=600, initial=services.CFA_SECONDS_PER_QUESTION, label="Seconds per question",
        help_text="The CFA Level I pace is 90 seconds a question.",
    )

    def __init__(self, *args, tracks, **kwargs):
        super().__init__(*args, **kwargs)
        self.tracks = tracks
        for track in tracks:
            self.fields[f"weight_{track.slug}"] = forms.IntegerField(
                min_value=0, max_value=100, initial=1, label=f"{track.code}. {track.title}",
                help_text=f"{track.n_questions} questions",
            )

    def weights(self) -> dict[str, float]:
        return {t.slug: float(self.cleaned_data[f"weight_{t.slug}"]) for t in self.tracks}

    def clean(self):
        data = super().clean()
        if self.tracks and all(not data.get(f"weight_{t.slug}") for t in self.tracks):
            raise forms.ValidationError("Give at least one track a weight above 0.")
        return data


def _tracks():
    active = Q(lessons__questions__archived=False, lessons__archived=False)
    tracks = Track.objects.published().annotate(n_questions=Count("lessons__questions", filter=active))
    return [t for t in tracks if t.n_questions]


@login_required
@require_http_methods(["GET", "POST"])
def exam_list(request):
    tracks = _tracks()
    form = StartForm(request.POST or None, tracks=tracks)
    if request.method == "POST" and form.is_valid():
        try:
            attempt = services.start_exam(
                request.user, total=form.cleaned_data["total"], weights=form.weights(),
                seconds_per_question=form.cleaned_data["seconds_per_question"], now=timezone.now(),
            )
        except services.ExamError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("exams:attempt", pk=attempt.pk)
    now = timezone.now()
    for attempt in ExamAttempt.objects.for_user(request.user).filter(finished_at__isnull=True, deadline__lte=now):
        services.close_if_expired(attempt, now)
    attempts = ExamAttempt.objects.for_user(request.user).annotate(
        n=Count("answers"), right=Count("answers", filter=Q(answers__correct=True))
    )[:20]
    return render(request, "exams/exam_list.html", {"form": form, "attempts": attempts, "tracks": tracks})


@login_required
@require_safe
def attempt_page(request, pk: int):
    attempt = services.close_if_expired(get_object_or_404(ExamAttempt, pk=pk, user=request.user), timezone.now())
    if attempt.finished_at is not None:
        return render(request, "exams/report.html", {"attempt": attempt, "report": services.exam_report(attempt)})
    answers = attempt.answers.select_related("question")
    return render(request, "exams/attempt.html", {"attempt": attempt, "answers": answers, "now": timezone.now()})


@login_required
@require_POST
def save_answer(request, pk: int, position: int):
    attempt = get_object_or_404(ExamAttempt, pk=pk, user=request.user)
    answer = get_object_or_404(attempt.answers.select_related("question"), position=position)
    message, saved = "", False
    try:
        response = Answer.from_post(answer.question, request.POST).response
        result = services.save_answer(attempt, position, response, timezone.now())
        saved, message = result.valid, ("Saved." if result.valid else result.message)
    except services.ExamError as exc:
        message = str(exc)
        if not request.htmx:
            messages.error(request, message)
            return redirect("exams:attempt", pk=attempt.pk)
        response = render(request, "exams/time_up.html", {"attempt": attempt, "message": message})
        response["HX-Redirect"] = attempt_url(attempt)
        return response
    if not request.htmx:
        (messages.success if saved else messages.error)(request, f"Question {position}: {message}")
        return redirect(attempt_url(attempt) + f"#q{position}")
    answer.refresh_from_db()  # the fields show what is saved now
    return render(request, "exams/attempt.html#exam-question",
                  {"attempt": attempt, "a": answer, "status": message, "saved": saved})


@login_required
@require_POST
def finish(request, pk: int):
    attempt = get_object_or_404(ExamAttempt, pk=pk, user=request.user)
    services.finish_exam(attempt, timezone.now())
    return redirect("exams:attempt", pk=attempt.pk)


def attempt_url(attempt: ExamAttempt) -> str:
    from django.urls import reverse

    return reverse("exams:attempt", args=[attempt.pk])
