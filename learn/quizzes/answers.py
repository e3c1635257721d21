"""A learner's answer to one question, as its answer fields hold it (quizzes/question_fields.html).

One piece of code for the review screen, the end-of-lesson check and the mock exam: it reads the answer
from a form post or from a stored response (an exam answer saved as JSON), gives the grader what it
expects, and gives the template what to redraw, so whatever the learner typed or chose comes back in its
fields: after an answer that could not be graded, or when an exam is resumed after a reload.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from learn.quizzes.models import Question

FIELD = "response"  # the name of every answer field
LIST_TYPES = (Question.Type.MULTIPLE, Question.Type.CLOZE)  # answered with several values


@dataclass(frozen=True)
class Answer:
    """The values of a question's answer fields, in order: the chosen options of a multiple select, the
    blanks of a cloze, else at most one value (the chosen option, "true"/"false" or the typed number)."""

    type: str
    values: tuple[str, ...] = ()

    @classmethod
    def of(cls, question: Question, values: Iterable[str]) -> Answer:
        values = tuple(values)
        if question.type not in LIST_TYPES:
            values = values[-1:]  # one field: the last value wins, as QueryDict.get reads it
        return cls(type=question.type, values=values)

    @classmethod
    def from_post(cls, question: Question, data: QueryDict) -> Answer:
        return cls.of(question, data.getlist(FIELD))

    @classmethod
    def from_stored(cls, question: Question, response: Any) -> Answer:
        """From a response saved as JSON (what :attr:`response` gave): None for no answer, a string, or a
        list of strings (anything else in a list redraws as an empty field)."""
        if response is None:
            return cls.of(question, ())
        if isinstance(response, list):
            return cls.of(question, (v if isinstance(v, str) else "" for v in response))
        return cls.of(question, (str(response),))

    @property
    def response(self) -> str | list[str] | None:
        """What the grader takes: a list for multiple select and cloze, else one string (None: no answer)."""
        if self.type in LIST_TYPES:
            return list(self.values)
        return self.values[0] if self.values else None

    @property
    def value(self) -> str:
        """The one value of a single-field question ("" when there is none), for the template."""
        return self.values[0] if self.values else ""
