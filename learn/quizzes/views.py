from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from learn.core.htmx import HtmxHttpRequest
from learn.quizzes.models import Question


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
