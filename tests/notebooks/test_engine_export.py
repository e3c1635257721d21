"""Downloads: a valid .ipynb for the chosen values, and a zip that runs in Jupyter without the site."""

from __future__ import annotations

import ast
import io
import json
import os
import sys
import zipfile
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from learn.notebooks import export
from learn.notebooks.export import ExportError, build_ipynb, build_zip, finance_files
from learn.notebooks.notebookcode import FINANCE_MODULES
from learn.notebooks.runner import run_notebook
from tests.notebooks.fixtures.fakes import fake_prices, sample_spec

# Runs in the test kernel before `import learn` can be tried: the editable install of this project
# puts learn on the path through a .pth finder; a download must run without it.
SITECUSTOMIZE = """\
import os, sys
sys.meta_path[:] = [
    f for f in sys.meta_path if "editable" not in type(f).__module__ + getattr(f, "__module__", "")
]
sys.path[:] = [p for p in sys.path if not os.path.exists(os.path.join(p or ".", "learn", "__init__.py"))]
"""


@pytest.fixture(scope="module")
def exported():
    spec, data = sample_spec(), fake_prices()
    values = spec.defaults() | {"window": 30}
    run = run_notebook(spec, values, {"prices": data})
    archive = build_zip(spec, values, {"prices": data}, variables=run["variables"])
    return spec, values, data, run, archive


def test_the_notebook_is_valid_and_holds_the_chosen_values():
    spec, data = sample_spec(), fake_prices()
    values = spec.defaults() | {"ticker": "MSFT", "window": 30}
    notebook = build_ipynb(spec, values, {"prices": data.provenance})
    nbformat.validate(notebook)
    assert notebook.nbformat == 4 and notebook.metadata.kernelspec.name == "python3"
    intro = notebook.cells[0]
    assert intro.cell_type == "markdown" and data.provenance.label() in intro.source
    assert "as of 2020-12-31" in intro.source and "Ticker or index = MSFT" in intro.source
    (parameters,) = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert "ticker = 'MSFT'" in parameters.source and "window = 30" in parameters.source
    checks = [c.source for c in notebook.cells if c.cell_type == "code" and "check(" in c.source]
    assert [s.splitlines()[-1] for s in checks] == [
        "check('max-drawdown', your_answer)",
        "check('annual-vol', your_answer)",
    ]
    assert len(notebook.cells) == 1 + len(spec.cells) + 2 * len(spec.exercises)
    assert nbformat.writes(notebook) == nbformat.writes(
        build_ipynb(spec, values, {"prices": data.provenance})
    )


def test_the_zip_holds_the_notebook_its_data_and_the_finfluency_folder(exported):
    spec, values, data, run, archive = exported
    files = zipfile.ZipFile(io.BytesIO(archive))
    assert sorted(files.namelist()) == [
        "returns-demo/README.txt",
        "returns-demo/data/prices.csv",
        "returns-demo/finfluency/__init__.py",
        "returns-demo/finfluency/_grading.py",
        "returns-demo/finfluency/_numbers.py",
        "returns-demo/finfluency/answers.json",
        "returns-demo/finfluency/datasets.json",
        "returns-demo/finfluency/finance/__init__.py",
        "returns-demo/finfluency/finance/returns.py",
        "returns-demo/returns-demo.ipynb",
    ]
    frame = pd.read_csv(files.open("returns-demo/data/prices.csv"), index_col=0, parse_dates=True)
    pd.testing.assert_frame_equal(frame, data.frame, check_freq=False)
    answers = json.loads(files.read("returns-demo/finfluency/answers.json"))
    assert answers["max-drawdown"]["expected"] == run["variables"]["max_dd"]
    assert answers["max-drawdown"]["unit"] == "percent" and answers["max-drawdown"]["tolerance"] == 0.005
    catalogue = json.loads(files.read("returns-demo/finfluency/datasets.json"))
    assert catalogue["prices"]["args"] == {"ticker": "AAPL", "start": "2020-01-01", "end": "2020-12-31"}
    assert catalogue["prices"]["label"] == data.provenance.label()
    shipped = files.read("returns-demo/finfluency/finance/returns.py").decode()
    assert shipped == Path("learn/finance/returns.py").read_text(encoding="utf-8")  # verbatim
    grading = files.read("returns-demo/finfluency/_grading.py").decode()
    imported = [n.module for n in ast.walk(ast.parse(grading)) if isinstance(n, ast.ImportFrom)]
    assert "_numbers" in imported and not [m for m in imported if m and m.startswith("learn")]
    assert build_zip(spec, values, {"prices": data}, variables=run["variables"]) == archive  # reproducible


def test_without_variables_the_zip_runs_the_notebook_for_the_answers(exported):
    spec, values, data, run, _ = exported
    archive = zipfile.ZipFile(io.BytesIO(build_zip(spec, values, {"prices": data})))
    answers = json.loads(archive.read("returns-demo/finfluency/answers.json"))
    assert answers["annual-vol"]["expected"] == run["variables"]["vol"]


def test_finance_modules_are_shipped_with_what_they_import():
    files = finance_files(["ratios"])
    assert sorted(files) == ["__init__.py", "ratios.py", "statements.py"]


@pytest.mark.parametrize("module", FINANCE_MODULES)
def test_every_finance_module_can_be_shipped(module):
    files = finance_files([module])
    assert f"{module}.py" in files and "__init__.py" in files


def test_a_finance_module_that_imports_the_site_is_refused(tmp_path, monkeypatch):
    finance = tmp_path / "finance"
    finance.mkdir()
    (finance / "__init__.py").write_text("")
    (finance / "leaky.py").write_text("from django.conf import settings\n")
    monkeypatch.setattr(export, "LEARN", tmp_path)
    with pytest.raises(ExportError, match="leaky.py imports django.conf"):
        finance_files(["leaky"])
    (finance / "leaky.py").write_text("from learn.core import numbers\n")
    with pytest.raises(ExportError, match="imports learn.core"):
        finance_files(["leaky"])


def test_the_downloaded_notebook_runs_offline_without_the_site(exported, tmp_path):
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    *_, archive = exported
    zipfile.ZipFile(io.BytesIO(archive)).extractall(tmp_path)
    folder = tmp_path / "returns-demo"
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(SITECUSTOMIZE)
    notebook = nbformat.read(folder / "returns-demo.ipynb", as_version=4)
    probe = (
        "try:\n    import learn\nexcept ImportError:\n    print('no learn')\nelse:\n    print(learn.__file__)"
    )
    notebook.cells.insert(0, nbformat.v4.new_code_cell(probe))
    for cell in notebook.cells:  # the learner's answers: the notebook's own variables
        if "your_answer = None" in cell.source:
            variable = "max_dd" if "max-drawdown" in cell.source else "vol"
            cell.source = cell.source.replace("your_answer = None", f"your_answer = {variable}")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "PYTHON"))}
    env |= {
        "PYTHONPATH": f"{blocker}{os.pathsep}{folder}",
        "FINFLUENCY_OFFLINE": "1",
        "PYTHONNOUSERSITE": "1",
    }
    client = nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3")
    client.execute(cwd=str(folder), env=env)
    printed = [
        o.get("text", "") for c in notebook.cells for o in c.get("outputs", []) if o.output_type == "stream"
    ]
    assert printed[0] == "no learn\n"
    assert any("finfluency: 'prices' loaded from data/prices.csv" in text for text in printed)
    assert printed[-2:] == ["Correct.\n", "Correct.\n"]
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    assert sys.executable  # the kernel is the venv's python3 (ipykernel's own kernel spec)
