"""The text indexed for a lesson: the prose a reader sees, without formulas, tooltips or repeated captions."""

from __future__ import annotations

from learn.search.index import query_phrases, snippet, tsquery
from learn.search.text import indexable_text, words

MATH = '<math display="block"><mrow><mtext>Working&nbsp;capital</mtext><mo>=</mo><mtext>CA</mtext></mrow></math>'


def test_formulas_and_their_caption_only_boxes_are_left_out():
    html = (
        '<h2 id="wc">Working capital</h2>\n'
        f'<div class="admonition formula">\n<p class="admonition-title">Working capital formula</p>\n'
        f'<div class="math-display">{MATH}</div>\n</div>\n'
        '<p>It is an amount, <span class="math-inline"><math><mi>x</mi></math></span> or not.</p>'
    )
    assert indexable_text(html) == "Working capital\nIt is an amount, or not."


def test_boxes_with_text_keep_their_title():
    html = '<div class="admonition example"><p class="admonition-title">Worked example</p><p>Apple: 0.988.</p></div>'
    assert indexable_text(html) == "Worked example\nApple: 0.988."


def test_tooltips_footnote_marks_and_tables_of_contents_are_left_out():
    html = (
        '<nav class="toc"><ul><li>Intro</li></ul></nav><div class="toc"><ul><li>Intro</li></ul></div>'
        '<h2>Intro</h2><p><a class="gloss" href="/g/#a">assets<span class="gloss-tip">Assets: what it owns.</span></a>'
        ' grew<sup id="r1"><a class="footnote-ref" href="#f1">1</a></sup>.</p>'
        '<table><tr><td>Cash</td><td>29,965</td></tr></table><br><p>A&amp;B &lt;script&gt;</p>'
    )
    assert indexable_text(html) == "Intro\nassets grew.\nCash\n29,965\nA&B <script>"


def test_control_characters_cannot_forge_highlights():
    assert indexable_text("<p>a\x02b\x03c\x00</p>") == "a b c"


def test_words_are_the_same_on_every_backend():
    assert words("Apple's FY2023 current ratio: 0.988 (Café, m², naïve_x)") == [
        "apple", "s", "fy2023", "current", "ratio", "0", "988", "cafe", "m", "naive", "x",
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
    assert snippet("<b>bold</b> & ratio", query_phrases("ratio")) == "&lt;b&gt;bold&lt;/b&gt; &amp; <mark>ratio</mark>"
    assert snippet("No match here.", query_phrases("zzz")) == "No match here."
