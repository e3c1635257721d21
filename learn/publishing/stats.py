"""Counts of what the content files hold, for ``manage.py content_stats``: read through :mod:`kinds`,
like ``check_content``, so they describe the files on disk, not what the database last imported."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from learn.publishing.kinds import Content, Sources, load_content
from learn.quizzes.quizfile import QUESTION_TYPES

NOTEBOOKS_DIR = "notebooks"
MIN_QUESTIONS_PER_OUTCOME = 2


@dataclass(frozen=True)
class TrackCount:
    code: str
    slug: str
    title: str
    lessons: int
    questions: int


@dataclass(frozen=True)
class OutcomeCount:
    id: str
    lesson: str
    questions: int


@dataclass(frozen=True)
class ContentStats:
    tracks: list[TrackCount]
    lessons: int
    questions_by_type: dict[str, int]
    notebooks: int
    glossary_terms: int
    outcomes: list[OutcomeCount]
    problems: int = 0  # what check_content would report; the counts cover what could be read

    @property
    def questions(self) -> int:
        return sum(self.questions_by_type.values())

    @property
    def thin_outcomes(self) -> list[OutcomeCount]:
        """Outcomes tested by fewer than two questions, in lesson order."""
        return [o for o in self.outcomes if o.questions < MIN_QUESTIONS_PER_OUTCOME]

    @property
    def covered_share(self) -> float:
        """Share of outcomes with at least two questions (1.0 when there are no outcomes)."""
        if not self.outcomes:
            return 1.0
        return 1 - len(self.thin_outcomes) / len(self.outcomes)

    def lines(self) -> list[str]:
        by_type = ", ".join(f"{t} {n}" for t, n in self.questions_by_type.items())
        out = [f"Tracks: {len(self.tracks)}"]
        out += [
            f"  {t.code}. {t.title} ({t.slug}): {t.lessons} lesson{'s' * (t.lessons != 1)}, "
            f"{t.questions} question{'s' * (t.questions != 1)}"
            for t in self.tracks
        ]
        out += [
            f"Lessons: {self.lessons}",
            f"Questions: {self.questions} ({by_type})",
            f"Notebooks: {self.notebooks}",
            f"Glossary terms: {self.glossary_terms}",
            f"Outcomes with at least {MIN_QUESTIONS_PER_OUTCOME} questions: "
            f"{len(self.outcomes) - len(self.thin_outcomes)} of {len(self.outcomes)} "
            f"({100 * self.covered_share:.1f}%)",
        ]
        if self.thin_outcomes:
            out.append(f"Outcomes with fewer than {MIN_QUESTIONS_PER_OUTCOME} questions:")
            out += [
                f"  {o.id} ({o.lesson}): {o.questions} question{'s' * (o.questions != 1)}"
                for o in self.thin_outcomes
            ]
        return out


def count_notebooks(sources: Sources) -> int:
    """The notebook sources, content/notebooks/*.py (jupytext percent files); 0 without the folder."""
    folder = sources.content_dir / NOTEBOOKS_DIR
    return sum(1 for path in folder.glob("*.py") if path.is_file()) if folder.is_dir() else 0


def stats_of(content: Content, *, notebooks: int = 0) -> ContentStats:
    """Count what ``content`` holds: tracks in their order, outcomes in reading order."""
    tracks = sorted(content.tracks.values(), key=lambda t: (t.order, t.slug))
    in_track = {t.slug: [s for s in content.lessons.values() if s.track == t.slug] for t in tracks}
    position = {t.slug: i for i, t in enumerate(tracks)}
    lessons = sorted(
        content.lessons.values(),
        key=lambda lesson: (position.get(lesson.track, len(position)), lesson.order, lesson.slug),
    )
    questions_of_lesson = Counter(q.lesson for q in content.questions)
    questions_of_outcome = Counter(code for q in content.questions for code in set(q.outcomes))
    by_type = Counter(q.type for q in content.questions)
    return ContentStats(
        tracks=[
            TrackCount(
                code=t.code,
                slug=t.slug,
                title=t.title,
                lessons=len(in_track[t.slug]),
                questions=sum(questions_of_lesson[lesson.slug] for lesson in in_track[t.slug]),
            )
            for t in tracks
        ],
        lessons=len(lessons),
        questions_by_type={t: by_type[t] for t in QUESTION_TYPES},
        notebooks=notebooks,
        glossary_terms=len(content.glossary),
        outcomes=[
            OutcomeCount(id=o.id, lesson=lesson.slug, questions=questions_of_outcome[o.id])
            for lesson in lessons
            for o in lesson.outcomes
        ],
        problems=len(content.problems),
    )


def content_stats(sources: Sources) -> ContentStats:
    return stats_of(load_content(sources), notebooks=count_notebooks(sources))
