"""Build and query the site search index (SQLite FTS5, or PostgreSQL full text)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from learn.search.models import SearchDocument

MARK_START, MARK_END = "\x02", "\x03"
TOKEN_RE = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    context: str
    url: str
    snippet: SafeString


def rebuild_search_index() -> int:
    """Replace every search document with the published lessons and glossary terms."""
    from learn.lessons.models import GlossaryTerm, Lesson

    SearchDocument.objects.all().delete()
    docs = [
        SearchDocument(
            kind=SearchDocument.Kind.LESSON, slug=lesson.slug, title=lesson.title,
            context=f"{lesson.track.code}. {lesson.track.title}",
            body=f"{lesson.summary}\n{lesson.body_text}", url=lesson.get_absolute_url(),
        )
        for lesson in Lesson.objects.published().filter(track__archived=False).select_related("track")
    ]
    docs += [
        SearchDocument(
            kind=SearchDocument.Kind.GLOSSARY, slug=term.slug, title=term.term, context="Glossary",
            body=" ".join([*term.aliases, term.definition, term.engineer]), url=term.get_absolute_url(),
        )
        for term in GlossaryTerm.objects.published()
    ]
    SearchDocument.objects.bulk_create(docs)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES('rebuild')")
    return len(docs)


def _highlight(text: str) -> SafeString:
    return mark_safe(escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def search(query: str, *, limit: int = 20) -> list[Hit]:
    """Ranked hits with highlighted snippets; every word must match (as a prefix, for search-as-you-type)."""
    tokens = TOKEN_RE.findall(query.lower())[:12]
    if not tokens:
        return []
    if connection.vendor == "sqlite":
        return _search_sqlite(tokens, limit)
    if connection.vendor == "postgresql":
        return _search_postgres(tokens, limit)
    return _search_fallback(tokens, limit)


SUFFIXES = ("ies", "ity", "ing", "es", "ed", "s")


def word_forms(token: str) -> list[str]:
    """The token and a lightly stemmed form, both used as prefixes: 'ratios' finds 'ratio', 'liquidity'
    finds 'liquid', and a half-typed 'amortiz' still finds 'amortized' (a full stemmer would not)."""
    for suffix in SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 4:
            return [token, token[: -len(suffix)]]
    return [token]


def _search_sqlite(tokens: list[str], limit: int) -> list[Hit]:
    match = " AND ".join("(" + " OR ".join(f'"{form}"*' for form in word_forms(t)) + ")" for t in tokens)
    sql = (
        "SELECT d.kind, d.title, d.context, d.url, "
        f"snippet(search_fts, 1, '{MARK_START}', '{MARK_END}', '…', 16) "
        "FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid "
        "WHERE search_fts MATCH %s ORDER BY bm25(search_fts, 8.0, 1.0) LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, limit])
        rows = cursor.fetchall()
    return [Hit(kind, title, context, url, _highlight(snippet)) for kind, title, context, url, snippet in rows]


def _search_postgres(tokens: list[str], limit: int) -> list[Hit]:
    raw = " & ".join("(" + " | ".join(f"{form}:*" for form in word_forms(t)) + ")" for t in tokens)
    query = SearchQuery(raw, search_type="raw", config="simple")
    vector = SearchVector("title", weight="A", config="simple") + SearchVector("body", weight="B", config="simple")
    rows = (
        SearchDocument.objects.annotate(
            rank=SearchRank(vector, query),
            snippet=SearchHeadline("body", query, config="simple", start_sel=MARK_START, stop_sel=MARK_END,
                                   max_words=30, min_words=12),
        )
        .filter(rank__gt=0)
        .order_by("-rank", "title")[:limit]
    )
    return [Hit(d.kind, d.title, d.context, d.url, _highlight(d.snippet)) for d in rows]


def _search_fallback(tokens: list[str], limit: int) -> list[Hit]:  # pragma: no cover - other databases
    qs = SearchDocument.objects.all()
    for token in tokens:
        qs = qs.filter(body__icontains=token) | qs.filter(title__icontains=token)
    return [Hit(d.kind, d.title, d.context, d.url, _highlight(d.body[:200])) for d in qs[:limit]]
