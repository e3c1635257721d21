from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST, require_safe

from learn.core.htmx import HtmxHttpRequest
from learn.quizzes.answers import Answer
from learn.quizzes.grading import grade
from learn.quizzes.models import Question


@require_POST
def check_answer(request: HtmxHttpRequest, qid: str) -> HttpResponse:
    """End-of-lesson check: immediate feedback with the explanation. Nothing is stored; anyone may try."""
    question = get_object_or_404(Question.objects.active().select_related("lesson"), qid=qid)
    answer = Answer.from_post(question, request.POST)
    result = grade(question.type, question.data, answer.response)
    question.check_result = result if result.valid else None
    question.check_message = "" if result.valid else result.message
    question.check_answer = None if result.valid else answer  # what was typed comes back in its fields
    if not request.htmx:  # without JavaScript: the whole lesson page, with this question's result in place
        from learn.lessons.views import render_lesson

        return render_lesson(request, question.lesson, checked=question)
    return render(request, "quizzes/lesson_check.html#check-item", {"question": question})


@require_safe
def export_track(request: HtmxHttpRequest, slug: str, fmt: str) -> HttpResponse:
    """A track's questions, for Anki (.apkg) or a spreadsheet (.csv)."""
    from learn.lessons.models import Track
    from learn.quizzes import export

    if fmt not in ("apkg", "csv"):
        raise Http404("Exports come as .apkg (Anki) or .csv.")
    track = get_object_or_404(Track.objects.published(), slug=slug)
    questions = list(
        Question.objects.active()
        .filter(lesson__track=track)
        .select_related("lesson")
        .prefetch_related("outcomes")
    )
    if fmt == "apkg":
        response = HttpResponse(
            export.anki_package(track, questions), content_type="application/octet-stream"
        )
    else:
        response = HttpResponse(export.questions_csv(questions), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="finfluency-{track.slug}.{fmt}"'
    return response
