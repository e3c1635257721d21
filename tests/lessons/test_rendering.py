"""Markdown features of the lesson renderer (learn.lessons.rendering)."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from learn.lessons.rendering import (
    RENDERER_VERSION,
    GlossaryRef,
    Rendered,
    TocEntry,
    glossary_key,
    render_markdown,
    tex_to_mathml,
)

WORKING_CAPITAL = GlossaryRef(
    slug="working-capital",
    term="Working capital",
    short="Current assets minus current liabilities.",
)
WACC = GlossaryRef(
    slug="wacc",
    term="Weighted average cost of capital",
    short="The blended cost of debt and equity.",
)
GLOSSARY = {
    glossary_key(name): ref
    for ref, names in ((WORKING_CAPITAL, ["Working capital", "WC", "net working capital"]), (WACC, ["WACC"]))
    for name in names
}
REPO = Path(__file__).resolve().parents[2]
LESSONS = {"intro": "/lessons/intro/", "liquidity-ratios": "/lessons/liquidity-ratios/"}


def lesson_url(slug: str) -> str | None:
    return LESSONS.get(slug)


def glossary_url(slug: str) -> str:
    return f"/glossary/{slug}/"


def render(source: str, **overrides) -> Rendered:
    kwargs = {"glossary": GLOSSARY, "lesson_url": lesson_url, "glossary_url": glossary_url, **overrides}
    return render_markdown(source, **kwargs)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def elements(html: str, tag: str | None = None) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return [(t, a) for t, a in parser.elements if tag is None or t == tag]


# --------------------------------------------------------------------------- basics


def test_it_exposes_an_integer_renderer_version() -> None:
    assert isinstance(RENDERER_VERSION, int) and RENDERER_VERSION >= 1


def test_it_normalises_glossary_keys() -> None:
    assert glossary_key("  Working \t\n Capital ") == "working capital"
    assert glossary_key("WACC") == "wacc"


def test_it_returns_a_rendered_value() -> None:
    result = render("Hello **world**.")
    assert isinstance(result, Rendered)
    assert result.html == "<p>Hello <strong>world</strong>.</p>"
    assert result.toc == ()
    assert result.glossary_slugs == frozenset()
    assert result.lesson_slugs == frozenset()


def test_it_renders_the_same_source_the_same_way_every_time() -> None:
    source = "## A\n\n$x$ [[WC]] [^1]\n\n[^1]: n\n"
    assert render(source) == render(source)


def test_it_does_not_import_django() -> None:
    code = (
        "import sys, learn.lessons.rendering, learn.lessons.sanitise; "
        "sys.exit(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')) != [])"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO, check=False).returncode == 0


# --------------------------------------------------------------------------- Markdown features


def test_it_renders_tables_with_align_attributes_and_no_style() -> None:
    html = render("| Item | 2023 | Note |\n|:-----|-----:|:----:|\n| Cash | 1,234 | ok |\n").html
    assert '<th align="left">Item</th>' in html
    assert '<th align="right">2023</th>' in html
    assert '<td align="right">1,234</td>' in html
    assert '<td align="center">ok</td>' in html
    assert "style=" not in html


def test_it_highlights_python_code_with_pygments_classes_on_the_server() -> None:
    source = "```python\ndef npv(rate, flows):\n    return sum(f / (1 + rate) ** t for t, f in flows)\n```\n"
    html = render(source).html
    assert html.startswith('<div class="highlight"><pre>')
    assert '<span class="k">def</span>' in html
    assert '<span class="nf">npv</span>' in html
    assert "style=" not in html
    spans = elements(html, "span")
    assert spans and all(set(a) <= {"class"} for _, a in spans)


def test_it_escapes_html_inside_fenced_code() -> None:
    html = render('```html\n<b onclick="x()">bold</b>\n```\n').html
    assert "&lt;" in html and "<b" not in html and "onclick=" not in html.replace("onclick</span>", "")


def test_it_collects_h2_and_h3_headings_into_the_toc() -> None:
    result = render("## Cost of capital\n\ntext\n\n### Debt & equity\n\n#### Too deep\n\n## Summary\n")
    assert result.toc == (
        TocEntry(level=2, id="cost-of-capital", title="Cost of capital"),
        TocEntry(level=3, id="debt-equity", title="Debt & equity"),
        TocEntry(level=2, id="summary", title="Summary"),
    )
    assert '<h2 id="cost-of-capital">Cost of capital</h2>' in result.html
    assert '<h4 id="too-deep">' in result.html
    assert "headerlink" not in result.html  # permalinks are off


def test_it_gives_duplicate_headings_unique_ids() -> None:
    ids = [entry.id for entry in render("## Example\n\n## Example\n").toc]
    assert len(set(ids)) == 2


def test_it_ignores_a_toc_marker() -> None:
    html = render("[TOC]\n\n## A\n").html
    assert 'class="toc"' not in html


def test_it_renders_footnotes() -> None:
    html = render("Apple's 10-K[^k] says so.\n\n[^k]: Fiscal 2024 annual report.\n").html
    assert '<sup id="fnref:k"><a class="footnote-ref" href="#fn:k"' in html
    assert '<div class="footnote">' in html
    assert '<li id="fn:k">' in html
    assert "Fiscal 2024 annual report." in html
    assert 'class="footnote-backref" href="#fnref:k"' in html


@pytest.mark.parametrize("kind", ["note", "warning", "example", "formula", "tip"])
def test_it_renders_each_admonition_type(kind: str) -> None:
    html = render(f'!!! {kind} "A title"\n    The body.\n').html
    assert f'<div class="admonition {kind}">' in html
    assert '<p class="admonition-title">A title</p>' in html
    assert "<p>The body.</p>" in html


def test_it_gives_an_untitled_admonition_its_type_as_title() -> None:
    assert '<p class="admonition-title">Tip</p>' in render("!!! tip\n    Body.\n").html


def test_it_drops_unknown_admonition_classes() -> None:
    html = render("!!! modal\n    Body.\n").html
    assert '<div class="admonition">' in html


def test_it_renders_definition_lists() -> None:
    html = render("Liquidity\n:   How easily an asset becomes cash.\n").html
    assert "<dl>\n<dt>Liquidity</dt>\n<dd>How easily an asset becomes cash.</dd>\n</dl>" in html


def test_it_renders_strikethrough_but_not_subscript_tildes() -> None:
    html = render("~~old~~ and ~5% or H~2~O").html
    assert "<del>old</del>" in html
    assert "~5%" in html and "<sub>" not in html


def test_it_does_not_enable_attr_list() -> None:
    html = render('Paragraph {: .evil #id onclick="x" }\n\n## Heading {: data-x=1 }\n').html
    assert "{: .evil #id" in html
    assert "## Heading" not in html and "Heading {: data-x=1 }</h2>" in html
    for _, attrs in elements(html):
        assert set(attrs) <= {"id"}, attrs


# --------------------------------------------------------------------------- math


def test_it_renders_inline_math_as_mathml() -> None:
    html = render("The rate $r$ is annual.").html
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">' in html
    assert "<mi>r</mi>" in html
    assert "The rate " in html and " is annual." in html
    assert "$" not in html


def test_it_renders_display_math_as_block_mathml() -> None:
    html = render("$$\nPV = \\frac{FV}{(1+r)^n}\n$$\n").html
    assert html.startswith('<div class="math-display"><math ')
    assert 'display="block"' in html
    assert "<mfrac>" in html


def test_it_renders_bracket_delimiters_too() -> None:
    html = render("Inline \\(x\\) and\n\n\\[\ny^2\n\\]\n").html
    assert html.count("<math") == 2
    assert 'display="block"' in html


def test_it_keeps_the_words_between_two_inline_formulas() -> None:
    result = render("If $a > 0$ and also $b < 1$ then both hold.")
    assert " and also " in result.html
    assert " then both hold." in result.html
    assert result.html.count("<math") == 2
    assert result.text == "If and also then both hold."


def test_it_renders_frac_as_mfrac() -> None:
    html = render("$\\frac{a}{b}$").html
    assert "<mfrac><mrow><mi>a</mi></mrow><mrow><mi>b</mi></mrow></mfrac>" in html


def test_it_unescapes_display_math_before_converting() -> None:
    html = render("$$\na < b \\quad c > d\n$$\n").html
    assert "<mo>&lt;</mo>" in html and "<mo>&gt;</mo>" in html
    assert "&amp;lt;" not in html


@pytest.mark.parametrize(
    "tex",
    ["\\frac{a}{", "\\begin{matrix} a", "\\unknowncommand{x}", "x^^", "}", "\\left( x", "{" * 3000],
)
def test_it_does_not_crash_on_bad_tex(tex: str) -> None:
    result = render(f"Before ${tex}$ after.\n\n$$\n{tex}\n$$\n")
    assert "Before" in result.html and "after." in result.html
    # Either some MathML came out or the escaped TeX in a math-error code element.
    assert "<math" in result.html or '<code class="math-error">' in result.html


def test_it_shows_unconvertible_tex_as_escaped_code() -> None:
    html = render("Bad $\\frac{<b>}{$ here").html
    assert '<code class="math-error">\\frac{&lt;b&gt;}{</code>' in html
    assert "<b>" not in html


def test_it_escapes_text_that_latex2mathml_would_leave_raw() -> None:
    out = tex_to_mathml("\\text{<b>x</b> & y}", display=False)
    assert "<b>" not in out
    assert "&lt;b&gt;x&lt;/b&gt;" in out


@pytest.mark.parametrize(
    "text",
    [
        "It costs $5 and $6.",
        "Revenue was $29,965 million and $31,590 million.",
        "A range of $5-$10 or $5/$6 per share.",
        "Between $1.5 billion and $2 billion",
        "Escaped \\$x\\$ stays text.",
    ],
)
def test_it_leaves_dollar_amounts_alone(text: str) -> None:
    html = render(text).html
    assert "<math" not in html
    expected = text.replace("\\$", "$")
    assert html == f"<p>{expected}</p>"


def test_it_leaves_dollars_in_code_alone() -> None:
    html = render("Use `$x$` or\n\n```\nprice = $5 + $x$\n```\n").html
    assert "<math" not in html
    assert "<code>$x$</code>" in html
    assert "price = $5 + $x$" in html


# --------------------------------------------------------------------------- glossary


def test_it_links_a_glossary_term_with_a_css_tooltip() -> None:
    result = render("Watch [[working capital]] closely.")
    assert (
        '<a class="gloss" data-term="working-capital" href="/glossary/working-capital/#working-capital" '
        'rel="noopener noreferrer">working capital'
        '<span class="gloss-tip" role="tooltip">'
        "Working capital: Current assets minus current liabilities.</span></a>"
    ) in result.html
    assert result.glossary_slugs == frozenset({"working-capital"})


def test_it_links_a_glossary_alias_with_its_display_text() -> None:
    result = render("The [[WC|cushion]] and [[WACC]].")
    links = elements(result.html, "a")
    assert [a["data-term"] for _, a in links] == ["working-capital", "wacc"]
    assert ">cushion<span" in result.html
    assert ">WACC<span" in result.html
    assert result.glossary_slugs == frozenset({"working-capital", "wacc"})


def test_it_matches_glossary_terms_ignoring_case_and_spacing() -> None:
    result = render("[[  Net   Working\nCapital ]]")
    assert result.glossary_slugs == frozenset({"working-capital"})


def test_it_keeps_a_fragment_returned_by_glossary_url() -> None:
    html = render("[[WC]]", glossary_url=lambda slug: f"/glossary/#{slug}").html
    assert 'href="/glossary/#working-capital"' in html


def test_it_marks_an_unknown_glossary_term() -> None:
    result = render("A [[flux capacitor]] and [[flux capacitor|FC]].")
    assert '<span class="gloss-missing">flux capacitor</span>' in result.html
    assert '<span class="gloss-missing">FC</span>' in result.html
    assert "<a" not in result.html
    assert result.glossary_slugs == frozenset()


def test_it_leaves_glossary_syntax_in_code_alone() -> None:
    result = render("Write `[[working capital]]` like so:\n\n```\n[[WC]]\n```\n")
    assert "<code>[[working capital]]</code>" in result.html
    assert "[[WC]]" in result.html
    assert "gloss" not in result.html
    assert result.glossary_slugs == frozenset()


def test_it_leaves_escaped_glossary_syntax_alone() -> None:
    assert render("\\[[WC]]").html == "<p>[[WC]]</p>"


def test_it_escapes_html_in_glossary_display_text() -> None:
    html = render("[[WC|<img src=x onerror=alert(1)>]]").html
    assert "&lt;img src=x onerror=alert(1)&gt;<span" in html
    assert "<img" not in html


def test_it_does_not_nest_a_glossary_link_inside_another_link() -> None:
    html = render("[read about [[WC]] here](https://example.com/)").html
    assert len(elements(html, "a")) == 1
    assert '<span class="gloss">WC<span class="gloss-tip" role="tooltip">' in html


def test_it_keeps_tooltips_out_of_heading_titles_and_ids() -> None:
    result = render("## What is [[working capital]]?\n")
    assert result.toc == (TocEntry(level=2, id="what-is-working-capital", title="What is working capital?"),)
    assert "gloss-tip" not in result.html
    assert 'class="gloss"' in result.html


def test_it_renders_glossary_refs_in_footnotes_and_admonitions() -> None:
    result = render('!!! note "About [[WACC]]"\n    See [[WC]][^1].\n\n[^1]: And [[working capital]].\n')
    assert result.html.count('class="gloss"') == 3
    assert result.glossary_slugs == frozenset({"working-capital", "wacc"})


# --------------------------------------------------------------------------- links


def test_it_resolves_a_lesson_link_with_an_anchor() -> None:
    result = render("See [quick ratio](lesson:liquidity-ratios#quick-ratio).")
    expected = '<a href="/lessons/liquidity-ratios/#quick-ratio" rel="noopener noreferrer">quick ratio</a>'
    assert expected in result.html
    assert result.lesson_slugs == frozenset({"liquidity-ratios"})


def test_it_resolves_reference_style_lesson_links() -> None:
    result = render('Start [here][start].\n\n[start]: lesson:intro "The intro"\n')
    assert '<a href="/lessons/intro/" title="The intro" rel="noopener noreferrer">here</a>' in result.html
    assert result.lesson_slugs == frozenset({"intro"})


def test_it_marks_a_broken_lesson_link() -> None:
    result = render("See [old stuff](lesson:no-such-lesson#x) and [bad](lesson:../etc).")
    assert '<span class="broken-link">old stuff</span>' in result.html
    assert '<span class="broken-link">bad</span>' in result.html
    assert "<a" not in result.html
    # Referenced slugs are reported even when they do not resolve; the caller validates them.
    assert result.lesson_slugs == frozenset({"no-such-lesson"})


def test_it_adds_rel_to_external_links() -> None:
    html = render("[SEC](https://www.sec.gov/) and <https://example.com>").html
    assert '<a href="https://www.sec.gov/" rel="noopener noreferrer">SEC</a>' in html
    assert '<a href="https://example.com" rel="noopener noreferrer">' in html


def test_it_removes_javascript_links_but_keeps_their_text() -> None:
    html = render("[click](javascript:alert(1))").html
    assert html == '<p><a rel="noopener noreferrer">click</a></p>'


def test_it_keeps_images_with_safe_sources_only() -> None:
    html = render('![chart](/static/c.png "Chart") ![x](data:image/png;base64,AAAA)').html
    assert '<img alt="chart" src="/static/c.png" title="Chart">' in html
    assert "data:" not in html


# --------------------------------------------------------------------------- plain text


def test_it_gives_plain_text_without_tags() -> None:
    source = (
        "## Working capital\n\n"
        "A firm's [[WC|working capital]] is **important**[^1] & useful; $x^2 + \\frac{a}{b}$ is math.\n\n"
        "| a | b |\n|---|---|\n| one | two |\n\n"
        "```python\nx = 1\n```\n\n"
        '!!! tip "Remember"\n    Cash is king.\n\n'
        "[^1]: See the notes.\n"
    )
    text = render(source).text
    assert "<" not in text and ">" not in text
    assert "Working capital" in text
    assert "A firm's working capital is important & useful; is math." in text
    assert "one" in text and "two" in text and "x = 1" in text
    assert "Remember" in text and "Cash is king." in text
    assert "See the notes." in text
    # No tooltip text, footnote arrows or MathML symbols.
    assert "Current assets minus" not in text
    assert "↩" not in text
    assert "frac" not in text and "mfrac" not in text


def test_formulas_are_left_out_of_the_plain_text() -> None:
    # The plain text is what search indexes: a formula's words are in the prose around it.
    text = render(
        "Earnings per share:\n\n$$\n\\text{EPS} = \\frac{\\text{Net income}}{\\text{Shares}}\n$$\n"
    ).text
    assert text == "Earnings per share:"


# --------------------------------------------------------------------------- engineering


def test_it_can_render_again_from_inside_a_callback() -> None:
    inner: list[Rendered] = []

    def nested_lesson_url(slug: str) -> str:
        inner.append(render("## Inner\n\n[[WC]]"))
        return f"/l/{slug}/"

    outer = render("## Outer\n\n[a](lesson:intro) [[WACC]]", lesson_url=nested_lesson_url)
    assert outer.toc == (TocEntry(2, "outer", "Outer"),)
    assert outer.glossary_slugs == frozenset({"wacc"})
    assert inner[0].toc == (TocEntry(2, "inner", "Inner"),)
    assert inner[0].glossary_slugs == frozenset({"working-capital"})


def test_it_does_not_leak_state_between_renders() -> None:
    render("[^1] [[WC]] [a](lesson:intro)\n\n[^1]: note\n\n## Heading\n")
    result = render("plain")
    assert result.html == "<p>plain</p>"
    assert (result.toc, result.glossary_slugs, result.lesson_slugs) == ((), frozenset(), frozenset())
