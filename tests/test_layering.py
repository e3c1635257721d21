"""The structure stays true: imports between the apps of learn/ only point down the layers.

Every ``import`` in every module of learn/ counts, lazy ones inside functions and ``TYPE_CHECKING`` ones
included. An app may import itself freely; another app only if it sits in a lower layer. Two apps in
the same layer may not import each other ("sideways"), so no cycle between apps can form.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

LEARN = Path(__file__).resolve().parent.parent / "learn"

# Lowest first. "<top>" stands for the modules directly in learn/ (settings, urls, wsgi).
LAYERS: tuple[tuple[str, ...], ...] = (
    ("core", "finance"),  # leaves: helpers every app uses; pure maths
    ("lessons", "market"),  # content apps: each owns its models and its file parser; market data
    ("quizzes", "calculators", "notebooks"),
    ("accounts",),  # learner apps
    ("reviews",),
    ("progress",),
    ("exams",),
    ("mydata",),  # a learner's own data across every learner app: the archive, account deletion
    ("search",),  # the index over content
    ("publishing",),  # checks, syncs, previews and auto-syncs every content kind
    ("home", "<top>"),  # home page, healthz, settings, root URLconf
)
RANK = {app: rank for rank, layer in enumerate(LAYERS) for app in layer}
MAX_LINES = 450


def _modules(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "migrations" not in p.parts)


def _app(path: Path, root: Path) -> str:
    parts = path.relative_to(root).parts
    return parts[0] if len(parts) > 1 else "<top>"


def _imported(path: Path, root: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ["learn", *path.relative_to(root).parts[:-1]]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = package[: len(package) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found += [(node.lineno, name)]
            found += [(node.lineno, f"{name}.{alias.name}") for alias in node.names if name == "learn"]
    return found


def _violations(root: Path = LEARN) -> list[str]:
    problems = []
    for path in _modules(root):
        app = _app(path, root)
        for line, name in _imported(path, root):
            parts = name.split(".")
            if parts[0] != "learn" or len(parts) < 2:
                continue
            target = parts[1] if (root / parts[1]).is_dir() else "<top>"
            if target == app:
                continue
            where = f"learn/{path.relative_to(root).as_posix()}:{line}"
            if target not in RANK or app not in RANK:
                problems.append(
                    f"{where}: app '{target if target not in RANK else app}' has no layer in LAYERS"
                )
            elif RANK[target] == RANK[app]:
                problems.append(f"{where}: {app} imports {name}, sideways in its own layer")
            elif RANK[target] > RANK[app]:
                problems.append(f"{where}: {app} imports {name}, which is in a higher layer")
    return problems


def test_imports_only_point_down_the_layers():
    assert _violations() == []


def test_every_app_has_a_layer():
    apps = {p.name for p in LEARN.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert apps | {"<top>"} == set(RANK)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "from learn.reviews.models import Card\n",
            "lessons imports learn.reviews.models, which is in a higher layer",
        ),
        (
            "def f():\n    from learn.calculators import views\n",
            "lessons imports learn.calculators, which is in a higher layer",
        ),
        ("import learn.search.index\n", "lessons imports learn.search.index, which is in a higher layer"),
        ("from learn import progress\n", "lessons imports learn.progress, which is in a higher layer"),
        ("from ..quizzes import grading\n", "lessons imports learn.quizzes, which is in a higher layer"),
        ("from . import models\nfrom learn.core import source\n", None),
    ],
)
def test_the_check_sees_every_kind_of_import(tmp_path, source, expected):
    app = tmp_path / "learn" / "lessons"
    app.mkdir(parents=True)
    for name in ("core", "progress", "quizzes", "reviews", "search", "calculators"):
        (tmp_path / "learn" / name).mkdir()
    (app / "probe.py").write_text(source, encoding="utf-8")
    found = _violations(tmp_path / "learn")
    if expected is None:
        assert found == []
    else:
        assert (
            len(found) == 1 and found[0].startswith("learn/lessons/probe.py:") and found[0].endswith(expected)
        )


def test_no_module_is_over_450_lines():
    long = [
        f"learn/{p.relative_to(LEARN).as_posix()}: {n} lines"
        for p in _modules(LEARN)
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert long == []
