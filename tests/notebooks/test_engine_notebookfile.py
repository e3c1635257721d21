"""Notebook files: the header, the cells and every problem reported as path:line: message."""

from __future__ import annotations

import datetime as dt

import pytest

from learn.core.source import sha256
from learn.notebooks.notebookfile import parse_notebook
from learn.notebooks.notebookheader import ParamRef
from tests.notebooks.fixtures.fakes import SAMPLE, sample_spec

TEXT = SAMPLE.read_text(encoding="utf-8")
PATH = "tests/notebooks/fixtures/returns-demo.py"


def test_it_reads_the_header():
    spec = sample_spec()
    assert (spec.slug, spec.title, spec.lesson, spec.outcomes) == (
        "returns-demo",
        "Returns, volatility and drawdown",
        "market-risk-basics",
        ["A3.2"],
    )
    assert spec.version == sha256(TEXT)
    assert list(spec.parameters) == ["ticker", "start", "end", "window"]
    assert spec.parameters["start"].default == dt.date(2020, 1, 1)
    assert (
        spec.parameters["ticker"].choices == ("AAPL", "MSFT", "^GSPC") and spec.parameters["ticker"].free_text
    )
    assert [str(c) for c in spec.constraints] == ["start < end"]
    assert spec.grid == [spec.defaults() | {"ticker": "MSFT"}]
    prices = spec.data["prices"]
    assert prices.kind == "prices" and prices.args["ticker"] == ParamRef("ticker")
    assert prices.arguments(spec.defaults()) == {
        "ticker": "AAPL",
        "start": dt.date(2020, 1, 1),
        "end": dt.date(2020, 12, 31),
    }
    assert [(e.key, e.answer, e.unit, e.tolerance) for e in spec.exercises] == [
        ("max-drawdown", "max_dd", "percent", 0.005),
        ("annual-vol", "vol", "percent", 0.005),
    ]


def test_it_splits_the_cells_and_knows_the_line_each_starts_on():
    spec = sample_spec()
    lines = TEXT.split("\n")
    assert [c.kind for c in spec.cells] == ["markdown", "code", "code", "markdown", "code", "code"]
    assert spec.parameters_cell.tags == ("parameters",)
    for cell in spec.cells:
        first = cell.source.split("\n")[0]
        assert lines[cell.line - 1].removeprefix("# ") == first
    assert spec.cells[0].source.startswith("# Returns, volatility and drawdown")


def _problems(old: str, new: str, text: str = TEXT) -> list[str]:
    assert old in text
    _, problems = parse_notebook(PATH, text.replace(old, new, 1))
    return [str(p) for p in problems]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("#   lesson: market-risk-basics\n", "", ":3: missing required key 'lesson' in 'finfluency'"),
        (
            "#   outcomes:",
            "#   outcome:",
            ":5: unknown key 'outcome' in 'finfluency' (did you mean 'outcomes'?)",
        ),
        ("[A3.2]", "[a3]", ":5: outcome the text 'a3' must be an outcome id such as 'A3.2'"),
        ("type: int, default: 21", "type: integer, default: 21", ":10: parameter 'window' has unknown type"),
        (
            "default: 21, min: 5",
            "default: 2, min: 5",
            ":10: parameter 'window': 'default' '2' is not allowed",
        ),
        (
            "default: AAPL, label",
            "default: '$$$', label",
            ":7: parameter 'ticker': 'default' '$$$' is not allowed",
        ),
        ("free_text: true, ", "", ":7: parameter 'ticker': 'default' 'AAPL'"),  # fine: still a choice
        (
            "default: 2020-01-01, min",
            "default: 1990-01-01, min",
            ":8: parameter 'start': 'default' '1990-01-01'",
        ),
        (
            "min: 5, max: 252",
            "min: 5, max: 252, step: 1",
            ":10: unknown key 'step' for parameter 'window' of type int",
        ),
        (
            "#     window: {type: int, default: 21",
            "#     Window: {type: int, default: 21",
            ":10: parameter name",
        ),
        ('["start < end"]', '["end < start"]', ":11: the defaults break the constraint 'end < start'"),
        ('["start < end"]', '["start < finish"]', ":11: constraint 'start < finish' names unknown parameter"),
        ('["start < end"]', '["start != end"]', ":11: constraint the text 'start != end' must read"),
        ("[{ticker: MSFT}]", "[{tickr: MSFT}]", ":12: grid entry names unknown parameter 'tickr'"),
        ("[{ticker: MSFT}]", "[{window: 1000}]", ":12: grid value for 'window'"),
        (
            "ticker: ticker, start",
            "ticker: tickr, start",
            ":14: dataset 'prices' argument 'ticker': names unknown",
        ),
        (
            "start: start, end: end}",
            "start: window, end: end}",
            "argument 'start': parameter 'window' has type int, but a date",
        ),
        ("kind: prices,", "kind: options,", ":14: dataset 'prices' needs 'kind', one of prices"),
        (", end: end}", "}", ":14: dataset 'prices' (prices) needs 'end'"),
        ("answer: max_dd", "answer: max_drawdown", ":18: exercise 'max-drawdown': no code cell assigns"),
        (
            "unit: percent\n#       tolerance: 0.005\n#       hint",
            "unit: pct\n#       tolerance: 0.005\n#       hint",
            ":19: unknown unit 'pct'",
        ),
        ("key: annual-vol", "key: max-drawdown", ":22: exercise key 'max-drawdown' is used twice"),
        ('# %% tags=["parameters"]', "# %%", ":6: the parameters need a cell tagged parameters"),
        ("window = 21\n", "", ":35: the parameters cell does not set the declared parameter 'window'"),
        ("window = 21\n", "window = 21\nwin = 3\n", ":42: the parameters cell sets 'win', which the header"),
        (
            "window = 21\n",
            "window = 20\n",
            ":41: the parameters cell sets window = 20, but the header's default",
        ),
        (
            "window = 21\n",
            "window = 21\nprint(window)\n",
            ":42: the parameters cell may only hold assignments",
        ),
        ("import numpy as np\n", "import numpy as np\nimport os\n", ":46: import of 'os' is not allowed"),
        (
            "import numpy as np\n",
            "import numpy as np\nfrom finfluency import fetch\n",
            ":46: 'finfluency' has no",
        ),
        (
            "from finfluency.finance import returns",
            "from finfluency.finance import options",
            ":48: 'finfluency.finance' has no module 'options'",
        ),
        ('prices = load("prices")', 'prices = load("price")', ":50: load('price'): no such dataset"),
        (
            "vol = returns.annualized_volatility(daily)",
            "vol = returns.annualized_volatility(daily",
            ":60: Python syntax error in a code cell",
        ),
        ("import numpy as np\n", "import numpy as np\n%matplotlib inline\n", "IPython magics"),
        ("# ---\n# finfluency:", "# --\n# finfluency:", ":1: missing header"),
        ("# ---\n\n# %% [markdown]", "\n# %% [markdown]", ":28: the header is not closed"),
        ("#   title: Returns", "#   title: [Returns", "invalid YAML in the header"),
        ("# finfluency:\n", "# finfluency:\n#x\n", ":3: the header is not closed"),
    ],
)
def test_it_reports_each_problem_with_its_line(old, new, expected):
    problems = _problems(old, new)
    if expected.startswith(":7: parameter 'ticker': 'default' 'AAPL'"):
        assert problems == []  # without free_text the default must still be one of the choices: it is
        return
    assert any(expected in p for p in problems), problems
    assert all(p.startswith(PATH + ":") for p in problems)


def test_one_mistake_gives_one_problem():
    assert _problems(
        "vol = returns.annualized_volatility(daily)", "vol = returns.annualized_volatility(daily"
    ) == [f"{PATH}:60: Python syntax error in a code cell: '(' was never closed"]
    assert _problems("start: start, end: end}", "start: window, end: end}") == [
        f"{PATH}:14: dataset 'prices' argument 'start': parameter 'window' has type int, but a date is needed"
    ]


def test_an_unclosed_header_is_reported():
    _, problems = parse_notebook(PATH, "# ---\n# finfluency:\n#   title: T\n")
    assert [str(p) for p in problems] == [
        f"{PATH}:4: the header is not closed: each header line starts with '# ', and '# ---' ends it"
    ]
    _, problems = parse_notebook(PATH, "# ---\n# finfluency:\n#   title: T")
    assert [str(p) for p in problems] == [f"{PATH}:1: the header is not closed: add a line '# ---' after it"]


def test_a_choice_default_outside_the_choices_needs_free_text():
    problems = _problems("free_text: true, default: AAPL", "default: IBM")
    assert any(":7: parameter 'ticker': 'default' 'IBM' is not one of the choices" in p for p in problems)


def test_a_notebook_without_parameters_needs_no_parameters_cell():
    text = "# ---\n# finfluency:\n#   title: T\n#   lesson: l\n# ---\n# %%\nx = 1\n"
    spec, problems = parse_notebook("content/notebooks/t.py", text)
    assert problems == [] and spec.parameters == {} and spec.parameters_cell is None
    assert [(c.kind, c.source, c.line) for c in spec.cells] == [("code", "x = 1", 7)]


def test_a_date_default_may_be_written_as_text_in_the_parameters_cell():
    assert _problems("start = datetime.date(2020, 1, 1)", 'start = "2020-01-01"') == []
