"""The home page promises what is here: the tracks that have published lessons, each with its lesson
count, read from the database, and the calculators. A track whose _track.md is published while its
lessons are still being written is not listed anywhere on the page."""

from __future__ import annotations

import re

import pytest

from learn.publishing.sync import sync_content

pytestmark = pytest.mark.django_db


def _text(html: str, testid: str) -> str:
    dd = re.search(rf'<dd data-testid="{testid}">(.*?)</dd>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", dd.group(1))) if dd else ""


def _h1(html: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)


def _track_links(html: str) -> list[str]:
    return re.findall(r'<a class="track-link" href="(/tracks/[a-z0-9-]+/)">', html)


def test_it_lists_the_projects_tracks_that_have_lessons_and_the_calculators(client, synced_real_content):
    from learn.lessons.models import Track

    html = client.get("/").content.decode()
    here = _text(html, "here-now")
    listed = [t for t in Track.objects.published().order_by("order") if t.lessons.published().exists()]
    assert listed, "content/ has at least one track with lessons"
    assert _h1(html) == " ".join(f"{t.title}." for t in listed)
    for track in listed:
        count = track.lessons.published().count()
        assert f"{track.code}. {track.title} ({count} lesson{'s' if count > 1 else ''})" in here
    assert _track_links(html) == [t.get_absolute_url() for t in listed]
    for track in Track.objects.published().exclude(pk__in=[t.pk for t in listed]):
        assert track.title not in html
    assert "CDS calculator" in here and "Basel IRB capital" in here and "Balance-sheet ratios" in here
    assert 'href="/calculators/cds/"' in html
    assert "0 lessons" not in html and 'data-testid="coming"' not in html


def test_a_track_appears_with_its_first_published_lesson(client, content):
    content.valid()  # track A, "Basics", two lessons
    content.track(slug="credit", code="B", order=2, title="Credit risk and CDS")
    content.track(slug="model-risk", code="C", order=3, title="Model risk")
    assert sync_content(content.dir, root=content.root).ok
    html = client.get("/").content.decode()
    assert _h1(html) == "Basics."
    assert "Credit risk and CDS" not in html and "Model risk" not in html

    content.lesson("hazard", track="credit", order=1, outcome="B1.1")
    assert sync_content(content.dir, root=content.root).ok
    html = client.get("/").content.decode()
    assert _h1(html) == "Basics. Credit risk and CDS."
    here = _text(html, "here-now")
    assert "A. Basics (2 lessons)" in here and "B. Credit risk and CDS (1 lesson)" in here
    assert _track_links(html) == ["/tracks/basics/", "/tracks/credit/"]
    assert "Model risk" not in html


def test_a_track_whose_lessons_were_all_removed_leaves_the_page(client, content):
    content.valid()
    content.track(slug="credit", code="B", order=2, title="Credit risk and CDS")
    lesson = content.lesson("hazard", track="credit", order=1, outcome="B1.1")
    assert sync_content(content.dir, root=content.root).ok
    assert "B. Credit risk and CDS (1 lesson)" in _text(client.get("/").content.decode(), "here-now")

    lesson.unlink()  # the sync archives the lesson; the track keeps its file but has nothing to read
    assert sync_content(content.dir, root=content.root).ok
    html = client.get("/").content.decode()
    assert _h1(html) == "Basics."
    assert "Credit risk and CDS" not in html
    assert _track_links(html) == ["/tracks/basics/"]


def test_it_counts_the_learners_progress_over_the_listed_tracks_only(client, content, alice):
    content.valid()
    content.track(slug="credit", code="B", order=2, title="Credit risk and CDS")
    assert sync_content(content.dir, root=content.root).ok
    client.force_login(alice)
    html = client.get("/").content.decode()
    assert re.search(r'data-testid="lessons-done">0</span><span class="muted"> / 2 lessons', html)
