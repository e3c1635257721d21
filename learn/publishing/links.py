"""Render content Markdown with the site's links: the one place that knows where a lesson, a glossary
entry or a calculator lives, so every kind of content (tracks, lessons, questions, the preview) renders
the same way."""

from __future__ import annotations

from django.urls import reverse

from learn.lessons.loader import LessonContent
from learn.lessons.rendering import Rendered, render_markdown


def lesson_url(slug: str) -> str:
    return reverse("lessons:lesson", args=[slug])


def glossary_url(slug: str) -> str:
    return reverse("lessons:glossary") + f"#{slug}"


def render_for(content: LessonContent, source: str) -> Rendered:
    """Render Markdown with this content's glossary, lessons and calculators."""
    return render_markdown(
        source,
        glossary=content.glossary_refs(),
        lesson_url=lambda slug: lesson_url(slug) if slug in content.lessons else None,
        glossary_url=glossary_url,
        calculator_url=lambda name: reverse(f"calculators:{name}") if name in content.calculators else None,
    )
