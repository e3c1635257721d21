"""Every public function, class and method of learn.finance names the source of its formula."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import learn.finance


def public_callables():
    for info in pkgutil.iter_modules(learn.finance.__path__):
        module = importlib.import_module(f"learn.finance.{info.name}")
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(obj):
                yield f"{module.__name__}.{name}", obj
            elif inspect.isclass(obj):
                yield f"{module.__name__}.{name}", obj
                for attr, member in vars(obj).items():
                    if not attr.startswith("_") and inspect.isfunction(member):
                        yield f"{module.__name__}.{name}.{attr}", member


CALLABLES = sorted(public_callables(), key=lambda item: item[0])


def test_the_finance_package_has_public_callables():
    assert len(CALLABLES) > 50


@pytest.mark.parametrize(("name", "obj"), CALLABLES, ids=[name for name, _ in CALLABLES])
def test_each_public_callable_cites_its_source(name, obj):
    doc = inspect.getdoc(obj) or ""
    assert doc, f"{name} has no docstring"
    assert "source" in doc.lower(), f"{name}: the docstring does not say where its formula comes from"


def test_the_finance_package_never_imports_django():
    for info in pkgutil.iter_modules(learn.finance.__path__):
        source = inspect.getsource(importlib.import_module(f"learn.finance.{info.name}"))
        assert "import django" not in source and "from django" not in source, info.name
