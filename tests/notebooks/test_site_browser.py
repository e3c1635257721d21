"""In a real browser (Chromium): the parameter form swaps only the outputs block with htmx, shows a
running state that polls until the worker is done, puts errors on the field, and breaks no CSP rule."""

from __future__ import annotations

import os
import re

import pytest

from learn.notebooks.models import NotebookRun
from learn.notebooks.tasks import run_notebook_task
from tests.e2e.conftest import CHROMIUM, HAVE_CHROMIUM

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + Playwright's event loop
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not HAVE_CHROMIUM, reason="no Chromium found: apt-get install chromium"),
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": ["--disable-background-networking", "--disable-component-update", "--no-sandbox",
                     "--disable-gpu"]}  # fmt: skip


def test_the_form_runs_polls_and_shows_the_result_in_place(live_server, published, page):
    from playwright.sync_api import expect

    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{live_server.url}/notebooks/growth/")
    expect(page.locator(".nb-chart img")).to_be_visible()  # the SVG chart renders under the CSP
    assert page.locator(".nb-chart img").evaluate("img => img.naturalWidth") > 0
    page.evaluate("window.notReloaded = true")
    chart_before = page.locator(".nb-chart img").first.get_attribute("src")

    page.get_by_label("Years").fill("500")
    page.get_by_role("button", name="Run").click()
    expect(page.locator("#nb-err-years")).to_contain_text("must be at most 50")
    expect(page.get_by_label("Years")).to_have_attribute("aria-invalid", "true")

    page.get_by_label("Years").fill("7")
    page.get_by_role("button", name="Run").click()
    expect(page.locator('[data-testid="running"]')).to_be_visible()
    expect(page.locator("#nb-err-years")).to_have_text("")
    assert re.search(r"/notebooks/growth/\?rate=0\.05&years=7$", page.url)
    run = NotebookRun.objects.get(params_key='{"rate":0.05,"years":7}')
    run_notebook_task.call(run.pk)  # the worker
    expect(page.locator("#nb-outputs")).to_contain_text(f"factor {1.05**7:.4f}", timeout=10_000)
    assert page.evaluate("window.notReloaded") is True  # swapped in place, never reloaded
    chart_after = page.locator(".nb-chart img").first
    expect(chart_after).to_be_visible()
    assert chart_after.evaluate("img => img.naturalWidth") > 0
    assert chart_after.get_attribute("src") != chart_before  # the chart changed with the parameter
    assert problems == []
