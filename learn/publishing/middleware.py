"""Development convenience: an edited lesson file shows up on the next page load, no restart needed.

When CONTENT_AUTO_SYNC is on (the default with DEBUG), each request checks, at most once a second, the
modification times of every file a content kind reads (learn.publishing.kinds); if any changed it runs
the same sync_content as the management command. If the files have problems, the old content stays and
every page shows the problems in a banner until they are fixed.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings

from learn.publishing.kinds import Sources, content_files
from learn.publishing.sync import sync_content

log = logging.getLogger(__name__)


class _AutoSyncState:
    def __init__(self):
        self.lock = threading.Lock()
        self.fingerprint: tuple | None = None
        self.checked_at = 0.0
        self.problems: list[str] = []


_state = _AutoSyncState()


def content_fingerprint() -> tuple:
    stats = []
    for path in content_files(Sources.configured()):
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        stats.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(stats)


def sync_if_changed(*, min_interval: float = 1.0) -> list[str]:
    """Run sync_content when content/ changed since the last check; return the current problems."""
    now = time.monotonic()
    with _state.lock:
        if now - _state.checked_at < min_interval:
            return _state.problems
        _state.checked_at = now
        fingerprint = content_fingerprint()
        if fingerprint == _state.fingerprint:
            return _state.problems
        report = sync_content()
        _state.fingerprint = fingerprint
        _state.problems = [str(p) for p in report.problems]
        if report.actions:
            log.info("content auto-sync: %s", report.summary())
        for problem in _state.problems:
            log.warning("content problem: %s", problem)
        return _state.problems


class ContentAutoSyncMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.content_problems = []
        if settings.CONTENT_AUTO_SYNC and not request.path.startswith((settings.STATIC_URL, "/healthz")):
            request.content_problems = sync_if_changed()
        return self.get_response(request)
