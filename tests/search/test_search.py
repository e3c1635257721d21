"""Site search over lessons and the glossary: ranked, highlighted, safe, and htmx-aware."""

from __future__ import annotations

import re

import pytest

from learn.search.index import search
from learn.search.models import SearchDocument

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def test_it_finds_lessons_and_glossary_terms_ranked_by_title(synced_real_content):
    hits = search("quick ratio")
    assert hits, "expected hits for 'quick ratio'"
    titles = [h.title for h in hits]
    assert "Quick ratio" in titles
    assert titles.index("Quick ratio") < 3  # a title match ranks near the top
    assert any(h.kind == "lesson" for h in hits)


def test_it_highlights_the_matched_words(synced_real_content):
    [hit, *_] = search("deferred tax")
    assert "<mark>" in hit.snippet


def test_it_matches_word_prefixes_for_search_as_you_type(synced_real_content):
    assert search("liquid")  # liquidity
    assert any(h.title == "Goodwill" for h in search("goodw"))
    assert search("amortiz")  # a stemming index would have stored "amort" and missed this
    assert search("ratios") and search("liquidity")


def test_it_treats_query_syntax_as_plain_words(synced_real_content):
    for query in ['"', "NOT", "ratio OR", "a*", "(", "NEAR(x y)", "'; DROP TABLE x; --", "-", "^"]:
        search(query)  # no error, whatever it finds


def test_snippets_escape_html_from_the_text(content, db):
    from learn.publishing.sync import sync_content

    content.valid()
    content.lesson("third", order=3, body="Escaping: `<script>alert(1)</script>` is shown as code.\n")
    assert sync_content(content.dir, root=content.root).ok
    [hit] = search("escaping")
    assert "<script>" not in hit.snippet and "&lt;script&gt;alert(1)&lt;/script&gt;" in hit.snippet


def test_the_audit_queries_find_only_matching_pages(synced_real_content):
    """PostgreSQL once returned 20 loosely related pages for each of these."""
    assert search("apple frobnicate") == []
    [hit] = search("0.988")
    assert hit.title.startswith("Liquidity") and "<mark>0.988</mark>" in hit.snippet
    hits = search("current ratio")
    assert 0 < len(hits) < 20 and hits[0].title == "Current ratio"
    documents = {(d.kind, d.title): d for d in SearchDocument.objects.all()}
    for hit in hits:
        d = documents[(hit.kind, hit.title)]
        words = set(re.findall(r"\w+", f"{d.title} {d.aliases} {d.body}".lower()))
        assert any(w.startswith("current") for w in words) and any(w.startswith("ratio") for w in words)


def test_an_alias_ranks_its_term_first(synced_real_content):
    assert search("roe")[0].title == "Return on equity"  # not "DuPont analysis", which says ROE a lot
    assert search("ROE")[0].title == "Return on equity"
    assert search("balance sheet")[0].title == "Balance sheet"


def test_lesson_text_has_no_mathml_leftovers_or_repeated_headings(synced_real_content):
    [hit] = [h for h in search("working capital") if h.title.startswith("Liquidity")]
    assert "CA CL" not in hit.snippet
    for document in SearchDocument.objects.filter(kind="lesson"):
        assert "CA CL" not in document.body and "NI Equity" not in document.body  # MathML's <mtext> words
        assert "Working capital and current ratio" not in document.body  # a formula box's caption


def test_the_page_works_with_and_without_htmx(client, synced_real_content):
    full = client.get("/search/?q=working+capital").content.decode()
    assert "<html" in full and "Working capital" in full
    fragment = client.get("/search/?q=working+capital", **HX).content.decode()
    assert fragment.lstrip().startswith('<section id="results"') and "<html" not in fragment


def test_an_empty_query_shows_no_results(client, synced_real_content):
    html = client.get("/search/?q=").content.decode()
    assert "result" not in html.split('<section id="results"')[1].split("</section>")[0]


def test_nothing_found_says_so(client, synced_real_content):
    assert "Nothing matched" in client.get("/search/?q=zzzyqx").content.decode()
