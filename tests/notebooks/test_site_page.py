"""The notebook page: the defaults and the grid are database reads (no job); another parameter set
queues one job, once; bad or hostile parameters are refused on the field with nothing queued."""

from __future__ import annotations

import re

import pytest

from learn.notebooks.models import NotebookRun, RunStatus
from tests.notebooks.conftest import enqueued

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
APPLE = """# ---
# finfluency:
#   title: Apple prices
#   lesson: first
#   parameters:
#     ticker: {type: choice, choices: [AAPL, MSFT], free_text: true, default: AAPL, label: Ticker}
#     start: {type: date, default: 2005-01-03, min: 2000-01-01, max: 2013-12-31, label: From}
#     end: {type: date, default: 2005-03-31, min: 2000-01-01, max: 2013-12-31, label: To}
#   constraints: ["start < end"]
#   data:
#     prices: {kind: prices, ticker: ticker, start: start, end: end}
# ---

# %% tags=["parameters"]
import datetime

ticker = "AAPL"
start = datetime.date(2005, 1, 3)
end = datetime.date(2005, 3, 31)

# %%
import matplotlib.pyplot as plt

from finfluency import load

prices = load("prices")
fig, ax = plt.subplots(figsize=(4, 2))
prices.frame["close"].plot(ax=ax)
prices.frame.tail(3)
"""


def test_the_default_view_shows_the_outputs_and_queues_nothing(client, published):
    response = client.get("/notebooks/growth/")
    page = response.content.decode()
    assert response.status_code == 200 and enqueued() == []
    assert "<h1>Compound growth</h1>" in page
    assert "<strong>compounding</strong>" in page  # the prose, rendered by the lessons' renderer
    assert '<details class="nb-code" open>' in page and 'class="highlight"' in page  # collapsible code
    assert f"factor {1.05**10:.4f}" in page  # printed text, in a <pre>
    assert "<table" in page and "<td" in page  # the DataFrame
    assert "<svg" not in page  # the chart is an image at its own URL, never inline markup
    chart = re.search(r'<img src="(/notebooks/growth/charts/\d+/\d+/\d+-0\.svg)"', page).group(1)
    image = client.get(chart)
    assert image.status_code == 200 and image["Content-Type"].startswith("image/svg+xml")
    assert image.content.startswith(b"<svg") or b"<svg" in image.content[:300]
    assert image["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"
    assert image["X-Content-Type-Options"] == "nosniff" and "immutable" in image["Cache-Control"]
    assert 'data-testid="running"' not in page


def test_a_chart_url_answers_only_for_its_run_and_version(client, published):
    page = client.get("/notebooks/growth/").content.decode()
    chart = re.search(r'<img src="/notebooks/growth/charts/(\d+)/(\d+)/(\d+)-0\.svg"', page)
    run, stamp, index = chart.groups()
    assert client.get(f"/notebooks/growth/charts/{run}/{stamp}/{index}-0.svg").status_code == 200
    for wrong in (
        f"/notebooks/growth/charts/{run}/1{stamp}/{index}-0.svg",  # another version of the run
        f"/notebooks/growth/charts/{run}/{stamp}/{index}-9.svg",  # no such chart
        f"/notebooks/other/charts/{run}/{stamp}/{index}-0.svg",  # another notebook's URL
        f"/notebooks/growth/charts/999999/{stamp}/{index}-0.svg",
    ):
        assert client.get(wrong).status_code == 404, wrong


def test_a_grid_value_is_a_cache_read_too(client, published):
    page = client.get("/notebooks/growth/?rate=0.05&years=20").content.decode()
    assert enqueued() == [] and f"factor {1.05**20:.4f}" in page


def test_another_value_queues_one_job_and_a_repeat_joins_it(client, published):
    page = client.get("/notebooks/growth/?rate=0.05&years=7").content.decode()
    run = NotebookRun.objects.get(params_key='{"rate":0.05,"years":7}')
    assert run.status == RunStatus.QUEUED and not run.published
    assert len(enqueued()) == 1 and enqueued()[0].args == [run.pk]
    assert 'data-testid="running"' in page
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page  # without JavaScript
    assert 'hx-trigger="load delay:1s"' in page  # with htmx: polls the outputs block
    again = client.get("/notebooks/growth/?years=7&rate=0.050", **HX)  # same typed values
    assert len(enqueued()) == 1 and NotebookRun.objects.count() == 3
    fragment = again.content.decode()
    assert again.status_code == 200 and "<html" not in fragment and 'id="nb-outputs"' in fragment


def test_a_bad_value_is_an_error_on_its_field_and_nothing_is_queued(client, published):
    response = client.get("/notebooks/growth/?rate=0.05&years=500")
    page = response.content.decode()
    assert response.status_code == 200 and enqueued() == []
    assert "&#x27;Years&#x27; must be at most 50 (you gave 500)." in page
    assert 'aria-invalid="true" aria-describedby="nb-err-years"' in page
    assert 'value="500"' in page  # what was typed comes back
    assert 'data-testid="invalid"' in page
    assert NotebookRun.objects.count() == 2


def test_with_htmx_a_bad_value_updates_the_field_error_out_of_band(client, published):
    fragment = client.get("/notebooks/growth/?rate=abc&years=5", **HX).content.decode()
    assert "<html" not in fragment and enqueued() == []
    assert 'id="nb-err-rate" role="alert" hx-swap-oob="true"' in fragment
    assert "must be a number" in fragment


@pytest.mark.parametrize(
    "query",
    [
        "rate=__import__('os').system('id')",
        "rate=0.05%0Aimport+os",
        "years=1e9",
        "years=" + "9" * 500,
        "rate=nan",
        "rate=inf",
        "years=3);print(1",
    ],
)
def test_hostile_values_are_refused(client, published, query):
    response = client.get(f"/notebooks/growth/?{query}")
    assert response.status_code == 200 and 'data-testid="invalid"' in response.content.decode()
    assert enqueued() == [] and NotebookRun.objects.count() == 2


def test_a_client_cannot_queue_runs_without_limit(client, published, settings):
    settings.NOTEBOOK_RUNS_PER_HOUR = 2
    for years in (3, 4):
        client.get(f"/notebooks/growth/?years={years}")
    page = client.get("/notebooks/growth/?years=5").content.decode()
    assert len(enqueued()) == 2 and 'data-testid="refused"' in page
    assert "You have started 2 new runs this hour" in page
    assert client.get("/notebooks/growth/?years=20").status_code == 200  # cached values still show
    assert len(enqueued()) == 2


def test_a_full_queue_refuses_new_runs_for_everyone(client, published, settings):
    settings.NOTEBOOK_MAX_QUEUED = 1
    client.get("/notebooks/growth/?years=3")
    page = client.get("/notebooks/growth/?years=4", REMOTE_ADDR="203.0.113.9").content.decode()
    assert len(enqueued()) == 1 and "The site is busy" in page


def test_an_archived_or_unknown_notebook_is_not_found(client, published):
    assert client.get("/notebooks/nope/").status_code == 404
    from learn.notebooks.models import Notebook

    Notebook.objects.update(archived=True)
    assert client.get("/notebooks/growth/").status_code == 404


def test_every_data_output_names_its_data(client, content, site_settings):
    """A notebook on market data (the offline snapshot, live data off): each table and chart says where
    its data comes from, as the market data API words it."""
    from learn.publishing.sync import sync_content

    content.valid()
    content.write("notebooks/apple.py", APPLE)
    assert sync_content(content.dir, root=content.root).ok
    page = client.get("/notebooks/apple/").content.decode()
    label = "Snapshot of real data: Quandl WIKI prices via bokeh-sampledata (public domain), to 2005-03-31"
    assert page.count(f'<p class="small muted nb-data">Data: {label}') == 2  # the chart and the table
    assert f'data-testid="provenance">Data: {label}' in page
    run = NotebookRun.objects.get(notebook__slug="apple")
    assert str(run.data_as_of) == "2005-03-31" and run.outputs["provenance"]["prices"]["kind"] == "snapshot"
