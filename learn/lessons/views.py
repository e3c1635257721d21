from __future__ import annotations

from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from learn.core.htmx import HtmxHttpRequest, partial
from learn.core.pagecache import cache_page_for_visitors
from learn.lessons.models import GlossaryTerm, LearningOutcome, Lesson, Track

published_outcomes = Prefetch("outcomes", queryset=LearningOutcome.objects.published())


@require_safe
@cache_page_for_visitors
def track_detail(request: HttpRequest, slug: str) -> HttpResponse:
    track = get_object_or_404(Track.objects.published(), slug=slug)
    lessons = (
        track.lessons.published()
        .order_by("order", "slug")
        .prefetch_related(published_outcomes, Prefetch("prerequisites", queryset=Lesson.objects.published()))
    )
    done = set(Lesson.objects.completed_by(request.user).values_list("pk", flat=True))
    return render(request, "lessons/track_detail.html", {"track": track, "lessons": lessons, "done": done})


@require_safe
@cache_page_for_visitors
def lesson_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # The body is read only when the cached article is missing (lesson_detail.html's cachedfragment).
    lessons = Lesson.objects.published().select_related("track").defer("body_html", "body_text", "toc")
    lesson = get_object_or_404(lessons, slug=slug)
    if lesson.track.archived:
        raise Http404("This lesson's track is no longer published.")
    return render_lesson(request, lesson)


def render_lesson(request, lesson: Lesson, *, checked=None):
    """The lesson page; ``checked`` is a question just answered without JavaScript, shown with its result."""
    questions = lesson.questions.active()  # evaluated only when the cached fragment is not there
    if checked is not None:
        questions = [checked if q.pk == checked.pk else q for q in questions]
    siblings = list(
        lesson.track.lessons.published().order_by("order", "slug").only("slug", "title", "order", "track")
    )
    index = next(i for i, s in enumerate(siblings) if s.pk == lesson.pk)
    context = {
        "lesson": lesson,
        "track": lesson.track,
        "outcomes": lesson.outcomes.published(),
        "prerequisites": lesson.prerequisites.published(),
        "previous": siblings[index - 1] if index > 0 else None,
        "next": siblings[index + 1] if index + 1 < len(siblings) else None,
        "position": index + 1,
        "count": len(siblings),
        "is_done": Lesson.objects.completed_by(request.user).filter(pk=lesson.pk).exists(),
        "questions": questions,
        # The article is the same for every learner unless it shows one learner's answer (``checked``).
        "fragment_key": None if checked is not None else f"lesson-{lesson.pk}",
    }
    return render(request, "lessons/lesson_detail.html", context)


@require_safe
@cache_page_for_visitors
@vary_on_headers("HX-Request")
def glossary(request: HtmxHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    terms = GlossaryTerm.objects.published().prefetch_related(
        Prefetch("lessons", queryset=Lesson.objects.published().order_by("track__order", "order"))
    )
    if query:
        terms = terms.filter(
            Q(term__icontains=query)
            | Q(definition__icontains=query)
            | Q(engineer__icontains=query)
            | Q(aliases__icontains=query)
        )
    names = dict(GlossaryTerm.objects.published().values_list("slug", "term"))
    terms = list(terms)
    for term in terms:
        term.see_also_links = [(slug, names[slug]) for slug in term.see_also if slug in names]
    template = partial(request, "lessons/glossary.html", "glossary-list")
    return render(request, template, {"terms": terms, "query": query})
