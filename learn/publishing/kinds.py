"""The registry of content kinds: every kind of file instructors write, how it is read and checked, and
how it reaches the database.

``check_content``, ``sync_content``, the instructor preview and the development auto-sync all go
through :data:`KINDS`, so they always read and validate the same files. Adding a kind (notebooks, market
data) is one entry here: a function listing its files, one loading and checking them into the
:class:`Content`, and, if it has rows, one syncing them (with :func:`learn.publishing.rows.sync_rows`).
Kinds load in order, so a kind can check its references against the kinds before it (quizzes against
lessons and their outcomes, lessons against the glossary).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from learn.calculators import urls as calculator_urls
from learn.core.source import Problem, display_path, sha256
from learn.lessons import loader
from learn.lessons.lessonfile import LessonSpec
from learn.lessons.loader import LessonContent
from learn.lessons.models import GlossaryTerm, LearningOutcome, Lesson, Track
from learn.lessons.references import scan_body_references
from learn.lessons.rendering import Rendered, glossary_key
from learn.market.companies import Catalogue, load_catalogue
from learn.notebooks import publish as notebooks
from learn.notebooks.models import Notebook
from learn.publishing.links import render_for
from learn.publishing.rows import SyncReport, sync_rows
from learn.quizzes.models import Question
from learn.quizzes.quizfile import QuestionSpec, load_quizzes, quiz_files

COMPANIES_DIR = "companies"


@dataclass(frozen=True)
class Sources:
    """Where the files are, and the folder problems name paths relative to."""

    content_dir: Path
    quizzes_dir: Path
    root: Path

    @classmethod
    def configured(
        cls, content_dir: Path | None = None, quizzes_dir: Path | None = None, root: Path | None = None
    ) -> Sources:
        """The given folders, else the settings; quizzes/ defaults to the folder beside a given content/."""
        if quizzes_dir is None:
            quizzes_dir = Path(content_dir).parent / "quizzes" if content_dir else Path(settings.QUIZZES_DIR)
        return cls(Path(content_dir or settings.CONTENT_DIR), Path(quizzes_dir), Path(root or Path.cwd()))


def add_source_arguments(parser) -> None:
    """--content-dir and --quizzes-dir, for the commands that read the content."""
    parser.add_argument("--content-dir", type=Path, default=None, help="default: settings.CONTENT_DIR")
    parser.add_argument(
        "--quizzes-dir",
        type=Path,
        default=None,
        help="default: quizzes/ beside --content-dir, else settings.QUIZZES_DIR",
    )


@dataclass
class Content(LessonContent):
    """Everything read from the files: the lesson content, and the kinds built on it."""

    questions: list[QuestionSpec] = field(default_factory=list)
    companies: Catalogue | None = None
    notebooks: notebooks.NotebookContent = field(default_factory=notebooks.NotebookContent)


@dataclass(frozen=True)
class ContentKind:
    name: str
    files: Callable[[Sources], list[Path]]
    load: Callable[[Content, Sources], None]
    sync: Callable[[Content, SyncReport], None] | None = None  # None: read from its files, no rows


# --------------------------------------------------------------------------- glossary


def _sync_glossary(content: Content, report: SyncReport) -> None:
    def fingerprint(entry) -> str:
        return sha256(
            json.dumps([entry.term, entry.aliases, entry.definition, entry.engineer, entry.see_also])
        )

    sync_rows(
        GlossaryTerm.objects,
        content.glossary,
        key="slug",
        what="glossary term",
        report=report,
        fingerprint=fingerprint,
        fill=lambda term, entry: term.update_from(entry, path=content.glossary_path),
    )


# --------------------------------------------------------------------------- tracks and lessons


def _lesson_fingerprint(content: Content, lesson: LessonSpec) -> str:
    """The file's hash plus what its tooltips show, so a glossary edit re-renders the lessons using it."""
    refs = content.glossary_refs()
    used = sorted(
        {
            (key, refs[key].slug, refs[key].term, refs[key].short)
            for _, kind, target in scan_body_references(lesson.body, lesson.body_line)
            if kind == "glossary" and (key := glossary_key(target)) in refs
        }
    )
    return sha256(lesson.source_hash + json.dumps(used))


def _sync_lessons(content: Content, report: SyncReport) -> None:
    sync_rows(
        Track.objects,
        content.tracks,
        key="slug",
        what="track",
        report=report,
        fingerprint=lambda spec: spec.source_hash,
        fill=lambda track, spec: track.update_from(spec, intro=render_for(content, spec.body)),
    )
    tracks = {track.slug: track for track in Track.objects.filter(slug__in=content.tracks)}
    rendered: dict[str, Rendered] = {}

    def fill(lesson: Lesson, spec: LessonSpec) -> None:
        rendered[spec.slug] = render_for(content, spec.body)
        lesson.update_from(spec, track=tracks[spec.track], body=rendered[spec.slug])

    written = sync_rows(
        Lesson.objects,
        content.lessons,
        key="slug",
        what="lesson",
        report=report,
        fingerprint=lambda spec: _lesson_fingerprint(content, spec),
        fill=fill,
    )
    lessons = {lesson.slug: lesson for lesson in Lesson.objects.filter(slug__in=content.lessons)}
    terms = {term.slug: term for term in GlossaryTerm.objects.filter(slug__in=content.glossary)}
    for lesson, spec in written:
        lesson.prerequisites.set([lessons[slug] for slug, _ in spec.prerequisites])
        lesson.set_outcomes(spec.outcomes)
        lesson.glossary_terms.set(
            [terms[slug] for slug in rendered[spec.slug].glossary_slugs if slug in terms]
        )
    LearningOutcome.objects.filter(archived=False).exclude(code__in=content.outcome_ids()).update(
        archived=True
    )


def _load_lessons(content: Content, sources: Sources) -> None:
    content.calculators = tuple(sorted(p.name for p in calculator_urls.urlpatterns if p.name != "index"))
    loader.load_lessons(content, sources.content_dir, sources.root)


# --------------------------------------------------------------------------- notebooks


def _load_notebooks(content: Content, sources: Sources) -> None:
    """Parse, check references and run every notebook on the snapshot (defaults and grid)."""
    content.notebooks = notebooks.load_notebooks(
        sources.content_dir,
        sources.root,
        lessons=content.lessons,
        outcomes=content.outcome_ids(),
        excuse=content.excuse,
    )
    content.problems += content.notebooks.problems


def _sync_notebooks(content: Content, report: SyncReport) -> None:
    lessons = notebooks.lessons_of(content.notebooks)
    sync_rows(
        Notebook.objects,
        content.notebooks.specs,
        key="slug",
        what="notebook",
        report=report,
        fingerprint=lambda spec: spec.version,
        fill=lambda row, spec: notebooks.fill_notebook(
            row, spec, lesson=lessons[spec.lesson], render=lambda text: render_for(content, text).html
        ),
    )
    notebooks.store_published_runs(content.notebooks)


# --------------------------------------------------------------------------- questions


def _load_quizzes(content: Content, sources: Sources) -> None:
    content.questions, problems = load_quizzes(
        sources.quizzes_dir,
        root=sources.root,
        lessons=set(content.lessons),
        outcomes=content.outcome_ids(),
        excuse=content.excuse,
    )
    content.problems += problems


def _sync_questions(content: Content, report: SyncReport) -> None:
    """By their stable id: an edit updates the row in place (cards and history hang on it)."""
    lessons = {lesson.slug: lesson for lesson in Lesson.objects.filter(slug__in=content.lessons)}
    codes = {code for spec in content.questions for code in spec.outcomes}
    outcomes = {o.code: o for o in LearningOutcome.objects.filter(code__in=codes)}
    positions: dict[str, int] = {}  # a question's place in its lesson's check
    specs: dict[str, tuple[QuestionSpec, int]] = {}
    for spec in content.questions:
        positions[spec.lesson] = positions.get(spec.lesson, -1) + 1
        specs[spec.id] = (spec, positions[spec.lesson])

    def fill(question: Question, item: tuple[QuestionSpec, int]) -> None:
        spec, position = item
        question.update_from(
            spec,
            lesson=lessons[spec.lesson],
            position=position,
            render=lambda source: render_for(content, source),
        )

    written = sync_rows(
        Question.objects,
        specs,
        key="qid",
        what="question",
        report=report,
        fingerprint=lambda item: sha256(f"{item[0].source_hash}:{item[1]}"),
        fill=fill,
    )
    for question, (spec, _) in written:
        question.outcomes.set([outcomes[code] for code in spec.outcomes])


# --------------------------------------------------------------------------- company files


def _companies_dir(sources: Sources) -> Path:
    return sources.content_dir / COMPANIES_DIR


def _load_companies(content: Content, sources: Sources) -> None:
    """The ratio calculator reads these files itself; publishing checks them with everything else."""
    content.companies = load_catalogue(_companies_dir(sources))
    content.problems += content.companies.problems


KINDS: tuple[ContentKind, ...] = (
    ContentKind(
        "glossary",
        lambda s: loader.glossary_files(s.content_dir),
        lambda c, s: loader.load_glossary(c, s.content_dir, s.root),
        _sync_glossary,
    ),
    ContentKind("lessons", lambda s: loader.lesson_files(s.content_dir), _load_lessons, _sync_lessons),
    ContentKind(
        "notebooks", lambda s: notebooks.notebook_files(s.content_dir), _load_notebooks, _sync_notebooks
    ),
    ContentKind("quizzes", lambda s: quiz_files(s.quizzes_dir), _load_quizzes, _sync_questions),
    ContentKind("company files", lambda s: sorted(_companies_dir(s).glob("*.yaml")), _load_companies),
)


def load_content(sources: Sources) -> Content:
    """Read and check every kind's files, in order; ``problems`` holds every problem, sorted."""
    content = Content()
    if not sources.content_dir.is_dir():
        content.problems.append(
            Problem(display_path(sources.content_dir, sources.root), 1, "content folder does not exist")
        )
        return content
    for kind in KINDS:
        kind.load(content, sources)
    content.problems.sort()
    return content


def content_files(sources: Sources) -> list[Path]:
    """Every file any kind reads, for change detection (the development auto-sync)."""
    return [path for kind in KINDS for path in kind.files(sources)]
