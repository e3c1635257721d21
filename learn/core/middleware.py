"""Request and response rules every page follows."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.cache import patch_cache_control

NUL = "\x00"


class StripNulMiddleware:
    """No text with a NUL character reaches a view: PostgreSQL text columns refuse it (a 500), and no
    one types it. NULs are removed from every query and form key and value (nothing else changes)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for name in ("GET", "POST"):
            data: QueryDict = getattr(request, name)
            if any(NUL in key or any(NUL in value for value in data.getlist(key)) for key in data):
                clean = QueryDict(mutable=True)
                for key in data:
                    clean.setlist(
                        key.replace(NUL, ""), [value.replace(NUL, "") for value in data.getlist(key)]
                    )
                clean._mutable = False
                setattr(request, name, clean)
        return self.get_response(request)


class PrivatePagesMiddleware:
    """A signed-in learner's pages and downloads are theirs: ``Cache-Control: private, no-store``, so no
    shared cache or browser history keeps them after they log out (a response that set its own
    ``Cache-Control`` keeps it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
