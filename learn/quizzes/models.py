"""Questions imported from quizzes/*.yaml. Like lessons, they are derived rows: the files are the source.

A question's ``qid`` is its identity: editing the file keeps every learner's cards and history; removing
the question archives it (no new reviews, history kept).
"""

from __future__ import annotations

from django.db import models

from learn.core.models import PublishedQuerySet, SourceRecord


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

    @property
    def choices(self) -> list[str]:
        return self.data.get("choices", [])

    @property
    def blanks(self) -> list[dict]:
        return self.data.get("blanks", [])
