"""Notebooks as a content kind: read and check content/notebooks/*.py, run them on the offline snapshot,
and write their rows and precomputed runs (called by :mod:`learn.publishing.kinds`).

Checking runs every notebook with its default parameters and every point of its declared grid, with
live market data off, before anything is written: a failing cell is a problem at its file and line, and
nothing is published. The outputs of those runs are stored by ``sync_content`` as published runs, so
the default view and the grid are database reads that need no worker.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.db import DatabaseError
from django.utils import timezone
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from learn.core.source import Problem, display_path
from learn.lessons.models import LearningOutcome, Lesson
from learn.lessons.sanitise import sanitise_html
from learn.notebooks import engine_calls
from learn.notebooks import params as engine_params
from learn.notebooks.models import Notebook, NotebookRun, RunStatus
from learn.notebooks.notebookfile import NotebookSpec, parse_notebook
from learn.notebooks.services import clean_outputs, data_as_of

NOTEBOOKS_DIR = "notebooks"
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Outputs of successful check runs in this process, by (file version, parameters): the same file on the
# same offline data gives the same outputs, so a second check or sync (auto-sync, tests) runs nothing.
_CHECKED: dict[tuple[str, str], dict] = {}
CHECKED_KEPT = 256


@dataclass(frozen=True)
class ComputedRun:
    key: str
    values: dict  # JSON-able
    outputs: dict


@dataclass
class NotebookContent:
    specs: dict[str, NotebookSpec] = field(default_factory=dict)
    runs: dict[str, list[ComputedRun]] = field(default_factory=dict)  # by slug: runs not yet stored
    problems: list[Problem] = field(default_factory=list)


def notebook_files(content_dir: Path) -> list[Path]:
    folder = content_dir / NOTEBOOKS_DIR
    return (
        sorted(p for p in folder.glob("*.py") if p.is_file() and not p.name.startswith(("_", ".")))
        if (folder.is_dir())
        else []
    )


def parameter_sets(spec: NotebookSpec) -> list[tuple[str, dict, dict[str, str]]]:
    """(key, typed values, errors) for the defaults, then each grid point merged over them."""
    defaults = {name: engine_params.to_text(p.default) for name, p in spec.parameters.items()}
    found = []
    for point in [{}, *spec.grid]:
        raw = {**defaults, **{k: engine_params.to_text(v) for k, v in dict(point).items()}}
        values, errors = engine_params.validate(spec.parameters, raw, spec.constraints)
        found.append((engine_params.canonical_key(values) if not errors else "", values, errors))
    return found


def load_notebooks(
    content_dir: Path,
    root: Path,
    *,
    lessons: Iterable[str],
    outcomes: Iterable[str],
    excuse: Callable[[str, str], str | None] = lambda kind, name: None,
) -> NotebookContent:
    """Parse, cross-check and run every notebook file; every problem names its file and line."""
    found = NotebookContent()
    lessons, outcomes = set(lessons), set(outcomes)
    for path in notebook_files(content_dir):
        shown = display_path(path, root)
        spec, problems = parse_notebook(shown, path.read_text(encoding="utf-8"))
        problems = list(problems)
        if spec is not None:
            problems += _references(spec, lessons, outcomes, excuse)
        if spec is None or problems:
            found.problems += problems
            continue
        runs, problems = _check_runs(spec)
        found.problems += problems
        if not problems:
            found.specs[spec.slug] = spec
            found.runs[spec.slug] = runs
    return found


def _references(spec: NotebookSpec, lessons: set[str], outcomes: set[str], excuse) -> list[Problem]:
    problems = []
    if not SLUG_RE.fullmatch(spec.slug):
        problems.append(
            Problem(
                spec.path, 1, f"file name '{spec.slug}' must be a slug: lower-case letters, digits, hyphens"
            )
        )
    if spec.lesson not in lessons and (note := excuse("lesson", spec.lesson)) != "":
        problems.append(
            Problem(spec.path, spec.lines.get("lesson", 1), f"unknown lesson '{spec.lesson}'{note or ''}")
        )
    for code in spec.outcomes:
        if code not in outcomes and (note := excuse("outcome", code)) != "":
            problems.append(
                Problem(spec.path, spec.lines.get("outcomes", 1), f"unknown outcome '{code}'{note or ''}")
            )
    return problems


def _stored_keys(spec: NotebookSpec) -> set[str]:
    """Parameter sets already computed for this version (not run again). Without a database, none:
    ``check_content`` works before ``migrate`` (CI) and then runs everything."""
    runs = NotebookRun.objects.filter(notebook__slug=spec.slug, version=spec.version, status=RunStatus.OK)
    try:
        return set(runs.values_list("params_key", flat=True))
    except (DatabaseError, RuntimeError):  # no tables yet, or database access not allowed (tests)
        return set()


def _check_runs(spec: NotebookSpec) -> tuple[list[ComputedRun], list[Problem]]:
    """Run the defaults and the grid (those not already stored for this version) on the snapshot."""
    stored = _stored_keys(spec)
    runs, problems = [], []
    for position, (key, values, errors) in enumerate(parameter_sets(spec)):
        where = "the default parameters" if position == 0 else f"grid point {position}"
        line = spec.lines.get("grid", 1) if position else 1
        if errors:
            problems.append(Problem(spec.path, line, f"{where}: " + "; ".join(errors.values())))
            continue
        if key in stored or any(r.key == key for r in runs):
            continue
        outputs = _CHECKED.get((spec.version, key)) or engine_calls.run_spec(spec, values, live=False)
        if outputs.get("status") != "ok":
            problems.append(_failure(spec, outputs, where))
            break  # one mistake, one message: the same cell would likely fail for every grid point
        _CHECKED[(spec.version, key)] = outputs
        while len(_CHECKED) > CHECKED_KEPT:
            _CHECKED.pop(next(iter(_CHECKED)))
        runs.append(ComputedRun(key, engine_calls.json_values(values), outputs))
    return runs, problems


def _failure(spec: NotebookSpec, outputs: dict, where: str) -> Problem:
    index = outputs.get("error_cell")
    cell = next((c for c in spec.cells if c.index == index), None)
    line = cell.line if cell else 1
    status = outputs.get("status")
    if status == "timeout":
        return Problem(spec.path, line, f"with {where} the notebook ran out of time in this cell")
    if status == "killed":
        return Problem(spec.path, line, f"with {where} the notebook was stopped (memory limit?) in this cell")
    error = next(
        (o for c in outputs.get("cells") or [] if c.get("index") == index for o in c.get("outputs") or []
         if o.get("type") == "error"),
        {},
    )  # fmt: skip
    what = f"{error.get('ename', 'Error')}: {error.get('evalue', '')}".strip(": ") if error else ""
    if not what:
        return Problem(
            spec.path, spec.lines.get("data", line), f"with {where}: {outputs.get('error') or 'error'}"
        )
    return Problem(spec.path, line, f"with {where} this cell fails: {what}")


# --------------------------------------------------------------------------- writing rows


_FORMATTER = HtmlFormatter(cssclass="highlight", wrapcode=True)


def highlighted(code: str) -> str:
    return sanitise_html(highlight(code, PythonLexer(), _FORMATTER))


def rendered_cells(spec: NotebookSpec, render: Callable[[str], str]) -> list[dict]:
    return [
        {
            "index": cell.index,
            "kind": cell.kind,
            "line": cell.line,
            "parameters": "parameters" in cell.tags,
            "source": cell.source,
            "html": render(cell.source) if cell.kind == "markdown" else highlighted(cell.source),
        }
        for cell in spec.cells
    ]


def front_matter(spec: NotebookSpec) -> dict:
    """The header as JSON, for the page and the admin."""
    return {
        "title": spec.title,
        "lesson": spec.lesson,
        "outcomes": list(spec.outcomes),
        "parameters": {
            name: {"type": p.type, "label": p.title, "default": engine_params.to_text(p.default)}
            for name, p in spec.parameters.items()
        },
        "constraints": [str(c) for c in spec.constraints],
        "grid": [{k: engine_params.to_text(v) for k, v in dict(point).items()} for point in spec.grid],
        "data": sorted(spec.data),
        "exercises": [
            {
                "key": e.key,
                "prompt": e.prompt,
                "answer": e.answer,
                "unit": e.unit,
                "tolerance": e.tolerance,
                "hint": e.hint,
            }
            for e in spec.exercises
        ],
    }


def lessons_of(found: NotebookContent) -> dict[str, Lesson]:
    slugs = {spec.lesson for spec in found.specs.values()}
    return {lesson.slug: lesson for lesson in Lesson.objects.filter(slug__in=slugs)}


def fill_notebook(row: Notebook, spec: NotebookSpec, *, lesson: Lesson, render: Callable[[str], str]) -> None:
    """Take the file's values (the caller, :func:`learn.publishing.rows.sync_rows`, saves)."""
    row.title, row.lesson, row.version, row.source = spec.title, lesson, spec.version, spec.text
    row.spec, row.cells, row.source_path = front_matter(spec), rendered_cells(spec, render), spec.path


def store_published_runs(found: NotebookContent, now: datetime | None = None) -> None:
    """After the rows are written: each notebook's outcomes (its own, else its lesson's) and the runs
    computed while checking (defaults and grid), stored as published runs."""
    now = now or timezone.now()
    rows = {row.slug: row for row in Notebook.objects.filter(slug__in=found.specs).select_related("lesson")}
    for slug, spec in found.specs.items():
        row = rows[slug]
        codes = list(spec.outcomes) or list(
            LearningOutcome.objects.filter(lesson=row.lesson, archived=False).values_list("code", flat=True)
        )
        row.outcomes.set(LearningOutcome.objects.filter(code__in=codes))
        for computed in found.runs.get(slug, []):
            NotebookRun.objects.update_or_create(
                notebook=row,
                version=spec.version,
                params_key=computed.key,
                data_as_of=data_as_of(computed.outputs),
                defaults={
                    "params": computed.values,
                    "status": RunStatus.OK,
                    "outputs": clean_outputs(computed.outputs),
                    "published": True,
                    "started_at": now,
                    "finished_at": now,
                },
            )
