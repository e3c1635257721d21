"""Downloads of a notebook: an ``.ipynb`` for the chosen parameters, and a zip that runs anywhere.

Pure Python, no Django. The zip holds the notebook, its data as CSV, the ``finfluency`` folder (load,
check, show; see :mod:`learn.notebooks.finfluency_pkg`), copies of the learn.finance modules it imports,
and a README. Nothing in it imports ``learn``: the finance modules are checked to import only the
standard library, numpy and each other, and grading is shipped as a copy whose one import of
``learn.core.numbers`` points at a copy of that module.
"""

from __future__ import annotations

import ast
import io
import json
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from .notebookcode import finance_modules_used
from .params import to_text
from .runner import parameters_source, run_notebook

HERE = Path(__file__).resolve().parent
LEARN = HERE.parent
PACKAGE_DIR = HERE / "finfluency_pkg"
GRADING_IMPORT = "from learn.core.numbers import TYPED_NAMES, misplaced_separator, parse_number"
SHIPPED_IMPORTS = {
    "numpy",
    "math",
    "dataclasses",
    "collections",
    "typing",
    "itertools",
    "datetime",
    "__future__",
}
ZIP_TIME = (2020, 1, 1, 0, 0, 0)  # fixed, so the same notebook and values give the same bytes
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


class ExportError(Exception):
    """A notebook that cannot be shipped (e.g. a finance module that imports Django)."""


def build_ipynb(spec: Any, values: Mapping[str, Any], provenance: Mapping[str, Any]) -> nbformat.NotebookNode:
    """The notebook for these values: a first cell naming the data, the file's cells (the parameters
    cell holding the values, tagged ``parameters``), then one markdown + ``check()`` cell per exercise.
    ``provenance`` maps dataset names to Provenance objects (``label()``, ``as_of``)."""
    cells = [new_markdown_cell(_intro(spec, values, provenance))]
    for cell in spec.cells:
        if cell.kind == "markdown":
            cells.append(new_markdown_cell(cell.source))
            continue
        source = parameters_source(spec, values) if "parameters" in cell.tags else cell.source
        made = new_code_cell(source)
        if cell.tags:
            made.metadata["tags"] = list(cell.tags)
        cells.append(made)
    for exercise in spec.exercises:
        prompt = f"### Exercise: {exercise.prompt}\n\nAnswer in {_UNIT_WORDS[exercise.unit]}."
        if exercise.hint:
            prompt += f"\n\n*Hint:* {exercise.hint}"
        cells.append(new_markdown_cell(prompt))
        cells.append(
            new_code_cell(
                "from finfluency import check\n\n"
                "your_answer = None  # a number you computed, or text such as '-25.4%'\n"
                f"check({exercise.key!r}, your_answer)"
            )
        )
    for number, cell in enumerate(cells):
        cell.id = f"cell-{number}"  # stable ids: the same export gives the same file
    notebook = new_notebook(
        cells=cells,
        metadata={
            "kernelspec": dict(KERNELSPEC),
            "language_info": {"name": "python"},
            "finfluency": {
                "slug": spec.slug,
                "version": spec.version,
                "parameters": {k: to_text(v) for k, v in values.items()},
            },
        },
    )
    nbformat.validate(notebook)
    return notebook


_UNIT_WORDS = {
    "percent": "percent (e.g. -25.4% or the fraction -0.254)",
    "bp": "basis points",
    "ratio": "a ratio (e.g. 1.5)",
    "currency": "the notebook's currency units",
    "number": "a number",
}


def _intro(spec: Any, values: Mapping[str, Any], provenance: Mapping[str, Any]) -> str:
    lines = [f"# {spec.title}", ""]
    if values:
        chosen = ", ".join(
            f"{(p.label or p.name)} = {to_text(values[n])}" for n, p in spec.parameters.items()
        )
        lines += [f"Parameters: {chosen}.", ""]
    if provenance:
        lines.append("Data:")
        for name, source in provenance.items():
            as_of = getattr(source, "as_of", "")
            lines.append(f"- `{name}`: {source.label()}" + (f" (as of {to_text(as_of)})" if as_of else ""))
        lines.append("")
    lines.append(
        "`finfluency.load()` fetches live prices from Yahoo Finance when `yfinance` is installed and online, "
        "and otherwise reads the bundled files in `data/` (set `FINFLUENCY_OFFLINE=1` to always use them). "
        "The `check()` cells at the end compare your answers with the values recorded from the bundled data."
    )
    return "\n".join(lines)


def build_zip(
    spec: Any,
    values: Mapping[str, Any],
    datasets: Mapping[str, Any],
    *,
    variables: Mapping[str, float | None] | None = None,
) -> bytes:
    """The download: ``<slug>/<slug>.ipynb``, ``data/*.csv``, ``finfluency/``, ``README.txt``.

    ``variables`` are the exercise answers of a run with these values and datasets (a stored
    NotebookRun's ``variables``); when None the notebook is run here to get them."""
    if variables is None:
        variables = run_notebook(spec, values, datasets)["variables"]
    slug = spec.slug
    files: dict[str, str | bytes] = {}
    provenance = {name: ds.provenance for name, ds in datasets.items()}
    files[f"{slug}.ipynb"] = nbformat.writes(build_ipynb(spec, values, provenance))
    catalogue = {}
    for name, ds in datasets.items():
        files[f"data/{name}.csv"] = ds.frame.to_csv()
        declared = spec.data.get(name)
        catalogue[name] = {
            "kind": declared.kind if declared else "",
            "args": {k: to_text(v) for k, v in (declared.arguments(values) if declared else {}).items()},
            "csv": f"data/{name}.csv",
            "index": ds.frame.index.name,
            "dates": bool(getattr(ds.frame.index, "inferred_type", "") in ("datetime64", "date")),
            "label": ds.provenance.label(),
            "provenance": ds.provenance.to_json(),
        }
    answers = {
        e.key: {
            "prompt": e.prompt,
            "variable": e.answer,
            "expected": variables.get(e.answer),
            "unit": e.unit,
            "tolerance": e.tolerance,
            "hint": e.hint,
        }
        for e in spec.exercises
    }
    files["finfluency/__init__.py"] = (PACKAGE_DIR / "__init__.py").read_text(encoding="utf-8")
    files["finfluency/datasets.json"] = json.dumps(catalogue, indent=2, default=str)
    files["finfluency/answers.json"] = json.dumps(answers, indent=2)
    files["finfluency/_grading.py"] = shipped_grading()
    numbers_text = (LEARN / "core" / "numbers.py").read_text(encoding="utf-8")
    _check_standalone("learn/core/numbers.py", numbers_text, allowed={"re", "unicodedata"})
    files["finfluency/_numbers.py"] = numbers_text
    files |= {
        f"finfluency/finance/{n}": t for n, t in finance_files(finance_modules_used(spec.cells)).items()
    }
    files["README.txt"] = _readme(spec, provenance)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(f"{slug}/{path}", date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            data = files[path]
            archive.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return buffer.getvalue()


def shipped_grading() -> str:
    """grading.py as shipped: its one ``learn`` import pointed at the shipped copy of numbers.py."""
    text = (HERE / "grading.py").read_text(encoding="utf-8")
    if GRADING_IMPORT not in text:
        raise ExportError("grading.py no longer imports numbers as export.py expects: update GRADING_IMPORT")
    text = text.replace(GRADING_IMPORT, GRADING_IMPORT.replace("learn.core.numbers", "._numbers"))
    _check_standalone("grading.py", text, allowed={"re", "unicodedata", "numbers"})
    return text


def finance_files(modules: list[str]) -> dict[str, str]:
    """Verbatim copies of ``learn/finance/__init__.py`` and these modules with the ones they import
    (relatively); ExportError if any imports Django, ``learn`` or a package a learner may not have."""
    finance = LEARN / "finance"
    todo, files = list(modules), {}
    while todo:
        name = todo.pop()
        if f"{name}.py" in files:
            continue
        text = (finance / f"{name}.py").read_text(encoding="utf-8")
        files[f"{name}.py"] = text
        todo += _check_standalone(f"learn/finance/{name}.py", text)
    if files:
        init = (finance / "__init__.py").read_text(encoding="utf-8")
        _check_standalone("learn/finance/__init__.py", init)
        files["__init__.py"] = init
    return files


def _check_standalone(where: str, text: str, allowed: set[str] = frozenset()) -> list[str]:
    """The sibling modules ``text`` imports relatively; ExportError for any other non-shipped import."""
    siblings = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ImportFrom) and node.level:
            siblings += [node.module.split(".")[0]] if node.module else [a.name for a in node.names]
            continue
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
        names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        for name in names:
            if name.split(".")[0] not in SHIPPED_IMPORTS | allowed:
                raise ExportError(f"{where} imports {name}: it cannot be shipped in a download")
    return siblings


def _readme(spec: Any, provenance: Mapping[str, Any]) -> str:
    sources = "\n".join(f"  {name}: {p.label()}" for name, p in provenance.items()) or "  (none)"
    return f"""{spec.title}
{"=" * len(spec.title)}

A notebook from finfluency ({spec.slug}). To run it:

  1. Install Python 3.11 or later, then:  pip install numpy pandas matplotlib jupyter
     (optional, for live prices:  pip install yfinance)
  2. In this folder:  jupyter notebook {spec.slug}.ipynb
  3. Run the cells in order. The last cells check your answers: check("key", your_answer).

Data (bundled in data/, as used on the site):
{sources}

finfluency.load() uses live Yahoo Finance data when yfinance is installed and online, and the bundled
files otherwise or on any failure; it prints which. Set FINFLUENCY_OFFLINE=1 to always use the files.
The answers in finfluency/answers.json were recorded from the bundled data.

finfluency/finance/ holds copies of the finance modules the notebook uses (numpy only).
"""
