"""The exams page describes the questions an exam really draws, not a fixed format."""

from __future__ import annotations

import pytest

from learn.publishing.sync import sync_content

pytestmark = pytest.mark.django_db


def test_it_names_the_kinds_of_question_that_are_loaded(client, alice, content):
    content.valid()
    content.quiz()  # single choice, numeric, true/false
    assert sync_content(content.dir, root=content.root).ok
    client.force_login(alice)
    html = client.get("/exams/").content.decode()
    assert "three-option" not in html
    assert "single-choice, true/false and numeric questions" in html
    assert "select-all-that-apply" not in html and "fill-in-the-blank" not in html


def test_it_names_every_kind_in_the_real_question_bank(client, alice, synced_real_content):
    client.force_login(alice)
    html = client.get("/exams/").content.decode()
    assert "single-choice, select-all-that-apply, true/false, numeric and fill-in-the-blank questions" in html
