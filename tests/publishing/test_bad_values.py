"""Values YAML cannot build (impossible dates, huge numbers, odd tags) and files that are not UTF-8 are
problems on their line in every kind of file, and in check_content, sync_content, the preview and the
auto-sync banner: never a traceback."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from learn.publishing import middleware
from learn.publishing.sync import sync_content
from tests.publishing.conftest import GLOSSARY_FILE, HX, LESSON_HEAD, QUIZ_FILE, SECOND


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2026-02-30", "invalid date '2026-02-30' (day is out of range for month)"),
        ("2026-13-45", "invalid date '2026-13-45' (month must be in 1..12)"),
        ("0000-01-01", "invalid date '0000-01-01' (year 0 is out of range)"),
        ("2026-01-01 25:00:00", "invalid date '2026-01-01 25:00:00' (hour must be in 0..23)"),
        (
            "2026-01-01 10:00:00 +99:00",
            "invalid date '2026-01-01 10:00:00 +99:00' (time zone offset out of range)",
        ),
    ],
)
def test_an_impossible_date_in_front_matter_is_a_problem_on_its_line(content, written, message):
    content.valid()
    content.edit("basics/02-second.md", "minutes: 10\n", f"minutes: 10\nas_of: {written}\n")
    assert content.problems() == [f"{SECOND}:7: {message}"]


def test_an_impossible_date_in_a_track_file_is_a_problem_and_its_lessons_are_not_blamed(content):
    content.valid()
    content.edit("basics/_track.md", "summary: The basics.", "summary: 2026-02-30")
    assert content.problems() == [
        "content/basics/_track.md:6: invalid date '2026-02-30' (day is out of range for month)"
    ]


def test_an_impossible_date_in_the_glossary_or_a_quiz_file_is_a_problem(content):
    content.valid()
    content.quiz()
    content.edit("glossary.yaml", "engineer: A capacity-over-demand ratio.", "engineer: 2026-02-30")
    path = content.root / "quizzes/basics/first.yaml"
    path.write_text(
        path.read_text().replace(
            "explanation: The bank owes", "hints: [2025-02-29]\n    explanation: The bank owes"
        )
    )
    assert content.problems() == [
        f"{GLOSSARY_FILE}:9: invalid date '2026-02-30' (day is out of range for month)",
        f"{QUIZ_FILE}:23: invalid date '2025-02-29' (day is out of range for month)",
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("order: 2", "order: .nan", "5: 'order' must be a whole number, not nan"),
        ("order: 2", "order: -1", "5: 'order' must be a whole number from 0 to 2147483647, not -1"),
        (
            "order: 2",
            "order: 99999999999999999999",
            "5: 'order' must be a whole number from 0 to 2147483647, not 99999999999999999999",
        ),
        ("minutes: 10", "minutes: 99999999999999999999", "6: 'minutes' is too large: 99999999999999999999"),
        ("title: Lesson second", "title: !!binary aGVsbG8=", "2: 'title' must be text, not b'hello'"),
        (
            "title: Lesson second",
            "title: !!python/object:os.system {}",
            "2: invalid YAML in front matter: could not determine a constructor for the tag "
            "'tag:yaml.org,2002:python/object:os.system'",
        ),
        (
            "prerequisites: [first]",
            "prerequisites: &p [first, *p]",
            "10: each prerequisite must be a lesson slug, not a list",
        ),
    ],
)
def test_odd_values_in_front_matter_are_problems_and_the_import_does_not_crash(
    content, db, old, new, message
):
    content.valid()
    content.edit("basics/02-second.md", old, new)
    expected = [f"{SECOND}:{message}"]
    assert content.problems() == expected
    report = sync_content(content.dir, root=content.root)  # was IntegrityError / OverflowError for some
    assert [str(p) for p in report.problems] == expected


def test_a_non_utf8_glossary_is_a_problem_not_a_traceback(content):
    content.valid()
    (content.dir / "glossary.yaml").write_bytes(b"- term: caf\xe9\n")
    assert content.problems() == [f"{GLOSSARY_FILE}:1: file is not valid UTF-8 (byte 11): save it as UTF-8"]


def test_check_content_prints_a_bad_date_and_exits_1(content, capsys, monkeypatch):
    monkeypatch.chdir(content.root)
    content.valid()
    content.edit("basics/02-second.md", "minutes: 10\n", "minutes: 10\nas_of: 2026-02-30\n")
    with pytest.raises(CommandError) as excinfo:
        call_command("check_content", content_dir=content.dir)
    assert excinfo.value.returncode == 1
    assert (
        capsys.readouterr().out == f"{SECOND}:7: invalid date '2026-02-30' (day is out of range for month)\n"
    )


def test_sync_content_prints_a_bad_date_and_imports_nothing(content, db, capsys, monkeypatch):
    monkeypatch.chdir(content.root)
    content.valid()
    content.edit("basics/02-second.md", "minutes: 10\n", "minutes: 10\nas_of: 2026-02-30\n")
    with pytest.raises(CommandError):
        call_command("sync_content", content_dir=content.dir)
    assert (
        capsys.readouterr().out == f"{SECOND}:7: invalid date '2026-02-30' (day is out of range for month)\n"
    )


@pytest.mark.django_db
def test_the_preview_shows_a_bad_date_instead_of_failing(previewing):
    source = LESSON_HEAD.replace("minutes: 5\n", "minutes: 5\nas_of: 2026-02-30\n") + "Hello.\n"
    response = previewing.post("/preview/", {"source": source}, **HX)
    assert response.status_code == 200
    assert (
        "preview.md:7: invalid date &#x27;2026-02-30&#x27; (day is out of range for month)"
        in response.content.decode()
    )


@pytest.mark.django_db
def test_the_preview_opens_when_the_content_has_a_bad_date(previewing, content):
    content.edit("basics/02-second.md", "minutes: 10\n", "minutes: 10\nas_of: 2026-02-30\n")
    assert previewing.get("/preview/").status_code == 200


@pytest.mark.django_db
def test_auto_sync_shows_a_bad_date_in_the_banner_instead_of_failing(client, content, settings, monkeypatch):
    content.valid()
    content.edit("basics/02-second.md", "minutes: 10\n", "minutes: 10\nas_of: 2026-02-30\n")
    settings.CONTENT_DIR, settings.QUIZZES_DIR, settings.CONTENT_AUTO_SYNC = (
        content.dir,
        content.root / "quizzes",
        True,
    )
    monkeypatch.chdir(content.root)
    monkeypatch.setattr(middleware, "_state", middleware._AutoSyncState())
    response = client.get("/")
    assert response.status_code == 200
    assert (
        f"{SECOND}:7: invalid date &#x27;2026-02-30&#x27; (day is out of range for month)"
        in response.content.decode()
    )
