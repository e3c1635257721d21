"""The staff-only instructor preview, and the XSS corpus through lesson files and the preview."""

from __future__ import annotations

import re

import pytest

from learn.publishing.sync import sync_content
from tests.lessons.test_sanitising import load_corpus, problems_in
from tests.publishing.conftest import HX, LESSON_HEAD

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(content, settings):
    content.valid()
    settings.CONTENT_DIR = content.dir
    return content


def prose_of(html: str) -> str:
    """The rendered lesson body only (the page around it has our own, trusted markup)."""
    match = re.search(
        r'<div class="prose">(.*?)</div>\s*(?:</section>|<section class="sources"|\s*<section '
        r'class="lesson-footer")',
        html,
        re.S,
    )
    assert match, "no prose block found"
    return match.group(1)


def test_learners_and_visitors_cannot_open_it(client, tree, alice):
    assert client.get("/preview/")["Location"].startswith("/admin/login/")
    client.force_login(alice)
    assert client.get("/preview/")["Location"].startswith("/admin/login/")
    assert client.post("/preview/", {"source": "x"})["Location"].startswith("/admin/login/")


def test_staff_see_the_sample_rendered(client, tree, staff):
    client.force_login(staff)
    html = client.get("/preview/").content.decode()
    assert 'name="source"' in html and "<math" in html


def test_it_renders_live_with_problems_beside_it(client, tree, staff):
    client.force_login(staff)
    source = (
        LESSON_HEAD.replace("track: basics", "track: nowhere")
        + "## Hi\n\nSee [[working capital]] and [[no term]].\n"
    )
    response = client.post("/preview/", {"source": source}, **HX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="preview-result"') and "<html" not in html
    assert "preview.md:4: unknown track &#x27;nowhere&#x27; (known tracks: basics)" in html
    assert "preview.md:13: unknown glossary term &#x27;no term&#x27;" in html
    assert 'class="gloss"' in html and "<h2" in html


def test_it_says_when_the_file_has_no_problems(client, tree, staff):
    client.force_login(staff)
    html = client.post(
        "/preview/", {"source": LESSON_HEAD + "Fine [[current ratio]].\n"}, **HX
    ).content.decode()
    assert "No problems" in html


def test_it_checks_against_existing_content(client, tree, staff):
    client.force_login(staff)
    clash = LESSON_HEAD.replace("A9.1", "A1.1")
    html = client.post("/preview/", {"source": clash}, **HX).content.decode()
    assert "duplicate outcome id &#x27;A1.1&#x27;: already used by" in html


@pytest.mark.parametrize(("name", "payload"), load_corpus(), ids=[n for n, _ in load_corpus()])
def test_the_xss_corpus_is_harmless_through_the_preview(client, tree, staff, name, payload):
    client.force_login(staff)
    html = client.post("/preview/", {"source": LESSON_HEAD + payload + "\n"}, **HX).content.decode()
    rendered = html.split('<div class="prose">', 1)[1]
    assert problems_in(rendered) == [], name


def test_the_xss_corpus_is_harmless_through_a_lesson_file(client, content):
    content.valid()
    # Payloads with glossary or lesson references fail validation (as they should), so the file could
    # never be imported; the preview test above renders those too.
    corpus = [(n, p) for n, p in load_corpus() if "[[" not in p and "lesson:" not in p]
    body = "\n\n".join(f"## Case {i}\n\n{payload}" for i, (_, payload) in enumerate(corpus))
    content.lesson("third", order=3, body=body + "\n")
    report = sync_content(content.dir, root=content.root)
    assert report.ok, [str(p) for p in report.problems]
    page = client.get("/lessons/third/").content.decode()
    assert problems_in(prose_of(page)) == []
    scripts = re.findall(r"<script[^>]*>", page)
    assert all('src="/static/js/' in s for s in scripts), scripts


def test_the_preview_checks_outcome_ids(previewing):
    html = previewing.post(
        "/preview/", {"source": LESSON_HEAD.replace("A9.1", "A8.1")}, **HX
    ).content.decode()
    assert (
        "preview.md:8: outcome id &#x27;A8.1&#x27; should start with &#x27;A9.&#x27; (track A, lesson 9)"
        in html
    )
