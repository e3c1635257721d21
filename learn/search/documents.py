"""What each kind of page puts in the search index: one function per kind, each yielding unsaved
``SearchDocument`` rows, listed in :data:`SOURCES`.

A new kind of page (notebooks, say) is one more function here, one more ``SearchDocument.Kind`` (with
its migration, which also empties the index so that the next ``sync_content`` rebuilds it), and an
entry in ``SOURCES``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from django.urls import reverse

from learn.calculators.views import PAGES
from learn.lessons.models import GlossaryTerm, Lesson
from learn.lessons.plaintext import clean
from learn.search.models import SearchDocument
from learn.search.text import words


def names(title: str, aliases: Iterable[str]) -> str:
    """The title and each alias as their words, one per line, newline-framed (``SearchDocument.names``)."""
    return "\n" + "".join(" ".join(words(name)) + "\n" for name in [title, *aliases])


def lesson_documents() -> Iterator[SearchDocument]:
    for lesson in Lesson.objects.published().filter(track__archived=False).select_related("track"):
        yield SearchDocument(
            kind=SearchDocument.Kind.LESSON,
            slug=lesson.slug,
            title=clean(lesson.title),
            names=names(lesson.title, []),
            context=f"{lesson.track.code}. {lesson.track.title}",
            body=clean(f"{lesson.summary}\n{lesson.body_text}"),
            url=lesson.get_absolute_url(),
        )


def glossary_documents() -> Iterator[SearchDocument]:
    for term in GlossaryTerm.objects.published():
        yield SearchDocument(
            kind=SearchDocument.Kind.GLOSSARY,
            slug=term.slug,
            title=clean(term.term),
            context="Glossary",
            aliases=clean("\n".join(term.aliases)),
            names=names(term.term, term.aliases),
            body=clean(f"{term.definition}\n{term.engineer}"),
            url=term.get_absolute_url(),
        )


def calculator_documents() -> Iterator[SearchDocument]:
    """Each calculator page, found by its title, its heading and card title (as aliases) and its lede."""
    for page in PAGES.values():
        aliases = list(dict.fromkeys(a for a in (page.heading, page.card_title) if a != page.title))
        yield SearchDocument(
            kind=SearchDocument.Kind.CALCULATOR,
            slug=page.name,
            title=clean(page.title),
            context=f"Calculator · {page.eyebrow}",
            aliases=clean("\n".join(aliases)),
            names=names(page.title, aliases),
            body=clean(page.lede),
            url=reverse(page.url_name),
        )


SOURCES: tuple[Callable[[], Iterable[SearchDocument]], ...] = (
    lesson_documents,
    glossary_documents,
    calculator_documents,
)


def all_documents() -> list[SearchDocument]:
    return [doc for source in SOURCES for doc in source()]
