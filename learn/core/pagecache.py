"""Cached pages for anonymous visitors and cached fragments for everyone, never stale and never shared
where they should not be.

- Keys carry the *release* (a digest of the code and templates, so a deploy starts afresh) and the
  *content version* (:class:`learn.core.models.ContentVersion`, bumped by ``sync_content`` and read on
  every request, so new content shows on the next request on every app server).
- A cached page or fragment holds a placeholder where its CSRF token goes; each response gets the
  visitor's own token. Nothing else in them may depend on who is asking: whole pages are cached only for
  visitors with no session and no pending messages, fragments only around markup that is the same for
  everyone who sees it (the template decides, e.g. one fragment for signed-in learners and one for
  visitors).
- The cache is the default cache: shared through Redis when ``REDIS_URL`` is set, per process otherwise.
  ``PAGE_CACHE_SECONDS = 0`` turns both off.
"""

from __future__ import annotations

import hashlib
import os
import re
from functools import cache, wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache as django_cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, get_token

from learn.core.models import ContentVersion

PLACEHOLDER = "csrf" + "0" * 60  # the shape of a real token (64 letters and digits)
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value="|"x-csrftoken": ")[A-Za-z0-9]{64}"')
KEPT_HEADERS = ("Content-Type", "Vary", "Content-Language")


@cache
def release() -> str:
    """A digest of every Python module and template of the site (names, sizes, mtimes)."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".html", ".txt") and "__pycache__" not in path.parts:
            stat = path.stat()
            digest.update(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:12]


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


def key(request: HttpRequest, *parts: object) -> str:
    """A cache key for this release and content version, and the given parts."""
    raw = "\0".join(str(p) for p in parts)
    version = getattr(request, "_content_version", None)
    if version is None:
        version = request._content_version = ContentVersion.current()
    return f"page:{release()}:{version}:{hashlib.sha256(raw.encode()).hexdigest()[:32]}"


def with_placeholder(html: str) -> str:
    return TOKEN.sub(lambda m: f'{m.group(1)}{PLACEHOLDER}"', html)


_INDEX = {c: i for i, c in enumerate(CSRF_ALLOWED_CHARS)}


def masked_token(request: HttpRequest) -> str:
    """A CSRF token for the visitor's cookie, masked as Django masks it (a random mask, then the secret
    shifted by it, so no two pages carry the same token), with one call for the random bytes instead of
    Django's one per character: on a cached page that was a third of the time. A visitor without the
    cookie yet gets Django's own ``get_token``, which also sets the cookie."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret or len(secret) != len(PLACEHOLDER) // 2 or not all(c in _INDEX for c in secret):
        return get_token(request)
    n = len(CSRF_ALLOWED_CHARS)
    mask = [b % n for b in os.urandom(len(secret))]
    cipher = "".join(CSRF_ALLOWED_CHARS[(_INDEX[c] + m) % n] for c, m in zip(secret, mask, strict=True))
    return "".join(CSRF_ALLOWED_CHARS[m] for m in mask) + cipher


def with_token(html: str, request: HttpRequest) -> str:
    return html.replace(PLACEHOLDER, masked_token(request)) if PLACEHOLDER in html else html


def _anonymous_without_state(request: HttpRequest) -> bool:
    if request.COOKIES.get(settings.SESSION_COOKIE_NAME) or request.COOKIES.get("messages"):
        return False  # a session may hold messages or a signed-in user: render it for them
    return not request.user.is_authenticated and not getattr(request, "content_problems", None)


def cache_page_for_visitors(view):
    """Serve the view's page from the cache to visitors who are not signed in (see the module)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not enabled() or request.method not in ("GET", "HEAD") or not _anonymous_without_state(request):
            return view(request, *args, **kwargs)
        name = key(
            request,
            "page",
            request.get_full_path(),
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-Target", ""),
        )
        entry = django_cache.get(name)
        if entry is None:
            response = view(request, *args, **kwargs)
            cacheable = getattr(response, "cache_for_visitors", True)  # a view may say "not this one"
            if cacheable and response.status_code == 200 and not response.streaming and not response.cookies:
                html = with_placeholder(response.content.decode(response.charset))
                parts = [part.encode(response.charset) for part in html.split(PLACEHOLDER)]
                headers = {h: response[h] for h in KEPT_HEADERS if response.has_header(h)}
                django_cache.set(name, (parts, headers), settings.PAGE_CACHE_SECONDS)
            return response
        parts, headers = entry  # the page's bytes around its CSRF tokens: joined with this visitor's
        body = masked_token(request).encode().join(parts) if len(parts) > 1 else parts[0]
        response = HttpResponse(body)
        for header, value in headers.items():
            response[header] = value
        return response

    return wrapped
