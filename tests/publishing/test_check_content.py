"""check_content names the file and line of every problem (and exits 1), and accepts valid content."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from learn.lessons.loader import check_lesson_text
from learn.publishing.kinds import Sources, load_content
from learn.publishing.sample import SAMPLE_LESSON
from tests.conftest import REPO


def test_it_accepts_valid_content(content):
    content.valid()
    bundle = load_content(Sources.configured(content.dir, root=content.root))
    assert bundle.problems == []
    assert set(bundle.lessons) == {"first", "second"}
    assert bundle.lessons["second"].prerequisites == [("first", 10)]


def test_it_reports_missing_front_matter(content):
    content.valid()
    (content.dir / "basics/03-bare.md").write_text("# Just a heading\n", encoding="utf-8")
    assert content.problems() == [
        "content/basics/03-bare.md:1: missing front matter: the file must start with a line '---', then "
        "YAML, then '---'"
    ]


def test_it_reports_unclosed_front_matter(content):
    content.valid()
    (content.dir / "basics/03-open.md").write_text("---\ntitle: x\n\nbody\n", encoding="utf-8")
    assert content.problems() == [
        "content/basics/03-open.md:1: front matter is not closed: add a line '---' after the YAML"
    ]


def test_it_reports_invalid_yaml_with_its_line(content):
    content.valid()
    path = content.dir / "basics/02-second.md"
    path.write_text(path.read_text().replace("order: 2", "order: [2"), encoding="utf-8")
    [problem] = content.problems()  # on the line of the unclosed "[", not the line where it was noticed
    assert problem.startswith("content/basics/02-second.md:5: invalid YAML in front matter:")


def test_it_reports_a_missing_required_key(content):
    content.valid()
    path = content.dir / "basics/02-second.md"
    path.write_text(path.read_text().replace("title: Lesson second\n", ""), encoding="utf-8")
    assert content.problems() == [
        "content/basics/02-second.md:2: missing required key 'title' in lesson front matter"
    ]


def test_it_reports_a_mistyped_value_on_its_line(content):
    content.valid()
    path = content.dir / "basics/02-second.md"
    path.write_text(path.read_text().replace("order: 2", "order: second"), encoding="utf-8")
    assert (
        "content/basics/02-second.md:5: 'order' must be a whole number, not the text 'second'"
        in content.problems()
    )


def test_it_suggests_the_key_meant_by_a_typo(content):
    content.valid()
    path = content.dir / "basics/02-second.md"
    path.write_text(path.read_text().replace("minutes: 10", "minuts: 10"), encoding="utf-8")
    assert content.problems() == [
        "content/basics/02-second.md:6: unknown key 'minuts' in lesson front matter (did you mean 'minutes'?)"
    ]


def test_it_reports_an_unknown_track(content):
    content.valid()
    content.lesson("third", track="basix", order=3, folder="basics")
    assert content.problems() == [
        "content/basics/03-third.md:4: unknown track 'basix' (known tracks: basics)"
    ]


def test_it_reports_a_duplicate_slug(content):
    content.valid()
    content.lesson("first", order=3)
    assert content.problems() == [
        "content/basics/03-first.md:3: duplicate lesson slug 'first': already used by "
        "content/basics/01-first.md"
    ]


def test_it_reports_a_duplicate_outcome_id(content):
    content.valid()
    content.lesson("third", order=3, outcome="A1.1")
    assert content.problems() == [
        "content/basics/03-third.md:8: duplicate outcome id 'A1.1': already used by "
        "content/basics/01-first.md",
        "content/basics/03-third.md:8: outcome id 'A1.1' should start with 'A3.' (track A, lesson 3)",
    ]


def test_it_reports_a_malformed_outcome_id(content):
    content.valid()
    content.lesson("third", order=3, outcome="lesson-three")
    assert content.problems() == [
        "content/basics/03-third.md:8: outcome id 'lesson-three' must look like 'A1.2' (track letter, "
        "lesson, number)"
    ]


def test_it_reports_an_unknown_prerequisite(content):
    content.valid()
    content.lesson("third", order=3, prerequisites="[first, nowhere]")
    assert content.problems() == [
        "content/basics/03-third.md:10: unknown prerequisite 'nowhere': no lesson has that slug"
    ]


def test_it_reports_a_prerequisite_cycle(content):
    content.track()
    content.glossary()
    content.lesson("one", order=1, prerequisites="[three]")
    content.lesson("two", order=2, prerequisites="[one]")
    content.lesson("three", order=3, prerequisites="[two]")
    assert content.problems() == [
        "content/basics/02-two.md:10: prerequisite cycle: two -> one -> three -> two"
    ]


def test_it_reports_a_link_to_a_missing_lesson_on_its_body_line(content):
    content.valid()
    content.lesson("third", order=3, body="## Title\n\nFine line.\nSee [here](lesson:nowhere#part).\n")
    # Front matter takes lines 1-11, so the body's fourth line is line 15.
    assert content.problems() == [
        "content/basics/03-third.md:15: link to a lesson that does not exist: 'lesson:nowhere'"
    ]


def test_it_reports_an_unknown_glossary_term_on_its_body_line(content):
    content.valid()
    content.lesson("third", order=3, body="Intro.\n\nThe [[quick ratio]] matters.\n")
    assert content.problems() == [
        "content/basics/03-third.md:14: unknown glossary term 'quick ratio': add it to content/glossary.yaml "
        "or fix the spelling"
    ]


def test_it_ignores_references_inside_code(content):
    content.valid()
    body = (
        "Inline `[[nope]]` code.\n\n```python\nx = '[[nope]]'  # "
        "[a](lesson:nowhere)\n```\n\n~~~\n[[nope]]\n~~~\n"
    )
    content.lesson("third", order=3, body=body)
    assert content.problems() == []


def test_it_accepts_glossary_aliases_case_insensitively(content):
    content.valid()
    content.lesson("third", order=3, body="[[Net  Working Capital]] and [[CURRENT RATIO]].\n")
    assert content.problems() == []


def test_it_reports_track_file_problems(content):
    content.valid()
    content.write("other/_track.md", "---\ntitle: Other\nslug: other\ncode: b\n---\n")
    assert content.problems() == [
        "content/other/_track.md:2: missing required key 'order' in track front matter",
        "content/other/_track.md:4: track code 'b' must be a capital letter, e.g. 'A'",
    ]


def test_it_reports_two_lessons_with_the_same_order_in_a_track(content):
    content.valid()
    content.lesson("third", order=3)
    path = content.dir / "basics/03-third.md"
    path.write_text(
        path.read_text().replace("order: 3", "order: 2").replace("A3.1", "A2.2"), encoding="utf-8"
    )
    assert content.problems() == [
        "content/basics/03-third.md:5: order 2 is already used in track 'basics' by "
        "content/basics/02-second.md"
    ]


def test_it_reports_glossary_problems_with_their_lines(content):
    content.valid()
    content.glossary(
        """
        - term: Working capital
          slug: working-capital
          definition: CA minus CL.
          engineer: Headroom.
        - term: Current ratio
          slug: current-ratio
          aliases: [working capital]
          definition: CA over CL.
          engineer: Capacity over demand.
          see_also: [quick-ratio]
        - term: Quick ratio
          slug: current-ratio
          definition: Quick assets over CL.
          engineer: Stricter.
        - term: Cash ratio
          slug: cash-ratio
          definition: Cash over CL.
        """
    )
    content.lesson("first", order=1, body="Plain.\n")  # stop referring to terms we are breaking
    content.lesson("second", order=2, prerequisites="[first]", body="Plain.\n")
    assert content.problems() == [
        "content/glossary.yaml:7: 'working capital' already names the glossary entry 'working-capital'",
        "content/glossary.yaml:10: see_also of 'current-ratio' names 'quick-ratio', which is not a glossary "
        "slug",
        "content/glossary.yaml:12: duplicate glossary slug 'current-ratio' (first defined on line 5)",
        "content/glossary.yaml:15: missing required key 'engineer' in glossary entry",
    ]


def test_it_reports_invalid_glossary_yaml(content):
    content.valid()
    content.glossary("- term: [unclosed\n")
    content.lesson("first", order=1, body="Plain.\n")
    content.lesson("second", order=2, prerequisites="[first]", body="Plain.\n")
    [problem] = content.problems()
    assert problem.startswith("content/glossary.yaml:1: invalid YAML in glossary:")


def test_the_command_prints_problems_and_fails(content, capsys, monkeypatch):
    monkeypatch.chdir(content.root)  # paths are printed relative to where the command runs
    content.valid()
    content.lesson("third", track="nope", order=3)
    with pytest.raises(CommandError) as excinfo:
        call_command("check_content", content_dir=content.dir)
    assert excinfo.value.returncode == 1
    assert "content/nope/03-third.md:4: unknown track 'nope'" in capsys.readouterr().out


def test_the_command_exits_0_on_the_projects_own_content():
    result = subprocess.run(
        [sys.executable, "manage.py", "check_content"], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK:")
    notebooks = len(list((REPO / "content" / "notebooks").glob("*.py")))
    assert f" {notebooks} notebooks, " in result.stdout and notebooks >= 5


def test_the_command_exits_1_with_path_and_line(content):
    content.valid()
    content.lesson("third", order=3, prerequisites="[ghost]")
    result = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "check_content", "--content-dir", str(content.dir)],
        cwd=content.root,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "DJANGO_SETTINGS_MODULE": "learn.settings"},
    )
    assert result.returncode == 1
    assert (
        result.stdout.strip()
        == "content/basics/03-third.md:10: unknown prerequisite 'ghost': no lesson has that slug"
    )


def test_the_projects_content_and_the_preview_sample_have_no_problems():
    bundle = load_content(Sources.configured(REPO / "content", REPO / "quizzes", REPO))
    assert [str(p) for p in bundle.problems] == []
    _, problems = check_lesson_text(SAMPLE_LESSON, bundle)
    assert [str(p) for p in problems] == []
