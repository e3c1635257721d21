"""Finance calculators: the form validates, ``learn.finance`` computes, these views format for people.

Each calculator URL serves three things from one template: the full page; with ``?embed=1`` only the
calculator card (a lesson loads it inline with htmx); and, for the card's own htmx requests, only the
result partial plus out-of-band error messages for the fields (so typing never replaces an input).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import replace_url, reswap, retarget

from learn.calculators import companies, results
from learn.calculators.forms import FIGURES, CdsForm, CreditForm, RatiosForm

_UID = re.compile(r"[a-z0-9]{1,16}")


@dataclass(frozen=True)
class Card:
    """Where a calculator card is rendered: page, embedded card, or htmx refresh of its result."""

    name: str
    uid: str  # set only for embedded cards: keeps ids unique when a lesson shows several
    part: str  # "page", "card" or "result"

    @property
    def id(self) -> str:
        return f"{self.name}-{self.uid}" if self.uid else self.name

    @property
    def embedded(self) -> bool:
        return bool(self.uid)


def _card(request, name: str) -> Card:
    """``embed=1`` asks for the card; the embedded form then sends its ``uid`` with every refresh."""
    embed = request.GET.get("embed") == "1"
    uid = request.GET.get("uid", "")
    if not _UID.fullmatch(uid):
        uid = secrets.token_hex(3) if embed else ""
    if embed:
        part = "card"
    elif request.htmx and not request.htmx.history_restore_request:
        part = "result"
    else:
        part = "page"
    return Card(name, uid, part)


def _render(request, card: Card, context: dict, *, part: str | None = None):
    part = part or card.part
    template = f"calculators/{card.name}.html" + ("" if part == "page" else f"#{card.name}-{part}")
    query = {k: v for k, v in request.GET.items() if k not in ("embed", "uid")}
    context = {
        **context,
        "card": card,
        "oob": part == "result",
        "full_url": reverse(f"calculators:{card.name}") + (f"?{urlencode(query)}" if query else ""),
    }
    return render(request, template, context)


@require_http_methods(["GET", "HEAD"])
def index(request):
    return render(request, "calculators/index.html")


@require_http_methods(["GET", "HEAD"])
@vary_on_headers("HX-Request")
def cds(request):
    card = _card(request, "cds")
    form = CdsForm(request.GET, prefix_id=card.id)
    result = None
    if form.is_valid():
        try:
            result = results.cds_result(form)
        except results.CurveError as exc:
            form.add_error("spreads", str(exc))
    return _render(request, card, {"form": form, "result": result})


@require_http_methods(["GET", "HEAD"])
@vary_on_headers("HX-Request")
def credit(request):
    card = _card(request, "credit")
    form = CreditForm(request.GET, prefix_id=card.id)
    result = results.credit_result(form) if form.is_valid() else None
    return _render(request, card, {"form": form, "result": result})


DEFAULT_STATEMENT = "apple-fy2023"


def _ratio_params(params, catalogue: companies.Catalogue) -> tuple[dict, bool]:
    """The form data, and whether the figures changed source (so the whole card must be redrawn).

    A statement different from the one whose figures the form holds (``loaded``) loads that statement's
    figures; "my own figures" keeps whatever the form holds. With no parameters at all the page opens on
    Apple FY2023.
    """
    typed = any(name in params for name in FIGURES)
    statement = params.get("statement", "" if typed else DEFAULT_STATEMENT)
    loaded = params.get("loaded")
    data = {name: params[name] for name in FIGURES if name in params}
    stored = catalogue.statements.get(statement)
    switched = loaded is not None and loaded != statement
    if stored is not None and (switched or not typed):
        data = {name: results.plain(v) for name, v in stored.figures.items() if v is not None}
    return {**data, "statement": statement, "loaded": statement}, switched


@require_http_methods(["GET", "HEAD"])
@vary_on_headers("HX-Request")
def ratios(request):
    card = _card(request, "ratios")
    catalogue = companies.load_catalogue()
    data, switched = _ratio_params(request.GET, catalogue)
    statements = list(catalogue.statements.values())
    form = RatiosForm(data, prefix_id=card.id, statements=statements)
    result = results.ratio_result(form, catalogue) if form.is_valid() else None
    context = {"form": form, "result": result, "problems": catalogue.problems}
    if card.part == "result" and switched:
        response = _render(request, card, context, part="card")
        retarget(response, f"#{card.id}")
        reswap(response, "outerHTML")
    else:
        response = _render(request, card, context)
    if card.part == "result" and not card.embedded and result is not None and result.canonical_query:
        # An unedited stored statement gets a short, shareable address instead of every figure.
        replace_url(response, reverse("calculators:ratios") + "?" + result.canonical_query)
    return response
