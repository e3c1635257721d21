"""Fixtures for the publishing tests: a staff member previewing a small content tree, and the paths
problems name in it."""

from __future__ import annotations

import pytest

FIRST = "content/basics/01-first.md"
SECOND = "content/basics/02-second.md"
THIRD = "content/basics/03-third.md"
QUIZ_FILE = "quizzes/basics/first.yaml"
GLOSSARY_FILE = "content/glossary.yaml"
HX = {"HTTP_HX_REQUEST": "true"}


LESSON_HEAD = (
    "---\ntitle: Draft\nslug: draft\ntrack: basics\norder: 9\nminutes: 5\n"
    "outcomes:\n  - id: A9.1\n    text: Do a thing.\n---\n"
)


@pytest.fixture
def previewing(client, content, settings, staff):
    content.valid()
    settings.CONTENT_DIR = content.dir
    client.force_login(staff)
    return client
