"""The runner: a forked child per run, Jupyter-like outputs, limits that stop runaway notebooks."""

from __future__ import annotations

import json
import statistics

import pytest

from learn.finance import returns
from learn.notebooks.runner import parameters_source, run_notebook
from tests.notebooks.fixtures.fakes import fake_prices, sample_spec, spec_with_cells


@pytest.fixture(scope="module")
def sample_run():
    spec = sample_spec()
    data = fake_prices()
    return spec, data, run_notebook(spec, spec.defaults(), {"prices": data})


def _outputs(run, kind):
    return [o for c in run["cells"] for o in c["outputs"] if o["type"] == kind]


def test_it_runs_the_sample_and_reports_the_answers(sample_run):
    spec, data, run = sample_run
    assert run["status"] == "ok" and run["error_cell"] is None
    close = data.frame["adj_close"].to_numpy()
    assert run["variables"]["max_dd"] == pytest.approx(returns.max_drawdown(close).max_drawdown)
    assert run["variables"]["vol"] == pytest.approx(
        returns.annualized_volatility(returns.simple_returns(close))
    )
    assert run["provenance"] == {"prices": data.provenance.to_json()}
    assert [c["index"] for c in run["cells"]] == [c.index for c in spec.cells]
    assert json.loads(json.dumps(run)) == run  # JSON-able as stored


def test_it_shows_prints_and_last_expressions_in_order(sample_run):
    _, _, run = sample_run
    texts = [o["text"] for o in _outputs(run, "text")]
    assert texts[0] == "AAPL: 262 prices from 2020-01-01 to 2020-12-31\n"
    vol = run["variables"]["vol"]
    assert repr(vol) in texts  # the cell's last expression, a numpy float shown as a plain float
    assert f"Maximum drawdown: {run['variables']['max_dd']:.2%}\n" in texts  # show() of text


def test_it_renders_a_frame_as_an_escaped_table_of_at_most_60_rows(sample_run):
    _, data, run = sample_run
    (table,) = _outputs(run, "table")
    html = table["html"]
    assert html.count("<tr>") == 1 + 60  # header + 30 first and 30 last rows
    assert f"… {len(data.frame) - 60:,} more rows" in html
    assert "<th>2020-01-01</th>" in html and "<th>2020-12-31</th>" in html
    assert "262 rows × 6 columns" in html


def test_a_figure_becomes_a_deterministic_svg_with_the_data_source(sample_run):
    spec, data, run = sample_run
    (figure,) = _outputs(run, "svg")
    assert figure["svg"].startswith("<svg") and figure["svg"].rstrip().endswith("</svg>")
    assert figure["caption"] == "Source: " + data.provenance.label()
    again = run_notebook(spec, spec.defaults(), {"prices": data})
    assert _outputs(again, "svg")[0]["svg"] == figure["svg"]


def test_the_parameters_cell_holds_the_chosen_values_as_literals():
    spec = sample_spec()
    values = spec.defaults() | {"ticker": "MSFT'); __import__('os').system('x", "window": 30}
    source = parameters_source(spec, values)
    assert "window = 30" in source and "start = datetime.date(2020, 1, 1)" in source
    assert source.splitlines()[0] == "import datetime"
    run = run_notebook(spec, values, {"prices": fake_prices()})
    assert run["cells"][spec.parameters_cell.index]["source"] == source
    assert _outputs(run, "text")[0]["text"].startswith("MSFT'); __import__('os').system('x: 262 prices")


def test_it_refuses_values_that_are_not_plain_literals():
    spec = sample_spec()
    with pytest.raises(ValueError, match="type list"):
        run_notebook(spec, spec.defaults() | {"window": [1]}, {"prices": fake_prices()})
    with pytest.raises(ValueError, match="declares"):
        run_notebook(spec, {"window": 3}, {"prices": fake_prices()})


def test_an_exception_stops_the_run_with_a_traceback_naming_the_cell_and_line():
    spec = spec_with_cells("x = n * 2", "def f(v):\n    return v / 0\n\ny = f(x)", "z = 1")
    run = run_notebook(spec, {"n": 3}, {})
    assert run["status"] == "error"
    failing = spec.code_cells[2]
    assert run["error_cell"] == failing.index
    (error,) = run["cells"][failing.index]["outputs"]
    assert error["ename"] == "ZeroDivisionError" and error["evalue"] == "division by zero"
    assert f"probe.py, line {failing.line + 3} (cell {failing.index})" in error["traceback"]
    assert f"probe.py, line {failing.line + 1} (cell {failing.index})" in error["traceback"]
    assert "return v / 0" in error["traceback"] and "runner" not in error["traceback"]
    assert run["cells"][spec.code_cells[3].index]["outputs"] == []  # never ran


def test_a_failing_finance_call_names_the_finance_module():
    spec = spec_with_cells("from finfluency.finance import returns\nreturns.simple_returns([1.0])")
    run = run_notebook(spec, {"n": 3}, {})
    error = run["cells"][run["error_cell"]]["outputs"][-1]
    assert error["ename"] == "ValueError"
    assert "finfluency.finance.returns, line" in error["traceback"]


def test_answers_are_floats_and_nan_is_none():
    exercises = "#   exercises:\n" + "".join(
        f"#     - {{key: q{i}, prompt: P, answer: {name}, unit: number, tolerance: 0}}\n"
        for i, name in enumerate(["a", "b", "c", "d"])
    )
    spec = spec_with_cells(
        "import numpy as np\na = np.float64(0.25)\nb = float('nan')\nc = np.int64(7)\nd = 'text'",
        exercises=exercises,
    )
    run = run_notebook(spec, {"n": 3}, {})
    assert run["variables"] == {"a": 0.25, "b": None, "c": 7.0, "d": None}


def test_a_runaway_loop_is_stopped_by_the_timeout():
    spec = spec_with_cells("print('before')", "while True:\n    pass", "print('after')")
    run = run_notebook(spec, {"n": 3}, {}, timeout=1.0)
    assert run["status"] == "timeout"
    assert run["error_cell"] == spec.code_cells[2].index
    assert run["cells"][spec.code_cells[1].index]["outputs"][0]["text"] == "before\n"  # kept
    assert run["cells"][run["error_cell"]]["outputs"][-1]["ename"] == "Timeout"
    assert 1.0 <= run["seconds"] < 3.0


@pytest.mark.parametrize(
    "code",
    ["x = bytearray(4 * 10**9)", "import numpy as np\nx = np.ones((30_000, 30_000))", "x = [0] * 10**9"],
)
def test_a_memory_hog_is_stopped_by_the_memory_limit(code):
    spec = spec_with_cells("print('ok')", code)
    run = run_notebook(spec, {"n": 3}, {}, memory_mb=300)
    assert run["status"] == "killed"
    assert run["error_cell"] == spec.code_cells[2].index
    error = run["cells"][run["error_cell"]]["outputs"][-1]
    assert error["ename"].endswith("MemoryError") and "300 MB" in error["evalue"]
    assert run["seconds"] < 5


@pytest.mark.parametrize(
    ("code", "how"),
    [
        ("import os\nos._exit(0)", "exit code 0"),
        ("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)", "signal SIGSEGV"),
        ("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)", "signal SIGKILL"),
    ],
)
def test_a_run_that_dies_midway_is_reported_killed_and_never_hangs(code, how):
    spec = spec_with_cells("print('ok')", code, "print('never')", trusted=True)
    run = run_notebook(spec, {"n": 3}, {}, timeout=10)
    assert run["status"] == "killed"
    assert run["error_cell"] == spec.code_cells[2].index
    assert how in run["cells"][run["error_cell"]]["outputs"][-1]["evalue"]
    assert run["seconds"] < 5


def test_sys_exit_is_an_error_in_its_cell_as_in_jupyter():
    spec = spec_with_cells("import math\nraise SystemExit(2)")
    run = run_notebook(spec, {"n": 3}, {})
    assert (
        run["status"] == "error" and run["cells"][run["error_cell"]]["outputs"][-1]["ename"] == "SystemExit"
    )


def test_each_run_starts_from_a_fresh_namespace():
    spec = spec_with_cells(
        "import math\ntry:\n    leftover\nexcept NameError:\n    print('fresh')\nleftover = 1"
    )
    for _ in range(2):
        assert run_notebook(spec, {"n": 3}, {})["cells"][-1]["outputs"] == [
            {"type": "text", "text": "fresh\n"}
        ]


def test_load_of_an_undeclared_dataset_says_what_exists():
    spec = spec_with_cells("from finfluency import load\nname = 'nope'\nload(name)")
    run = run_notebook(spec, {"n": 3}, {"prices": fake_prices()})
    assert "no dataset 'nope': this notebook declares prices" in run["cells"][-1]["outputs"][-1]["evalue"]


def test_a_cell_ending_with_a_semicolon_shows_nothing_and_axes_are_not_printed():
    spec = spec_with_cells("n * 2;", "import matplotlib.pyplot as plt\nplt.plot([1, 2])")
    run = run_notebook(spec, {"n": 3}, {})
    assert run["cells"][spec.code_cells[1].index]["outputs"] == []
    assert [o["type"] for o in run["cells"][spec.code_cells[2].index]["outputs"]] == ["svg"]


def test_a_run_is_fast_once_the_parent_is_warm():
    spec, data = sample_spec(), fake_prices()
    run_notebook(spec, spec.defaults(), {"prices": data})
    seconds = [run_notebook(spec, spec.defaults(), {"prices": data})["seconds"] for _ in range(5)]
    assert statistics.median(seconds) < 1.0  # about 0.17 s on a 2-core machine; a kernel takes 2-5 s


def test_dates_and_numpy_values_survive_the_pipe():
    spec = spec_with_cells(
        "import datetime\nimport numpy as np\nprint(datetime.date(2020, 1, 2), np.float32(1.5))"
    )
    assert run_notebook(spec, {"n": 3}, {})["cells"][-1]["outputs"][0]["text"] == "2020-01-02 1.5\n"


def test_tables_escape_what_they_show_and_outputs_are_capped():
    spec = spec_with_cells(
        "import pandas as pd\nfrom finfluency import show\n"
        "show(pd.DataFrame({'<b>x</b>': ['<script>alert(1)</script>', 'a&b']}))\n"
        "for i in range(200):\n    show(pd.Series([i]))\n    print('x' * 1000)"
    )
    outputs = run_notebook(spec, {"n": 3}, {})["cells"][-1]["outputs"]
    html = outputs[0]["html"]
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<th>&lt;b&gt;x&lt;/b&gt;</th>" in html and "<td>a&amp;b</td>" in html
    assert len(outputs) == 51 and outputs[-1]["text"].startswith("… more than 50 outputs")
    assert sum(len(o.get("text", "")) for o in outputs) < 25_000


def test_plt_show_shows_the_figure_there_and_warnings_are_one_line():
    spec = spec_with_cells(
        "import matplotlib.pyplot as plt\nimport warnings\n"
        "plt.plot([1, 2])\nplt.show()\nprint('after')\nwarnings.warn('careful', FutureWarning)",
        trusted=True,
    )
    outputs = run_notebook(spec, {"n": 3}, {})["cells"][-1]["outputs"]
    assert [o["type"] for o in outputs] == ["svg", "text"]
    assert outputs[1]["text"] == "after\nFutureWarning: careful\n"
