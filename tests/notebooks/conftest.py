"""Fixtures of the notebook site tests (tests/notebooks/test_site_*.py): a small content tree with one
notebook that needs no market data, published; and helpers to read its runs."""

from __future__ import annotations

import pytest

from learn.publishing.sync import sync_content

NOTEBOOK = """# ---
# finfluency:
#   title: Compound growth
#   lesson: first
#   parameters:
#     rate: {type: float, default: 0.05, min: -0.5, max: 1.0, label: Rate}
#     years: {type: int, default: 10, min: 1, max: 50, label: Years}
#   grid: [{years: 20}]
#   exercises:
#     - key: growth
#       prompt: By what factor does the money grow?
#       answer: factor
#       unit: number
#       tolerance: 0.001
#       hint: Multiply by one plus the rate, once a year.
# ---

# %% [markdown]
# Money grows by **compounding**: see [[working capital]].

# %% tags=["parameters"]
rate = 0.05
years = 10

# %%
import matplotlib.pyplot as plt
import pandas as pd

factor = (1 + rate) ** years
print(f"factor {factor:.4f}")
pd.DataFrame({"year": list(range(years + 1)), "value": [(1 + rate) ** t for t in range(years + 1)]})

# %%
fig, ax = plt.subplots(figsize=(4, 2))
ax.plot(range(years + 1), [(1 + rate) ** t for t in range(years + 1)])
"""

NOTEBOOK_PATH = "notebooks/growth.py"


@pytest.fixture
def site_settings(settings):
    """No live market data, the dummy task backend (it records jobs, runs none), fresh rate limits."""
    from django.core.cache import cache

    cache.clear()
    settings.MARKET_LIVE = False
    settings.NOTEBOOK_TIMEOUT_SECONDS = 20
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return settings


@pytest.fixture
def published(db, content, site_settings):
    """A valid content tree with the notebook, synced; the content tree is returned."""
    content.valid()
    content.write(NOTEBOOK_PATH, NOTEBOOK)
    report = sync_content(content.dir, root=content.root)
    assert report.ok, [str(p) for p in report.problems]
    return content


def enqueued() -> list:
    """The jobs the dummy task backend was given."""
    from django_tasks import task_backends

    return task_backends["default"].results
