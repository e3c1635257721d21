"""The sanitiser allow-list and the XSS corpus run through the whole Markdown pipeline."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learn.lessons.rendering import GlossaryRef, glossary_key, render_markdown
from learn.lessons.sanitise import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    TAG_ATTRIBUTE_VALUES,
    sanitise_html,
)

CORPUS_FILE = Path(__file__).with_name("xss_corpus.txt")

FORBIDDEN_TAGS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form",
    "input", "button", "textarea", "select", "option", "svg", "base", "meta", "link", "template",
    "noscript", "maction", "annotation-xml", "mglyph", "foreignobject", "animate", "set", "body",
    "html", "head", "title", "xmp", "plaintext", "noembed", "noframes", "portal",
}  # fmt: skip
URL_ATTRIBUTES = {
    "href", "src", "xlink:href", "action", "formaction", "data", "srcset", "poster",
    "background", "cite", "longdesc", "codebase", "dynsrc", "lowsrc", "ping", "content",
}  # fmt: skip
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
# Anything that always comes with a fixed-by-us attribute (rel is set by nh3's link_rel).
EXTRA_ALLOWED_ATTRIBUTES = {"a": {"rel", "class"}, "span": {"class"}, "div": {"class"}, "p": {"class"},
                            "code": {"class"}, "table": {"class"}, "td": {"class"}, "th": {"class"},
                            "details": {"class"}}  # fmt: skip

WORKING_CAPITAL = GlossaryRef("working-capital", "Working capital", "Current assets minus liabilities.")
GLOSSARY = {glossary_key(name): WORKING_CAPITAL for name in ("working capital", "WC")}


def lesson_url(slug: str) -> str | None:
    return f"/lessons/{slug}/" if slug in {"intro", "ratios"} else None


def glossary_url(slug: str) -> str:
    return f"/glossary/{slug}/"


def render(source: str) -> str:
    return render_markdown(source, glossary=GLOSSARY, lesson_url=lesson_url, glossary_url=glossary_url).html


def load_corpus() -> list[tuple[str, str]]:
    payloads: list[tuple[str, str]] = []
    name: str | None = None
    lines: list[str] = []
    for line in CORPUS_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("=== "):
            if name is not None:
                payloads.append((name, "\n".join(lines).rstrip("\n")))
            name, lines = line[4:].strip(), []
        elif name is not None:
            lines.append(line)
    if name is not None:
        payloads.append((name, "\n".join(lines).rstrip("\n")))
    return payloads


CORPUS = load_corpus()


# --------------------------------------------------------------------------- the checker


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    handle_startendtag = handle_starttag


def _normalise_url(value: str) -> str:
    # Browsers ignore ASCII whitespace and control characters in and around the scheme.
    return re.sub(r"[\x00-\x20\x7f]+", "", value).lower()


def problems_in(html: str) -> list[str]:
    """Every reason ``html`` is unsafe; an empty list means it passed."""
    found: list[str] = []
    if re.search(r"<\s*/?\s*script", html, re.IGNORECASE):
        found.append("contains '<script'")
    if re.search(r"<\s*(iframe|object|embed|form|svg|base|meta|link|style)\b", html, re.IGNORECASE):
        found.append("contains a forbidden element in the raw markup")
    parser = _Collector()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.elements:
        if tag in FORBIDDEN_TAGS:
            found.append(f"forbidden element <{tag}>")
        if tag not in ALLOWED_TAGS:
            found.append(f"element <{tag}> is not in the allow-list")
        allowed = (
            ALLOWED_ATTRIBUTES.get(tag, set())
            | set(TAG_ATTRIBUTE_VALUES.get(tag, {}))
            | EXTRA_ALLOWED_ATTRIBUTES.get(tag, set())
        )
        for name, value in attrs:
            value = value or ""
            if re.match(r"on", name):
                found.append(f"event handler {name}= on <{tag}>")
            if name == "style":
                found.append(f"style attribute on <{tag}>")
            if name.startswith(("hx-", "data-hx-")):
                found.append(f"htmx attribute {name} on <{tag}>")
            if name not in allowed:
                found.append(f"attribute {name} on <{tag}> is not in the allow-list")
            if name in URL_ATTRIBUTES and _normalise_url(value).startswith(DANGEROUS_SCHEMES):
                found.append(f"dangerous URL in {name}={value!r} on <{tag}>")
    return found


def assert_safe(html: str) -> None:
    problems = problems_in(html)
    assert not problems, f"{problems}\n--- output ---\n{html}"


# --------------------------------------------------------------------------- the corpus


def test_it_has_a_corpus_of_at_least_forty_payloads() -> None:
    assert len(CORPUS) >= 40
    assert len({name for name, _ in CORPUS}) == len(CORPUS), "payload names must be unique"


def test_it_detects_unsafe_html_in_the_checker_itself() -> None:
    # The checker must be able to fail, or the corpus tests prove nothing.
    assert problems_in('<img src="x" onerror="alert(1)">')
    assert problems_in('<a href=" JaVa\tScRiPt:alert(1)">x</a>')
    assert problems_in('<a href="data:text/html,x">x</a>')
    assert problems_in('<div style="color:red">x</div>')
    assert problems_in('<div hx-get="/x">x</div>')
    assert problems_in('<div data-hx-post="/x">x</div>')
    assert problems_in("<svg></svg>")
    assert problems_in("<ScRiPt>x</script>")
    harmless = '<p>&lt;script&gt; onerror=alert(1) <a href="/ok" rel="noopener noreferrer">ok</a></p>'
    assert not problems_in(harmless)


@pytest.mark.parametrize(("name", "payload"), CORPUS, ids=[name for name, _ in CORPUS])
def test_it_renders_each_xss_payload_safely(name: str, payload: str) -> None:
    html = render(payload)
    assert_safe(html)
    # The stored HTML must be stable under another sanitising pass (no mutation on re-parse).
    assert sanitise_html(html) == html


@pytest.mark.parametrize(("name", "payload"), CORPUS, ids=[name for name, _ in CORPUS])
def test_it_sanitises_each_xss_payload_as_raw_html(name: str, payload: str) -> None:
    html = sanitise_html(payload)
    assert_safe(html)
    assert sanitise_html(html) == html


# --------------------------------------------------------------------------- the allow-list


def test_it_keeps_the_markup_the_renderer_needs() -> None:
    html = (
        '<h2 id="a">T</h2><table><thead><tr><th align="right">n</th></tr></thead>'
        '<tbody><tr><td align="center">1</td></tr></tbody></table>'
        '<div class="highlight"><pre><span></span><code><span class="k">def</span></code></pre></div>'
        '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>'
        '<div class="footnote"><ol><li id="fn:1">n</li></ol></div>'
        '<div class="admonition formula"><p class="admonition-title">F</p></div>'
        '<a class="gloss" href="/g/#wc" data-term="wc">WC<span class="gloss-tip" role="tooltip">t</span></a>'
        '<math display="block"><mfrac><mi>a</mi><mi>b</mi></mfrac></math>'
    )
    out = sanitise_html(html)
    for kept in (
        '<h2 id="a">',
        '<th align="right">',
        '<td align="center">',
        '<span class="k">def</span>',
        '<sup id="fnref:1">',
        'class="footnote-ref"',
        'href="#fn:1"',
        '<li id="fn:1">',
        '<div class="admonition formula">',
        '<p class="admonition-title">',
        'data-term="wc"',
        '<span class="gloss-tip" role="tooltip">',
        '<math display="block">',
        "<mfrac><mi>a</mi><mi>b</mi></mfrac>",
    ):
        assert kept in out, kept


def test_it_drops_classes_and_values_outside_the_allow_list() -> None:
    out = sanitise_html(
        '<span class="k htmx-request evil" role="button">x</span><td align="justify">y</td>'
        '<div class="admonition modal">z</div><math display="evil"><mi>m</mi></math>'
    )
    assert 'class="k"' in out
    assert "evil" not in out and "htmx-request" not in out and "modal" not in out
    assert "role" not in out and "justify" not in out


def test_it_adds_rel_to_links_and_ignores_authors_rel() -> None:
    out = sanitise_html('<a href="https://example.com" rel="opener">x</a>')
    assert 'rel="noopener noreferrer"' in out
    assert 'opener"' not in out.replace('rel="noopener noreferrer"', "")


def test_it_allows_only_http_https_mailto_and_relative_urls() -> None:
    out = sanitise_html(
        '<a href="https://a.example/">1</a><a href="mailto:x@example.com">2</a><a href="/rel">3</a>'
        '<a href="#frag">4</a><a href="ftp://a.example/">5</a><img src="data:image/png;base64,AAA" alt="d">'
    )
    assert 'href="https://a.example/"' in out
    assert 'href="mailto:x@example.com"' in out
    assert 'href="/rel"' in out
    assert 'href="#frag"' in out
    assert "ftp:" not in out and "data:" not in out


def test_it_drops_the_content_of_script_and_style() -> None:
    assert sanitise_html("<p>a<script>alert(1)</script><style>p{}</style>b</p>") == "<p>ab</p>"


def test_it_is_idempotent_on_rendered_lessons() -> None:
    html = render("## T\n\n$x$ [[WC]] [a](lesson:intro)\n\n```python\nx = 1\n```\n\n| a |\n|--:|\n| 1 |\n")
    assert sanitise_html(html) == html


# --------------------------------------------------------------------------- property tests

DANGEROUS_FRAGMENTS = [
    "<script>", "</script>", "<ScRiPt ", "<img src=x onerror=alert(1)>", "<img ", " onerror=",
    "onload=", " onclick='", '"', "'", "`", "<", ">", "/>", "=", "javascript:", "JaVaScRiPt&#58;",
    "&#x6A;avascript:", "vbscript:", "data:text/html,", "<a href=\"", "<a href=", "</a>", "<svg",
    "<svg/onload=alert(1)>", "<math>", "<mtext>", "<mglyph>", "<style>", "</style>", "<table>",
    "<iframe ", "<object ", "<embed ", "<form action=", "<meta http-equiv=refresh ", "<base href=",
    "<link ", " style=", "expression(", "url(", " hx-get=", " data-hx-post=", " hx-on:click=",
    " hx-on::before-request=", "{{", "}}", "{%", "<!--", "-->", "<![CDATA[", "[x](", ")", "](",
    "[", "]", "[[", "]]", "|", "$", "$$", "\\href{javascript:alert(1)}{x}", "\\text{", "}", "{",
    "`", "```", "\n", "\n\n", "    ", "!!! note \"", "[^1]", "[^1]: ", ":   ", "| a |\n|---|\n",
    "lesson:", "# ", "## ", "*", "_", "~~", "\\", "&", "&amp;", "&lt;", "\t", "\x00", "x", "alert(1)",
]  # fmt: skip

fragments = st.lists(
    st.one_of(st.sampled_from(DANGEROUS_FRAGMENTS), st.text(max_size=5)),
    max_size=30,
).map("".join)

PROPERTY_SETTINGS = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@PROPERTY_SETTINGS
@given(fragments)
def test_it_never_renders_a_forbidden_tag_or_attribute(source: str) -> None:
    assert_safe(render(source))


@PROPERTY_SETTINGS
@given(fragments)
def test_it_sanitises_idempotently(source: str) -> None:
    once = sanitise_html(source)
    assert_safe(once)
    assert sanitise_html(once) == once


@PROPERTY_SETTINGS
@given(fragments)
def test_it_renders_to_html_that_sanitising_again_leaves_alone(source: str) -> None:
    html = render(source)
    assert sanitise_html(html) == html


@pytest.mark.parametrize(
    "raw",
    [
        '<a class="calculator-embed" href="/accounts/settings/">settings</a>',
        '<a class="calculator-embed" href="https://evil.example/calculators/cds/">x</a>',
        '<a class="calculator-embed" href="/calculators/../accounts/settings/">x</a>',
        '<a class="gloss calculator-embed" href="/review/">x</a>',
    ],
)
def test_only_links_to_a_calculator_keep_the_embed_class(raw):
    assert "calculator-embed" not in sanitise_html(raw)


def test_a_genuine_calculator_link_keeps_its_embed_class():
    html = sanitise_html(
        '<a class="calculator-embed" href="/calculators/cds/?spreads=5y+120&amp;recovery=40">x</a>'
    )
    assert (
        'class="calculator-embed"' in html
        and 'href="/calculators/cds/?spreads=5y+120&amp;recovery=40"' in html
    )
