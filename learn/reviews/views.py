from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from learn.core.htmx import HtmxHttpRequest, partial
from learn.core.learnercache import cache_page_for_learner
from learn.lessons.models import Track
from learn.quizzes.answers import Answer
from learn.quizzes.grading import Grade
from learn.quizzes.models import Question
from learn.reviews import services
from learn.reviews.export import review_history_rows
from learn.reviews.forms import ReviewSettingsForm
from learn.reviews.models import PENDING_KEPT, Card, PendingReview, ReviewLog, ReviewSettings
from learn.reviews.scheduling import LEECH_THRESHOLD, Rating


def _panel(
    request: HtmxHttpRequest,
    *,
    message: str = "",
    pending: PendingReview | None = None,
    result: Grade | None = None,
    stage: str | None = None,
    answer: Answer | None = None,
) -> HttpResponse:
    """The review panel: the next card's question, a graded answer with its four buttons, or 'all done'.
    ``answer`` is what the learner typed, put back in the fields when it could not be graded."""
    now = timezone.now()
    queue = services.review_queue(request.user, now)
    if pending is None and stage is None and queue.card is not None:
        pending = PendingReview.objects.open_for(queue.card, now)
    stage = stage or ("question" if pending else "done")
    buttons = []
    if stage == "feedback":
        buttons = [
            {
                "rating": int(r),
                "name": r.label,
                "label": pending.interval_label(r),
                "enabled": pending.allows(r),
            }
            for r in Rating
        ]
    context = {
        "stage": stage,
        "pending": pending,
        "question": pending.card.question if pending else None,
        "queue": queue,
        "message": message,
        "result": result,
        "buttons": buttons,
        "answer": answer,
        "can_undo": ReviewLog.objects.filter(user=request.user).exists(),
        "next_due": _next_due(request.user, now) if stage == "done" else None,
    }
    template = partial(request, "reviews/review.html", "panel")
    response = render(request, template, context)
    if request.method in ("GET", "HEAD"):
        response.cache_until = _valid_until(request.user, now, queue, pending, context["next_due"])
    return response


def _valid_until(user, now: datetime, queue, pending: PendingReview | None, next_due: datetime | None):
    """Until when the review page just rendered stays right (learnercache): the learner's day, a card
    falling due or coming back from a bury, the question shown being forgotten, and "due in 2 hours,
    5 minutes" next changing (it counts whole minutes)."""
    changes = [queue.day.end, Card.objects.for_user(user).active().next_change(now)]
    if pending is not None:
        changes.append(pending.shown_at + PENDING_KEPT)
    if next_due is not None:
        changes.append(now + ((next_due - now) % timedelta(minutes=1) or timedelta(minutes=1)))
    return min(t for t in changes if t is not None)


def _next_due(user, now: datetime) -> datetime | None:
    return (
        Card.objects.for_user(user)
        .active()
        .filter(due__gt=now)
        .order_by("due")
        .values_list("due", flat=True)
        .first()
    )


@login_required
@require_safe
@vary_on_headers("HX-Request")
@cache_page_for_learner
def review(request: HtmxHttpRequest) -> HttpResponse:
    return _panel(request)


@login_required
@require_POST
def answer(request: HtmxHttpRequest) -> HttpResponse:
    pending = _pending(request)
    if pending is None:
        return _panel(request, message=services.NO_LONGER_OPEN)
    typed = Answer.from_post(pending.card.question, request.POST)
    result = services.submit_answer(pending, typed.response, timezone.now())
    if not result.valid:
        return _panel(request, pending=pending, stage="question", message=result.message, answer=typed)
    return _panel(request, pending=pending, stage="feedback", result=result)


@login_required
@require_POST
def rate(request: HtmxHttpRequest) -> HttpResponse:
    token = _token(request)
    try:
        rating = int(request.POST.get("rating", ""))
    except ValueError:
        rating = 0
    outcome = services.rate(request.user, token, rating, timezone.now()) if token else None
    if outcome is None:
        return _panel(request, message=services.NO_LONGER_OPEN)
    if outcome.status is services.RateStatus.INVALID:
        pending = _pending(request)
        if pending is not None and pending.answered_at is not None:
            result = services.submit_answer(pending, None, timezone.now())
            return _panel(request, pending=pending, stage="feedback", result=result, message=outcome.message)
    message = "" if outcome.message == "Recorded." else outcome.message
    if not request.htmx:
        if message:
            messages.info(request, message)
        return redirect("reviews:review")
    return _panel(request, message=message)


@login_required
@require_POST
def undo(request: HtmxHttpRequest) -> HttpResponse:
    card = services.undo_last(request.user)
    message = (
        "Undone: the card is back as it was before your last answer." if card else "There is nothing to undo."
    )
    if not request.htmx:
        messages.info(request, message)
        return redirect("reviews:review")
    return _panel(request, message=message)


@login_required
@require_POST
def card_action(request: HtmxHttpRequest, pk: int, action: str) -> HttpResponse:
    card = get_object_or_404(Card, pk=pk, user=request.user)  # only ever the learner's own cards
    if action == "bury":
        card.bury(until=services.learner_day(request.user, timezone.now()).end)  # the start of their next day
        message = "Buried until tomorrow."
    elif action in ("suspend", "unsuspend"):
        card.set_suspended(action == "suspend")
        message = (
            "Suspended: it will not come back until you unsuspend it."
            if action == "suspend"
            else "Unsuspended."
        )
    else:
        return redirect("reviews:review")
    if request.POST.get("next") == "leeches":
        messages.info(request, message)
        return redirect("reviews:leeches")
    if not request.htmx:
        messages.info(request, message)
        return redirect("reviews:review")
    return _panel(request, message=message)


@login_required
@require_safe
def leeches(request: HtmxHttpRequest) -> HttpResponse:
    cards = (
        Card.objects.for_user(request.user).leeches().select_related("question__lesson").order_by("-lapses")
    )
    suspended = (
        Card.objects.for_user(request.user)
        .filter(suspended=True, leech=False)
        .select_related("question__lesson")
    )
    return render(
        request,
        "reviews/leeches.html",
        {"leeches": cards, "suspended": suspended, "leech_threshold": LEECH_THRESHOLD},
    )


@login_required
@require_POST
def add_track(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    track = get_object_or_404(Track.objects.published(), slug=slug)
    questions = Question.objects.active().filter(lesson__track=track)
    added = Card.objects.add_for(request.user, questions, timezone.now())
    messages.success(
        request,
        f"Added {added} new card{'s' if added != 1 else ''} from {track.title} to your reviews."
        if added
        else f"Every question of {track.title} is already in your reviews.",
    )
    return redirect(track)


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HtmxHttpRequest) -> HttpResponse:
    obj = ReviewSettings.for_user(request.user)
    form = ReviewSettingsForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Review settings saved.")
        return redirect("reviews:settings")
    return render(request, "reviews/settings.html", {"form": form})


@login_required
@require_safe
def export_my_reviews(request: HtmxHttpRequest) -> StreamingHttpResponse:
    """The learner's own review history as CSV (only theirs: the query is by the signed-in user)."""
    logs = (
        ReviewLog.objects.filter(user=request.user).select_related("question").order_by("reviewed_at", "pk")
    )
    response = StreamingHttpResponse(review_history_rows(logs), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="finfluency-my-reviews.csv"'
    return response


def _token(request: HtmxHttpRequest) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get("token", ""))
    except ValueError:
        return None


def _pending(request: HtmxHttpRequest) -> PendingReview | None:
    token = _token(request)
    if token is None:
        return None
    return (
        PendingReview.objects.filter(token=token, user=request.user)
        .select_related("card__question__lesson__track", "user")
        .first()
    )


@login_required
@require_safe
@cache_page_for_learner
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    from learn.reviews.dashboard import build_dashboard

    board = build_dashboard(request.user, timezone.now())
    context = {
        "board": board,
        "has_cards": Card.objects.filter(user=request.user).exists(),
        "next_lesson": board.next_lesson,
    }
    response = render(request, "reviews/dashboard.html", context)
    response.cache_until = board.valid_until
    return response
