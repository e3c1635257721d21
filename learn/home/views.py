from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from learn.calculators.views import PAGES as CALCULATORS
from learn.core.pagecache import cache_page_for_visitors
from learn.lessons.models import GlossaryTerm, Lesson, Track
from learn.quizzes.models import Question
from learn.reviews.services import review_queue

log = logging.getLogger(__name__)


def scope(tracks: list[Track]) -> dict:
    """What the home page promises: the tracks that have published lessons (the caller passes only those)
    and the calculators. The headline is made of the tracks' own titles, so a track appears in it, in
    "Here now" and on the track grid once its first lesson is published, and no earlier."""
    return {
        "headline": " ".join(f"{t.title.rstrip('.')}." for t in tracks) or "Finance for engineers.",
        "calculators": list(CALCULATORS.values()),
    }


@require_safe
@cache_page_for_visitors
def home(request: HttpRequest) -> HttpResponse:
    tracks = list(Track.objects.readable(request.user))
    queue = review_queue(request.user, timezone.now()) if request.user.is_authenticated else None
    context = {
        "due": queue.total if queue else 0,
        "tracks": tracks,
        "next_lesson": Lesson.objects.next_for(request.user),
        "lessons_done": sum(t.lessons_done for t in tracks),
        "lessons_total": sum(t.lessons_total for t in tracks),
        **scope(tracks),
    }
    return render(request, "home/home.html", context)


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers (and the admin, whose pages link no icon) ask for /favicon.ico: send them to the static
    file, whose URL carries a content hash in production."""
    response = redirect(static("favicon.ico"))
    response["Cache-Control"] = "max-age=86400"
    return response


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """JSON status of the database, the cache and the loaded content; 503 when the database is down."""
    body: dict = {"status": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        body["database"] = {"status": "ok", "vendor": connection.vendor}
        body["content"] = {
            "tracks": Track.objects.published().count(),
            "lessons": Lesson.objects.published().count(),
            "glossary_terms": GlossaryTerm.objects.published().count(),
            "questions": Question.objects.active().count(),
        }
    except DatabaseError as exc:
        log.error("healthz: database unreachable: %s", exc)
        body["status"] = "error"
        body["database"] = {"status": "error", "error": exc.__class__.__name__}
        body["content"] = None
    try:
        cache = caches["default"]
        cache.set("healthz", "ok", 5)
        cache_ok = cache.get("healthz") == "ok"
        body["cache"] = {"status": "ok" if cache_ok else "error", "backend": cache.__class__.__name__}
    except Exception as exc:  # noqa: BLE001 - any cache client error means "cache down", not a crash
        body["cache"] = {
            "status": "error",
            "backend": caches["default"].__class__.__name__,
            "error": exc.__class__.__name__,
        }
    if body["cache"]["status"] != "ok" and body["status"] == "ok":
        body["status"] = "degraded"
    if not _may_see_details(request):  # which database and cache, and their errors, are for operators
        for part in ("database", "cache"):
            for key in ("vendor", "backend", "error"):
                body[part].pop(key, None)
    return JsonResponse(body, status=503 if body["database"]["status"] != "ok" else 200)


def _may_see_details(request: HttpRequest) -> bool:
    """Staff, or a monitor sending ``Authorization: Bearer <HEALTHZ_TOKEN>`` (when that is set)."""
    if request.user.is_authenticated and request.user.is_staff:
        return True
    token = settings.HEALTHZ_TOKEN
    return bool(token) and constant_time_compare(request.headers.get("Authorization", ""), f"Bearer {token}")
