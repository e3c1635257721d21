"""Notebook pages: the notebook with its outputs for the learner's parameters, the download, "Run again",
and the exercises. Every page works without JavaScript; with htmx the parameter form swaps only the
outputs block and polls while a run is in progress.
"""

from __future__ import annotations

import base64
import json
import secrets

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from learn.core.clientip import client_ip
from learn.core.htmx import HtmxHttpRequest, partial
from learn.core.pagecache import cache_page_for_visitors
from learn.market.api import NoData
from learn.notebooks import engine_calls, services
from learn.notebooks.export import ExportError
from learn.notebooks.forms import AnswerForm, parameter_fields
from learn.notebooks.models import Notebook, NotebookRun, RunStatus
from learn.notebooks.publish import highlighted

PAGE = "notebooks/notebook.html"
WAITING_HINT_AFTER = 60  # seconds queued before the page says a worker may not be running


def _notebook(slug: str) -> Notebook:
    return get_object_or_404(Notebook.objects.shown().select_related("lesson"), slug=slug)


@require_safe
def notebook_list(request: HttpRequest) -> HttpResponse:
    notebooks = Notebook.objects.shown().select_related("lesson").order_by("lesson__track__order", "title")
    return render(request, "notebooks/notebook_list.html", {"notebooks": notebooks})


@require_safe
@cache_page_for_visitors
@vary_on_headers("HX-Request")
def notebook_page(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    notebook = _notebook(slug)
    params = services.read_parameters(notebook, request.GET)
    asked = None
    if params.valid and settings.NOTEBOOK_ALLOW_CODE and request.GET.get("scratch", "").isdigit():
        asked = services.RunRequest(_scratch_run(notebook, int(request.GET["scratch"])))
    elif params.valid:
        asked = services.request_run(notebook, params, client=_client(request), now=timezone.now())
    context = page_context(request, notebook, params, asked)
    response = render(request, partial(request, PAGE, "outputs"), context)
    # A visitor's page is cached whole once its run has finished (learn.core.pagecache); never a page
    # that is still running, refused or invalid, which must be asked again.
    response.cache_for_visitors = asked is not None and asked.run is not None and asked.run.is_final
    return response


def _scratch_run(notebook: Notebook, pk: int) -> NotebookRun | None:
    run = NotebookRun.objects.filter(notebook=notebook, pk=pk, params__has_key=services.SCRATCH).first()
    if run is not None:
        run.expire_if_stale(timezone.now())
    return run


def page_context(request, notebook: Notebook, params: services.Parameters, asked=None, feedback=None) -> dict:
    run = asked.run if asked else None
    now = timezone.now()
    query = urlencode(params.raw) if params.sent else ""
    scratch = run is not None and services.SCRATCH in (run.params or {})
    page_query = urlencode({**params.raw, "scratch": run.pk}) if scratch else query
    return {
        "notebook": notebook,
        "lesson": notebook.lesson,
        "params": params,
        "fields": parameter_fields(engine_calls.parameters(notebook), params.raw, params.errors),
        "general_error": params.errors.get(""),
        "run": run,
        "refused": asked.refused if asked else "",
        "cells": lambda: display_cells(notebook, run),  # called only when the cached fragment is missing
        "cells_key": f"nb-{run.pk}-{run.finished_at:%s%f}" if run is not None and run.is_final else None,
        "labels": list(((run.outputs or {}).get("labels") or {}).values()) if run else [],
        "error": _error_summary(notebook, run),
        "waited": int((now - run.queued_at).total_seconds()) if run and run.is_pending else 0,
        "waiting_hint_after": WAITING_HINT_AFTER,
        "query": query,
        "page_url": notebook.get_absolute_url() + (f"?{page_query}" if page_query else ""),
        "exercises": _exercises(notebook, params.key if params.valid else "", feedback or {}),
        "oob": bool(getattr(request, "htmx", False)),
        "allow_code": settings.NOTEBOOK_ALLOW_CODE,
        "scratch_code": str(run.params.get(services.SCRATCH, "")) if scratch else "",
    }


def _client(request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def display_cells(notebook: Notebook, run: NotebookRun | None) -> list[dict]:
    """The notebook's cells with this run's outputs beside the code that made them. SVG charts are shown
    as images (which run no script) from :func:`chart`, tables were sanitised when stored, text is
    escaped."""
    shown = run is not None and run.status not in (RunStatus.QUEUED, RunStatus.RUNNING)
    chart_url = _chart_urls(notebook, run) if shown else None
    by_index = {c.get("index"): c for c in (run.outputs or {}).get("cells") or []} if shown else {}
    labels = "; ".join(((run.outputs or {}).get("labels") or {}).values()) if shown else ""
    cells = []
    for cell in notebook.cells:
        ran = by_index.get(cell["index"], {})
        html = cell["html"]
        if cell.get("parameters") and ran.get("source"):
            html = highlighted(ran["source"])  # the values this run used
        outputs = display_cells_of(ran, labels, chart_url)
        cells.append({**cell, "html": mark_safe(html), "outputs": outputs})  # noqa: S308 - rendered and sanitised at publish
    known = {cell["index"] for cell in notebook.cells}
    # Cells the file does not have: a learner's own code (NOTEBOOK_ALLOW_CODE), last.
    for index, ran in sorted((i, c) for i, c in by_index.items() if isinstance(i, int) and i not in known):
        code = mark_safe(highlighted(str(ran.get("source", ""))))  # noqa: S308 - pygments, then sanitised
        cells.append({"index": index, "kind": "code", "line": None, "parameters": False, "scratch": True,
                      "html": code, "outputs": display_cells_of(ran, labels, chart_url)})  # fmt: skip
    return cells


def _stamp(run: NotebookRun) -> str:
    """Part of a chart's URL that changes whenever the run's outputs could (a run run again)."""
    return str(int(run.finished_at.timestamp() * 1_000_000)) if run.finished_at else "0"


def _chart_urls(notebook: Notebook, run: NotebookRun | None):
    """A function (cell index, n) -> the URL of that cell's n-th chart, or None to inline charts."""
    if run is None or run.finished_at is None or run.pk is None:
        return None
    return lambda index, n: reverse("notebooks:chart", args=[notebook.slug, run.pk, _stamp(run), index, n])


def display_cells_of(ran: dict, labels: str, chart_url=None) -> list[dict]:
    """One cell's outputs, ready for the template. Charts are images at their own URL (cached by the
    browser for good, and the page stays small), or inline as a data: URL when the run has no URL."""
    outputs = []
    charts = 0
    for out in ran.get("outputs") or []:
        kind = out.get("type")
        if kind == "svg":
            caption = str(out.get("caption", ""))
            if labels and caption.removeprefix("Source: ").strip() == labels:
                caption = ""  # the runner's caption names the same data as the "Data:" line
            index = ran.get("index")
            if chart_url is not None and isinstance(index, int):
                src = chart_url(index, charts)
            else:
                src = _data_uri(str(out.get("svg", "")))
            charts += 1
            outputs.append({"type": "svg", "src": src, "caption": caption, "data": labels})
        elif kind == "table":
            outputs.append({"type": "table", "html": mark_safe(out.get("html", "")), "data": labels})  # noqa: S308 - sanitised when stored
        elif kind in ("text", "error"):
            outputs.append(out)
    return outputs


@require_safe
def chart(request: HttpRequest, slug: str, run: int, stamp: str, index: int, n: int) -> HttpResponse:
    """One chart of a finished run, as the SVG matplotlib wrote. Its URL changes when the run's outputs
    could, so browsers keep it for a year; it carries its own strict CSP (no script, only the inline
    styles matplotlib writes), and ``nosniff`` keeps it an image."""
    found = get_object_or_404(NotebookRun.objects.exclude(finished_at=None), pk=run, notebook__slug=slug)
    svgs = [
        out.get("svg", "")
        for cell in (found.outputs or {}).get("cells") or []
        if cell.get("index") == index
        for out in cell.get("outputs") or []
        if out.get("type") == "svg"
    ]
    if stamp != _stamp(found) or n >= len(svgs):
        raise Http404("No such chart.")
    response = HttpResponse(svgs[n], content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _error_summary(notebook: Notebook, run: NotebookRun | None) -> dict | None:
    if run is None or run.status != RunStatus.ERROR:
        return None
    outputs = run.outputs or {}
    index = outputs.get("error_cell")
    cell = next((c for c in notebook.cells if c["index"] == index), None)
    error = next(
        (o for c in outputs.get("cells") or [] if c.get("index") == index for o in c.get("outputs") or []
         if o.get("type") == "error"),
        {},
    )  # fmt: skip
    return {
        "index": index,
        "line": cell["line"] if cell else None,
        "ename": error.get("ename") or "Error",
        "evalue": error.get("evalue") or outputs.get("error", ""),
    }


def _exercises(notebook: Notebook, key: str, feedback: dict) -> list[dict]:
    """The exercise forms, each naming the parameters whose notebook run grades it (never a run with a
    learner's own code, which could set the answer variable)."""
    return [
        {
            **exercise,
            "token": secrets.token_urlsafe(16),
            "params_key": key,
            "feedback": feedback.get(exercise.get("key")),
            "answer_value": "",
        }
        for exercise in notebook.exercises
    ]


@require_POST
def run_again(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Queue a failed run (timeout, stopped, error) again, within the client's limit."""
    notebook = _notebook(slug)
    params = services.read_parameters(notebook, request.POST)
    if not params.valid:
        return redirect(notebook.get_absolute_url())
    run = services.current_run(notebook, params.key)
    refused = ""
    if run is not None and run.is_failed:
        refused = services.allow_new_run(_client(request))
        if not refused:
            services.run_again(run)
    target = notebook.get_absolute_url() + "?" + urlencode(params.raw)
    if not request.htmx:
        return redirect(target)
    asked = services.RunRequest(services.current_run(notebook, params.key), refused=refused)
    return render(request, f"{PAGE}#outputs", page_context(request, notebook, params, asked))


@require_POST
def scratch(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Run the notebook plus the learner's own code: only when NOTEBOOK_ALLOW_CODE is on (a local,
    single-user site; start-up refuses it with DEBUG off)."""
    if not settings.NOTEBOOK_ALLOW_CODE:
        raise Http404("Learner code is off on this site.")
    notebook = _notebook(slug)
    params = services.read_parameters(notebook, request.POST)
    code = request.POST.get("code", "").replace("\r\n", "\n")
    asked = None
    if params.valid and code.strip() and len(code) <= services.SCRATCH_MAX:
        asked = services.request_scratch(notebook, params, code, client=_client(request), now=timezone.now())
    elif params.valid:
        refused = f"Type some code (at most {services.SCRATCH_MAX} characters)."
        asked = services.RunRequest(None, refused=refused)
    if not request.htmx and asked is not None and asked.run is not None:
        query = {**params.raw, "scratch": asked.run.pk}
        return redirect(notebook.get_absolute_url() + "?" + urlencode(query))
    return render(request, partial(request, PAGE, "outputs"), page_context(request, notebook, params, asked))


@require_safe
def download(request: HttpRequest, slug: str) -> HttpResponse:
    """The notebook as a zip (.ipynb, the finfluency package, the datasets) for these parameters."""
    notebook = _notebook(slug)
    params = services.read_parameters(notebook, request.GET)
    if not params.valid:
        return redirect(notebook.get_absolute_url() + "?" + urlencode(params.raw))
    run = services.current_run(notebook, params.key)
    variables = run.variables if run is not None and run.status == RunStatus.OK else {}
    try:
        payload = engine_calls.download(notebook, params.values, variables)
    except (NoData, ExportError) as exc:
        return render(request, "notebooks/download_failed.html", {"notebook": notebook, "reason": str(exc)},
                      status=409)  # fmt: skip
    response = HttpResponse(payload, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{notebook.slug}.zip"'
    return response


@require_POST
@vary_on_headers("HX-Request")
def answer(request: HtmxHttpRequest, slug: str, key: str) -> HttpResponse:
    """Grade an exercise against the run of the learner's current parameters (the hidden params_key)."""
    notebook = _notebook(slug)
    exercise = notebook.exercise(key)
    if exercise is None:
        raise Http404("No such exercise.")
    form = AnswerForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        feedback = services.grade_exercise(
            request.user, notebook, exercise, answer=data["answer"], params_key=data["params_key"],
            token=data["token"],
        )  # fmt: skip
    else:
        feedback = services.Feedback(None, "; ".join(e for errors in form.errors.values() for e in errors))
    params = services.read_parameters(notebook, _values_of(request.POST.get("params_key", "")))
    if request.htmx:
        item = _exercises(notebook, params.key if params.valid else "", {key: feedback})
        item = next(e for e in item if e["key"] == key)
        item["answer_value"] = request.POST.get("answer", "")[:60]
        return render(request, f"{PAGE}#exercise", {"notebook": notebook, "exercise": item})
    asked = services.RunRequest(services.current_run(notebook, params.key)) if params.valid else None
    return render(request, PAGE, page_context(request, notebook, params, asked, feedback={key: feedback}))


def _values_of(params_key: str) -> dict:
    """The parameters a hidden params_key names, as form text (anything unreadable: the defaults)."""
    try:
        values = json.loads(params_key) if len(params_key) <= 2000 else {}
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in values.items()} if isinstance(values, dict) else {}
