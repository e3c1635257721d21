"""Questions imported from quizzes/*.yaml. Like lessons, they are derived rows: the files are the source.

A question's ``qid`` is its identity: editing the file keeps every learner's cards and history; removing
the question archives it (no new reviews, history kept).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import models

from learn.core.models import PublishedQuerySet, SourceRecord
from learn.quizzes.cloze import render_cloze_prompt
from learn.quizzes.quizfile import QuestionSpec

if TYPE_CHECKING:
    from learn.lessons.models import Lesson
    from learn.lessons.rendering import Rendered


class QuestionQuerySet(PublishedQuerySet):
    def active(self):
        """Questions that can be asked: published, in a published lesson."""
        return self.published().filter(lesson__archived=False)


class Question(SourceRecord):
    class Type(models.TextChoices):
        SINGLE = "single", "Single choice"
        MULTIPLE = "multiple", "Multiple select"
        NUMERIC = "numeric", "Numeric"
        TRUEFALSE = "truefalse", "True or false"
        CLOZE = "cloze", "Cloze"

    qid = models.SlugField(max_length=120, unique=True)
    lesson = models.ForeignKey("lessons.Lesson", on_delete=models.PROTECT, related_name="questions")
    type = models.CharField(max_length=16, choices=Type.choices)
    prompt_html = models.TextField()
    explanation_html = models.TextField()
    hints_html = models.JSONField(default=list, blank=True)
    data = models.JSONField(default=dict)
    difficulty = models.PositiveSmallIntegerField(default=2)
    outcomes = models.ManyToManyField("lessons.LearningOutcome", related_name="questions")
    position = models.PositiveIntegerField(default=0)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["lesson__track__order", "lesson__order", "position"]

    def __str__(self) -> str:
        return self.qid

    def update_from(
        self, spec: QuestionSpec, *, lesson: Lesson, position: int, render: Callable[[str], Rendered]
    ) -> None:
        """Take the file's values, rendering its Markdown (the caller saves, with the source fields)."""
        prompt = render_cloze_prompt(spec.prompt) if spec.type == self.Type.CLOZE else spec.prompt
        self.lesson, self.type, self.position = lesson, spec.type, position
        self.prompt_html = render(prompt).html
        self.explanation_html = render(spec.explanation).html
        self.hints_html = [render(hint).html for hint in spec.hints]
        self.data, self.difficulty, self.source_path = spec.data, spec.difficulty, spec.path

    @property
    def choices(self) -> list[str]:
        return self.data.get("choices", [])

    @property
    def blanks(self) -> list[dict]:
        return self.data.get("blanks", [])
