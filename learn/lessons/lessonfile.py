"""Track and lesson files (content/<track>/_track.md and content/<track>/*.md): Markdown with YAML front
matter, parsed into plain specs that remember the line of every value.

Pure Python, no Django import. Checks that need more than one file (unknown tracks, duplicate outcome ids,
links, glossary terms) are in :mod:`learn.lessons.references`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from learn.core.source import (
    Located,
    ProblemList,
    check_mapping,
    describe,
    parse_yaml,
    sha256,
    split_front_matter,
)

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
OUTCOME_ID_RE = re.compile(
    r"^[A-Z][A-Z0-9]{0,3}[0-9]+\.[0-9]+$"
)  # checked against the track and lesson later
TRACK_CODE_RE = re.compile(r"^[A-Z][A-Z0-9]{0,3}$")
# What an unreadable file seems to define, read from its raw text (see Unread).
RAW_SLUG_RE = re.compile(r"^slug:[ \t]*[\"']?([A-Za-z0-9_-]+)", re.MULTILINE)
RAW_OUTCOME_RE = re.compile(r"^[ \t]*(?:-[ \t]+)?id:[ \t]*[\"']?([A-Za-z0-9.]+)", re.MULTILINE)
MAX_WHOLE = 2_147_483_647  # the largest value every database accepts in an integer column

TRACK_FILE = "_track.md"

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


def _check_slug(value: str | None, line: int, problems: ProblemList, what: str) -> None:
    if value is not None and not SLUG_RE.match(value):
        problems.add(
            line, f"{what} '{value}' must be lowercase letters, digits and hyphens, e.g. 'working-capital'"
        )


def _check_order(value: int | None, line: int, problems: ProblemList) -> None:
    if value is not None and not 0 <= value <= MAX_WHOLE:
        problems.add(line, f"'order' must be a whole number from 0 to {MAX_WHOLE}, not {value}")


def _front_matter(text: str, problems: ProblemList) -> tuple[Located, str, int] | None:
    """The parsed front matter, the body and the body's first line; None (with problems) if unreadable."""
    front, body, body_line = split_front_matter(text, problems)
    if front is None:
        return None
    doc = parse_yaml(front, first_line=2, problems=problems, what="front matter")
    return None if doc is None else (doc, body, body_line)


def parse_track(text: str, problems: ProblemList) -> TrackSpec | None:
    if (parsed := _front_matter(text, problems)) is None:
        return None
    doc, body, _ = parsed
    data = check_mapping(
        doc, required=TRACK_REQUIRED, optional=TRACK_OPTIONAL, problems=problems, what="track front matter"
    )
    _check_slug(data.get("slug"), doc.key_line("slug"), problems, "track slug")
    if "code" in data and not TRACK_CODE_RE.match(data["code"]):
        problems.add(doc.key_line("code"), f"track code '{data['code']}' must be a capital letter, e.g. 'A'")
    _check_order(data.get("order"), doc.key_line("order"), problems)
    if not all(key in data for key in TRACK_REQUIRED):
        return None
    return TrackSpec(
        slug=data["slug"],
        title=data["title"],
        code=data["code"],
        order=data["order"],
        summary=data.get("summary", ""),
        cfa_anchor=data.get("cfa_anchor", ""),
        body=body,
        path=problems.path,
        source_hash=sha256(text),
        slug_line=doc.key_line("slug"),
    )


def parse_lesson(text: str, problems: ProblemList) -> LessonSpec | None:
    if (parsed := _front_matter(text, problems)) is None:
        return None
    doc, body, body_line = parsed
    data = check_mapping(
        doc, required=LESSON_REQUIRED, optional=LESSON_OPTIONAL, problems=problems, what="lesson front matter"
    )
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
    prerequisites = (
        _parse_string_list(doc.get("prerequisites"), problems, "prerequisite")
        if "prerequisites" in data
        else []
    )
    sources = _parse_sources(doc.get("sources"), problems) if "sources" in data else []
    if not all(key in data for key in LESSON_REQUIRED):
        return None
    return LessonSpec(
        slug=data["slug"],
        title=data["title"],
        track=data["track"],
        order=data["order"],
        minutes=data.get("minutes", 10),
        summary=data.get("summary", ""),
        outcomes=outcomes,
        prerequisites=prerequisites,
        sources=sources,
        as_of=data.get("as_of"),
        body=body,
        body_line=body_line,
        path=problems.path,
        source_hash=sha256(text),
        lines=lines,
    )


def _parse_outcomes(located: Located | None, problems: ProblemList) -> list[OutcomeSpec]:
    outcomes = []
    for item in located.items() if located else []:
        if not isinstance(item.value, dict):
            problems.add(
                item.line, "each outcome needs 'id' and 'text', e.g. '- id: A1.1' then '  text: ...'"
            )
            continue
        data = check_mapping(
            item, required={"id": str, "text": str}, optional={}, problems=problems, what="outcome"
        )
        if "id" in data and not OUTCOME_ID_RE.match(data["id"]):
            problems.add(
                item.key_line("id"),
                f"outcome id '{data['id']}' must look like 'A1.2' (track letter, lesson, number)",
            )
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
        data = check_mapping(
            item,
            required={"title": str},
            optional={"url": str, "note": str},
            problems=problems,
            what="source",
        )
        url = data.get("url", "")
        if url and not url.startswith(("https://", "http://")):
            problems.add(item.key_line("url"), f"source url must start with https:// or http://, not {url!r}")
            url = ""
        if "title" in data:
            sources.append({"title": data["title"], "url": url, "note": data.get("note", "")})
    return sources
