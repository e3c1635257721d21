"""Fixtures and helpers of the cached-page tests (test_pagecache.py, test_learnercache.py)."""

from __future__ import annotations

import re

import pytest

from learn.publishing.sync import sync_content

TOKEN = re.compile(r'(?:name="csrfmiddlewaretoken" value="|"x-csrftoken": ")([A-Za-z0-9]{64})"')


@pytest.fixture
def published(content):
    """The small valid content tree, synced: lesson "first" at /lessons/first/."""
    content.valid()
    assert not sync_content(content.dir, root=content.root).problems
    return content


def csrf_token(html: str) -> str:
    """The CSRF token a page's forms (or its htmx headers) post with."""
    return TOKEN.search(html).group(1)
