"""htmx helpers: the request type views annotate, and one rule for "full page or fragment", shared by
every view that serves both."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """For type hints: a request that went through django-htmx's middleware."""

    htmx: HtmxDetails


def partial(request: HtmxHttpRequest, template: str, fragment: str) -> str:
    """``template#fragment`` for an htmx request, the whole ``template`` otherwise.

    A history-restore request (the browser's Back or Forward after htmx pushed a URL, with htmx's
    history cache off or missed) carries the HX-Request header too, but it replaces the whole body:
    it must get the full page, or the header, navigation and form vanish.
    """
    if request.htmx and not request.htmx.history_restore_request:
        return f"{template}#{fragment}"
    return template
