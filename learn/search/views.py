from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from learn.core.htmx import HtmxHttpRequest, partial
from learn.search.index import search


@require_safe
@vary_on_headers("HX-Request")
def search_page(request: HtmxHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    hits = search(query) if query else []
    template = partial(request, "search/search.html", "results")
    return render(request, template, {"query": query, "hits": hits})
