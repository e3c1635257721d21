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

import contextlib
import hashlib
import logging
import os
import re
from collections import OrderedDict
from functools import cache, wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache as django_cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, get_token
from django.utils.crypto import get_random_string

from learn.core.models import ContentVersion

logger = logging.getLogger(__name__)

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
SECRET_LENGTH = len(PLACEHOLDER) // 2  # a CSRF cookie's secret; the masked token is twice as long


def masked_token(request: HttpRequest) -> str:
    """A CSRF token for the visitor's cookie, masked as Django masks it (a random mask, then the secret
    shifted by it, so no two pages carry the same token), with one call for the random bytes instead of
    Django's one per character: on a cached page that was a third of the time. A visitor without the
    cookie yet gets Django's own ``get_token``, which also sets the cookie."""
    secret = request.META.get("CSRF_COOKIE")
    if not _valid_secret(secret):
        return get_token(request)
    n = len(CSRF_ALLOWED_CHARS)
    mask = [b % n for b in os.urandom(len(secret))]
    cipher = "".join(CSRF_ALLOWED_CHARS[(_INDEX[c] + m) % n] for c, m in zip(secret, mask, strict=True))
    return "".join(CSRF_ALLOWED_CHARS[m] for m in mask) + cipher


def _valid_secret(secret: str | None) -> bool:
    return bool(secret) and len(secret) == SECRET_LENGTH and all(c in _INDEX for c in secret)


def with_token(html: str, request: HttpRequest) -> str:
    return html.replace(PLACEHOLDER, masked_token(request)) if PLACEHOLDER in html else html


def _without_state(request: HttpRequest) -> bool:
    """No session (so no signed-in user and no messages kept in one) and no messages cookie."""
    return not (request.COOKIES.get(settings.SESSION_COOKIE_NAME) or request.COOKIES.get("messages"))


def page_parts(request: HttpRequest) -> tuple[str, ...]:
    headers = request.headers
    return (
        "page",
        request.get_full_path(),
        headers.get("HX-Request", ""),
        headers.get("HX-History-Restore-Request", ""),  # a full page, though htmx asks (core/htmx.py)
        headers.get("HX-Target", ""),
    )


def _page_key(request: HttpRequest) -> str:
    return key(request, *page_parts(request))


def _marker(request: HttpRequest) -> str:
    """Set when a page for this URL was cached: only then does VisitorPageMiddleware read the content
    version, so every other request (a calculator, /healthz) costs no database query."""
    raw = "\0".join(page_parts(request))
    return f"page-url:{release()}:{hashlib.sha256(raw.encode()).hexdigest()[:32]}"


def entry_for(response: HttpResponse) -> dict:
    """What the cache keeps of a rendered page: its body in parts around the CSRF token's place, and
    the headers that describe it."""
    html = with_placeholder(response.content.decode(response.charset))
    return {
        "parts": [part.encode(response.charset) for part in html.split(PLACEHOLDER)],
        "headers": {h: response[h] for h in KEPT_HEADERS if response.has_header(h)},
    }


def serve(request: HttpRequest, entry: dict) -> HttpResponse:
    """The cached page with this visitor's CSRF token in it."""
    parts = entry["parts"]
    body = masked_token(request).encode().join(parts) if len(parts) > 1 else parts[0]
    response = HttpResponse(body)
    for header, value in entry["headers"].items():
        response[header] = value
    return response


def cache_page_for_visitors(view):
    """Serve the view's page from the cache to visitors who are not signed in (see the module). A view
    can keep one response out of the cache with ``response.cache_for_visitors = False``."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        visitor = _without_state(request) and not request.user.is_authenticated
        if not enabled() or request.method not in ("GET", "HEAD") or not visitor:
            return view(request, *args, **kwargs)
        if getattr(request, "content_problems", None):
            return view(request, *args, **kwargs)  # the development banner names a broken file
        try:
            name = _page_key(request)
            entry = django_cache.get(name)
        except Exception:  # noqa: BLE001 - a cache outage: the page as if nothing were cached
            logger.warning("page cache unavailable", exc_info=True)
            return view(request, *args, **kwargs)
        if entry is not None:
            return serve(request, entry)
        response = view(request, *args, **kwargs)
        cacheable = getattr(response, "cache_for_visitors", True)
        if cacheable and response.status_code == 200 and not response.streaming and not response.cookies:
            with contextlib.suppress(Exception):  # a cache outage only means no caching
                django_cache.set(name, entry_for(response), settings.PAGE_CACHE_SECONDS)
                django_cache.set(_marker(request), 1, settings.PAGE_CACHE_SECONDS)
                request._visitor_page = (
                    name  # VisitorPageMiddleware adds the headers the rest of the stack sets
                )
        return response

    return wrapped


class VisitorPageMiddleware:
    """Serves a visitor's cached page before sessions, authentication, messages and the rest of the
    middleware run: a request with no session and no messages cookie comes from a visitor who is not
    signed in, so none of them would change the page. Placed right after SecurityMiddleware and
    WhiteNoise (whose headers still apply on the way out). The first time a page is rendered, it records
    the headers the later middleware set (CSP, X-Frame-Options, Vary), so a page served early carries
    exactly what a rendered one does. Off while the development auto-sync is on, which must look at the
    files first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        early = (
            enabled()
            and request.method == "GET"
            and _without_state(request)
            and not settings.CONTENT_AUTO_SYNC
        )
        if early:
            try:
                request.get_host()  # a host not in ALLOWED_HOSTS gets Django's 400, never a cached page
                entry = self._lookup(request)
            except DisallowedHost:
                entry = None
            except Exception:  # noqa: BLE001 - a cache or database outage: render the page as usual
                logger.warning("page cache unavailable", exc_info=True)
                entry = None
            if entry is not None and entry.get("complete"):
                return self._early(request, entry)
        response = self.get_response(request)
        name = getattr(request, "_visitor_page", None)
        nonce = "nonce-" in response.get("Content-Security-Policy", "")  # a page's nonce is never reused
        if name and response.status_code == 200 and not nonce:
            entry = self._get(name)
            if entry is not None:
                skip = {"content-length", "set-cookie"}
                entry["headers"] = {h: v for h, v in response.items() if h.lower() not in skip}
                entry["complete"] = True
                with contextlib.suppress(Exception):
                    django_cache.set(name, entry, settings.PAGE_CACHE_SECONDS)
                remember(name, entry)
        return response

    @staticmethod
    def _lookup(request: HttpRequest) -> dict | None:
        """The cached page for this request, if there is one: from this process's memory when it has
        served it before (a page's key names its release and content version, so a copy is never
        stale: only the version is read, on every request), else from the shared cache."""
        marker = _marker(request)
        if marker not in _KNOWN_URLS:
            if not django_cache.get(marker):
                return None  # no page cached for this URL: no database read either
            _KNOWN_URLS.add(marker)
        name = _page_key(request)
        entry = _LOCAL.get(name)
        if entry is None:
            entry = django_cache.get(name)
            if entry is not None and entry.get("complete"):
                remember(name, entry)
        return entry

    @staticmethod
    def _get(name: str) -> dict | None:
        try:
            return django_cache.get(name)
        except Exception:  # noqa: BLE001
            return None

    @staticmethod
    def _early(request: HttpRequest, entry: dict) -> HttpResponse:
        """The cached page; a first visit also gets the CSRF cookie CsrfViewMiddleware would have set,
        with the secret its page's token was masked from."""
        secret = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
        first_visit = not _valid_secret(secret)
        request.META["CSRF_COOKIE"] = (
            get_random_string(SECRET_LENGTH, CSRF_ALLOWED_CHARS) if first_visit else secret
        )
        response = serve(request, entry)
        if first_visit and len(entry["parts"]) > 1:
            _set_csrf_cookie(request, response)
        return response


# This process's copies of complete pages, most recently used last, and the URLs known to have one.
_LOCAL: OrderedDict[str, dict] = OrderedDict()
_KNOWN_URLS: set[str] = set()
LOCAL_PAGES = 500  # pages and fragments; about 25 MB at most per process


def get_versioned(name: str, copies: OrderedDict | None = None, limit: int = LOCAL_PAGES):
    """A value stored under a :func:`key` (so it can never change): this process's copy (in ``copies``,
    this module's own by default), else the shared cache's (then kept here too)."""
    copies = _LOCAL if copies is None else copies
    value = copies.get(name)
    if value is None:
        value = django_cache.get(name)
        if value is not None:
            remember(name, value, copies, limit)
    return value


def set_versioned(name: str, value) -> None:
    django_cache.set(name, value, settings.PAGE_CACHE_SECONDS)
    remember(name, value)


def forget_local() -> None:
    """Drop this process's copies (tests, which reuse content versions across rolled-back databases)."""
    _LOCAL.clear()
    _KNOWN_URLS.clear()


def remember(name: str, entry, copies: OrderedDict | None = None, limit: int = LOCAL_PAGES) -> None:
    """Keep this process's copy, dropping the least recently used beyond ``limit``."""
    copies = _LOCAL if copies is None else copies
    copies[name] = entry
    copies.move_to_end(name)
    while len(copies) > limit:
        copies.popitem(last=False)
    if len(_KNOWN_URLS) > 50 * LOCAL_PAGES:
        _KNOWN_URLS.clear()


def _set_csrf_cookie(request: HttpRequest, response: HttpResponse) -> None:
    response.set_cookie(
        settings.CSRF_COOKIE_NAME,
        request.META["CSRF_COOKIE"],
        max_age=settings.CSRF_COOKIE_AGE,
        domain=settings.CSRF_COOKIE_DOMAIN,
        path=settings.CSRF_COOKIE_PATH,
        secure=settings.CSRF_COOKIE_SECURE,
        httponly=settings.CSRF_COOKIE_HTTPONLY,
        samesite=settings.CSRF_COOKIE_SAMESITE,
    )
