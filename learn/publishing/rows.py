"""Sync by hash: the one routine that brings the rows of every content kind in line with their files.

A row whose source hash and renderer version are unchanged is left alone; a changed one is filled again
and saved; a row whose file entry is gone is archived (hidden, with every learner's history kept), and
comes back ("restored") if the entry returns. Each step is noted in the :class:`SyncReport`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from django.db.models import QuerySet

from learn.core.models import SourceRecord
from learn.core.source import Problem
from learn.lessons.rendering import RENDERER_VERSION

KINDS_OF_CHANGE = ("created", "updated", "re-rendered", "unchanged", "archived", "restored")
REPORTED = ("track", "lesson", "glossary term", "question")  # what the summary counts, in this order

Row = TypeVar("Row", bound=SourceRecord)
Spec = TypeVar("Spec")


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
        for what in REPORTED:
            counted = [f"{self.counts[(what, k)]} {k}" for k in KINDS_OF_CHANGE if self.counts[(what, k)]]
            parts.append(f"{what}s: " + (", ".join(counted) if counted else "none"))
        return "; ".join(parts)


def sync_rows(
    rows: QuerySet[Row],
    specs: Mapping[str, Spec],
    *,
    key: str,
    what: str,
    report: SyncReport,
    fingerprint: Callable[[Spec], str],
    fill: Callable[[Row, Spec], None],
) -> list[tuple[Row, Spec]]:
    """Create, update, re-render, restore or archive ``rows`` (matched on the field ``key``) to match
    ``specs`` (keyed the same way); return the rows written, with their specs.

    ``fingerprint(spec)`` is stored as the row's source hash: it covers everything the row is built from.
    ``fill(row, spec)`` sets the row's own fields; this routine sets the source fields and saves.
    """
    existing = {getattr(row, key): row for row in rows.all()}
    written: list[tuple[Row, Spec]] = []
    for name, spec in specs.items():
        row = existing.get(name)
        digest = fingerprint(spec)
        if row is not None and not row.archived and row.source_hash == digest:
            if row.renderer_version == RENDERER_VERSION:
                report.note(what, "unchanged", name)
                continue
            change = "re-rendered"
        else:
            change = "created" if row is None else ("restored" if row.archived else "updated")
        row = row if row is not None else rows.model(**{key: name})
        fill(row, spec)
        row.source_hash, row.renderer_version, row.archived = digest, RENDERER_VERSION, False
        row.save()
        written.append((row, spec))
        report.note(what, change, name)
    for row in rows.filter(archived=False).exclude(**{f"{key}__in": list(specs)}):
        row.archived = True
        row.save(update_fields=["archived"])
        report.note(what, "archived", getattr(row, key))
    return written
