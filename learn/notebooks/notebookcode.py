"""Checks of a notebook's code cells against its header: syntax, imports, the parameters cell, the
datasets it loads and the variables its exercises grade.

Pure Python, no Django. Instructor code is trusted; the import allow-list keeps the download runnable
with nothing but numpy, pandas, matplotlib and the shipped ``finfluency`` folder.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learn.core.source import ProblemList

if TYPE_CHECKING:
    from .notebookfile import Cell
    from .notebookheader import Header

ALLOWED_MODULES = {"numpy", "pandas", "matplotlib", "math", "statistics", "datetime"}
FINFLUENCY_NAMES = {"load", "show", "check", "finance"}
FINANCE_DIR = Path(__file__).resolve().parent.parent / "finance"
FINANCE_MODULES = sorted(p.stem for p in FINANCE_DIR.glob("*.py") if not p.stem.startswith("_"))


def check_code(header: Header, cells: list[Cell], problems: ProblemList) -> None:
    assigned: set[str] = set()
    unreadable = False
    for cell in cells:
        if cell.kind != "code":
            continue
        tree = _parse(cell, problems)
        if tree is None:
            unreadable = True
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                assigned.add(node.id)
            elif isinstance(node, ast.Import | ast.ImportFrom):
                _check_import(node, cell, problems)
            elif isinstance(node, ast.Call):
                _check_load(node, cell, header, problems)
    _check_parameters_cell(header, cells, problems)
    for exercise in header.exercises if not unreadable else ():  # a cell we cannot read may assign it
        if exercise.answer not in assigned:
            problems.add(
                exercise.line,
                f"exercise '{exercise.key}': no code cell assigns its answer variable '{exercise.answer}'",
            )


def _parse(cell: Cell, problems: ProblemList) -> ast.Module | None:
    try:
        return ast.parse(cell.source)
    except SyntaxError as exc:
        line = cell.line + (exc.lineno or 1) - 1
        hint = " (IPython magics such as %matplotlib are not supported)" if "%" in (exc.text or "") else ""
        problems.add(line, f"Python syntax error in a code cell: {exc.msg}{hint}")
    except (ValueError, MemoryError, RecursionError) as exc:  # NUL bytes, absurd nesting
        problems.add(cell.line, f"this code cell cannot be read: {exc}")
    return None


def module_allowed(name: str) -> bool:
    top = name.split(".")[0]
    if top in ALLOWED_MODULES:
        return True
    parts = name.split(".")
    if parts[0] != "finfluency":
        return False
    return len(parts) == 1 or (parts[1] == "finance" and (len(parts) == 2 or parts[2] in FINANCE_MODULES))


def _check_import(node: ast.Import | ast.ImportFrom, cell: Cell, problems: ProblemList) -> None:
    line = cell.line + node.lineno - 1
    allowed = ", ".join(sorted(ALLOWED_MODULES | {"finfluency", "finfluency.finance"}))
    if isinstance(node, ast.ImportFrom) and node.level:
        problems.add(line, "relative imports are not allowed in a notebook")
        return
    names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
    for name in names:
        if not module_allowed(name):
            problems.add(line, f"import of '{name}' is not allowed: a notebook may import {allowed}")
            return
    if isinstance(node, ast.ImportFrom) and node.module == "finfluency":
        for alias in node.names:
            if alias.name not in FINFLUENCY_NAMES:
                problems.add(line, f"'finfluency' has no '{alias.name}' (it has load, show, check, finance)")
    if isinstance(node, ast.ImportFrom) and node.module == "finfluency.finance":
        for alias in node.names:
            if alias.name not in FINANCE_MODULES:
                known = ", ".join(FINANCE_MODULES)
                problems.add(line, f"'finfluency.finance' has no module '{alias.name}' ({known})")


def finance_modules_used(cells: list[Cell]) -> list[str]:
    """The learn.finance modules a notebook imports (as finfluency.finance.<name>)."""
    used: set[str] = set()
    for cell in cells:
        try:
            tree = ast.parse(cell.source) if cell.kind == "code" else None
        except (SyntaxError, ValueError):
            continue
        for node in ast.walk(tree) if tree else ():
            if isinstance(node, ast.ImportFrom) and node.module == "finfluency.finance":
                used |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("finfluency.finance."):
                used.add(node.module.split(".")[2])
            elif isinstance(node, ast.Import):
                used |= {a.name.split(".")[2] for a in node.names if a.name.startswith("finfluency.finance.")}
    return sorted(used & set(FINANCE_MODULES))


def _check_load(node: ast.Call, cell: Cell, header: Header, problems: ProblemList) -> None:
    if not (isinstance(node.func, ast.Name) and node.func.id == "load" and node.args):
        return
    arg = node.args[0]
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value not in header.data_names:
        known = ", ".join(sorted(header.data_names)) or "none"
        problems.add(
            cell.line + node.lineno - 1, f"load({arg.value!r}): no such dataset in 'data' (declared: {known})"
        )


def _check_parameters_cell(header: Header, cells: list[Cell], problems: ProblemList) -> None:
    tagged = [c for c in cells if "parameters" in c.tags]
    where = header.lines.get("parameters", 1)
    if len(tagged) > 1:
        problems.add(tagged[1].line - 1, "only one cell may be tagged 'parameters'")
    if not tagged:
        if header.parameters:
            problems.add(where, "the parameters need a cell tagged parameters: '# %% tags=[\"parameters\"]'")
        return
    cell = tagged[0]
    if cell.kind != "code":
        problems.add(cell.line - 1, "the cell tagged 'parameters' must be a code cell")
        return
    try:
        tree = ast.parse(cell.source)
    except (SyntaxError, ValueError):
        return  # reported with the other cells
    seen: dict[str, int] = {}
    for stmt in tree.body:
        line = cell.line + stmt.lineno - 1
        if isinstance(stmt, ast.Import | ast.ImportFrom):
            continue
        if not (
            isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)
        ):
            problems.add(line, "the parameters cell may only hold assignments such as 'window = 21'")
            continue
        name = stmt.targets[0].id
        seen[name] = line
        param = header.parameters.get(name)
        if param is None:
            problems.add(line, f"the parameters cell sets '{name}', which the header does not declare")
            continue
        value = _literal(stmt.value)
        if value is not _UNREADABLE and not _same(value, param.default):
            problems.add(
                line,
                f"the parameters cell sets {name} = {value!r}, but the header's default is {param.default!r}",
            )
    for name in header.parameters:
        if name not in seen:
            problems.add(cell.line - 1, f"the parameters cell does not set the declared parameter '{name}'")


_UNREADABLE = object()


def _literal(node: ast.expr) -> Any:
    """A constant or ``datetime.date(y, m, d)`` / ``dt.date(...)`` / ``date(...)``; else _UNREADABLE."""
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        pass
    if isinstance(node, ast.Call) and ast.unparse(node.func) in ("datetime.date", "dt.date", "date"):
        try:
            return dt.date(*(ast.literal_eval(a) for a in node.args))
        except (ValueError, TypeError, SyntaxError):
            return _UNREADABLE
    return _UNREADABLE


def _same(value: Any, default: Any) -> bool:
    if isinstance(default, dt.date) and isinstance(value, str):
        return value == default.isoformat()
    if isinstance(default, bool) or isinstance(value, bool):
        return value is default
    return value == default
