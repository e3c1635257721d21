"""Publishing notebooks: checked and run on the snapshot before anything is written; the defaults and
the grid are stored as finished runs; removed files are archived; lessons and notebooks link each other."""

from __future__ import annotations

import pytest

from learn.lessons.models import LearningOutcome
from learn.notebooks.models import Notebook, NotebookRun, RunStatus
from learn.publishing.sync import sync_content
from tests.notebooks.conftest import NOTEBOOK, NOTEBOOK_PATH

pytestmark = pytest.mark.django_db


def test_it_publishes_the_notebook_with_runs_for_the_defaults_and_the_grid(published):
    notebook = Notebook.objects.get(slug="growth")
    assert (notebook.title, notebook.lesson.slug, notebook.archived) == ("Compound growth", "first", False)
    runs = {run.params_key: run for run in NotebookRun.objects.filter(notebook=notebook)}
    assert set(runs) == {'{"rate":0.05,"years":10}', '{"rate":0.05,"years":20}'}
    assert all(run.status == RunStatus.OK and run.published for run in runs.values())
    assert runs['{"rate":0.05,"years":10}'].variables["factor"] == pytest.approx(1.05**10)
    assert runs['{"rate":0.05,"years":20}'].variables["factor"] == pytest.approx(1.05**20)
    # the notebook names no outcomes: its exercises count toward its lesson's
    assert list(notebook.outcomes.values_list("code", flat=True)) == ["A1.1"]
    assert LearningOutcome.objects.get(code="A1.1").notebooks.get() == notebook


def test_syncing_again_runs_nothing_and_changes_nothing(published, monkeypatch):
    def no_runs(*args, **kwargs):
        raise AssertionError("an unchanged notebook was run again")

    monkeypatch.setattr("learn.notebooks.engine_calls.run_spec", no_runs)
    report = sync_content(published.dir, root=published.root)
    assert report.ok and not report.changed
    assert NotebookRun.objects.count() == 2


def test_a_failing_cell_is_a_problem_at_its_line_and_nothing_is_published(content, site_settings):
    content.valid()
    broken = NOTEBOOK.replace("factor = (1 + rate) ** years", "factor = (1 + rate) ** years / 0")
    path = content.write(NOTEBOOK_PATH, broken)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if text == "# %%") + 1
    report = sync_content(content.dir, root=content.root)
    messages = [str(p) for p in report.problems]
    assert len(messages) == 1
    assert messages[0].startswith(
        f"content/notebooks/growth.py:{line}: with the default parameters this cell"
    )
    assert "ZeroDivisionError" in messages[0]
    assert not Notebook.objects.exists() and not NotebookRun.objects.exists()


def test_references_are_checked_against_the_lessons(content, site_settings):
    content.valid()
    content.write(NOTEBOOK_PATH, NOTEBOOK.replace("lesson: first", "lesson: nowhere").replace(
        "#   parameters:", "#   outcomes: [Z9.9]\n#   parameters:"))  # fmt: skip
    problems = content.problems()
    assert "content/notebooks/growth.py:4: unknown lesson 'nowhere'" in problems
    assert any(p.startswith("content/notebooks/growth.py:5: unknown outcome 'Z9.9'") for p in problems)


def test_a_removed_notebook_is_archived_not_deleted(published):
    (published.dir / NOTEBOOK_PATH).unlink()
    report = sync_content(published.dir, root=published.root)
    assert report.ok and "archived notebook growth" in report.actions
    notebook = Notebook.objects.get(slug="growth")
    assert notebook.archived and notebook.runs.count() == 2
    (published.dir / NOTEBOOK_PATH).write_text(NOTEBOOK, encoding="utf-8")
    assert "restored notebook growth" in sync_content(published.dir, root=published.root).actions


def test_the_lesson_links_its_notebooks_and_the_notebook_links_back(client, published):
    lesson_page = client.get("/lessons/first/").content.decode()
    assert 'data-testid="lesson-notebooks"' in lesson_page and 'href="/notebooks/growth/"' in lesson_page
    assert "Hands-on notebooks" in lesson_page
    assert 'data-testid="lesson-notebooks"' not in client.get("/lessons/second/").content.decode()
    page = client.get("/notebooks/growth/").content.decode()
    assert 'href="/lessons/first/" data-testid="lesson-link"' in page
    assert "/notebooks/growth/" in client.get("/notebooks/").content.decode()


def test_a_notebook_of_an_archived_lesson_is_hidden(client, published):
    from learn.lessons.models import Lesson

    Lesson.objects.filter(slug="first").update(archived=True)
    assert client.get("/notebooks/growth/").status_code == 404
    assert "/notebooks/growth/" not in client.get("/notebooks/").content.decode()
