"""A signed-in learner's own pages, cached for that learner only, never stale and never shown to anyone else
(the lesson, review and dashboard pages: issue 13).

- A page's key names the learner, the release and content version (as every cached page's key does,
  :mod:`learn.core.pagecache`), the learner's version (:class:`learn.core.models.LearnerVersion`), the
  time zone the page is shown in, the URL and the htmx headers. The two versions are read together, in
  one query, on every request for such a page.
- The learner's version changes after every request of theirs that is not a GET or HEAD
  (:class:`LearnerChangesMiddleware`): every change a learner makes (a review, an answer, a setting, a
  completed lesson, an exercise attempt, an undo, a bury) is a form they post, so it shows on their next
  request on every app server. A staff member's post to the admin may change anyone's data: it changes
  the content version, which every key names; so does ``manage.py restore``. **Code that changes a
  learner's data outside a request they post must call** :func:`learner_changed`.
- The clock: a view whose page depends on it (cards falling due, the learner's day, predicted recall,
  "due in 3 hours") sets ``response.cache_until`` to the moment it may change; after that it is rendered
  again. ``response.cache_for_learner = False`` keeps a response out of the cache.
- Never cached: a request with messages waiting to be shown, a page rendered while the development
  auto-sync reports a broken file, anything but a 200 HTML page without cookies or a CSP nonce.
- Each response gets the learner's own CSRF token (the cached page holds a placeholder).
"""

from __future__ import annotations

import contextlib
import logging
import math
import time
from collections import OrderedDict
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache as django_cache
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from learn.core import pagecache
from learn.core.models import ContentVersion, LearnerVersion, versions

logger = logging.getLogger(__name__)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
LOCAL_PAGES = 200  # this process's copies of learners' pages (a dashboard is about 90 KB)
_LOCAL: OrderedDict[str, dict] = OrderedDict()


def learner_changed(user_id: int) -> None:
    """Every cached page of this learner is out of date from now on."""
    LearnerVersion.bump(user_id)


def forget_local() -> None:
    _LOCAL.clear()


def _messages_waiting(request: HttpRequest) -> bool:
    session = getattr(request, "session", None)
    return bool(request.COOKIES.get("messages")) or (session is not None and "_messages" in session)


def _key(request: HttpRequest, user_id: int) -> str:
    content, mine = versions(user_id)
    request._content_version = content
    zone = timezone.get_current_timezone_name()
    return pagecache.key(request, "learner", user_id, mine, zone, *pagecache.page_parts(request))


def _lookup(name: str) -> dict | None:
    return pagecache.get_versioned(name, _LOCAL, LOCAL_PAGES)


def _fresh(entry: dict) -> bool:
    return entry["until"] is None or time.time() < entry["until"]


def cache_page_for_learner(view):
    """Serve the signed-in learner's page from their own cache (see the module)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if (
            not pagecache.enabled()
            or request.method not in ("GET", "HEAD")
            or not user.is_authenticated
            or _messages_waiting(request)
            or getattr(request, "content_problems", None)
        ):
            return view(request, *args, **kwargs)
        try:
            name = _key(request, user.pk)
            entry = _lookup(name)
        except Exception:  # noqa: BLE001 - a cache outage: the page as if nothing were cached
            logger.warning("learner page cache unavailable", exc_info=True)
            return view(request, *args, **kwargs)
        if entry is not None and _fresh(entry):
            return pagecache.serve(request, entry)
        response = view(request, *args, **kwargs)
        _store(name, response)
        return response

    return wrapped


def _store(name: str, response: HttpResponse) -> None:
    if not getattr(response, "cache_for_learner", True) or response.status_code != 200:
        return
    if response.streaming or response.cookies or "html" not in response.get("Content-Type", ""):
        return
    until: datetime | None = getattr(response, "cache_until", None)
    seconds = settings.PAGE_CACHE_SECONDS
    if until is not None:
        left = until.timestamp() - time.time()
        if left <= 0:
            return
        seconds = min(seconds, math.ceil(left))
    if b'nonce="' in response.content:  # a page's CSP nonce is never reused
        return
    entry = {**pagecache.entry_for(response), "until": None if until is None else until.timestamp()}
    with contextlib.suppress(Exception):  # a cache outage only means no caching
        django_cache.set(name, entry, seconds)
        pagecache.remember(name, entry, _LOCAL, LOCAL_PAGES)


class LearnerChangesMiddleware:
    """After any request that is not a GET or HEAD, the learner who sent it (before and after it: a
    login or logout changes who that is) gets a new version, so none of their cached pages is served
    again; a staff member's post to the admin changes the content version (it may have changed anyone's
    data). Placed after AuthenticationMiddleware. The new version is written after the view's own writes
    have committed, so a page cached under the old version in between is never served afterwards."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        before = _user_id(request)
        staff = before is not None and request.user.is_staff
        try:
            return self.get_response(request)
        finally:
            for user_id in {before, _user_id(request)} - {None}:
                learner_changed(user_id)
            if staff and _in_admin(request.path):
                ContentVersion.bump()


def _user_id(request: HttpRequest) -> int | None:
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


def _in_admin(path: str) -> bool:
    try:
        return path.startswith(reverse("admin:index"))
    except NoReverseMatch:
        return False
