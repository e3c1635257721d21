"""sync_content: validates first, imports atomically, skips unchanged files, archives removed ones."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from learn.lessons.models import GlossaryTerm, LearningOutcome, Lesson, Track
from learn.progress.models import LessonCompletion
from learn.publishing import kinds, rows
from learn.publishing.sync import sync_content
from learn.search.models import SearchDocument

pytestmark = pytest.mark.django_db


def sync(tree):
    return sync_content(tree.dir, root=tree.root)


def test_it_imports_tracks_lessons_outcomes_and_glossary(content):
    report = sync(content.valid())
    assert report.ok
    assert report.actions == [
        "created glossary term working-capital",
        "created glossary term current-ratio",
        "created track basics",
        "created lesson first",
        "created lesson second",
    ]
    second = Lesson.objects.get(slug="second")
    assert list(second.prerequisites.values_list("slug", flat=True)) == ["first"]
    assert second.outcomes.get().code == "A2.1"
    assert 'href="/lessons/first/"' in second.body_html
    assert 'class="gloss"' in second.body_html
    assert second.toc == [{"level": 2, "id": "more", "title": "More"}]
    assert list(GlossaryTerm.objects.get(slug="current-ratio").lessons.values_list("slug", flat=True)) == [
        "second"
    ]
    assert SearchDocument.objects.exclude(kind="calculator").count() == 4


def test_running_it_twice_changes_nothing_the_second_time(content):
    sync(content.valid())
    before = list(Lesson.objects.values_list("slug", "updated_at", "body_html"))
    report = sync(content)
    assert report.actions == []
    assert not report.changed
    assert list(Lesson.objects.values_list("slug", "updated_at", "body_html")) == before
    assert "Nothing changed" not in report.summary()  # summary counts; the command says "Nothing changed"


def test_it_rerenders_only_the_changed_file(content, monkeypatch):
    sync(content.valid())
    path = content.dir / "basics/02-second.md"
    path.write_text(path.read_text().replace("## More", "## Much more"), encoding="utf-8")
    report = sync(content)
    assert report.actions == ["updated lesson second"]
    assert Lesson.objects.get(slug="second").toc[0]["title"] == "Much more"


def test_a_glossary_edit_rerenders_the_lessons_that_show_it(content):
    sync(content.valid())
    text = (content.dir / "glossary.yaml").read_text().replace("A liquidity measure.", "Changed.")
    text = text.replace("Current assets minus current liabilities.", "What is left over.")
    (content.dir / "glossary.yaml").write_text(text, encoding="utf-8")
    report = sync(content)
    assert report.actions == ["updated glossary term working-capital", "updated lesson first"]
    assert "What is left over." in Lesson.objects.get(slug="first").body_html


def test_a_renderer_upgrade_rerenders_everything_once(content, monkeypatch):
    sync(content.valid())
    monkeypatch.setattr(rows, "RENDERER_VERSION", 999)
    report = sync(content)
    assert report.actions == [
        "re-rendered glossary term working-capital",
        "re-rendered glossary term current-ratio",
        "re-rendered track basics",
        "re-rendered lesson first",
        "re-rendered lesson second",
    ]
    assert set(Lesson.objects.values_list("renderer_version", flat=True)) == {999}
    assert set(GlossaryTerm.objects.values_list("renderer_version", flat=True)) == {999}
    assert sync(content).actions == []


def test_it_imports_nothing_when_any_file_is_broken(content):
    sync(content.valid())
    content.lesson("third", order=3)
    path = content.dir / "basics/02-second.md"
    path.write_text(
        path.read_text().replace("## More", "## Changed") + "[[no such term]]\n", encoding="utf-8"
    )
    report = sync(content)
    assert [str(p) for p in report.problems] == [
        "content/basics/02-second.md:15: unknown glossary term 'no such term': "
        "add it to content/glossary.yaml or fix the spelling"
    ]
    assert not Lesson.objects.filter(slug="third").exists()
    assert Lesson.objects.get(slug="second").toc[0]["title"] == "More"


def test_it_rolls_back_everything_when_a_write_fails(content, monkeypatch):
    sync(content.valid())
    content.lesson("third", order=3)
    path = content.dir / "basics/01-first.md"
    path.write_text(path.read_text().replace("## Intro", "## Changed"), encoding="utf-8")

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    # a kind that fails after the glossary, tracks and lessons were written
    monkeypatch.setattr(
        kinds, "KINDS", (*kinds.KINDS, kinds.ContentKind("boom", lambda s: [], lambda c, s: None, explode))
    )
    with pytest.raises(RuntimeError):
        sync(content)
    assert not Lesson.objects.filter(slug="third").exists()
    assert Lesson.objects.get(slug="first").toc[0]["title"] == "Intro"


def test_a_removed_lesson_is_archived_and_progress_is_kept(content, alice):
    sync(content.valid())
    first = Lesson.objects.get(slug="first")
    LessonCompletion.objects.create(user=alice, lesson=first, completed_at=timezone.now())
    (content.dir / "basics/02-second.md").unlink()  # second depended on first; remove it first
    (content.dir / "basics/01-first.md").unlink()
    report = sync(content)
    assert report.actions == ["archived lesson first", "archived lesson second"]
    assert set(Lesson.objects.published().values_list("slug", flat=True)) == set()
    assert LessonCompletion.objects.filter(user=alice, lesson=first).exists()
    assert LearningOutcome.objects.published().count() == 0
    assert not SearchDocument.objects.filter(kind="lesson").exists()


def test_a_restored_lesson_comes_back_with_its_progress(content, alice):
    sync(content.valid())
    first = Lesson.objects.get(slug="first")
    LessonCompletion.objects.create(user=alice, lesson=first, completed_at=timezone.now())
    saved = (content.dir / "basics/02-second.md").read_text()
    (content.dir / "basics/02-second.md").unlink()
    sync(content)
    (content.dir / "basics/02-second.md").write_text(saved, encoding="utf-8")
    report = sync(content)
    assert report.actions == ["restored lesson second"]
    assert Lesson.objects.published().count() == 2
    assert LessonCompletion.objects.filter(user=alice).count() == 1


def test_removed_tracks_and_terms_are_archived(content):
    sync(content.valid())
    content.write("extra/_track.md", "---\ntitle: Extra\nslug: extra\ncode: B\norder: 2\n---\n")
    sync(content)
    (content.dir / "extra/_track.md").unlink()
    report = sync(content)
    assert report.actions == ["archived track extra"]
    assert Track.objects.get(slug="extra").archived


def test_the_command_prints_what_it_did_and_fails_on_problems(content, capsys, monkeypatch):
    monkeypatch.chdir(content.root)
    content.valid()
    call_command("sync_content", content_dir=content.dir)
    out = capsys.readouterr().out
    assert "created lesson first" in out and "Synced: tracks: 1 created" in out
    call_command("sync_content", content_dir=content.dir)
    assert (
        "Nothing changed: tracks: 1 unchanged; lessons: 2 unchanged; glossary terms: 2 unchanged"
        in capsys.readouterr().out
    )
    content.lesson("third", track="nope", order=3)
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("sync_content", content_dir=content.dir)
    assert "content/nope/03-third.md:4: unknown track 'nope'" in capsys.readouterr().out


def test_the_command_at_verbosity_0_prints_only_its_summary(content, capsys, monkeypatch):
    monkeypatch.chdir(content.root)
    content.valid()
    call_command("sync_content", content_dir=content.dir, verbosity=0)
    out = capsys.readouterr().out
    assert "created lesson" not in out and out.startswith("Synced: tracks: 1 created")


def test_the_projects_own_content_imports(synced_real_content):
    assert Track.objects.published().filter(slug="balance-sheet").exists()
    assert Lesson.objects.published().count() >= 6
    assert GlossaryTerm.objects.published().count() >= 40


def test_a_broken_company_file_stops_the_import_as_check_content_does(content, capsys):
    content.valid()
    content.write("companies/acme.yaml", "company: Acme\ncompany: Acme again\nstatements: []\n")
    report = sync(content)
    assert [str(p) for p in report.problems] == [
        "content/companies/acme.yaml:2: duplicate key 'company' (first on line 1)"
    ]
    assert not Lesson.objects.exists()
    with pytest.raises(CommandError):
        call_command("check_content", content_dir=content.dir)
    assert (
        capsys.readouterr().out
        == "content/companies/acme.yaml:2: duplicate key 'company' (first on line 1)\n"
    )


def test_every_kind_reads_the_files_check_content_reads(content, settings):
    """Auto-sync watches exactly the files the kinds load: an edit to any of them triggers a sync."""
    content.valid()
    content.quiz()
    content.write("companies/acme.yaml", "company: Acme\nstatements: []\n")
    files = {
        p.relative_to(content.root).as_posix()
        for p in kinds.content_files(kinds.Sources.configured(content.dir))
    }
    assert files == {
        "content/glossary.yaml",
        "content/basics/_track.md",
        "content/basics/01-first.md",
        "content/basics/02-second.md",
        "quizzes/basics/first.yaml",
        "content/companies/acme.yaml",
    }
