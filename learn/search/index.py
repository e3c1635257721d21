"""Build and query the site search index (SQLite FTS5, or PostgreSQL full text).

What goes in (lessons, glossary terms, calculators) is in :mod:`learn.search.documents`.

Both backends behave the same way: every word of the query must occur (as a prefix, with a light
stemming, see :func:`word_forms`) in the title, the aliases or the text of a page; hits are ranked with
the title (lesson title, glossary term, calculator name) weighted above the aliases, and the aliases
above the text; the snippet is a short window of the text with the matched words highlighted.

On SQLite an FTS5 table (``search_fts``) indexes the title, aliases and body columns. On PostgreSQL a
``search_vector`` tsvector column (added by migration 0003, not part of the Django model) holds the same
three columns with the weights A, B and C; its words come from :func:`learn.search.text.words`, as do the
query's, so both backends split ``0.988`` or ``Café`` the same way.

If what goes into the index changes, add a migration that empties ``SearchDocument`` (as 0003 does):
``sync_content`` rebuilds the index whenever it finds it empty.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from learn.search.documents import all_documents
from learn.search.models import SearchDocument
from learn.search.text import MAX_WORD, WORD_RE, fold, words

MARK_START, MARK_END = "\x02", "\x03"
MAX_QUERY_WORDS = 12
SNIPPET_WORDS = 16
# Column weights: title, aliases, body. FTS5's bm25 takes them as multipliers; PostgreSQL's ts_rank as
# the weight of each label, {D, C, B, A} (D is unused).
BM25_WEIGHTS = (10.0, 5.0, 1.0)
TS_RANK_WEIGHTS = "{0.05, 0.1, 0.5, 1.0}"


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    context: str
    url: str
    snippet: SafeString


def rebuild_search_index() -> int:
    """Replace every search document with those of the published pages (see learn.search.documents)."""
    SearchDocument.objects.all().delete()
    docs = SearchDocument.objects.bulk_create(all_documents())
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES('rebuild')")
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE search_searchdocument SET search_vector = "
                "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') "
                "|| setweight(to_tsvector('simple', %s), 'C') WHERE id = %s",
                [
                    (" ".join(words(d.title)), " ".join(words(d.aliases)), " ".join(words(d.body)), d.pk)
                    for d in docs
                ],
            )
    return len(docs)


def _highlight(text: str) -> SafeString:
    return mark_safe(escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


Phrase = tuple[str, ...]


def query_phrases(query: str) -> list[Phrase]:
    """The query as phrases: the words of each space-separated part, in order (``0.988`` -> ``("0", "988")``,
    ``debt-to-equity`` -> ``("debt", "to", "equity")``). Repeats dropped, words cut at MAX_WORD
    characters, MAX_QUERY_WORDS words in all.

    Only letters and digits survive, so nothing the user types is ever read as query syntax by FTS5 or
    PostgreSQL: quotes, ``&``, ``|``, ``:*``, ``!``, brackets, ``-`` and ``^`` are separators, and NEAR,
    OR, NOT and AND are plain words.
    """
    phrases: dict[Phrase, None] = {}
    budget = MAX_QUERY_WORDS
    for part in query.split():
        phrase = tuple(word[:MAX_WORD] for word in words(part))[:budget]
        if phrase and phrase not in phrases:
            phrases[phrase] = None
            budget -= len(phrase)
    return list(phrases)


def search(query: str, *, limit: int = 20) -> list[Hit]:
    """Ranked hits with highlighted snippets. Every phrase of the query must occur, its last word as a
    prefix (search-as-you-type) or lightly stemmed (see :func:`word_forms`); the other words of a
    phrase exactly and in order, so ``0.988`` finds ``0.988`` and not a page with ``0`` and ``1,988``.

    A page whose title or one of whose aliases is exactly the query comes first; the rest are ranked by
    relevance, a match in the title counting more than one in the aliases, and that more than the text.
    """
    phrases = query_phrases(query)
    if not phrases:
        return []
    exact = "\n" + " ".join(word for phrase in phrases for word in phrase) + "\n"
    if connection.vendor == "sqlite":
        rows = _search_sqlite(phrases, exact, limit)
    elif connection.vendor == "postgresql":
        rows = _search_postgres(phrases, exact, limit)
    else:  # pragma: no cover - other databases
        rows = _search_fallback(phrases, limit)
    return [
        Hit(kind, title, context, url, snippet(body, phrases)) for kind, title, context, url, body in rows
    ]


SUFFIXES = ("ies", "ity", "ing", "es", "ed", "s")


def word_forms(token: str) -> list[str]:
    """The token and a lightly stemmed form, both used as prefixes: 'ratios' finds 'ratio', 'liquidity'
    finds 'liquid', and a half-typed 'amortiz' still finds 'amortized' (a full stemmer would not)."""
    for suffix in SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 4:
            return [token, token[: -len(suffix)]]
    return [token]


def _variants(phrase: Phrase) -> list[Phrase]:
    """The phrase with each form of its last word."""
    return [(*phrase[:-1], form) for form in word_forms(phrase[-1])]


def fts5_query(phrases: list[Phrase]) -> str:
    """FTS5 query requiring every phrase, its last word as a prefix:
    ``("0 988"*) AND ("ratios"* OR "ratio"*)``.

    Built only from query_phrases (letters and digits), each a quoted string, so user input never
    becomes FTS5 syntax.
    """
    return " AND ".join(
        "(" + " OR ".join('"' + " ".join(variant) + '"*' for variant in _variants(phrase)) + ")"
        for phrase in phrases
    )


def tsquery(phrases: list[Phrase]) -> str:
    """The same as a PostgreSQL tsquery: ``('0' <-> '988':*) & ('ratios':* | 'ratio':*)``.

    Built only from query_phrases (letters and digits), each a quoted lexeme, so user input never
    becomes tsquery syntax.
    """

    def lexeme(word: str) -> str:
        return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"  # (never needed: belt and braces)

    def variant(words: Phrase) -> str:
        return " <-> ".join([*map(lexeme, words[:-1]), lexeme(words[-1]) + ":*"])

    return " & ".join("(" + " | ".join(variant(v) for v in _variants(phrase)) + ")" for phrase in phrases)


def _search_sqlite(phrases: list[Phrase], exact: str, limit: int) -> list[tuple]:
    weights = ", ".join(map(str, BM25_WEIGHTS))
    sql = (
        "SELECT d.kind, d.title, d.context, d.url, d.body "
        "FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid "
        f"WHERE search_fts MATCH %s ORDER BY instr(d.names, %s) > 0 DESC, bm25(search_fts, {weights}), "
        f"d.title "
        "LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [fts5_query(phrases), exact, limit])
        return cursor.fetchall()


def _search_postgres(phrases: list[Phrase], exact: str, limit: int) -> list[tuple]:
    # ts_rank's normalization 1 divides by the log of the document's length: like bm25, it favours a
    # glossary entry titled with the words over a long lesson that repeats them.
    sql = (
        "SELECT d.kind, d.title, d.context, d.url, d.body "
        "FROM search_searchdocument d, to_tsquery('simple', %s) q WHERE d.search_vector @@ q "
        f"ORDER BY strpos(d.names, %s) > 0 DESC, ts_rank('{TS_RANK_WEIGHTS}', d.search_vector, q, 1) DESC, "
        "d.title LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [tsquery(phrases), exact, limit])
        return cursor.fetchall()


def _search_fallback(phrases: list[Phrase], limit: int) -> list[tuple]:  # pragma: no cover - other databases
    qs = SearchDocument.objects.all()
    for word in (word for phrase in phrases for word in phrase):
        qs = qs.filter(Q(title__icontains=word) | Q(aliases__icontains=word) | Q(body__icontains=word))
    return list(qs.order_by("title").values_list("kind", "title", "context", "url", "body")[:limit])


_SENTENCE_END = re.compile(r"[.:!?]\s|\n")


def _fold_word(word: str) -> str:
    return word.lower() if word.isascii() else fold(word)


def _occurrences(folded: list[str], phrases: list[Phrase]) -> dict[int, list[tuple[int, int]]]:
    """Where the phrases occur in a list of folded words: first word index -> [(phrase index, length)]."""
    lasts = [tuple(word_forms(phrase[-1])) for phrase in phrases]
    ends: dict[str, list[int]] = {}  # word -> the phrases whose last word it matches
    found: dict[int, list[tuple[int, int]]] = {}
    for i, word in enumerate(folded):
        if word not in ends:
            ends[word] = [k for k, prefixes in enumerate(lasts) if word.startswith(prefixes)]
        for k in ends[word]:
            n = len(phrases[k])
            first = i - n + 1
            if first >= 0 and all(folded[first + j] == w for j, w in enumerate(phrases[k][:-1])):
                found.setdefault(first, []).append((k, n))
    return found


def snippet(text: str, phrases: list[Phrase], *, size: int = SNIPPET_WORDS) -> SafeString:
    """About ``size`` words of ``text`` around the best match, matches marked, '…' where text is cut.

    Scored as SQLite FTS5's snippet() does: 1000 for each query phrase in the window, 1 for each repeat,
    and a bonus for a window starting a sentence (or a line: a heading, a paragraph, a table cell).
    """
    spans = [m.span() for m in WORD_RE.finditer(text)]
    if not spans:
        return _highlight(" ".join(text.split()))
    found = _occurrences([_fold_word(text[begin:end]) for begin, end in spans], phrases)
    starts = sorted(found)
    word_starts = [begin for begin, _ in spans]
    sentence_ends = [m.end() for m in _SENTENCE_END.finditer(text)]

    def sentence_start(i: int) -> int:
        """The first word of the sentence (or line) word i is in."""
        before = bisect.bisect_right(sentence_ends, spans[i][0]) - 1
        return bisect.bisect_left(word_starts, sentence_ends[before]) if before >= 0 else 0

    def score(first: int) -> tuple[int, int]:
        seen: set[int] = set()
        total, last = 0, first
        for i in starts[bisect.bisect_left(starts, first) : bisect.bisect_left(starts, first + size)]:
            for k, n in found[i]:
                total += 1 if k in seen else 1000
                seen.add(k)
                last = max(last, i + n - 1)
        return total, last

    best, start = -1, 0
    for i in starts:
        total, last = score(i)
        if total > best:  # centre the matches in the window
            best, start = total, max(0, min(i - (size - (last - i + 1)) // 2, len(spans) - size))
        sentence = sentence_start(i)
        if sentence < i:
            total = score(sentence)[0] + (120 if sentence == 0 else 100)
            if total > best:
                best, start = total, sentence
    stop = min(len(spans), start + size)

    marked: set[int] = set()  # words that match
    joined: set[int] = set()  # words followed by the next word of the same phrase: "0.988" is one mark
    for first, hits in found.items():
        for _, n in hits:
            marked.update(range(first, first + n))
            joined.update(range(first, first + n - 1))
    out = ["…"] if start > 0 else []
    position = spans[start][0] if start > 0 else 0
    for i in range(start, stop):
        begin, end = spans[i]
        out.append(text[position:begin])
        if i in marked and not (i > start and i - 1 in joined):
            out.append(MARK_START)
        out.append(text[begin:end])
        if i in marked and not (i < stop - 1 and i in joined):
            out.append(MARK_END)
        position = end
    out.append("…" if stop < len(spans) else text[position:])
    return _highlight(" ".join("".join(out).split()))
