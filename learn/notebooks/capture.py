"""How a run's outputs are captured: printed text, tables, figures and tracebacks, in the runner output
format (see docs: {"type": "text" | "table" | "svg" | "error", ...}).

Pure Python, no Django; imported by :mod:`learn.notebooks.runner` and used only in its child process.
Tables are rendered here (every value escaped), not by pandas' ``to_html``, so what reaches a page is a
fixed, small set of tags.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import math
import traceback
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import pyplot as plt
from matplotlib.artist import Artist
from matplotlib.figure import Figure

MAX_ROWS = 60  # a longer table shows its first and last MAX_ROWS // 2 rows
MAX_COLUMNS = 20
MAX_TEXT = 20_000  # characters of text output kept per cell
MAX_REPR = 10_000
MAX_SVG = 3_000_000
MAX_FIGURES = 20  # per cell
MAX_OUTPUTS = 50  # tables, figures and texts per cell
FINANCE_DIR = str(Path(__file__).resolve().parent.parent / "finance")
SVG_RC = {"svg.hashsalt": "finfluency", "svg.fonttype": "path"}


class Outputs:
    """The outputs of the cell being run, in order; ``write`` makes it a stdout/stderr replacement."""

    def __init__(self) -> None:
        self.items: list[dict] = []
        self.text_size = 0

    def write(self, text: str) -> int:
        if not isinstance(text, str) or not text:
            return 0
        room = MAX_TEXT - self.text_size
        if room <= 0:
            return len(text)
        kept = text[:room] + ("\n… output truncated\n" if len(text) > room else "")
        self.text_size += len(kept)
        if self.items and self.items[-1]["type"] == "text" and self.items[-1].get("stream"):
            self.items[-1]["text"] += kept
        else:
            self.add({"type": "text", "text": kept, "stream": True})
        return len(text)

    def flush(self) -> None:
        pass

    def add(self, item: dict) -> None:
        if len(self.items) < MAX_OUTPUTS:
            self.items.append(item)
        elif len(self.items) == MAX_OUTPUTS:
            self.items.append(
                {"type": "text", "text": f"… more than {MAX_OUTPUTS} outputs: the rest are not shown"}
            )

    def finished(self) -> list[dict]:
        for item in self.items:
            item.pop("stream", None)
        return self.items


def display(value: Any, outputs: Outputs, caption: str, *, from_show: bool = False) -> None:
    """Jupyter-like display of a value: a table, a figure, or its repr (text as-is when shown)."""
    if value is None:
        return
    if hasattr(value, "frame") and hasattr(value, "provenance"):  # a dataset from load()
        value = value.frame
    if isinstance(value, pd.DataFrame | pd.Series):
        outputs.add({"type": "table", "html": table_html(value)})
    elif isinstance(value, Figure):
        if from_show or not _managed(value):  # pyplot figures are saved after the cell anyway
            outputs.add(figure_output(value, caption))
            plt.close(value)
    elif _is_artist(value):
        return  # "<Axes: ...>" says nothing: the figure itself is shown
    elif from_show and isinstance(value, str):
        outputs.write(value if value.endswith("\n") else value + "\n")
    else:
        outputs.add({"type": "text", "text": short_repr(value)})


def _managed(figure: Figure) -> bool:
    return figure.number in plt.get_fignums() if hasattr(figure, "number") else False


def _is_artist(value: Any) -> bool:
    if isinstance(value, Artist):
        return True
    return isinstance(value, list | tuple) and bool(value) and all(isinstance(v, Artist) for v in value)


def short_repr(value: Any) -> str:
    if isinstance(value, np.generic) and np.ndim(value) == 0:
        value = value.item()  # 0.25, not np.float64(0.25)
    text = repr(value)
    return text if len(text) <= MAX_REPR else text[:MAX_REPR] + "\n… (shortened)"


def save_figures(outputs: Outputs, caption: str) -> None:
    """Every open pyplot figure as SVG, in the order they were made; then all are closed."""
    for count, number in enumerate(plt.get_fignums()):
        if count >= MAX_FIGURES:
            outputs.add(
                {"type": "text", "text": f"… {len(plt.get_fignums()) - count} more figures not shown"}
            )
            break
        outputs.add(figure_output(plt.figure(number), caption))
    plt.close("all")


def figure_output(figure: Figure, caption: str) -> dict:
    buffer = io.StringIO()
    with matplotlib.rc_context(SVG_RC):
        figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    svg = buffer.getvalue()
    svg = svg[svg.find("<svg") :]  # no XML prolog or DOCTYPE: the SVG can sit inside a page
    if len(svg) > MAX_SVG:
        return {"type": "text", "text": f"(figure not shown: {len(svg):,} bytes of SVG; plot fewer points)"}
    return {"type": "svg", "svg": svg, "caption": caption}


def table_html(value: pd.DataFrame | pd.Series) -> str:
    """An escaped HTML table of at most MAX_ROWS rows and MAX_COLUMNS columns, with notes for the rest."""
    frame = (
        value.to_frame(name="" if value.name is None else value.name)
        if isinstance(value, pd.Series)
        else value
    )
    rows, columns = frame.shape
    shown_columns = list(frame.columns[:MAX_COLUMNS])
    index_name = (
        frame.index.name
        if not isinstance(frame.index, pd.MultiIndex)
        else ", ".join(str(n) for n in frame.index.names if n is not None)
    )
    head = [f"<th>{_escape(index_name)}</th>"] + [f"<th>{_escape(c)}</th>" for c in shown_columns]
    if columns > MAX_COLUMNS:
        head.append(f"<th>… {columns - MAX_COLUMNS} more columns</th>")
    body = []
    width = len(head)
    if rows > MAX_ROWS:
        half = MAX_ROWS // 2
        body += _rows(frame.iloc[:half, :MAX_COLUMNS])
        body.append(f'<tr class="nb-more"><td colspan="{width}">… {rows - MAX_ROWS:,} more rows</td></tr>')
        body += _rows(frame.iloc[-half:, :MAX_COLUMNS])
    else:
        body += _rows(frame.iloc[:, :MAX_COLUMNS])
    caption = f"{rows:,} row{'s' if rows != 1 else ''} × {columns:,} column{'s' if columns != 1 else ''}"
    return (
        f'<table class="nb-table"><caption>{caption}</caption><thead><tr>{"".join(head)}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _rows(frame: pd.DataFrame) -> list[str]:
    values = frame.to_numpy(dtype=object)
    return [
        f"<tr><th>{_escape(label)}</th>{''.join(f'<td>{_escape(v)}</td>' for v in row)}</tr>"
        for label, row in zip(frame.index, values, strict=True)
    ]


def _escape(value: Any) -> str:
    return html.escape(format_value(value), quote=True)


def format_value(value: Any) -> str:
    if isinstance(value, tuple):
        return ", ".join(format_value(v) for v in value)
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NaT:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return _format_float(value)
    if isinstance(value, pd.Timestamp | dt.datetime):
        moment = pd.Timestamp(value)
        return moment.strftime("%Y-%m-%d") if moment == moment.normalize() else moment.isoformat(sep=" ")
    text = str(value)
    return text if len(text) <= 200 else text[:197] + "..."


def _format_float(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    magnitude = abs(value)
    if magnitude != 0 and (magnitude < 1e-4 or magnitude >= 1e15):
        return f"{value:.4e}"
    if magnitude >= 1000:
        return f"{value:,.2f}"
    return f"{value:.6g}"


def error_output(exc: BaseException, notebook_path: str, cell_of_line: Any) -> dict:
    """ename, evalue and a traceback naming the notebook's cells and lines (and finance modules), not
    the runner's frames; a library's frames show as one line."""
    lines = ["Traceback (most recent call last):"]
    library = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == notebook_path:
            cell = cell_of_line(frame.lineno)
            lines.append(f"  {Path(notebook_path).name}, line {frame.lineno} (cell {cell}):")
            lines.append(f"    {(frame.line or '').strip()}")
            library = None
        elif frame.filename.startswith(FINANCE_DIR):
            name = Path(frame.filename).stem
            lines.append(f"  finfluency.finance.{name}, line {frame.lineno}, in {frame.name}:")
            lines.append(f"    {(frame.line or '').strip()}")
            library = None
        elif len(lines) > 1 and library is None:
            library = _library(frame.filename)
            lines.append(f"  (inside {library})")
    if isinstance(exc, SyntaxError) and exc.lineno:
        lines.append(f"  line {exc.lineno}: {(exc.text or '').strip()}")
    evalue = str(exc)[:2000]
    lines.append(f"{type(exc).__name__}: {evalue}" if evalue else type(exc).__name__)
    return {"type": "error", "ename": type(exc).__name__, "evalue": evalue, "traceback": "\n".join(lines)}


def _library(filename: str) -> str:
    parts = Path(filename).parts
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].split("-")[0]
    return "Python"
