"""Import validated question specs (called by sync_content inside its transaction)."""

from __future__ import annotations

from collections.abc import Callable

from learn.lessons.models import LearningOutcome, Lesson
from learn.lessons.rendering import RENDERER_VERSION, Rendered
from learn.quizzes.models import Question
from learn.quizzes.quizfile import QuestionSpec, render_cloze_prompt


def sync_questions(bundle, report, *, render: Callable[[str], Rendered]) -> None:
    """Create, update, retire and restore questions by their stable ``qid``.

    A question's cards and review history hang on its row, so an edit updates the row in place and a
    removal only archives it (no new reviews; history kept).
    """
    lessons = {lesson.slug: lesson for lesson in Lesson.objects.filter(slug__in=bundle.lessons)}
    outcomes = {o.code: o for o in LearningOutcome.objects.filter(code__in={c for q in bundle.questions for c in q.outcomes})}
    existing = {q.qid: q for q in Question.objects.all()}
    positions: dict[str, int] = {}
    for spec in bundle.questions:
        position = positions[spec.lesson] = positions.get(spec.lesson, -1) + 1
        question = existing.get(spec.id)
        if question and question.source_hash == spec.source_hash and not question.archived:
            if question.renderer_version == RENDERER_VERSION and question.position == position:
                report.note("question", "unchanged", spec.id)
                continue
        kind = "created" if question is None else ("restored" if question.archived else "updated")
        question = question or Question(qid=spec.id)
        _fill(question, spec, lessons[spec.lesson], position, render)
        question.save()
        question.outcomes.set([outcomes[code] for code in spec.outcomes])
        report.note("question", kind, spec.id)
    keep = {spec.id for spec in bundle.questions}
    for question in Question.objects.filter(archived=False).exclude(qid__in=keep):
        question.archived = True
        question.save(update_fields=["archived"])
        report.note("question", "archived", question.qid)


def _fill(question: Question, spec: QuestionSpec, lesson: Lesson, position: int, render) -> None:
    prompt = render_cloze_prompt(spec.prompt) if spec.type == Question.Type.CLOZE else spec.prompt
    question.lesson = lesson
    question.type = spec.type
    question.prompt_html = render(prompt).html
    question.explanation_html = render(spec.explanation).html
    question.hints_html = [render(hint).html for hint in spec.hints]
    question.data = spec.data
    question.difficulty = spec.difficulty
    question.position = position
    question.source_path = spec.path
    question.source_hash = spec.source_hash
    question.renderer_version = RENDERER_VERSION
    question.archived = False
