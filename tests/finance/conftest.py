"""The finance engine is pure maths: no Django, no database.

The project-wide ``tests/conftest.py`` has an autouse fixture that needs
pytest-django's ``settings``; this package overrides it with a no-op so the
finance tests run with or without the Django plugin (``-p no:django``).
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _test_settings():
    yield
