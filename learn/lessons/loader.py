"""Load content/ into plain data and validate it, naming the file and line of every problem.

Pure Python, no Django import: ``check_content``, ``sync_content``, the instructor preview and the
development auto-sync all call :func:`load_content` (or :func:`check_lesson_text` for the preview).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from learn.core.source import (
    Located,
    Problem,
    ProblemList,
    check_mapping,
    describe,
    display_path,
    parse_yaml,
    read_source,
    sha256,
    split_front_matter,
)
from learn.lessons.glossary_file import GlossaryEntry, read_glossary
from learn.lessons.rendering import GLOSSARY_REF_PATTERN, GlossaryRef, glossary_key
from learn.quizzes.quizfile import QuestionSpec, load_quizzes

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
OUTCOME_ID_RE = re.compile(r"^[A-Z][A-Z0-9]{0,3}[0-9]+\.[0-9]+$")  # checked against the track and lesson later
OUTCOME_NUMBER_RE = re.compile(r"^[1-9][0-9]*$")
TRACK_CODE_RE = re.compile(r"^[A-Z][A-Z0-9]{0,3}$")
GLOSSARY_REF_RE = re.compile(GLOSSARY_REF_PATTERN)  # the renderer's own pattern: a reference may wrap lines
LESSON_LINK_RE = re.compile(r"\]\(\s*<?lesson:([^)\s#>]*)")
LESSON_REFDEF_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?lesson:([^\s#>]*)")
CALCULATOR_LINK_RE = re.compile(r"\]\(\s*<?calculator:([^)\s?#>]*)")
CALCULATORS = ("cds", "credit", "ratios")  # the interactive calculators a lesson may embed
FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
CODE_SPAN_RE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)  # within one paragraph, may span lines
ESCAPE_RE = re.compile(r"\\[\\`*_{}\[\]()>#+\-.!]")  # Markdown backslash escapes: a backslash before [[ unlinks it
QUOTE_MARKER_RE = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.MULTILINE)  # blockquote "> " on each line of a paragraph
# What an unreadable file seems to define, read from its raw text (see Unread).
RAW_SLUG_RE = re.compile(r"^slug:[ \t]*[\"']?([A-Za-z0-9_-]+)", re.MULTILINE)
RAW_OUTCOME_RE = re.compile(r"^[ \t]*(?:-[ \t]+)?id:[ \t]*[\"']?([A-Za-z0-9.]+)", re.MULTILINE)
MAX_WHOLE = 2_147_483_647  # the largest value every database accepts in an integer column

TRACK_FILE = "_track.md"
GLOSSARY_FILE = "glossary.yaml"
NON_LESSON_DIRS = {"companies", "notebooks", "data"}

TRACK_REQUIRED = {"title": str, "slug": str, "code": str, "order": int}
TRACK_OPTIONAL = {"summary": str, "cfa_anchor": str}
LESSON_REQUIRED = {"title": str, "slug": str, "track": str, "order": int, "outcomes": list}
LESSON_OPTIONAL = {"minutes": int, "summary": str, "prerequisites": list, "sources": list, "as_of": dt.date}


@dataclass
class TrackSpec:
    slug: str
    title: str
    code: str
    order: int
    summary: str
    cfa_anchor: str
    body: str
    path: str
    source_hash: str
    slug_line: int = 1


@dataclass
class OutcomeSpec:
    id: str
    text: str
    line: int


@dataclass
class LessonSpec:
    slug: str
    title: str
    track: str
    order: int
    minutes: int
    summary: str
    outcomes: list[OutcomeSpec]
    prerequisites: list[tuple[str, int]]  # (slug, line)
    sources: list[dict]
    as_of: dt.date | None
    body: str
    body_line: int
    path: str
    source_hash: str
    lines: dict[str, int] = field(default_factory=dict)


@dataclass
class Unread:
    """A track or lesson file that could not be read (its problem is reported), and the names it seems to
    define, found in its raw text: references to them are not reported too, so one mistake gives one
    message rather than one in every file that refers to what the broken file defines."""

    path: str
    names: dict[str, set[str]]  # "track" | "lesson" | "outcome" -> names seen in the raw text

    @classmethod
    def of(cls, path: str, text: str | None, *, track_file: bool) -> Unread:
        text = text or ""
        front, _, _ = split_front_matter(text, ProblemList(path))
        front = text if front is None else front
        slugs = set(RAW_SLUG_RE.findall(front))
        if track_file:
            return cls(path, {"track": slugs})
        return cls(path, {"lesson": slugs, "outcome": set(RAW_OUTCOME_RE.findall(front))})


@dataclass
class ContentBundle:
    tracks: dict[str, TrackSpec] = field(default_factory=dict)
    lessons: dict[str, LessonSpec] = field(default_factory=dict)
    glossary: dict[str, GlossaryEntry] = field(default_factory=dict)
    questions: list[QuestionSpec] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)
    glossary_readable: bool = True  # False if glossary.yaml could not be parsed: no term is then "unknown"
    glossary_unusable: set[str] = field(default_factory=set)  # keys of glossary entries dropped for a problem

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


def content_files(content_dir: Path) -> list[Path]:
    """Every file the loader reads, for change detection (auto-sync) and loading."""
    if not content_dir.is_dir():
        return []
    files = []
    for path in sorted(content_dir.rglob("*")):
        if not path.is_file() or any(part.startswith(".") for part in path.relative_to(content_dir).parts):
            continue
        if path.suffix in (".md", ".yaml", ".yml"):
            files.append(path)
    return files


def load_content(content_dir: Path, *, root: Path | None = None, quizzes_dir: Path | None = None) -> ContentBundle:
    """Read and validate every track, lesson and glossary file under ``content_dir``, and the question
    files under ``quizzes_dir`` (checked against those lessons and their outcome ids)."""
    root = root or content_dir.parent
    bundle = ContentBundle()
    if not content_dir.is_dir():
        bundle.problems.append(Problem(display_path(content_dir, root), 1, "content folder does not exist"))
        return bundle
    glossary_path = content_dir / GLOSSARY_FILE
    if glossary_path.exists():
        problems = ProblemList(display_path(glossary_path, root))
        text = read_source(glossary_path, problems)
        if text is None:
            bundle.glossary_readable = False
        else:
            glossary = read_glossary(text, problems)
            bundle.glossary, bundle.glossary_readable = glossary.entries, glossary.readable
            bundle.glossary_unusable = glossary.unusable
        bundle.problems += problems

    lessons: list[LessonSpec] = []
    for folder in sorted(p for p in content_dir.iterdir() if p.is_dir()):
        if folder.name.startswith((".", "_")) or folder.name in NON_LESSON_DIRS:
            continue
        for path in sorted(folder.glob("*.md")):
            problems = ProblemList(display_path(path, root))
            text = read_source(path, problems)
            spec = None
            if text is None:
                pass
            elif path.name == TRACK_FILE:
                spec = parse_track(text, problems)
                if spec:
                    _add_unique(bundle.tracks, spec, spec.slug_line, problems, "track slug")
            else:
                spec = parse_lesson(text, problems)
                if spec:
                    lessons.append(spec)
            if spec is None:
                bundle.unread.append(Unread.of(problems.path, text, track_file=path.name == TRACK_FILE))
            bundle.problems += problems
    for lesson in lessons:
        problems = ProblemList(lesson.path)
        _add_unique(bundle.lessons, lesson, lesson.lines.get("slug", 1), problems, "lesson slug")
        bundle.problems += problems
    bundle.problems += cross_check(bundle, lessons)
    if quizzes_dir is not None:
        outcome_ids = {o.id for lesson in bundle.lessons.values() for o in lesson.outcomes}
        bundle.questions, problems = load_quizzes(
            quizzes_dir, root=root, lessons=set(bundle.lessons), outcomes=outcome_ids, excuse=bundle.excuse
        )
        bundle.problems += problems
    bundle.problems.sort()
    return bundle


def check_lesson_text(text: str, bundle: ContentBundle, *, path: str = "preview.md") -> tuple[LessonSpec | None, list[Problem]]:
    """Validate one lesson's text against the loaded content, as if it replaced the lesson with its slug."""
    problems = ProblemList(path)
    lesson = parse_lesson(text, problems)
    if lesson is None:
        return None, sorted(problems)
    others = {slug: spec for slug, spec in bundle.lessons.items() if slug != lesson.slug}
    context = ContentBundle(
        tracks=bundle.tracks, lessons={**others, lesson.slug: lesson}, glossary=bundle.glossary, unread=bundle.unread,
        glossary_readable=bundle.glossary_readable, glossary_unusable=bundle.glossary_unusable,
    )
    cross = [p for p in cross_check(context, [*others.values(), lesson]) if p.path == path]
    return lesson, sorted([*problems, *cross])


def _add_unique(index: dict, spec, line: int, problems: ProblemList, what: str) -> None:
    existing = index.get(spec.slug)
    if existing is not None:
        problems.add(line, f"duplicate {what} '{spec.slug}': already used by {existing.path}")
    else:
        index[spec.slug] = spec


def _check_slug(value: str | None, line: int, problems: ProblemList, what: str) -> None:
    if value is not None and not SLUG_RE.match(value):
        problems.add(line, f"{what} '{value}' must be lowercase letters, digits and hyphens, e.g. 'working-capital'")


def _check_order(value: int | None, line: int, problems: ProblemList) -> None:
    if value is not None and not 0 <= value <= MAX_WHOLE:
        problems.add(line, f"'order' must be a whole number from 0 to {MAX_WHOLE}, not {value}")


def parse_track(text: str, problems: ProblemList) -> TrackSpec | None:
    front, body, body_line = split_front_matter(text, problems)
    if front is None:
        return None
    doc = parse_yaml(front, first_line=2, problems=problems, what="front matter")
    if doc is None:
        return None
    data = check_mapping(doc, required=TRACK_REQUIRED, optional=TRACK_OPTIONAL, problems=problems, what="track front matter")
    _check_slug(data.get("slug"), doc.key_line("slug"), problems, "track slug")
    if "code" in data and not TRACK_CODE_RE.match(data["code"]):
        problems.add(doc.key_line("code"), f"track code '{data['code']}' must be a capital letter, e.g. 'A'")
    _check_order(data.get("order"), doc.key_line("order"), problems)
    if not all(key in data for key in TRACK_REQUIRED):
        return None
    return TrackSpec(
        slug=data["slug"], title=data["title"], code=data["code"], order=data["order"],
        summary=data.get("summary", ""), cfa_anchor=data.get("cfa_anchor", ""), body=body,
        path=problems.path, source_hash=sha256(text), slug_line=doc.key_line("slug"),
    )


def parse_lesson(text: str, problems: ProblemList) -> LessonSpec | None:
    front, body, body_line = split_front_matter(text, problems)
    if front is None:
        return None
    doc = parse_yaml(front, first_line=2, problems=problems, what="front matter")
    if doc is None:
        return None
    data = check_mapping(doc, required=LESSON_REQUIRED, optional=LESSON_OPTIONAL, problems=problems, what="lesson front matter")
    lines = {key: doc.key_line(key) for key in (*LESSON_REQUIRED, *LESSON_OPTIONAL)}
    _check_slug(data.get("slug"), lines["slug"], problems, "lesson slug")
    _check_order(data.get("order"), lines["order"], problems)
    if "minutes" in data and data["minutes"] <= 0:
        problems.add(lines["minutes"], "'minutes' must be a positive number of minutes")
    elif "minutes" in data and data["minutes"] > MAX_WHOLE:
        problems.add(lines["minutes"], f"'minutes' is too large: {data['minutes']}")
    outcomes = _parse_outcomes(doc.get("outcomes"), problems) if "outcomes" in data else []
    if "outcomes" in data and not data["outcomes"]:
        problems.add(lines["outcomes"], "a lesson needs at least one learning outcome")
    prerequisites = _parse_string_list(doc.get("prerequisites"), problems, "prerequisite") if "prerequisites" in data else []
    sources = _parse_sources(doc.get("sources"), problems) if "sources" in data else []
    if not all(key in data for key in LESSON_REQUIRED):
        return None
    return LessonSpec(
        slug=data["slug"], title=data["title"], track=data["track"], order=data["order"],
        minutes=data.get("minutes", 10), summary=data.get("summary", ""), outcomes=outcomes,
        prerequisites=prerequisites, sources=sources, as_of=data.get("as_of"), body=body,
        body_line=body_line, path=problems.path, source_hash=sha256(text), lines=lines,
    )


def _parse_outcomes(located: Located | None, problems: ProblemList) -> list[OutcomeSpec]:
    outcomes = []
    for item in located.items() if located else []:
        if not isinstance(item.value, dict):
            problems.add(item.line, "each outcome needs 'id' and 'text', e.g. '- id: A1.1' then '  text: ...'")
            continue
        data = check_mapping(item, required={"id": str, "text": str}, optional={}, problems=problems, what="outcome")
        if "id" in data and not OUTCOME_ID_RE.match(data["id"]):
            problems.add(item.key_line("id"), f"outcome id '{data['id']}' must look like 'A1.2' (track letter, lesson, number)")
        if "id" in data and "text" in data:
            outcomes.append(OutcomeSpec(id=data["id"], text=data["text"].strip(), line=item.key_line("id")))
    return outcomes


def _parse_string_list(located: Located | None, problems: ProblemList, what: str) -> list[tuple[str, int]]:
    values = []
    for item in located.items() if located else []:
        if isinstance(item.value, str) and item.value:
            values.append((item.value, item.line))
        else:
            problems.add(item.line, f"each {what} must be a lesson slug, not {describe(item.value)}")
    return values


def _parse_sources(located: Located | None, problems: ProblemList) -> list[dict]:
    sources = []
    for item in located.items() if located else []:
        if isinstance(item.value, str):
            sources.append({"title": item.value, "url": ""})
            continue
        data = check_mapping(item, required={"title": str}, optional={"url": str, "note": str}, problems=problems, what="source")
        url = data.get("url", "")
        if url and not url.startswith(("https://", "http://")):
            problems.add(item.key_line("url"), f"source url must start with https:// or http://, not {url!r}")
            url = ""
        if "title" in data:
            sources.append({"title": data["title"], "url": url, "note": data.get("note", "")})
    return sources


def cross_check(bundle: ContentBundle, lessons: list[LessonSpec]) -> list[Problem]:
    """Problems that need more than one file: tracks, unique ids, prerequisites, links, glossary terms.

    A reference to something a file that could not be read seems to define is not reported (see
    :meth:`ContentBundle.excuse`), nor is any glossary term while glossary.yaml cannot be parsed.
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
                problems.add(lesson.lines["track"], f"unknown track '{lesson.track}' (known tracks: {known}){note or ''}")
        elif bundle.lessons.get(lesson.slug) is lesson:
            other = order_owner.setdefault((lesson.track, lesson.order), lesson)
            if other is not lesson:
                problems.add(lesson.lines["order"], f"order {lesson.order} is already used in track '{lesson.track}' by {other.path}")
        for outcome in lesson.outcomes:
            if track is not None and 0 <= lesson.order <= MAX_WHOLE:  # else 'order' is reported
                _check_outcome_id(outcome, track, lesson, problems)
            owner = outcome_owner.setdefault(outcome.id, lesson)
            if owner is not lesson:
                problems.add(outcome.line, f"duplicate outcome id '{outcome.id}': already used by {owner.path}")
        for slug, line in lesson.prerequisites:
            if slug == lesson.slug:
                problems.add(line, f"lesson '{slug}' cannot be its own prerequisite")
            elif slug not in bundle.lessons and (note := bundle.excuse("lesson", slug)) != "":
                problems.add(line, f"unknown prerequisite '{slug}': no lesson has that slug{note or ''}")
        for line, kind, target in scan_body_references(lesson.body, lesson.body_line):
            if kind == "glossary" and bundle.glossary_readable and glossary_key(target) not in glossary_keys:
                problems.add(line, f"unknown glossary term '{target}': add it to content/glossary.yaml or fix the spelling")
            elif kind == "lesson" and target not in bundle.lessons and (note := bundle.excuse("lesson", target)) != "":
                problems.add(line, f"link to a lesson that does not exist: 'lesson:{target}'{note or ''}")
            elif kind == "calculator" and target not in CALCULATORS:
                problems.add(line, f"unknown calculator '{target}' (known: {', '.join(CALCULATORS)})")
        found += problems
    found += _prerequisite_cycles(bundle)
    return found


def _check_outcome_id(outcome: OutcomeSpec, track: TrackSpec, lesson: LessonSpec, problems: ProblemList) -> None:
    """``<track code><lesson order>.<n>``, e.g. A2.1 in lesson 2 of track A (a malformed id is reported once,
    by _parse_outcomes)."""
    if not OUTCOME_ID_RE.match(outcome.id):
        return
    prefix = f"{track.code}{lesson.order}."
    if not outcome.id.startswith(prefix):
        problems.add(outcome.line, f"outcome id '{outcome.id}' should start with '{prefix}' (track {track.code}, lesson {lesson.order})")
    elif not OUTCOME_NUMBER_RE.match(outcome.id[len(prefix):]):
        problems.add(outcome.line, f"outcome id '{outcome.id}' should end with a number from 1, e.g. '{prefix}1'")


def _prerequisite_cycles(bundle: ContentBundle) -> list[Problem]:
    graph = {slug: [p for p, _ in lesson.prerequisites if p in bundle.lessons] for slug, lesson in bundle.lessons.items()}
    state: dict[str, int] = {}
    problems: list[Problem] = []
    reported: set[frozenset[str]] = set()

    def visit(slug: str, stack: list[str]) -> None:
        state[slug] = 1
        stack.append(slug)
        for nxt in graph[slug]:
            if state.get(nxt) == 1:
                cycle = [slug, *stack[stack.index(nxt) : -1], slug]  # starts at the lesson whose line closes it
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
