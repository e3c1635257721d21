"""Run a notebook's code for one set of parameter values, in a forked child process with limits.

Why fork: this process has already imported numpy, pandas, matplotlib (Agg) and learn.finance and drawn
one figure, so a child starts warm and a run costs a fraction of a second (a new Jupyter kernel costs
2-5 s, docs/notebooks.md). The child gets a fresh namespace, a memory limit (RLIMIT_AS) and a CPU-time
backstop; the parent enforces the wall-clock timeout and kills the child when it is reached. The child
streams each cell's outputs through a pipe as JSON, so a run that times out or dies still returns what
it had shown, and the cell it was in.

Output format (stored as is by the site, see the shared design)::

    {"cells": [{"index", "kind", "source", "outputs": [...]}], "variables": {...}, "provenance": {...},
     "status": "ok" | "error" | "timeout" | "killed", "error_cell": int | None, "seconds": float}

"killed" means a limit or a crash stopped the run: the memory limit (a MemoryError), a signal, or the
process ending without finishing. Datasets are resolved by the caller (learn.market) beforehand.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import datetime as dt
import faulthandler
import importlib
import json
import linecache
import math
import multiprocessing
import os
import random
import resource
import signal
import sys
import threading
import time
import types
import warnings
from collections.abc import Mapping
from typing import Any

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402 - after choosing the backend
import pandas as pd  # noqa: E402
from matplotlib import pyplot as plt  # noqa: E402

import learn.finance  # noqa: E402

from . import capture  # noqa: E402
from .grading import grade  # noqa: E402
from .notebookcode import FINANCE_MODULES  # noqa: E402
from .params import literal  # noqa: E402

DEFAULT_TIMEOUT = 20.0  # seconds; settings.NOTEBOOK_TIMEOUT_SECONDS overrides
DEFAULT_MEMORY_MB = 1024  # address space a run may add to the warm process; settings.NOTEBOOK_MEMORY_MB
FINANCE = {name: importlib.import_module(f"learn.finance.{name}") for name in FINANCE_MODULES}
VALUE_TYPES = (str, int, float, bool, dt.date)
_warm = False
_warm_lock = threading.Lock()


def run_notebook(
    spec: Any,
    values: Mapping[str, Any],
    datasets: Mapping[str, Any],
    *,
    timeout: float | None = None,
    memory_mb: int | None = None,
) -> dict:
    """Run ``spec`` (a NotebookSpec) with validated ``values``; ``datasets`` maps each declared data name
    to an object with ``.frame`` and ``.provenance``. Never raises for anything the notebook does."""
    timeout = float(timeout if timeout is not None else _setting("NOTEBOOK_TIMEOUT_SECONDS", DEFAULT_TIMEOUT))
    memory_mb = int(memory_mb if memory_mb is not None else _setting("NOTEBOOK_MEMORY_MB", DEFAULT_MEMORY_MB))
    _check_values(spec, values)
    warm_up()
    cells = [{"index": c.index, "kind": c.kind, "source": c.source, "outputs": []} for c in spec.cells]
    if (parameters := spec.parameters_cell) is not None:
        cells[parameters.index]["source"] = parameters_source(spec, values)
    result = {
        "cells": cells,
        "variables": {e.answer: None for e in spec.exercises},
        "provenance": {name: ds.provenance.to_json() for name, ds in datasets.items()},
        "status": "killed",
        "error_cell": None,
        "seconds": 0.0,
    }
    started = time.monotonic()
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(writer, spec, dict(values), datasets, memory_mb, timeout), daemon=True
    )
    child.start()
    writer.close()
    running, done = None, None
    try:
        while done is None:
            remaining = started + timeout - time.monotonic()
            if remaining <= 0 or not reader.poll(remaining):
                break
            try:
                message = json.loads(reader.recv_bytes())
            except (EOFError, OSError):
                break
            if message["t"] == "start":
                running = message["cell"]
            elif message["t"] == "cell":
                cells[message["cell"]]["outputs"] = message["outputs"]
            else:
                done = message
    finally:
        reader.close()
        if done is None and child.is_alive():
            child.kill()
        child.join(5)
        if child.is_alive():  # pragma: no cover - a child that ignores SIGKILL cannot happen
            child.kill()
    result["seconds"] = round(time.monotonic() - started, 3)
    if done is not None:
        result.update(status=done["status"], error_cell=done["error_cell"], variables=done["variables"])
        return result
    timed_out = time.monotonic() - started >= timeout
    result["status"] = "timeout" if timed_out else "killed"
    result["error_cell"] = running
    if running is not None:
        cells[running]["outputs"].append(_stopped(timed_out, timeout, child.exitcode))
    return result


def _stopped(timed_out: bool, timeout: float, exitcode: int | None) -> dict:
    if timed_out:
        return {
            "type": "error",
            "ename": "Timeout",
            "evalue": f"the run was stopped after {timeout:g} seconds",
            "traceback": f"Timeout: the run was stopped after {timeout:g} seconds (an endless loop?)",
        }
    if exitcode is not None and exitcode < 0:
        try:
            how = f"by signal {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"by signal {-exitcode}"
    else:
        how = f"with exit code {exitcode}"
    message = f"the notebook process ended {how} before finishing"
    return {"type": "error", "ename": "Killed", "evalue": message, "traceback": f"Killed: {message}"}


def parameters_source(spec: Any, values: Mapping[str, Any]) -> str:
    """The parameters cell as run: its imports, then one ``name = literal`` line per parameter."""
    lines = []
    cell = spec.parameters_cell
    if cell is not None:
        with contextlib.suppress(SyntaxError, ValueError):
            tree = ast.parse(cell.source)
            lines += [ast.unparse(s) for s in tree.body if isinstance(s, ast.Import | ast.ImportFrom)]
    if any(isinstance(v, dt.date) for v in values.values()) and "import datetime" not in lines:
        lines.insert(0, "import datetime")
    lines += [f"{name} = {literal(values[name])}" for name in spec.parameters]
    return "\n".join(lines)


def _check_values(spec: Any, values: Mapping[str, Any]) -> None:
    """Refuse values that did not come from :func:`learn.notebooks.params.validate`: their repr is code."""
    if set(values) != set(spec.parameters):
        raise ValueError(f"values for {sorted(values)}, but the notebook declares {sorted(spec.parameters)}")
    for name, value in values.items():
        if type(value) not in VALUE_TYPES:
            raise ValueError(f"parameter {name!r} has a value of type {type(value).__name__}")
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"parameter {name!r} is not finite")


def _setting(name: str, default: Any) -> Any:
    try:
        from django.conf import settings

        return getattr(settings, name, default)
    except Exception:  # noqa: BLE001 - settings not configured: a script or a plain test
        return default


def warm_up() -> None:
    """Load what the first figure, table and rolling window load lazily, once, before any fork."""
    global _warm
    with _warm_lock:  # pyplot is not thread-safe; afterwards the parent never draws again
        if not _warm:
            _draw_once()
            _warm = True


def _draw_once() -> None:
    frame = pd.DataFrame({"x": np.linspace(1.0, 2.0, 30)}, index=pd.date_range("2020-01-01", periods=30))
    frame["x"].pct_change().rolling(5).std().plot()
    capture.save_figures(capture.Outputs(), "")
    capture.table_html(frame)


# --- in the child -------------------------------------------------------------------------------------


NICENESS = 10  # how much lower than its worker a notebook run is scheduled


def _child(writer: Any, spec: Any, values: dict, datasets: Mapping, memory_mb: int, timeout: float) -> None:
    try:
        _limit(memory_mb, timeout)
        status, error_cell, variables = _run_cells(writer, spec, values, datasets, memory_mb)
        _send(writer, {"t": "done", "status": status, "error_cell": error_cell, "variables": variables})
    except BaseException:  # noqa: BLE001 - out of memory while reporting: the parent says "killed"
        os._exit(3)
    finally:
        writer.close()


def _limit(memory_mb: int, timeout: float) -> None:
    for sig in (signal.SIGINT, signal.SIGTERM):  # a server's handlers must not run in the child
        signal.signal(sig, signal.SIG_DFL)
    faulthandler.disable()  # a crash is reported by the parent, not as a dump of the server's stacks
    used = _address_space()
    if used is not None:
        limit = used + memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    cpu = int(timeout) + 5  # backstop only: the parent's wall clock is the real limit
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    with contextlib.suppress(OSError):  # pages before notebooks: on a shared machine the web waits less
        os.nice(NICENESS)


def _address_space() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _send(writer: Any, message: dict) -> None:
    writer.send_bytes(json.dumps(message, allow_nan=False, default=str).encode())


def _run_cells(writer: Any, spec: Any, values: dict, datasets: Mapping, memory_mb: int) -> tuple:
    random.seed(0)
    np.random.seed(0)
    plt.close("all")
    loaded: list[str] = []
    namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": builtins}
    state = {"outputs": capture.Outputs()}

    def caption() -> str:
        names = loaded or list(datasets)
        labels = [datasets[n].provenance.label() for n in names if n in datasets]
        return "Source: " + "; ".join(dict.fromkeys(labels)) if labels else ""

    def load(name: str) -> Any:
        if name not in datasets:
            raise KeyError(f"no dataset {name!r}: this notebook declares {', '.join(datasets) or 'none'}")
        if name not in loaded:
            loaded.append(name)
        return datasets[name]

    def show(value: Any) -> None:
        capture.display(value, state["outputs"], caption(), from_show=True)

    def check(key: str, answer: Any) -> None:
        exercise = spec.exercise(key)
        if exercise is None:
            print(f"There is no exercise {key!r}.")
            return
        expected = _number(namespace.get(exercise.answer))
        print(grade(expected, answer, exercise.unit, exercise.tolerance).message)

    _install_finfluency(load, show, check)
    # As in Jupyter: plt.show() shows the open figures now; warnings read as one line, without paths.
    plt.show = lambda *args, **kwargs: capture.save_figures(state["outputs"], caption())
    warnings.resetwarnings()  # the notebook's own filters, not the server's (or a test runner's)
    warnings.simplefilter("default")
    warnings.showwarning = lambda message, category, *args, **kwargs: sys.stderr.write(
        f"{category.__name__}: {message}\n"
    )
    lines = spec.text.split("\n")
    linecache.cache[spec.path] = (len(spec.text), None, [line + "\n" for line in lines], spec.path)
    status, error_cell = "ok", None
    for cell in spec.cells:
        if cell.kind != "code":
            continue
        _send(writer, {"t": "start", "cell": cell.index})
        outputs = state["outputs"] = capture.Outputs()
        source = parameters_source(spec, values) if "parameters" in cell.tags else cell.source
        failed = _run_cell(source, cell.line, spec.path, namespace, outputs, caption, spec, memory_mb)
        _send(writer, {"t": "cell", "cell": cell.index, "outputs": outputs.finished()})
        if failed:
            status, error_cell = failed, cell.index
            break
    variables = {e.answer: _number(namespace.get(e.answer)) for e in spec.exercises}
    return status, error_cell, variables


def _install_finfluency(load: Any, show: Any, check: Any) -> None:
    module = types.ModuleType(
        "finfluency", "Data and maths for finfluency notebooks (injected on the server)."
    )
    module.__path__ = []
    module.load, module.show, module.check, module.finance = load, show, check, learn.finance
    sys.modules["finfluency"] = module
    sys.modules["finfluency.finance"] = learn.finance
    for name, finance_module in FINANCE.items():
        sys.modules[f"finfluency.finance.{name}"] = finance_module


def _run_cell(
    source: str, line: int, path: str, namespace: dict, outputs: Any, caption: Any, spec: Any, memory_mb: int
) -> str | None:
    """Run one cell Jupyter-style; None if it finished, else the run's status ("error" or "killed")."""
    failed = None
    with contextlib.redirect_stdout(outputs), contextlib.redirect_stderr(outputs):
        try:
            tree = ast.parse(source, path)
            ast.increment_lineno(tree, line - 1)
            last = None
            if tree.body and isinstance(tree.body[-1], ast.Expr) and not source.rstrip().endswith(";"):
                last = ast.Expression(tree.body.pop().value)
            exec(compile(tree, path, "exec"), namespace)
            if last is not None:
                capture.display(eval(compile(last, path, "eval"), namespace), outputs, caption())
        except MemoryError as exc:
            failed = "killed"
            outputs.add(capture.error_output(exc, path, lambda n: _cell_at(spec, n)))
            outputs.items[-1]["evalue"] = (
                f"the notebook needs more memory than a run may use ({memory_mb} MB)"
            )
        except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt too, as Jupyter
            failed = "error"
            outputs.add(capture.error_output(exc, path, lambda n: _cell_at(spec, n)))
        try:
            capture.save_figures(outputs, caption())
        except MemoryError:
            failed = "killed"
    return failed


def _cell_at(spec: Any, line: int) -> int:
    """The index of the cell holding this file line."""
    index = 0
    for cell in spec.cells:
        if cell.line <= line:
            index = cell.index
    return index


def _number(value: Any) -> float | None:
    """An answer as a float: Python and numpy numbers, 0-d arrays; NaN, inf and anything else: None."""
    if isinstance(value, bool | np.bool_):
        return None
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        return number if math.isfinite(number) else None
    return None
