"""Finance calculators: the form validates, ``learn.finance`` computes, these views format for people.

Each calculator URL serves three things from one template: the full page; with ``?embed=1`` only the
calculator card (a lesson loads it inline with htmx); and, for the card's own htmx requests, only the
result partial plus out-of-band error messages for the fields (so typing never replaces an input).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from types import ModuleType
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import replace_url, reswap, retarget

from learn.calculators import cds as cds_calculator
from learn.calculators import credit as credit_calculator
from learn.calculators import ratios as ratios_calculator
from learn.calculators.formatting import plain
from learn.core.htmx import HtmxHttpRequest
from learn.market import companies

_UID = re.compile(r"[a-z0-9]{1,16}")


@dataclass(frozen=True)
class Page:
    """What a calculator's page says around its card (each calculator module defines it)."""

    name: str
    title: str
    heading: str
    eyebrow: str
    lede: str
    card_title: str

    @classmethod
    def of(cls, name: str, module: ModuleType) -> Page:
        return cls(
            name,
            module.TITLE,
            getattr(module, "HEADING", module.TITLE),
            module.EYEBROW,
            module.LEDE,
            module.CARD_TITLE,
        )

    @property
    def url_name(self) -> str:
        return f"calculators:{self.name}"

    @property
    def fields(self) -> str:
        return f"calculators/{self.name}.html#fields"

    @property
    def result(self) -> str:
        return f"calculators/{self.name}.html#result"


PAGES = {
    "cds": Page.of("cds", cds_calculator),
    "credit": Page.of("credit", credit_calculator),
    "ratios": Page.of("ratios", ratios_calculator),
}


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


def _card(request: HtmxHttpRequest, name: str) -> Card:
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


def _render(request: HtmxHttpRequest, card: Card, context: dict, *, part: str | None = None) -> HttpResponse:
    """One template for every calculator: the page, the card alone, or the result alone."""
    part = part or card.part
    template = "calculators/calculator.html" + ("" if part == "page" else f"#{part}")
    query = {k: v for k, v in request.GET.items() if k not in ("embed", "uid")}
    context = {
        **context,
        "card": card,
        "calc": PAGES[card.name],
        "oob": part == "result",
        "full_url": reverse(f"calculators:{card.name}") + (f"?{urlencode(query)}" if query else ""),
    }
    return render(request, template, context)


@require_http_methods(["GET", "HEAD"])
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "calculators/index.html")


@require_http_methods(["GET", "HEAD"])
@vary_on_headers("HX-Request")
def cds(request: HtmxHttpRequest) -> HttpResponse:
    card = _card(request, "cds")
    form = cds_calculator.CdsForm(request.GET, prefix_id=card.id)
    result = None
    if form.is_valid():
        try:
            result = cds_calculator.cds_result(form)
        except cds_calculator.CurveError as exc:
            form.add_error("spreads", str(exc))
    return _render(request, card, {"form": form, "result": result})


@require_http_methods(["GET", "HEAD"])
@vary_on_headers("HX-Request")
def credit(request: HtmxHttpRequest) -> HttpResponse:
    card = _card(request, "credit")
    form = credit_calculator.CreditForm(request.GET, prefix_id=card.id)
    result = credit_calculator.credit_result(form) if form.is_valid() else None
    return _render(request, card, {"form": form, "result": result})


DEFAULT_STATEMENT = "apple-fy2023"


def _ratio_params(params, catalogue: companies.Catalogue) -> tuple[dict, bool]:
    """The form data, and whether the figures changed source (so the whole card must be redrawn).

    A statement different from the one whose figures the form holds (``loaded``) loads that statement's
    figures; "my own figures" keeps whatever the form holds. With no parameters at all the page opens on
    Apple FY2023.
    """
    figures = ratios_calculator.FIGURES
    typed = any(name in params for name in figures)
    statement = params.get("statement", "" if typed else DEFAULT_STATEMENT)
    loaded = params.get("loaded")
    data = {name: params[name] for name in figures if name in params}
    stored = catalogue.statements.get(statement)
    switched = loaded is not None and loaded != statement
    if stored is not None and (switched or not typed):
        data = {name: plain(v) for name, v in stored.figures.items() if v is not None}
    return {**data, "statement": statement, "loaded": statement}, switched


@require_http_methods(["GET", "HEAD"])
@vary_on_headers("HX-Request")
def ratios(request: HtmxHttpRequest) -> HttpResponse:
    card = _card(request, "ratios")
    catalogue = companies.load_catalogue()
    data, switched = _ratio_params(request.GET, catalogue)
    statements = list(catalogue.statements.values())
    form = ratios_calculator.RatiosForm(data, prefix_id=card.id, statements=statements)
    result = ratios_calculator.ratio_result(form, catalogue) if form.is_valid() else None
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
