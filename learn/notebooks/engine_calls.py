"""The site's one door to the notebook engine: parsing (cached per version), parameter validation, the
sandboxed runner, the download and answer grading. Views, publishing and the worker call these, so a
change in the engine's signatures is a change here only.
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings

from learn.notebooks import params as engine_params
from learn.notebooks.notebookfile import NotebookSpec, parse_notebook

if TYPE_CHECKING:
    from learn.notebooks.models import Notebook

_SPECS: OrderedDict[str, NotebookSpec] = OrderedDict()
_SPECS_KEPT = 64


def spec_of(notebook: Notebook) -> NotebookSpec:
    """The parsed notebook of a published row (parsed once per process and version)."""
    spec = _SPECS.get(notebook.version)
    if spec is None:
        spec, problems = parse_notebook(notebook.source_path, notebook.source)
        if spec is None:
            raise ValueError(f"{notebook.source_path}: the published notebook no longer parses: {problems}")
        _SPECS[notebook.version] = spec
        while len(_SPECS) > _SPECS_KEPT:
            _SPECS.popitem(last=False)
    return spec


def parameters(notebook: Notebook) -> dict[str, engine_params.Param]:
    return dict(spec_of(notebook).parameters)


def validate(notebook: Notebook, raw: Mapping[str, Any]) -> tuple[dict | None, dict[str, str]]:
    spec = spec_of(notebook)
    values, errors = engine_params.validate(spec.parameters, raw, spec.constraints)
    return (None, errors) if errors else (values, {})


def params_key(values: Mapping[str, Any]) -> str:
    return engine_params.canonical_key(values)


def json_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Typed values as JSON (dates as ISO text); :func:`typed_values` reads them back."""
    return {name: engine_params.to_text(value) for name, value in values.items()}


def typed_values(notebook: Notebook, stored: Mapping[str, Any]) -> dict[str, Any]:
    values, errors = validate(notebook, dict(stored))
    if values is None:
        raise ValueError(f"stored parameters no longer valid: {errors}")
    return values


@dataclass(frozen=True)
class Statements:
    """Balance sheets as a dataset a notebook can ``load``: one row per statement, newest first."""

    frame: Any
    provenance: Any
    statements: list


def resolve_datasets(spec: NotebookSpec, values: Mapping[str, Any], *, live: bool | None) -> dict[str, Any]:
    """Every declared dataset for these values, through learn.market.api (``NoData`` if one is missing)."""
    import pandas as pd

    from learn.market import api

    found = {}
    for name, data in spec.data.items():
        args = data.arguments(dict(values))
        if data.kind in ("prices", "balance_sheets"):
            args["live"] = live
        result = getattr(api, data.kind)(**args)
        if data.kind == "balance_sheets":
            if not result:
                raise api.NoData(f"no balance sheets for {args.get('ticker')}")
            frame = pd.DataFrame([s.figures for s in result], index=[s.label for s in result])
            result = Statements(frame=frame, provenance=result[0].provenance, statements=result)
        found[name] = result
    return found


def no_data(spec: NotebookSpec, exc: Exception) -> dict:
    """The outputs of a run that could not start because a dataset is missing (runner format)."""
    return {
        "cells": [{"index": c.index, "kind": c.kind, "source": c.source, "outputs": []} for c in spec.cells],
        "variables": {e.answer: None for e in spec.exercises},
        "provenance": {},
        "status": "error",
        "error_cell": None,
        "error": f"No data for these parameters: {exc}",
        "seconds": 0.0,
    }


def run_spec(spec: NotebookSpec, values: Mapping[str, Any], *, live: bool | None = None) -> dict:
    """Resolve the datasets, then run the notebook in a forked child under the configured time and
    memory limits; the runner's outputs (see docs/authoring.md). ``live=False``: no live market data
    (publishing runs on the offline snapshot); None: settings.MARKET_LIVE."""
    from learn.market.api import NoData
    from learn.notebooks.runner import run_notebook

    try:
        datasets = resolve_datasets(spec, values, live=live)
    except NoData as exc:
        return no_data(spec, exc)
    return run_notebook(
        spec,
        dict(values),
        datasets,
        timeout=settings.NOTEBOOK_TIMEOUT_SECONDS,
        memory_mb=settings.NOTEBOOK_MEMORY_MB,
    )


def run(
    notebook: Notebook, values: Mapping[str, Any], *, live: bool | None = None, scratch: str = ""
) -> dict:
    spec = spec_of(notebook)
    return run_spec(with_scratch(spec, scratch) if scratch else spec, values, live=live)


def with_scratch(spec: NotebookSpec, code: str) -> NotebookSpec:
    """The notebook with a learner's code as one more cell at the end (NOTEBOOK_ALLOW_CODE only)."""
    from learn.notebooks.notebookfile import Cell

    body = spec.text.rstrip("\n")
    cell = Cell(len(spec.cells), "code", code, ("scratch",), len(body.split("\n")) + 3)
    return dataclasses.replace(spec, cells=[*spec.cells, cell], text=f"{body}\n\n# %%\n{code}\n")


def download(notebook: Notebook, values: Mapping[str, Any], variables: Mapping[str, Any] | None) -> bytes:
    """The zip a learner takes away, with the datasets of these parameters as the site holds them (stored
    or snapshot data: no live fetch in a web request) and the answers of the run shown (``variables``;
    an empty mapping when no run finished, so nothing is run here). Raises ``NoData`` or ``ExportError``."""
    from learn.notebooks.export import build_zip

    spec = spec_of(notebook)
    datasets = resolve_datasets(spec, values, live=False)
    return build_zip(spec, dict(values), datasets, variables=dict(variables or {}))


def grade(answer: str, expected: float | None, exercise: Mapping[str, Any]):
    """The engine's verdict: ``.correct``, ``.message``, ``.parsed`` (None if unreadable), ``.attempted``."""
    from learn.notebooks.grading import grade as engine_grade

    return engine_grade(
        expected, answer, str(exercise.get("unit") or "number"), float(exercise.get("tolerance") or 0.0)
    )


def provenance_label(data: Mapping[str, Any]) -> str:
    """One human line for a dataset's provenance (the market app's wording)."""
    try:
        from learn.market.api import Provenance

        return Provenance.from_json(dict(data)).label()
    except Exception:  # an old or partial record: say what we know
        source, as_of = data.get("source", "unknown source"), data.get("as_of", "")
        return f"{source}, to {as_of}" if as_of else str(source)
