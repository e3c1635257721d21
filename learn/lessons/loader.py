"""The lesson content of content/: the glossary, the tracks and the lessons, read into one
:class:`LessonContent` and validated across files, naming the file and line of every problem.

Pure Python, no Django import. The publishing app reads every content kind (these, the quizzes, the
company files) through its registry, :mod:`learn.publishing.kinds`; the instructor preview checks one
lesson's text against the rest with :func:`check_lesson_text`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from learn.core.source import Problem, ProblemList, display_path, read_source
from learn.lessons.glossary_file import GlossaryEntry, read_glossary
from learn.lessons.lessonfile import TRACK_FILE, LessonSpec, TrackSpec, Unread, parse_lesson, parse_track
from learn.lessons.references import cross_check
from learn.lessons.rendering import GlossaryRef, glossary_key

GLOSSARY_FILE = "glossary.yaml"
NON_LESSON_DIRS = {"companies", "notebooks", "data"}  # folders of content/ that hold no lessons


@dataclass
class LessonContent:
    tracks: dict[str, TrackSpec] = field(default_factory=dict)
    lessons: dict[str, LessonSpec] = field(default_factory=dict)
    glossary: dict[str, GlossaryEntry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)
    glossary_readable: bool = True  # False if glossary.yaml could not be parsed: no term is then "unknown"
    glossary_unusable: set[str] = field(default_factory=set)  # keys of glossary entries dropped for a problem
    glossary_path: str = GLOSSARY_FILE  # as problems name it
    calculators: tuple[str, ...] = ()  # the calculators a lesson may embed ([...](calculator:NAME))

    def excuse(self, kind: str, name: str) -> str | None:
        """Whether to report a reference to an unknown ``kind`` ('track', 'lesson' or 'outcome') ``name``:
        None to report it as usual; "" to leave it out, because a file that could not be read seems to
        define it (that file's own problem is the one to fix); or a note to add to the message, naming the
        unreadable files in which nothing could be made out."""
        maybe = []
        for unread in self.unread:
            if kind not in unread.names:
                continue
            if name in unread.names[kind]:
                return ""
            if not unread.names[kind]:
                maybe.append(unread.path)
        return f" (it may be defined in {' or '.join(maybe)}, which could not be read)" if maybe else None

    def glossary_refs(self) -> dict[str, GlossaryRef]:
        refs: dict[str, GlossaryRef] = {}
        for entry in self.glossary.values():
            ref = GlossaryRef(slug=entry.slug, term=entry.term, short=entry.short)
            for name in (entry.term, *entry.aliases):
                refs.setdefault(glossary_key(name), ref)
        return refs

    def outcome_ids(self) -> set[str]:
        return {outcome.id for lesson in self.lessons.values() for outcome in lesson.outcomes}


def glossary_files(content_dir: Path) -> list[Path]:
    path = content_dir / GLOSSARY_FILE
    return [path] if path.is_file() else []


def lesson_files(content_dir: Path) -> list[Path]:
    """Every track and lesson file: ``content/<track>/*.md``, hidden and non-lesson folders skipped."""
    if not content_dir.is_dir():
        return []
    folders = sorted(p for p in content_dir.iterdir() if p.is_dir())
    return [
        path
        for folder in folders
        if not folder.name.startswith((".", "_")) and folder.name not in NON_LESSON_DIRS
        for path in sorted(folder.glob("*.md"))
        if path.is_file()
    ]


def load_glossary(content: LessonContent, content_dir: Path, root: Path) -> None:
    """Read content/glossary.yaml into ``content`` (its entries, and what lessons may refer to)."""
    for path in glossary_files(content_dir):
        problems = ProblemList(display_path(path, root))
        content.glossary_path = problems.path
        text = read_source(path, problems)
        if text is None:
            content.glossary_readable = False
        else:
            glossary = read_glossary(text, problems)
            content.glossary, content.glossary_readable = glossary.entries, glossary.readable
            content.glossary_unusable = glossary.unusable
        content.problems += problems


def load_lessons(content: LessonContent, content_dir: Path, root: Path) -> None:
    """Read every track and lesson file into ``content`` and check them against each other and the
    glossary (so load the glossary first)."""
    lessons: list[LessonSpec] = []
    for path in lesson_files(content_dir):
        problems = ProblemList(display_path(path, root))
        text = read_source(path, problems)
        spec = None
        if text is None:
            pass
        elif path.name == TRACK_FILE:
            spec = parse_track(text, problems)
            if spec:
                _add_unique(content.tracks, spec, spec.slug_line, problems, "track slug")
        else:
            spec = parse_lesson(text, problems)
            if spec:
                lessons.append(spec)
        if spec is None:
            content.unread.append(Unread.of(problems.path, text, track_file=path.name == TRACK_FILE))
        content.problems += problems
    for lesson in lessons:
        problems = ProblemList(lesson.path)
        _add_unique(content.lessons, lesson, lesson.lines.get("slug", 1), problems, "lesson slug")
        content.problems += problems
    content.problems += cross_check(content, lessons)


def check_lesson_text(
    text: str, content: LessonContent, *, path: str = "preview.md"
) -> tuple[LessonSpec | None, list[Problem]]:
    """Validate one lesson's text against the loaded content, as if it replaced the lesson with its slug."""
    problems = ProblemList(path)
    lesson = parse_lesson(text, problems)
    if lesson is None:
        return None, sorted(problems)
    others = {slug: spec for slug, spec in content.lessons.items() if slug != lesson.slug}
    context = dataclasses.replace(content, lessons={**others, lesson.slug: lesson}, problems=[])
    cross = [p for p in cross_check(context, [*others.values(), lesson]) if p.path == path]
    return lesson, sorted([*problems, *cross])


def _add_unique(index: dict, spec, line: int, problems: ProblemList, what: str) -> None:
    existing = index.get(spec.slug)
    if existing is not None:
        problems.add(line, f"duplicate {what} '{spec.slug}': already used by {existing.path}")
    else:
        index[spec.slug] = spec
