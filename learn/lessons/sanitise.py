"""Allow-list HTML sanitiser for rendered lesson Markdown.

Everything the Markdown pipeline emits (including raw HTML written by authors, Pygments
markup, footnotes, glossary tooltips and server-side MathML) goes through
:func:`sanitise_html` before it is stored.  The policy is an allow-list: a tag, attribute,
class or URL scheme that is not listed here does not survive.

Pure Python, no Django import: this module is called by Django code, not the reverse.
"""

from __future__ import annotations

import html as html_module
import re

import nh3
from pygments.token import STANDARD_TYPES

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_CLASSES",
    "ALLOWED_TAGS",
    "ALLOWED_URL_SCHEMES",
    "MATHML_TAGS",
    "sanitise_html",
]

# --------------------------------------------------------------------------- tags

HTML_TAGS: frozenset[str] = frozenset(
    {
        # text blocks
        "p", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr", "br", "div", "pre",
        # inline
        "em", "strong", "del", "sup", "sub", "code", "span", "a", "img", "abbr",
        # lists
        "ul", "ol", "li", "dl", "dt", "dd",
        # tables
        "table", "thead", "tbody", "tr", "th", "td",
        # disclosure
        "details", "summary",
    }
)  # fmt: skip

# Presentation MathML only.  Deliberately absent: maction (statusline/tooltip actions),
# annotation-xml (an HTML integration point, classic mutation-XSS vector), mglyph (src),
# malignmark, and anything with a link-like attribute.
MATHML_TAGS: frozenset[str] = frozenset(
    {
        "math", "semantics", "annotation", "mrow", "mi", "mo", "mn", "mtext", "mspace",
        "mfrac", "msqrt", "mroot", "msup", "msub", "msubsup", "munder", "mover",
        "munderover", "mstyle", "mtable", "mtr", "mtd", "mpadded", "mphantom", "menclose",
    }
)  # fmt: skip

ALLOWED_TAGS: frozenset[str] = HTML_TAGS | MATHML_TAGS

# Elements whose *content* is dropped together with the tag (for other disallowed tags
# the tag is dropped and the text kept, which is what an author typing "<foo>" expects).
CLEAN_CONTENT_TAGS: frozenset[str] = frozenset(
    {"script", "style", "template", "iframe", "noembed", "noframes", "xmp", "plaintext", "object"}
)

# --------------------------------------------------------------------------- attributes

# Harmless presentational MathML attributes (no URLs, no styles, no colours).
MATHML_ATTRIBUTES: frozenset[str] = frozenset(
    {
        "mathvariant", "stretchy", "fence", "separator", "lspace", "rspace", "form",
        "largeop", "movablelimits", "symmetric", "minsize", "maxsize", "accent",
        "accentunder", "columnalign", "rowalign", "columnspacing", "rowspacing",
        "columnlines", "rowlines", "frame", "displaystyle", "scriptlevel", "width",
        "height", "depth", "voffset", "linethickness", "notation", "mathsize",
        "columnspan", "rowspan",
    }
)  # fmt: skip

ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "a": {"href", "title", "data-term"},  # rel is *set* by nh3 (link_rel), never copied
    "img": {"src", "alt", "title"},
    "abbr": {"title"},
    "sup": {"id"},
    "li": {"id"},
    "ol": {"start"},
    "details": {"open"},
    "math": {"xmlns"},
    "annotation": {"encoding"},
    **{tag: set(MATHML_ATTRIBUTES) for tag in MATHML_TAGS - {"math", "annotation"}},
}

# Attributes whose value must come from a fixed set (listed here *instead of* above).
TAG_ATTRIBUTE_VALUES: dict[str, dict[str, set[str]]] = {
    "th": {"align": {"left", "right", "center"}},
    "td": {"align": {"left", "right", "center"}},
    "span": {"role": {"tooltip"}},
    "math": {"display": {"block", "inline"}},
}

# --------------------------------------------------------------------------- classes

# Pygments short class names ("k", "nf", "s1", ...) plus the extras pymdownx.highlight emits.
PYGMENTS_CLASSES: frozenset[str] = frozenset(c for c in STANDARD_TYPES.values() if c) | {
    "hll",
    "filename",
    "linenos",
    "normal",
    "special",
}

ADMONITION_TYPES: frozenset[str] = frozenset({"note", "warning", "example", "formula", "tip", "answer"})

ALLOWED_CLASSES: dict[str, set[str]] = {
    "div": {"admonition", *ADMONITION_TYPES, "highlight", "footnote", "math-display"},
    "p": {"admonition-title"},
    "span": {*PYGMENTS_CLASSES, "gloss-tip", "gloss-missing", "gloss", "broken-link", "math-inline"},
    "a": {"gloss", "footnote-ref", "footnote-backref", "calculator-embed"},
    "code": {"math-error"},
    "table": {"highlighttable"},
    "td": {"linenos", "code"},
    "th": {"filename"},
    "details": set(ADMONITION_TYPES),
}

# --------------------------------------------------------------------------- URLs

# Relative URLs (paths, "#fragment", "?query") are passed through unchanged.
ALLOWED_URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})

_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(CLEAN_CONTENT_TAGS),
    attributes=ALLOWED_ATTRIBUTES,
    tag_attribute_values=TAG_ATTRIBUTE_VALUES,
    allowed_classes=ALLOWED_CLASSES,
    url_schemes=set(ALLOWED_URL_SCHEMES),
    link_rel="noopener noreferrer",
    strip_comments=True,
)


# A link the lesson page loads in place (static/js/app.js) must point at a calculator: class
# "calculator-embed" anywhere else (a raw <a> in a lesson, a question or an explanation) would make the
# page fetch and inject any site page, the learner's settings form included. nh3's output is regular
# (double-quoted attributes), so a pattern reads its tags reliably.
_LINK = re.compile(r"<a\s[^>]*>")
_CLASS = re.compile(r'\sclass="([^"]*)"')
_HREF = re.compile(r'\shref="([^"]*)"')
CALCULATOR_HREF = re.compile(r"^/calculators/[a-z][a-z0-9-]*/(?:\?[^\s\"<>]*)?$")


def _calculator_links_only(match: re.Match[str]) -> str:
    tag = match.group(0)
    classes = _CLASS.search(tag)
    if classes is None or "calculator-embed" not in classes.group(1).split():
        return tag
    href = _HREF.search(tag)
    if href and CALCULATOR_HREF.match(html_module.unescape(href.group(1))):
        return tag
    kept = " ".join(c for c in classes.group(1).split() if c != "calculator-embed")
    return tag.replace(classes.group(0), f' class="{kept}"' if kept else "", 1)


def sanitise_html(html: str) -> str:
    """Return ``html`` reduced to the allow-list above (idempotent)."""
    return _LINK.sub(_calculator_links_only, _CLEANER.clean(html))
