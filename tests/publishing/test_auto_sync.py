"""In development an edited lesson shows up on the next reload; a broken one shows its problems in a
banner."""

from __future__ import annotations

import os

import pytest

from learn.publishing import middleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def dev(content, settings, monkeypatch):
    content.valid()
    settings.CONTENT_DIR = content.dir
    settings.QUIZZES_DIR = content.root / "quizzes"
    settings.CONTENT_AUTO_SYNC = True
    monkeypatch.chdir(content.root)
    monkeypatch.setattr(middleware, "_state", middleware._AutoSyncState())
    return content


def touch_later(path):
    """Make sure the modification time moves even on coarse file systems."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def test_an_edit_shows_up_on_the_next_request(client, dev):
    assert client.get("/lessons/first/").status_code == 200  # the first request imports the content
    path = dev.dir / "basics/01-first.md"
    path.write_text(path.read_text().replace("About", "Now about"), encoding="utf-8")
    touch_later(path)
    middleware._state.checked_at = 0  # skip the once-a-second throttle
    assert "Now about" in client.get("/lessons/first/").content.decode()


def test_a_broken_file_keeps_the_old_content_and_shows_a_banner(client, dev):
    client.get("/")
    path = dev.dir / "basics/01-first.md"
    path.write_text(path.read_text().replace("About", "Broken [[nonexistent]]"), encoding="utf-8")
    touch_later(path)
    middleware._state.checked_at = 0
    html = client.get("/lessons/first/").content.decode()
    assert "Content problems: the site still shows the last good version." in html
    assert "content/basics/01-first.md:14: unknown glossary term" in html
    assert "Broken" not in html.split('<div class="prose">')[1]


def test_it_is_off_unless_enabled(client, dev, settings):
    settings.CONTENT_AUTO_SYNC = False
    assert client.get("/lessons/first/").status_code == 404  # nothing was imported
