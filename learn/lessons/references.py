"""Checks that need more than one content file: tracks, unique ids and orders, prerequisites (and their
cycles), and the references in a lesson's body to lessons, glossary terms and calculators.

Pure Python, no Django import.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from learn.core.source import Problem, ProblemList
from learn.lessons.lessonfile import MAX_WHOLE, OUTCOME_ID_RE, LessonSpec, OutcomeSpec, TrackSpec
from learn.lessons.rendering import GLOSSARY_REF_PATTERN, glossary_key

if TYPE_CHECKING:  # the loader imports this module
    from learn.lessons.loader import LessonContent

OUTCOME_NUMBER_RE = re.compile(r"^[1-9][0-9]*$")
GLOSSARY_REF_RE = re.compile(GLOSSARY_REF_PATTERN)  # the renderer's own pattern: a reference may wrap lines
LESSON_LINK_RE = re.compile(r"\]\(\s*<?lesson:([^)\s#>]*)")
LESSON_REFDEF_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?lesson:([^\s#>]*)")
CALCULATOR_LINK_RE = re.compile(r"\]\(\s*<?calculator:([^)\s?#>]*)")
FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
CODE_SPAN_RE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)  # within one paragraph, may span lines
ESCAPE_RE = re.compile(
    r"\\[\\`*_{}\[\]()>#+\-.!]"
)  # Markdown backslash escapes: a backslash before [[ unlinks it
QUOTE_MARKER_RE = re.compile(
    r"^[ \t]*(?:>[ \t]?)+", re.MULTILINE
)  # blockquote "> " on each line of a paragraph


def cross_check(bundle: LessonContent, lessons: list[LessonSpec]) -> list[Problem]:
    """Problems that need more than one file: tracks, unique ids, prerequisites, links, glossary terms.

    A reference to something a file that could not be read seems to define is not reported (see
    :meth:`LessonContent.excuse`), nor is any glossary term while glossary.yaml cannot be parsed.
    """
    found: list[Problem] = []
    outcome_owner: dict[str, LessonSpec] = {}
    order_owner: dict[tuple[str, int], LessonSpec] = {}
    glossary_keys = set(bundle.glossary_refs()) | bundle.glossary_unusable
    for lesson in lessons:
        problems = ProblemList(lesson.path)
        track = bundle.tracks.get(lesson.track)
        if track is None:
            note = bundle.excuse("track", lesson.track)
            if note != "":
                known = ", ".join(sorted(bundle.tracks)) or "none yet: add a _track.md"
                problems.add(
                    lesson.lines["track"],
                    f"unknown track '{lesson.track}' (known tracks: {known}){note or ''}",
                )
        elif bundle.lessons.get(lesson.slug) is lesson:
            other = order_owner.setdefault((lesson.track, lesson.order), lesson)
            if other is not lesson:
                problems.add(
                    lesson.lines["order"],
                    f"order {lesson.order} is already used in track '{lesson.track}' by {other.path}",
                )
        for outcome in lesson.outcomes:
            if track is not None and 0 <= lesson.order <= MAX_WHOLE:  # else 'order' is reported
                _check_outcome_id(outcome, track, lesson, problems)
            owner = outcome_owner.setdefault(outcome.id, lesson)
            if owner is not lesson:
                problems.add(
                    outcome.line, f"duplicate outcome id '{outcome.id}': already used by {owner.path}"
                )
        for slug, line in lesson.prerequisites:
            if slug == lesson.slug:
                problems.add(line, f"lesson '{slug}' cannot be its own prerequisite")
            elif slug not in bundle.lessons and (note := bundle.excuse("lesson", slug)) != "":
                problems.add(line, f"unknown prerequisite '{slug}': no lesson has that slug{note or ''}")
        for line, kind, target in scan_body_references(lesson.body, lesson.body_line):
            if kind == "glossary" and bundle.glossary_readable and glossary_key(target) not in glossary_keys:
                problems.add(
                    line,
                    f"unknown glossary term '{target}': add it to content/glossary.yaml or fix the spelling",
                )
            elif (
                kind == "lesson"
                and target not in bundle.lessons
                and (note := bundle.excuse("lesson", target)) != ""
            ):
                problems.add(line, f"link to a lesson that does not exist: 'lesson:{target}'{note or ''}")
            elif kind == "calculator" and target not in bundle.calculators:
                problems.add(line, f"unknown calculator '{target}' (known: {', '.join(bundle.calculators)})")
        found += problems
    found += _prerequisite_cycles(bundle)
    return found


def _check_outcome_id(
    outcome: OutcomeSpec, track: TrackSpec, lesson: LessonSpec, problems: ProblemList
) -> None:
    """``<track code><lesson order>.<n>``, e.g. A2.1 in lesson 2 of track A (a malformed id is reported once,
    by _parse_outcomes)."""
    if not OUTCOME_ID_RE.match(outcome.id):
        return
    prefix = f"{track.code}{lesson.order}."
    if not outcome.id.startswith(prefix):
        problems.add(
            outcome.line,
            f"outcome id '{outcome.id}' should start with '{prefix}' (track {track.code}, lesson "
            f"{lesson.order})",
        )
    elif not OUTCOME_NUMBER_RE.match(outcome.id[len(prefix) :]):
        problems.add(
            outcome.line, f"outcome id '{outcome.id}' should end with a number from 1, e.g. '{prefix}1'"
        )


def _prerequisite_cycles(bundle: LessonContent) -> list[Problem]:
    graph = {
        slug: [p for p, _ in lesson.prerequisites if p in bundle.lessons]
        for slug, lesson in bundle.lessons.items()
    }
    state: dict[str, int] = {}
    problems: list[Problem] = []
    reported: set[frozenset[str]] = set()

    def visit(slug: str, stack: list[str]) -> None:
        state[slug] = 1
        stack.append(slug)
        for nxt in graph[slug]:
            if state.get(nxt) == 1:
                cycle = [
                    slug,
                    *stack[stack.index(nxt) : -1],
                    slug,
                ]  # starts at the lesson whose line closes it
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    lesson = bundle.lessons[slug]
                    line = next(line for p, line in lesson.prerequisites if p == nxt)
                    problems.append(Problem(lesson.path, line, "prerequisite cycle: " + " -> ".join(cycle)))
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[slug] = 2

    for slug in sorted(graph):
        if slug not in state:
            visit(slug, [])
    return problems


def scan_body_references(body: str, first_line: int) -> list[tuple[int, str, str]]:
    """(line, 'glossary' | 'lesson' | 'calculator', target) for every reference outside code, with file line
    numbers, in order.

    A glossary reference is found as the renderer finds it, with the renderer's pattern, in a paragraph
    (lines up to a blank one), so ``[[working`` at the end of one line and ``capital]]`` on the next is
    one reference, reported on the line of its ``[[``.
    """
    lines = _outside_fences(body.split("\n"))
    found: list[tuple[int, str, str]] = []
    start = 0
    for index in range(len(lines) + 1):
        if index < len(lines) and lines[index].strip():
            continue
        if start < index:
            found += _paragraph_references("\n".join(lines[start:index]), first_line + start)
        start = index + 1
    return sorted(found, key=lambda ref: ref[0])


def _outside_fences(lines: list[str]) -> list[str]:
    """The lines, with those of fenced code blocks (fences included) emptied."""
    shown = []
    fence: str | None = None
    for raw in lines:
        marker = FENCE_RE.match(raw)
        if fence is not None:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
            shown.append("")
        elif marker:
            fence = marker.group(1)
            shown.append("")
        else:
            shown.append(raw)
    return shown


def _blank(match: re.Match[str]) -> str:
    """Spaces in place of the match, keeping its line breaks, so offsets and line numbers stay right."""
    return re.sub(r"[^\n]", " ", match.group(0))


def _paragraph_references(paragraph: str, first_line: int) -> list[tuple[int, str, str]]:
    found = []
    text = CODE_SPAN_RE.sub(_blank, paragraph)
    prose = QUOTE_MARKER_RE.sub(_blank, ESCAPE_RE.sub(_blank, text))
    for match in GLOSSARY_REF_RE.finditer(prose):
        target = " ".join(match.group(1).split())
        found.append((first_line + prose.count("\n", 0, match.start()), "glossary", target))
    for offset, line in enumerate(text.split("\n")):
        for match in LESSON_LINK_RE.finditer(line):
            found.append((first_line + offset, "lesson", match.group(1)))
        for match in LESSON_REFDEF_RE.finditer(line):
            found.append((first_line + offset, "lesson", match.group(1)))
        for match in CALCULATOR_LINK_RE.finditer(line):
            found.append((first_line + offset, "calculator", match.group(1)))
    return found
