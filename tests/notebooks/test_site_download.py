"""The download: a zip with the notebook as .ipynb for the chosen parameters, without running anything
in the web request."""

from __future__ import annotations

import io
import json
import zipfile

import nbformat
import pytest

from tests.notebooks.conftest import enqueued

pytestmark = pytest.mark.django_db


def test_the_download_is_a_zip_with_the_notebook_for_these_parameters(client, published, monkeypatch):
    def no_runs(*args, **kwargs):
        raise AssertionError("the download ran the notebook in the web request")

    monkeypatch.setattr("learn.notebooks.export.run_notebook", no_runs)
    response = client.get("/notebooks/growth/download?rate=0.05&years=20")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="growth.zip"'
    files = zipfile.ZipFile(io.BytesIO(response.content))
    names = files.namelist()
    ipynb = next(name for name in names if name.endswith(".ipynb"))
    notebook = nbformat.reads(files.read(ipynb).decode(), as_version=4)
    parameters = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    assert "years = 20" in parameters.source
    answers = json.loads(files.read(next(n for n in names if n.endswith("answers.json"))))
    assert answers["growth"]["expected"] == pytest.approx(1.05**20)  # from the stored run
    assert enqueued() == []


def test_bad_parameters_send_back_to_the_page(client, published):
    response = client.get("/notebooks/growth/download?years=500")
    assert response.status_code == 302 and response["Location"].startswith("/notebooks/growth/?")
