"""Import content/ into the database: validate everything first, then write in one transaction.

Unchanged files are skipped by hash (of the file and of the glossary entries it shows in tooltips), a
renderer upgrade re-renders everything once, and content removed from the files is archived (hidden,
with every learner's progress on it kept). Running it twice in a row changes nothing the second time.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from learn.core.source import Problem
from learn.lessons.loader import (
    CALCULATORS,
    ContentBundle,
    LessonSpec,
    load_content,
    scan_body_references,
    sha256,
)
from learn.lessons.models import GlossaryTerm, LearningOutcome, Lesson, Track
from learn.lessons.rendering import RENDERER_VERSION, Rendered, glossary_key, render_markdown
from learn.quizzes.importer import sync_questions
from learn.search.index import rebuild_search_index


@dataclass
class SyncReport:
    problems: list[Problem] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changed(self) -> bool:
        return any(kind != "unchanged" for (_, kind) in self.counts)

    def note(self, what: str, kind: str, label: str) -> None:
        self.counts[(what, kind)] += 1
        if kind != "unchanged":
            self.actions.append(f"{kind} {what} {label}")

    def summary(self) -> str:
        parts = []
        for what in ("track", "lesson", "glossary term", "question"):
            kinds = ["created", "updated", "re-rendered", "unchanged", "archived", "restored"]
            counted = [f"{self.counts[(what, k)]} {k}" for k in kinds if self.counts[(what, k)]]
            parts.append(f"{what}s: " + (", ".join(counted) if counted else "none"))
        return "; ".join(parts)


def lesson_url(slug: str) -> str:
    return reverse("lessons:lesson", args=[slug])


def glossary_url(slug: str) -> str:
    return reverse("lessons:glossary") + f"#{slug}"


def calculator_url(name: str) -> str | None:
    return reverse(f"calculators:{name}") if name in CALCULATORS else None


def render_for(bundle: ContentBundle, source: str) -> Rendered:
    """Render Markdown with this bundle's glossary and lessons, through the one shared pipeline."""
    return render_markdown(
        source,
        glossary=bundle.glossary_refs(),
        lesson_url=lambda slug: lesson_url(slug) if slug in bundle.lessons else None,
        glossary_url=glossary_url,
        calculator_url=calculator_url,
    )


def _lesson_render_hash(bundle: ContentBundle, lesson: LessonSpec) -> str:
    """The file's hash plus what its tooltips show, so a glossary edit re-renders the lessons using it."""
    refs = bundle.glossary_refs()
    used = sorted(
        {
            (glossary_key(target), refs[glossary_key(target)].slug, refs[glossary_key(target)].term,
             refs[glossary_key(target)].short)
            for _, kind, target in scan_body_references(lesson.body, lesson.body_line)
            if kind == "glossary" and glossary_key(target) in refs
        }
    )
    return sha256(lesson.source_hash + json.dumps(used))


def default_quizzes_dir(content_dir: Path | None) -> Path:
    """quizzes/ beside the given content/ folder, or the configured one."""
    return Path(content_dir).parent / "quizzes" if content_dir else Path(settings.QUIZZES_DIR)


def sync_content(content_dir: Path | None = None, *, root: Path | None = None, quizzes_dir: Path | None = None) -> SyncReport:
    quizzes_dir = quizzes_dir or default_quizzes_dir(content_dir)
    content_dir = Path(content_dir or settings.CONTENT_DIR)
    bundle = load_content(content_dir, root=root or Path.cwd(), quizzes_dir=quizzes_dir)
    report = SyncReport(problems=list(bundle.problems))
    if bundle.problems:
        return report
    with transaction.atomic():
        _sync_tracks(bundle, report)
        changed = _sync_lessons(bundle, report)
        _sync_glossary(bundle, report)
        _link_glossary_terms(bundle, changed)
        sync_questions(bundle, report, render=lambda source: render_for(bundle, source))
        if report.changed or not _search_index_ready():
            rebuild_search_index()
    return report


def _search_index_ready() -> bool:
    from learn.search.models import SearchDocument

    return SearchDocument.objects.exists() or not Lesson.objects.published().exists()


def _archive_missing(queryset, keep: set[str], report: SyncReport, what: str) -> None:
    for obj in queryset.filter(archived=False).exclude(slug__in=keep):
        obj.archived = True
        obj.save(update_fields=["archived"])
        report.note(what, "archived", obj.slug)


def _sync_tracks(bundle: ContentBundle, report: SyncReport) -> None:
    existing = {t.slug: t for t in Track.objects.all()}
    for spec in bundle.tracks.values():
        track = existing.get(spec.slug)
        if track and track.source_hash == spec.source_hash and track.renderer_version == RENDERER_VERSION and not track.archived:
            report.note("track", "unchanged", spec.slug)
            continue
        kind = "created" if track is None else ("restored" if track.archived else "updated")
        track = track or Track(slug=spec.slug)
        track.code, track.title, track.order = spec.code, spec.title, spec.order
        track.summary, track.cfa_anchor = spec.summary, spec.cfa_anchor
        track.intro_html = render_for(bundle, spec.body).html
        track.source_path, track.source_hash = spec.path, spec.source_hash
        track.renderer_version, track.archived = RENDERER_VERSION, False
        track.save()
        report.note("track", kind, spec.slug)
    _archive_missing(Track.objects.all(), set(bundle.tracks), report, "track")


def _sync_lessons(bundle: ContentBundle, report: SyncReport) -> list[tuple[Lesson, LessonSpec, Rendered]]:
    tracks = {t.slug: t for t in Track.objects.filter(slug__in=bundle.tracks)}
    existing = {lesson.slug: lesson for lesson in Lesson.objects.all()}
    changed: list[tuple[Lesson, LessonSpec, Rendered]] = []
    for spec in bundle.lessons.values():
        lesson = existing.get(spec.slug)
        render_hash = _lesson_render_hash(bundle, spec)
        if lesson and not lesson.archived and lesson.source_hash == render_hash:
            if lesson.renderer_version == RENDERER_VERSION:
                report.note("lesson", "unchanged", spec.slug)
                continue
            kind = "re-rendered"
        else:
            kind = "created" if lesson is None else ("restored" if lesson.archived else "updated")
        lesson = lesson or Lesson(slug=spec.slug)
        rendered = render_for(bundle, spec.body)
        lesson.track = tracks[spec.track]
        lesson.title, lesson.summary, lesson.order, lesson.minutes = spec.title, spec.summary, spec.order, spec.minutes
        lesson.body_html, lesson.body_text = rendered.html, rendered.text
        lesson.toc = [{"level": e.level, "id": e.id, "title": e.title} for e in rendered.toc]
        lesson.sources, lesson.as_of = spec.sources, spec.as_of
        lesson.source_path, lesson.source_hash = spec.path, render_hash
        lesson.renderer_version, lesson.archived = RENDERER_VERSION, False
        lesson.save()
        existing[spec.slug] = lesson
        changed.append((lesson, spec, rendered))
        report.note("lesson", kind, spec.slug)
    _archive_missing(Lesson.objects.all(), set(bundle.lessons), report, "lesson")
    for lesson, spec, _ in changed:
        lesson.prerequisites.set([existing[slug] for slug, _ in spec.prerequisites])
        _sync_outcomes(lesson, spec)
    outcome_codes = {o.id for spec in bundle.lessons.values() for o in spec.outcomes}
    LearningOutcome.objects.filter(archived=False).exclude(code__in=outcome_codes).update(archived=True)
    return changed


def _sync_outcomes(lesson: Lesson, spec: LessonSpec) -> None:
    for position, outcome in enumerate(spec.outcomes):
        LearningOutcome.objects.update_or_create(
            code=outcome.id, defaults={"lesson": lesson, "text": outcome.text, "order": position, "archived": False}
        )


def _sync_glossary(bundle: ContentBundle, report: SyncReport) -> None:
    existing = {t.slug: t for t in GlossaryTerm.objects.all()}
    for entry in bundle.glossary.values():
        term = existing.get(entry.slug)
        entry_hash = sha256(json.dumps([entry.term, entry.aliases, entry.definition, entry.engineer, entry.see_also]))
        if term and term.source_hash == entry_hash and not term.archived:
            report.note("glossary term", "unchanged", entry.slug)
            continue
        kind = "created" if term is None else ("restored" if term.archived else "updated")
        term = term or GlossaryTerm(slug=entry.slug)
        term.term, term.aliases, term.definition = entry.term, entry.aliases, entry.definition
        term.engineer, term.see_also = entry.engineer, entry.see_also
        term.source_hash, term.archived = entry_hash, False
        term.save()
        report.note("glossary term", kind, entry.slug)
    _archive_missing(GlossaryTerm.objects.all(), set(bundle.glossary), report, "glossary term")


def _link_glossary_terms(bundle: ContentBundle, changed: list[tuple[Lesson, LessonSpec, Rendered]]) -> None:
    terms = {t.slug: t for t in GlossaryTerm.objects.filter(slug__in=bundle.glossary)}
    for lesson, _, rendered in changed:
        lesson.glossary_terms.set([terms[slug] for slug in rendered.glossary_slugs if slug in terms])
