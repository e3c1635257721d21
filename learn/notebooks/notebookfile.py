"""Notebook files (content/notebooks/<slug>.py): jupytext percent format with a ``finfluency:`` header.

Pure Python, no Django. :func:`parse_notebook` returns a :class:`NotebookSpec` and the problems found,
each naming the file and line. The header is read here with PyYAML (so every value keeps its line);
jupytext splits the cells. Cross-file checks (does the lesson exist?) belong to the caller. The checks
of the header's values are in :mod:`learn.notebooks.header`; the checks of the code in
:mod:`learn.notebooks.codecheck`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path

import jupytext

from learn.core.source import Problem, ProblemList, sha256

from .notebookcode import check_code
from .notebookheader import Exercise, Header, read_header

HEADER_FENCE = "# ---"
MARKER_RE = re.compile(r"^#\s?%%")


@dataclass(frozen=True)
class Cell:
    index: int
    kind: str  # "markdown" | "code"
    source: str
    tags: tuple[str, ...]
    line: int  # file line of the source's first line


@dataclass(kw_only=True)
class NotebookSpec(Header):
    """The header's values (title, lesson, parameters...) and the file's cells."""

    path: str
    slug: str
    cells: list[Cell]
    version: str  # sha256 of the file text
    text: str

    @property
    def parameters_cell(self) -> Cell | None:
        return next((c for c in self.cells if "parameters" in c.tags), None)

    @property
    def code_cells(self) -> list[Cell]:
        return [c for c in self.cells if c.kind == "code"]

    def defaults(self) -> dict:
        return {name: p.default for name, p in self.parameters.items()}

    def exercise(self, key: str) -> Exercise | None:
        return next((e for e in self.exercises if e.key == key), None)


class NotebookError(Exception):
    """Raised by :func:`load_notebook` with every problem of the file."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def parse_notebook(path: str | Path, text: str) -> tuple[NotebookSpec | None, list[Problem]]:
    """The spec (None if the header is unusable) and every problem, sorted by line."""
    shown = Path(path).as_posix()
    problems = ProblemList(shown)
    text = text.removeprefix("\ufeff")
    header = _split_header(text, problems)
    if header is None:
        return None, sorted(problems)
    header_text, body_line = header
    parsed = read_header(header_text, problems)
    cells = _cells(text, body_line, problems)
    if parsed is None or cells is None:
        return None, sorted(problems)
    check_code(parsed, cells, problems)
    spec = NotebookSpec(
        **{f.name: getattr(parsed, f.name) for f in fields(Header)},
        path=shown,
        slug=Path(path).stem,
        cells=cells,
        version=sha256(text),
        text=text,
    )
    return spec, sorted(set(problems))


def load_notebook(path: Path, *, display: str | None = None) -> NotebookSpec:
    """Read and parse a file; :class:`NotebookError` lists the problems if there are any."""
    spec, problems = parse_notebook(display or path, path.read_text(encoding="utf-8"))
    if problems or spec is None:
        raise NotebookError(problems)
    return spec


def _split_header(text: str, problems: ProblemList) -> tuple[str, int] | None:
    """(the header's YAML with the ``# `` prefixes removed, the file line after the header)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != HEADER_FENCE:
        problems.add(1, "missing header: the file must start with '# ---', then '# finfluency:' ... '# ---'")
        return None
    yaml_lines = []
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() == HEADER_FENCE:
            return "\n".join(yaml_lines), number + 1
        if line.rstrip() != "#" and not line.startswith("# "):
            problems.add(
                number, "the header is not closed: each header line starts with '# ', and '# ---' ends it"
            )
            return None
        yaml_lines.append(line[2:])
    problems.add(1, "the header is not closed: add a line '# ---' after it")
    return None


def _cells(text: str, body_line: int, problems: ProblemList) -> list[Cell] | None:
    """The cells after the header, each with the file line its source starts on."""
    body_lines = text.split("\n")[body_line - 1 :]
    while body_lines and not body_lines[0].strip():  # else jupytext makes an empty first cell
        body_lines.pop(0)
        body_line += 1
    try:
        notebook = jupytext.reads("\n".join(body_lines), fmt="py:percent")
    except Exception as exc:  # noqa: BLE001 - jupytext raises many kinds; report, never crash
        problems.add(body_line, f"jupytext cannot read the cells: {exc}")
        return None
    cells: list[Cell] = []
    cursor = 0  # 0-based index into body_lines
    for n, cell in enumerate(notebook.cells):
        source = cell.source
        marker = _next_marker(body_lines, cursor)
        implicit = n == 0 and marker != 0
        start = 0 if implicit else (marker if marker is not None else cursor) + 1
        cursor = start + max(1, len(source.split("\n")))
        if implicit and not source.strip():
            continue
        kind = cell.cell_type if cell.cell_type in ("markdown", "code") else "markdown"
        tags = tuple(str(t) for t in cell.metadata.get("tags", ()))
        cells.append(Cell(len(cells), kind, source, tags, body_line + start))
    return cells


def _next_marker(lines: list[str], start: int) -> int | None:
    return next((i for i in range(start, len(lines)) if MARKER_RE.match(lines[i])), None)
