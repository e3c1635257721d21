"""The plain text of rendered (sanitised) HTML: the prose a reader sees, stored beside the HTML at render
time (``Rendered.text``, ``Lesson.body_text``) and indexed by site search as it is.

No MathML (its symbols, ``CA``/``CL`` placeholders and layout read as noise in a snippet, and every word
of a formula is also in the prose around it), no glossary tooltips or footnote marks, and no formula
boxes whose caption is all that is left once the formula is dropped (the caption repeats the heading
above it). Pure Python, no Django import.
"""

from __future__ import annotations

import unicodedata
from html.parser import HTMLParser

_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol",
        "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip
_VOID_TAGS = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})
# Never indexed: formulas, non-content elements, tooltips (a glossary definition is not the lesson's
# text), footnote marks, and a table of contents if a lesson ever gets one (it repeats the headings).
_SKIP_TAGS = frozenset({"math", "script", "style", "template", "nav", "svg"})
_SKIP_CLASSES = frozenset({"gloss-tip", "footnote-ref", "footnote-backref", "toc"})


def clean(text: str) -> str:
    """Text safe to index: no control characters (the highlight markers among them), spaces tidied."""
    lines = (
        " ".join("".join(" " if unicodedata.category(c) == "Cc" else c for c in line).split())
        for line in text.splitlines()
    )
    return "\n".join(line for line in lines if line)


class _Box:
    """An admonition being read: its title is kept only if something besides the title is."""

    def __init__(self) -> None:
        self.title: list[str] = []
        self.body: list[str] = []


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: list[str] = []
        self.sinks: list[list[str]] = [self.root]  # where text goes now: the page, a box body or title
        self.boxes: list[_Box] = []
        self.open: list[tuple[str, str]] = []  # (tag, role) of each open element
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID_TAGS:
            self.handle_startendtag(tag, attrs)
            return
        classes = set((dict(attrs).get("class") or "").split())
        if self.skipping or tag in _SKIP_TAGS or classes & _SKIP_CLASSES:
            self.skipping += 1
            self.open.append((tag, "skip"))
            return
        if tag in _BLOCK_TAGS:
            self.sinks[-1].append("\n")
        if "admonition" in classes:
            self.boxes.append(_Box())
            self.sinks.append(self.boxes[-1].body)
            self.open.append((tag, "box"))
        elif "admonition-title" in classes and self.boxes:
            self.sinks.append(self.boxes[-1].title)
            self.open.append((tag, "title"))
        else:
            self.open.append((tag, "text"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS and not self.skipping:
            self.sinks[-1].append("\n")
        if tag not in _VOID_TAGS:  # <div/> and the like: open and closed at once
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if all(open_tag != tag for open_tag, _ in self.open):
            return  # a stray end tag
        while self.open:
            open_tag, role = self.open.pop()
            self._close(role)
            if open_tag == tag:
                break
        if tag in _BLOCK_TAGS and not self.skipping:
            self.sinks[-1].append("\n")

    def _close(self, role: str) -> None:
        if role == "skip":
            self.skipping -= 1
        elif role == "title":
            self.sinks.pop()
        elif role == "box":
            box = self.boxes.pop()
            self.sinks.pop()
            if "".join(box.body).strip():
                self.sinks[-1].extend(["\n", *box.title, "\n", *box.body, "\n"])

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.sinks[-1].append(data)

    def text(self) -> str:
        self.close()
        while self.open:
            self._close(self.open.pop()[1])
        return clean("".join(self.root))


def indexable_text(html: str) -> str:
    """The prose of a sanitised HTML fragment, one block per line, without formulas or tooltips."""
    extractor = _Extractor()
    extractor.feed(html)
    return extractor.text()
