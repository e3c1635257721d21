from __future__ import annotations

from functools import cached_property

from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from learn.core.htmx import HtmxHttpRequest, partial
from learn.core.learnercache import cache_page_for_learner
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
@cache_page_for_learner
def lesson_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # The body is read only when the cached article is missing (lesson_detail.html's cachedfragment).
    lessons = Lesson.objects.published().select_related("track").defer("body_html", "body_text", "toc")
    lesson = get_object_or_404(lessons, slug=slug)
    if lesson.track.archived:
        raise Http404("This lesson's track is no longer published.")
    return render_lesson(request, lesson)


class TrackPosition:
    """Where a lesson sits in its track (breadcrumbs, pager). Read only when the cached markup that
    shows it is missing, so a cached page costs no query for it."""

    def __init__(self, lesson: Lesson) -> None:
        self.lesson = lesson

    @cached_property
    def _siblings(self) -> list[Lesson]:
        lessons = self.lesson.track.lessons.published().order_by("order", "slug")
        return list(lessons.only("slug", "title", "order", "track"))

    @cached_property
    def _index(self) -> int:
        return next(i for i, s in enumerate(self._siblings) if s.pk == self.lesson.pk)

    @property
    def position(self) -> int:
        return self._index + 1

    @property
    def count(self) -> int:
        return len(self._siblings)

    @property
    def previous(self) -> Lesson | None:
        return self._siblings[self._index - 1] if self._index > 0 else None

    @property
    def next(self) -> Lesson | None:
        return self._siblings[self._index + 1] if self._index + 1 < self.count else None


def render_lesson(request, lesson: Lesson, *, checked=None):
    """The lesson page; ``checked`` is a question just answered without JavaScript, shown with its result."""
    questions = lesson.questions.active  # a method: the template calls it only when the article is not cached
    if checked is not None:
        questions = [checked if q.pk == checked.pk else q for q in lesson.questions.active()]
    context = {
        "lesson": lesson,
        "track": lesson.track,
        # Callables, so that a cached article builds none of these queries.
        "outcomes": lesson.outcomes.published,
        "prerequisites": lesson.prerequisites.published,
        "nav": TrackPosition(lesson),
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
