"""Markdown -> sanitised HTML for lessons and glossary entries.

Pure functions, no Django import.  The Django side calls :func:`render_markdown` at save
time and stores ``Rendered.html`` together with :data:`RENDERER_VERSION`.

Pipeline
--------
1. Python-Markdown with: tables (``align`` attributes, no inline style), pymdownx
   superfences + highlight (Pygments on the server, CSS classes), toc (ids on headings),
   footnotes, admonition, pymdownx.details (``??? answer "Answer"``: collapsed worked answers),
   def_list, pymdownx.tilde (``~~del~~`` only) and pymdownx.arithmatex in generic mode to
   *mark* ``$...$`` / ``$$...$$`` / ``\\(...\\)`` / ``\\[...\\]`` math.
   ``attr_list`` and ``md_in_html`` are deliberately not enabled.
2. Our own processors:
   * ``[[term]]`` / ``[[term|shown text]]`` glossary references (inline processor, so code
     spans and fenced code are left alone);
   * a tree processor that turns marked math into MathML with latex2mathml (bad TeX falls
     back to ``<code class="math-error">``);
   * a tree processor that resolves ``lesson:slug#anchor`` links.
3. :func:`learn.lessons.sanitise.sanitise_html` (nh3 allow-list) over the whole output.
"""

from __future__ import annotations

import html
import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

import markdown
from latex2mathml.converter import Converter
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from pymdownx.arithmatex import RE_BRACKET_INLINE, InlineArithmatexPattern

from learn.lessons.plaintext import indexable_text
from learn.lessons.sanitise import sanitise_html

__all__ = [
    "GLOSSARY_REF_PATTERN",
    "RENDERER_VERSION",
    "GlossaryRef",
    "Rendered",
    "TocEntry",
    "glossary_key",
    "render_markdown",
]

# Bump whenever the HTML produced for the same source can change (extensions, options,
# sanitiser policy, MathML conversion...).  Stored beside the rendered HTML.
RENDERER_VERSION: int = (
    4  # 2: search text; 3: ``???`` collapsible blocks; 4: calculator embeds only to /calculators/
)


@dataclass(frozen=True)
class GlossaryRef:
    slug: str  # glossary entry slug, e.g. "working-capital"
    term: str  # display name, e.g. "Working capital"
    short: str  # one-sentence definition for the tooltip (plain text)


@dataclass(frozen=True)
class TocEntry:
    level: int
    id: str
    title: str  # plain text


@dataclass(frozen=True)
class Rendered:
    html: str  # sanitised HTML, safe to mark_safe
    toc: tuple[TocEntry, ...]  # h2/h3 headings
    text: str  # the prose a reader sees, as site search indexes it (learn.lessons.plaintext)
    glossary_slugs: frozenset[str]  # glossary entries referenced
    lesson_slugs: frozenset[str]  # lessons linked via lesson: URLs (including ones that do not resolve)


def glossary_key(s: str) -> str:
    """Normalise a glossary term or alias for lookup: whitespace collapsed, lower case."""
    return " ".join(s.split()).lower()


# --------------------------------------------------------------------------- per-call state


@dataclass
class _State:
    glossary: Mapping[str, GlossaryRef]
    lesson_url: Callable[[str], str | None]
    glossary_url: Callable[[str], str]
    glossary_slugs: set[str] = field(default_factory=set)
    lesson_slugs: set[str] = field(default_factory=set)
    calculator_url: Callable[[str], str | None] | None = None


# Python-Markdown's backslash escapes survive inline processing as STX<codepoint>ETX.
_ESCAPED_CHAR = re.compile("\x02(\\d+)\x03")


def _plain(s: str) -> str:
    return _ESCAPED_CHAR.sub(lambda m: chr(int(m.group(1))), s)


# --------------------------------------------------------------------------- glossary refs

# [[term]] or [[term|shown text]]; no brackets inside (a line break is fine: authors wrap text).
# Shared with the validator (learn.lessons.loader), so it checks exactly the references rendered here.
GLOSSARY_REF_PATTERN = r"\[\[([^\[\]|]+)(?:\|([^\[\]]*))?\]\]"


class _GlossaryProcessor(InlineProcessor):
    def __init__(self, pattern: str, md: markdown.Markdown, ext: _FinfluencyExtension) -> None:
        super().__init__(pattern, md)
        self.ext = ext

    def handleMatch(self, m: re.Match[str], data: str):  # type: ignore[override]
        state = self.ext.state
        written = " ".join(_plain(self.unescape(m.group(1))).split())
        shown = " ".join(_plain(self.unescape(m.group(2) or "")).split()) or written
        if not written:
            return None, None, None
        ref = state.glossary.get(glossary_key(written))
        if ref is None:
            el = etree.Element("span", {"class": "gloss-missing"})
            el.text = AtomicString(shown)
            return el, m.start(0), m.end(0)
        state.glossary_slugs.add(ref.slug)
        url = state.glossary_url(ref.slug)
        if "#" not in url:
            url = f"{url}#{ref.slug}"
        el = etree.Element("a", {"class": "gloss", "href": url, "data-term": ref.slug})
        el.text = AtomicString(shown)
        tip = etree.SubElement(el, "span", {"class": "gloss-tip", "role": "tooltip"})
        tip.text = AtomicString(f"{ref.term}: {ref.short}" if ref.short else ref.term)
        return el, m.start(0), m.end(0)


# --------------------------------------------------------------------------- math

# Arithmatex's smart-dollar pattern plus Pandoc's rule that the closing "$" must not be
# followed by a digit, so "$5-$10" or "$5/$6" stay text.  Same groups as upstream.
_RE_SMART_DOLLAR_INLINE = (
    r"(?:(?<!\\)((?:\\{2})+)(?=\$)|(?<!\\)(\$)(?!\s)((?:\\.|[^\\$\x02\x03])+?)(?<!\s)(?:\$)(?!\d))"
)
_ARITHMATEX_CONFIG = {
    "generic": True,
    "tex_inline_wrap": ["", ""],
    "tex_block_wrap": ["", ""],
    "smart_dollar": True,
    "preview": False,
}
_MAX_TEX = 5000  # longer formulas are shown as code rather than converted


def tex_to_mathml(tex: str, *, display: bool) -> str:
    """MathML for ``tex``; ``<code class="math-error">`` with the escaped TeX if it fails.

    latex2mathml's own string output un-escapes ``<``/``>``/``&`` in text nodes (so
    ``\\text{<img ...>}`` would come out as markup); we serialise its element tree ourselves
    with proper escaping instead.
    """
    tex = tex.strip()
    try:
        if not tex or len(tex) > _MAX_TEX:
            raise ValueError("empty or oversized formula")
        root = Converter(display="block" if display else "inline").convert_to_element(tex)
        for node in root.iter():
            # latex2mathml stores symbols as character references inside the text.
            if node.text:
                node.text = html.unescape(node.text)
            if node.tail:
                node.tail = html.unescape(node.tail)
            for name, value in node.attrib.items():
                node.attrib[name] = html.unescape(value)
        return etree.tostring(root, encoding="unicode", method="xml")
    except Exception:  # noqa: BLE001 - any converter failure must degrade, never crash
        return f'<code class="math-error">{html.escape(tex)}</code>'


class _MathProcessor(Treeprocessor):
    """Replace arithmatex's ``.arithmatex`` placeholders by stashed MathML."""

    def run(self, root: etree.Element) -> None:
        for el in [e for e in root.iter() if e.get("class") == "arithmatex"]:
            display = el.tag == "div"
            tex = "".join(el.itertext())
            if display:
                tex = html.unescape(tex)  # block math arrives HTML-escaped
            tex = _plain(tex)
            tail = el.tail  # clear() drops the tail too: the words after the formula
            el.clear()
            el.set("class", "math-display" if display else "math-inline")
            el.text = self.md.htmlStash.store(tex_to_mathml(tex, display=display))
            el.tail = tail


# --------------------------------------------------------------------------- links

_LESSON_HREF = re.compile(r"^lesson:([A-Za-z0-9][A-Za-z0-9_-]*)(?:#(.*))?$", re.IGNORECASE | re.DOTALL)
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _LinkProcessor(Treeprocessor):
    """Resolve ``lesson:`` links; tidy glossary links in headings and inside other links."""

    def __init__(self, md: markdown.Markdown, ext: _FinfluencyExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        state = self.ext.state
        for el, in_link, in_heading in self._walk(root, False, False):
            if el.tag != "a":
                continue
            if el.get("class") == "gloss":
                if in_heading:  # keep headings (and their toc titles / ids) free of tooltip text
                    for tip in [c for c in el if c.get("class") == "gloss-tip"]:
                        el.remove(tip)
                if in_link:  # no nested anchors: keep the tooltip, drop the link
                    el.tag = "span"
                    el.attrib.pop("href", None)
                continue
            href = el.get("href", "")
            if href[:11].lower() == "calculator:":
                self._calculator(el, href.strip()[11:], state)
                continue
            if href[:7].lower() != "lesson:":
                continue
            m = _LESSON_HREF.match(href.strip())
            url = None
            if m:
                slug, anchor = m.group(1), m.group(2)
                state.lesson_slugs.add(slug)
                url = state.lesson_url(slug)
                if url is not None and anchor:
                    url = f"{url.split('#', 1)[0]}#{quote(anchor, safe='-_.:~%')}"
            if url is None:
                el.tag = "span"
                el.attrib.clear()
                el.set("class", "broken-link")
            else:
                el.set("href", url)

    @staticmethod
    def _calculator(el: etree.Element, target: str, state: _State) -> None:
        """``calculator:cds?spreads=5y+120`` becomes a link to that calculator with those inputs,
        marked ``calculator-embed`` so the lesson page can load the calculator in place."""
        name, _, query = target.partition("?")
        url = state.calculator_url(name) if state.calculator_url and _CALCULATOR_NAME.match(name) else None
        if url is None:
            el.tag = "span"
            el.attrib.clear()
            el.set("class", "broken-link")
            return
        el.set("href", f"{url}?{query}" if query else url)
        el.set("class", "calculator-embed")

    def _walk(
        self, el: etree.Element, in_link: bool, in_heading: bool
    ) -> Iterator[tuple[etree.Element, bool, bool]]:
        for child in list(el):
            yield child, in_link, in_heading
            yield from self._walk(child, in_link or child.tag == "a", in_heading or child.tag in _HEADINGS)


_CALCULATOR_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


# --------------------------------------------------------------------------- extension


class _FinfluencyExtension(Extension):
    """Our processors; ``state`` is swapped in for each render (see :func:`render_markdown`)."""

    def __init__(self) -> None:
        super().__init__()
        self.state: _State | None = None

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Replace arithmatex's inline pattern with the stricter dollar rule (same priority).
        md.inlinePatterns.register(
            InlineArithmatexPattern(f"(?:{_RE_SMART_DOLLAR_INLINE}|{RE_BRACKET_INLINE})", _ARITHMATEX_CONFIG),
            "arithmatex-inline",
            189.9,
        )
        # After backticks (190) and escapes (180), before reference/inline links (170/160).
        md.inlinePatterns.register(
            _GlossaryProcessor(GLOSSARY_REF_PATTERN, md, self), "finfluency-glossary", 176
        )
        # Tree processors: after inline (20), before toc (5) and unescape (0).
        md.treeprocessors.register(_MathProcessor(md), "finfluency-math", 15)
        md.treeprocessors.register(_LinkProcessor(md, self), "finfluency-links", 14)


def _new_markdown() -> tuple[markdown.Markdown, _FinfluencyExtension]:
    ext = _FinfluencyExtension()
    md = markdown.Markdown(
        extensions=[
            "tables",
            "toc",
            "footnotes",
            "admonition",
            "pymdownx.details",
            "def_list",
            "pymdownx.highlight",
            "pymdownx.superfences",
            "pymdownx.tilde",
            "pymdownx.arithmatex",
            ext,
        ],
        extension_configs={
            "tables": {"use_align_attribute": True},
            "toc": {"permalink": False, "marker": ""},
            "footnotes": {"UNIQUE_IDS": False},
            "pymdownx.highlight": {
                "use_pygments": True,
                "noclasses": False,
                "css_class": "highlight",
                "guess_lang": False,
                "pygments_lang_class": False,
                "linenums": False,
            },
            "pymdownx.superfences": {"disable_indented_code_blocks": False},
            "pymdownx.tilde": {"subscript": False, "delete": True},
            "pymdownx.arithmatex": dict(_ARITHMATEX_CONFIG),
        },
        output_format="html",
    )
    return md, ext


# Building the Markdown object (and its Pygments/regex set-up) costs about as much as
# converting a short lesson, so each thread keeps one and resets it before every use.
_local = threading.local()


# --------------------------------------------------------------------------- entry point


def _toc(tokens: list[dict]) -> Iterator[TocEntry]:
    for token in tokens:
        if token["level"] in (2, 3):
            title = " ".join(html.unescape(token["name"]).split())
            yield TocEntry(level=token["level"], id=token["id"], title=title)
        yield from _toc(token.get("children", []))


def render_markdown(
    source: str,
    *,
    glossary: Mapping[str, GlossaryRef],
    lesson_url: Callable[[str], str | None],
    glossary_url: Callable[[str], str],
    calculator_url: Callable[[str], str | None] | None = None,
) -> Rendered:
    """Render lesson Markdown to sanitised HTML plus the metadata stored beside it.

    ``glossary`` maps :func:`glossary_key` of every term and alias to its entry.
    ``lesson_url(slug)`` returns the URL of a lesson or ``None`` if there is no such lesson
    (the link is then rendered as ``<span class="broken-link">``).  ``glossary_url(slug)``
    returns the URL of a glossary entry; ``#slug`` is appended when it has no fragment.
    """
    state = _State(
        glossary=glossary, lesson_url=lesson_url, glossary_url=glossary_url, calculator_url=calculator_url
    )
    busy = getattr(_local, "busy", False)
    if busy:  # a callback rendered again while we were converting: use a private instance
        md, ext = _new_markdown()
    else:
        if getattr(_local, "md", None) is None:
            _local.md = _new_markdown()
        md, ext = _local.md
        _local.busy = True
    try:
        md.reset()
        ext.state = state
        body = md.convert(source)
        toc_tokens = list(getattr(md, "toc_tokens", []))
    finally:
        ext.state = None
        _local.busy = busy
    clean = sanitise_html(body)
    return Rendered(
        html=clean,
        toc=tuple(_toc(toc_tokens)),
        text=indexable_text(clean),
        glossary_slugs=frozenset(state.glossary_slugs),
        lesson_slugs=frozenset(state.lesson_slugs),
    )
