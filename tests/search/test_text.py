"""Search words and queries: the same words on every backend, queries built only from words, snippets."""

from __future__ import annotations

from learn.search.index import query_phrases, snippet, tsquery
from learn.search.text import words


def test_words_are_the_same_on_every_backend():
    assert words("Apple's FY2023 current ratio: 0.988 (Café, m², naïve_x)") == [
        "apple",
        "s",
        "fy2023",
        "current",
        "ratio",
        "0",
        "988",
        "cafe",
        "m",
        "naive",
        "x",
    ]


def test_the_query_is_built_only_from_words():
    phrases = query_phrases("""'current' & ratio:* "0.988" !(x) <-> NOT""")
    assert phrases == [("current",), ("ratio",), ("0", "988"), ("x",), ("not",)]
    assert tsquery(phrases) == "('current':*) & ('ratio':*) & ('0' <-> '988':*) & ('x':*) & ('not':*)"
    assert query_phrases("ratios ratios") == [("ratios",)]
    assert len([w for p in query_phrases(" ".join(f"w{i}" for i in range(40))) for w in p]) == 12


def test_snippets_mark_whole_phrases_and_cut_with_an_ellipsis():
    text = "Intro line.\n" + "filler " * 30 + "end. The ratio is 0.988. " + "more " * 30
    result = snippet(text, query_phrases("0.988"))
    assert result.startswith("…The ratio is <mark>0.988</mark>.") and result.endswith("…")
    assert (
        snippet("<b>bold</b> & ratio", query_phrases("ratio"))
        == "&lt;b&gt;bold&lt;/b&gt; &amp; <mark>ratio</mark>"
    )
    assert snippet("No match here.", query_phrases("zzz")) == "No match here."
