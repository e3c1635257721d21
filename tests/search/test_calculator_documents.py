"""Calculators are found by name: "CDS" finds the CDS calculator, not only glossary entries."""

from __future__ import annotations

import pytest

from learn.calculators.views import PAGES
from learn.search.index import rebuild_search_index, search
from learn.search.models import SearchDocument

pytestmark = pytest.mark.django_db


def test_every_calculator_is_a_search_document(synced_real_content):
    docs = SearchDocument.objects.filter(kind="calculator")
    assert {d.slug for d in docs} == set(PAGES)
    assert {d.url for d in docs} == {"/calculators/cds/", "/calculators/credit/", "/calculators/ratios/"}


@pytest.mark.parametrize(
    "query, title",
    [
        ("CDS", "CDS calculator"),
        ("IRB", "Expected loss and Basel IRB capital"),
        ("ratio calculator", "Balance-sheet ratios"),  # the heading, an alias
        ("risky PV01", "CDS calculator"),  # the lede
    ],
)
def test_it_finds_a_calculator_by_its_name_and_lede(synced_real_content, query, title):
    hits = [(h.kind, h.title, h.url) for h in search(query)]
    assert any(kind == "calculator" and t == title for kind, t, _ in hits), hits


def test_the_search_page_shows_a_calculator_hit(client, synced_real_content):
    html = client.get("/search/?q=CDS", HTTP_HX_REQUEST="true").content.decode()
    assert '<a class="result-title" href="/calculators/cds/">CDS calculator</a>' in html
    assert "Calculator · Credit derivatives" in html


def test_calculators_are_indexed_without_any_content(db):
    assert rebuild_search_index() == len(PAGES)
    assert [h.title for h in search("cds")] == ["CDS calculator"]
