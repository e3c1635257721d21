"""The plain text stored with rendered HTML, which search indexes: the prose a reader sees, without
formulas, tooltips or repeated captions."""

from __future__ import annotations

from learn.lessons.plaintext import indexable_text
from learn.lessons.rendering import render_markdown

MATH = (
    '<math display="block"><mrow><mtext>Working&nbsp;capital</mtext><mo>=</mo><mtext>CA</mtext></mrow></math>'
)


def test_formulas_and_their_caption_only_boxes_are_left_out():
    html = (
        '<h2 id="wc">Working capital</h2>\n'
        f'<div class="admonition formula">\n<p class="admonition-title">Working capital formula</p>\n'
        f'<div class="math-display">{MATH}</div>\n</div>\n'
        '<p>It is an amount, <span class="math-inline"><math><mi>x</mi></math></span> or not.</p>'
    )
    assert indexable_text(html) == "Working capital\nIt is an amount, or not."


def test_boxes_with_text_keep_their_title():
    html = (
        '<div class="admonition example"><p class="admonition-title">Worked example</p><p>Apple: '
        "0.988.</p></div>"
    )
    assert indexable_text(html) == "Worked example\nApple: 0.988."


def test_tooltips_footnote_marks_and_tables_of_contents_are_left_out():
    html = (
        '<nav class="toc"><ul><li>Intro</li></ul></nav><div class="toc"><ul><li>Intro</li></ul></div>'
        '<h2>Intro</h2><p><a class="gloss" href="/g/#a">assets<span class="gloss-tip">Assets: what it '
        "owns.</span></a>"
        ' grew<sup id="r1"><a class="footnote-ref" href="#f1">1</a></sup>.</p>'
        "<table><tr><td>Cash</td><td>29,965</td></tr></table><br><p>A&amp;B &lt;script&gt;</p>"
    )
    assert indexable_text(html) == "Intro\nassets grew.\nCash\n29,965\nA&B <script>"


def test_control_characters_cannot_forge_highlights():
    assert indexable_text("<p>a\x02b\x03c\x00</p>") == "a b c"


def test_the_rendered_text_is_the_indexable_text_of_the_rendered_html():
    rendered = render_markdown(
        "## Ratio\n\nThe [[current ratio]] is $CA/CL$.[^1]\n\n[^1]: A footnote.\n",
        glossary={},
        lesson_url=lambda slug: None,
        glossary_url=lambda slug: f"/glossary/#{slug}",
    )
    assert rendered.text == indexable_text(rendered.html)
    assert rendered.text.splitlines()[:2] == ["Ratio", "The current ratio is ."]
