"""The site's URLs plus the trivial view ("ok", through the whole middleware stack) that bench_pages.py
compares every page with. Only bench/pages_site.py uses it; the site's own URLconf never has the view."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("__bench__/ok", ok),
    path("", include("learn.urls")),
]
