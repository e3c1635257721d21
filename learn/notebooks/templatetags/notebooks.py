"""``{% hands_on_notebooks lesson %}``: the lesson page lists its notebooks without the lessons app
importing this one (lessons sit below notebooks in the layers)."""

from django import template

from learn.notebooks.models import Notebook

register = template.Library()


@register.inclusion_tag("notebooks/lesson_notebooks.html")
def hands_on_notebooks(lesson) -> dict:
    return {"notebooks": list(Notebook.objects.for_lesson(lesson.pk).only("slug", "title"))}
