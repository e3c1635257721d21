from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from learn.core.htmx import HtmxHttpRequest, partial
from learn.core.source import ProblemList, split_front_matter
from learn.lessons.loader import check_lesson_text
from learn.publishing.kinds import Sources, load_content
from learn.publishing.links import render_for
from learn.publishing.sample import SAMPLE_LESSON


@staff_member_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def preview(request: HtmxHttpRequest) -> HttpResponse:
    """Staff only: render a lesson file pasted or edited in the browser, with its problems beside it,
    checked against every content kind as check_content checks it."""
    source = request.POST.get("source", SAMPLE_LESSON) if request.method == "POST" else SAMPLE_LESSON
    content = load_content(Sources.configured(root=Path(settings.CONTENT_DIR).parent))
    source = source.replace("\r\n", "\n")
    spec, problems = check_lesson_text(source, content)
    _, body, _ = split_front_matter(source, ProblemList("preview.md"))
    context = {"source": source, "spec": spec, "problems": problems, "rendered": render_for(content, body)}
    template = partial(request, "publishing/preview.html", "preview-result")
    return render(request, template, context)
