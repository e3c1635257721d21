"""Audit findings on the content checker: every mistake is one `path:line: message`, never a traceback.

Bad dates and other values PyYAML cannot build, glossary references that wrap a line, duplicate keys,
the line of an unclosed bracket, one mistake flooding other files, empty keys reported twice, and
outcome ids that do not match their track and lesson.
"""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from learn.core.source import ProblemList, parse_yaml
from learn.lessons.loader import check_lesson_text
from learn.lessons.references import scan_body_references
from learn.lessons.rendering import GlossaryRef, glossary_key, render_markdown
from learn.publishing import middleware
from learn.publishing.kinds import Sources, load_content
from learn.publishing.sample import SAMPLE_LESSON
from learn.publishing.sync import sync_content
from tests.conftest import REPO

FIRST = "content/basics/01-first.md"
SECOND = "content/basics/02-second.md"
THIRD = "content/basics/03-third.md"
QUIZ = "quizzes/basics/first.yaml"
GLOSSARY = "content/glossary.yaml"
HX = {"HTTP_HX_REQUEST": "true"}

# The front matter written by content.lesson(): title on line 2, slug 3, track 4, order 5, minutes 6,
# outcomes 7, the outcome's id 8 and text 9, prerequisites 10, the closing '---' 11; the body from line 12.


def problems_of(tree) -> list[str]:
    return [str(p) for p in load_content(Sources.configured(tree.dir, tree.root / "quizzes", tree.root)).problems]


def edit(tree, relative: str, old: str, new: str) -> None:
    path = tree.dir / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def yaml_problems(text: str, first_line: int = 1) -> tuple[object, list[str]]:
    problems = ProblemList("x.yaml")
    doc = parse_yaml(text, first_line=first_line, problems=problems, what="x")
    return doc, [str(p) for p in problems]


# --------------------------------------------------------------------------- 1. values PyYAML cannot build


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2026-02-30", "invalid date '2026-02-30' (day is out of range for month)"),
        ("2026-13-45", "invalid date '2026-13-45' (month must be in 1..12)"),
        ("0000-01-01", "invalid date '0000-01-01' (year 0 is out of range)"),
        ("2026-01-01 25:00:00", "invalid date '2026-01-01 25:00:00' (hour must be in 0..23)"),
        ("2026-01-01 10:00:00 +99:00", "invalid date '2026-01-01 10:00:00 +99:00' (time zone offset out of range)"),
    ],
)
def test_an_impossible_date_in_front_matter_is_a_problem_on_its_line(content, written, message):
    content.valid()
    edit(content, "basics/02-second.md", "minutes: 10\n", f"minutes: 10\nas_of: {written}\n")
    assert problems_of(content) == [f"{SECOND}:7: {message}"]


def test_an_impossible_date_in_a_track_file_is_a_problem_and_its_lessons_are_not_blamed(content):
    content.valid()
    edit(content, "basics/_track.md", "summary: The basics.", "summary: 2026-02-30")
    assert problems_of(content) == [
        "content/basics/_track.md:6: invalid date '2026-02-30' (day is out of range for month)"
    ]


def test_an_impossible_date_in_the_glossary_or_a_quiz_file_is_a_problem(content):
    content.valid()
    content.quiz()
    edit(content, "glossary.yaml", "engineer: A capacity-over-demand ratio.", "engineer: 2026-02-30")
    path = content.root / "quizzes/basics/first.yaml"
    path.write_text(path.read_text().replace("explanation: The bank owes", "hints: [2025-02-29]\n    explanation: The bank owes"))
    assert problems_of(content) == [
        f"{GLOSSARY}:9: invalid date '2026-02-30' (day is out of range for month)",
        f"{QUIZ}:23: invalid date '2025-02-29' (day is out of range for month)",
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9" * 5000, f"x.yaml:2: invalid number '{'9' * 37}...' (it has 5000 digits)"),
        ("1" * 4400 + ":30", f"x.yaml:2: invalid number '{'1' * 37}...' (it has 4402 digits)"),
        ("!!python/object:os.system {}", "x.yaml:2: invalid YAML in x: could not determine a constructor for the "
                                         "tag 'tag:yaml.org,2002:python/object:os.system'"),
        ("!!python/name:os.system", "x.yaml:2: invalid YAML in x: could not determine a constructor for the tag "
                                    "'tag:yaml.org,2002:python/name:os.system'"),
        ("!!binary 'not base64!'", "x.yaml:2: invalid YAML in x: failed to decode base64 data: Invalid base64-encoded "
                                   "string: number of data characters (9) cannot be 1 more than a multiple of 4"),
        ('"\\U0011FFFF"', "x.yaml:2: invalid YAML in x: chr() arg not in range(0x110000)"),
        ('"\\ud800"', "x.yaml:2: invalid text '\\ud800': an escape such as \\ud800 is only half a character; "
                      "write the character itself"),
        ("[" * 3000 + "]" * 3000, "x.yaml:2: invalid YAML in x: lists or mappings nested too deeply"),
        ("!foo bar", "x.yaml:2: invalid YAML in x: could not determine a constructor for the tag '!foo'"),
    ],
)
def test_no_bad_value_raises_anything_but_a_problem(value, message):
    doc, problems = yaml_problems(f"title: x\nvalue: {value}\n")
    assert doc is None
    assert problems == [message]


def test_odd_but_valid_values_are_read(content):
    doc, problems = yaml_problems("a: .nan\nb: !!binary aGVsbG8=\nc: &x [*x]\nd: 1e999999\n")
    assert problems == []
    assert doc.value["b"] == b"hello" and doc.value["c"][0] is doc.value["c"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("order: 2", "order: .nan", "5: 'order' must be a whole number, not nan"),
        ("order: 2", "order: -1", "5: 'order' must be a whole number from 0 to 2147483647, not -1"),
        ("order: 2", "order: 99999999999999999999",
         "5: 'order' must be a whole number from 0 to 2147483647, not 99999999999999999999"),
        ("minutes: 10", "minutes: 99999999999999999999", "6: 'minutes' is too large: 99999999999999999999"),
        ("title: Lesson second", "title: !!binary aGVsbG8=", "2: 'title' must be text, not b'hello'"),
        ("title: Lesson second", "title: !!python/object:os.system {}",
         "2: invalid YAML in front matter: could not determine a constructor for the tag "
         "'tag:yaml.org,2002:python/object:os.system'"),
        ("prerequisites: [first]", "prerequisites: &p [first, *p]", "10: each prerequisite must be a lesson slug, not a list"),
    ],
)
def test_odd_values_in_front_matter_are_problems_and_the_import_does_not_crash(content, db, old, new, message):
    content.valid()
    edit(content, "basics/02-second.md", old, new)
    expected = [f"{SECOND}:{message}"]
    assert problems_of(content) == expected
    report = sync_content(content.dir, root=content.root)  # was IntegrityError / OverflowError for some
    assert [str(p) for p in report.problems] == expected


def test_a_non_utf8_glossary_is_a_problem_not_a_traceback(content):
    content.valid()
    (content.dir / "glossary.yaml").write_bytes(b"- term: caf\xe9\n")
    assert problems_of(content) == [f"{GLOSSARY}:1: file is not valid UTF-8 (byte 11): save it as UTF-8"]


def test_check_content_prints_a_bad_date_and_exits_1(content, capsys, monkeypatch):
    monkeypatch.chdir(content.root)
    content.valid()
    edit(content, "basics/02-second.md", "minutes: 10\n", "minutes: 10\nas_of: 2026-02-30\n")
    with pytest.raises(CommandError) as excinfo:
        call_command("check_content", content_dir=content.dir)
    assert excinfo.value.returncode == 1
    assert capsys.readouterr().out == f"{SECOND}:7: invalid date '2026-02-30' (day is out of range for month)\n"


def test_sync_content_prints_a_bad_date_and_imports_nothing(content, db, capsys, monkeypatch):
    monkeypatch.chdir(content.root)
    content.valid()
    edit(content, "basics/02-second.md", "minutes: 10\n", "minutes: 10\nas_of: 2026-02-30\n")
    with pytest.raises(CommandError):
        call_command("sync_content", content_dir=content.dir)
    assert capsys.readouterr().out == f"{SECOND}:7: invalid date '2026-02-30' (day is out of range for month)\n"


@pytest.fixture
def previewing(client, content, settings, staff):
    content.valid()
    settings.CONTENT_DIR = content.dir
    client.force_login(staff)
    return client


LESSON_HEAD = (
    "---\ntitle: Draft\nslug: draft\ntrack: basics\norder: 9\nminutes: 5\n"
    "outcomes:\n  - id: A9.1\n    text: Do a thing.\n---\n"
)


@pytest.mark.django_db
def test_the_preview_shows_a_bad_date_instead_of_failing(previewing):
    source = LESSON_HEAD.replace("minutes: 5\n", "minutes: 5\nas_of: 2026-02-30\n") + "Hello.\n"
    response = previewing.post("/preview/", {"source": source}, **HX)
    assert response.status_code == 200
    assert "preview.md:7: invalid date &#x27;2026-02-30&#x27; (day is out of range for month)" in response.content.decode()


@pytest.mark.django_db
def test_the_preview_opens_when_the_content_has_a_bad_date(previewing, content):
    edit(content, "basics/02-second.md", "minutes: 10\n", "minutes: 10\nas_of: 2026-02-30\n")
    assert previewing.get("/preview/").status_code == 200


@pytest.mark.django_db
def test_auto_sync_shows_a_bad_date_in_the_banner_instead_of_failing(client, content, settings, monkeypatch):
    content.valid()
    edit(content, "basics/02-second.md", "minutes: 10\n", "minutes: 10\nas_of: 2026-02-30\n")
    settings.CONTENT_DIR, settings.QUIZZES_DIR, settings.CONTENT_AUTO_SYNC = content.dir, content.root / "quizzes", True
    monkeypatch.chdir(content.root)
    monkeypatch.setattr(middleware, "_state", middleware._AutoSyncState())
    response = client.get("/")
    assert response.status_code == 200
    assert f"{SECOND}:7: invalid date &#x27;2026-02-30&#x27; (day is out of range for month)" in response.content.decode()


# --------------------------------------------------------------------------- 2. references that wrap a line


def test_a_glossary_reference_split_across_lines_is_checked_on_the_line_of_its_brackets(content):
    content.valid()
    content.lesson("third", order=3, body="Intro.\n\nThe [[frobni\ncator]] matters.\n")
    assert problems_of(content) == [
        f"{THIRD}:14: unknown glossary term 'frobni cator': add it to content/glossary.yaml or fix the spelling"
    ]


def test_a_known_term_split_across_lines_passes(content):
    content.valid()
    content.lesson("third", order=3, body="Intro.\n\nThe [[working\ncapital|headroom\nof a firm]] matters.\n")
    assert problems_of(content) == []


GLOSSARY_REFS = {glossary_key("working capital"): GlossaryRef("working-capital", "Working capital", "CA - CL.")}


@pytest.mark.parametrize(
    "body",
    [
        "The [[working\ncapital]] here.",
        "The [[frobni\ncator]] here.",
        "The [[frobni\ncator|shown\ntext]] here.",
        "> Quoted [[working\n> capital]] here.",
        "> Quoted [[frobni\n> cator]] here.",
        "Escaped \\[[frobnicator]] here.",
        "Code `[[frob\nnicator]]` here.",
        "Two paragraphs [[frob\n\nnicator]] here.",
        "!!! note\n    Inside [[working\n    capital]] a box.",
        "!!! note\n    Inside [[frobni\n    cator]] a box.",
        "- item [[working\n  capital]] in a list",
        "```\n[[frobnicator]]\n```",
        "A [[working capital]] and a [[frobnicator]].",
    ],
)
def test_the_checker_and_the_renderer_agree(body):
    refs = scan_body_references(body, 1)
    unknown = [t for _, kind, t in refs if kind == "glossary" and glossary_key(t) not in GLOSSARY_REFS]
    known = [t for _, kind, t in refs if kind == "glossary" and glossary_key(t) in GLOSSARY_REFS]
    html = render_markdown(body, glossary=GLOSSARY_REFS, lesson_url=lambda s: None, glossary_url=lambda s: "/g/").html
    assert bool(unknown) == ("gloss-missing" in html), (refs, html)
    assert bool(known) == ('class="gloss"' in html), (refs, html)


# --------------------------------------------------------------------------- 3. duplicate keys


def test_a_duplicate_key_in_front_matter_is_reported_and_blames_no_other_file(content):
    content.valid()
    content.quiz()
    edit(content, "basics/02-second.md", "order: 2\n", "order: 2\norder: 1\n")  # 1 is first's order
    assert problems_of(content) == [f"{SECOND}:6: duplicate key 'order' (first on line 5)"]


def test_a_duplicate_key_inside_an_outcome_is_reported(content):
    content.valid()
    edit(content, "basics/02-second.md", "    text: Do a thing.\n", "    text: Do a thing.\n    text: Another.\n")
    assert problems_of(content) == [f"{SECOND}:10: duplicate key 'text' (first on line 9)"]


def test_a_duplicate_key_in_a_track_file_is_reported(content):
    content.valid()
    edit(content, "basics/_track.md", "code: A\n", "code: A\ncode: B\n")
    assert problems_of(content) == ["content/basics/_track.md:5: duplicate key 'code' (first on line 4)"]


def test_a_duplicate_key_in_the_glossary_is_reported_and_no_lesson_is_blamed(content):
    content.valid()
    edit(content, "glossary.yaml", "  slug: current-ratio\n", "  slug: current-ratio\n  slug: ratio\n")
    assert problems_of(content) == [f"{GLOSSARY}:8: duplicate key 'slug' (first on line 7)"]


def test_a_duplicate_key_in_a_quiz_file_is_reported(content):
    content.valid()
    content.quiz()
    path = content.root / "quizzes/basics/first.yaml"
    path.write_text(path.read_text().replace("    answer: 0.988\n", "    answer: 0.988\n    answer: 0.9\n"))
    assert problems_of(content) == [f"{QUIZ}:15: duplicate key 'answer' (first on line 14)"]


def test_repeated_keys_in_different_mappings_or_merged_are_fine():
    doc, problems = yaml_problems("base: &b {x: 1}\na: {x: 1, <<: *b}\nb: {x: 2}\n'1': one\n1: number\n")
    assert problems == []


# --------------------------------------------------------------------------- 4. the line of an unclosed bracket


def test_an_unclosed_bracket_in_front_matter_is_reported_on_its_own_line(content):
    content.valid()
    edit(content, "basics/02-second.md", "order: 2", "order: [99")
    assert problems_of(content) == [
        f"{SECOND}:5: invalid YAML in front matter: while parsing a flow sequence, expected ',' or ']', "
        "but got ':' on line 6"
    ]


def test_an_unclosed_bracket_in_the_glossary_is_reported_on_its_own_line(content):
    content.valid()
    edit(content, "glossary.yaml", "aliases: [net working capital]", "aliases: [balance sheet equation")
    assert problems_of(content) == [
        f"{GLOSSARY}:3: invalid YAML in glossary: while parsing a flow sequence, expected ',' or ']', "
        "but got ':' on line 4"
    ]


def test_an_unclosed_quote_is_reported_where_it_opens():
    _, problems = yaml_problems('a: 1\nb: "open\nc: 2\n')
    assert problems == ["x.yaml:2: invalid YAML in x: while scanning a quoted scalar, found unexpected end of stream on line 4"]


def test_a_block_error_stays_on_the_line_of_the_problem():
    # The context of this error is the mapping that starts on line 1: the problem's own line is the one to fix.
    _, problems = yaml_problems("a: 1\nb: 2\nc: 3\n- d\n")
    assert problems == ["x.yaml:4: invalid YAML in x: expected <block end>, but found '-'"]


# --------------------------------------------------------------------------- 5. one mistake, one message


def test_a_broken_glossary_line_does_not_flood_the_lessons(content):
    content.valid()
    edit(content, "glossary.yaml", "  engineer: A capacity-over-demand ratio.", "  engineer: A: capacity")
    content.lesson("third", order=3, body="[[working capital]], [[current ratio]] and [[net working capital]].\n")
    assert problems_of(content) == [f"{GLOSSARY}:9: invalid YAML in glossary: mapping values are not allowed here"]


def test_a_glossary_entry_with_a_problem_does_not_flood_the_lessons_that_use_it(content):
    content.valid()
    edit(content, "glossary.yaml", "  engineer: A capacity-over-demand ratio.\n", "")
    assert problems_of(content) == [f"{GLOSSARY}:6: missing required key 'engineer' in glossary entry"]


def test_a_misspelt_term_is_still_reported_when_the_glossary_is_fine(content):
    content.valid()
    content.lesson("third", order=3, body="[[workng capital]].\n")
    assert problems_of(content) == [
        f"{THIRD}:12: unknown glossary term 'workng capital': add it to content/glossary.yaml or fix the spelling"
    ]


def test_an_unquoted_colon_in_a_title_gives_one_problem_not_one_per_reference(content):
    content.valid()
    content.quiz()
    content.lesson("third", order=3, prerequisites="[first]", body="See [it](lesson:first).\n")
    edit(content, "basics/01-first.md", "title: Lesson first", "title: Lesson: first")
    assert problems_of(content) == [f"{FIRST}:2: invalid YAML in front matter: mapping values are not allowed here"]


def test_references_the_broken_file_does_not_define_are_still_reported(content):
    content.valid()
    content.quiz()
    edit(content, "basics/01-first.md", "title: Lesson first", "title: Lesson: first")
    content.lesson("third", order=3, prerequisites="[ghost]")
    path = content.root / "quizzes/basics/first.yaml"
    path.write_text(path.read_text().replace("outcomes: [A1.1]\n    prompt: Which", "outcomes: [A7.1]\n    prompt: Which"))
    assert problems_of(content) == [
        f"{FIRST}:2: invalid YAML in front matter: mapping values are not allowed here",
        f"{THIRD}:10: unknown prerequisite 'ghost': no lesson has that slug",
        f"{QUIZ}:5: unknown outcome 'A7.1': no lesson in content/ declares it",
    ]


def test_when_nothing_can_be_made_of_the_broken_file_the_references_name_it(content):
    content.valid()
    content.quiz(text="lesson: first\nquestions:\n  - id: q\n    type: truefalse\n    outcomes: [A1.1]\n"
                      "    prompt: P.\n    answer: true\n    explanation: E.\n")
    (content.dir / "basics/01-first.md").write_bytes(b"---\ntitle: caf\xe9\n")
    note = f" (it may be defined in {FIRST}, which could not be read)"
    assert problems_of(content) == [
        f"{FIRST}:1: file is not valid UTF-8 (byte 14): save it as UTF-8",
        f"{SECOND}:10: unknown prerequisite 'first': no lesson has that slug{note}",
        f"{SECOND}:14: link to a lesson that does not exist: 'lesson:first'{note}",
        f"{QUIZ}:1: unknown lesson 'first': no lesson in content/ has that slug{note}",
        f"{QUIZ}:5: unknown outcome 'A1.1': no lesson in content/ declares it{note}",
    ]


def test_a_broken_track_file_does_not_flood_its_lessons(content):
    content.valid()
    edit(content, "basics/_track.md", "title: Basics", "title: Basics: the start")
    assert problems_of(content) == [
        "content/basics/_track.md:2: invalid YAML in front matter: mapping values are not allowed here"
    ]


@pytest.mark.django_db
def test_the_preview_is_not_flooded_by_a_broken_glossary(previewing, content):
    edit(content, "glossary.yaml", "  engineer: A capacity-over-demand ratio.", "  engineer: A: capacity")
    html = previewing.post("/preview/", {"source": LESSON_HEAD + "See [[working capital]].\n"}, **HX).content.decode()
    assert "No problems" in html


# --------------------------------------------------------------------------- 6. empty keys, once


def test_an_empty_quiz_explanation_is_one_problem_on_its_line(content):
    content.valid()
    for empty in ('explanation: ""', "explanation:", "explanation: '  '"):
        content.quiz(text=f"lesson: first\nquestions:\n  - id: q\n    type: truefalse\n    outcomes: [A1.1]\n"
                          f"    prompt: P.\n    answer: true\n    {empty}\n")
        assert problems_of(content) == [f"{QUIZ}:8: 'explanation' is empty: write why the answer is right in Markdown"]


def test_an_absent_quiz_explanation_is_missing_on_the_questions_first_line(content):
    content.valid()
    content.quiz(text="lesson: first\nquestions:\n  - id: q\n    type: truefalse\n    outcomes: [A1.1]\n"
                      "    prompt: P.\n    answer: true\n")
    assert problems_of(content) == [f"{QUIZ}:3: missing required key 'explanation' in truefalse question"]


def test_empty_questions_are_one_problem_on_their_line(content):
    content.valid()
    content.quiz(text="lesson: first\nquestions:\n")
    assert problems_of(content) == [f"{QUIZ}:2: 'questions' is empty: add at least one question, starting '- id: ...'"]


@pytest.mark.parametrize("empty", ["title:", 'title: ""', "title: '   '"])
def test_an_empty_front_matter_key_is_one_problem_on_its_line(content, empty):
    content.valid()
    edit(content, "basics/02-second.md", "slug: second", "slug: second\n" + empty)
    edit(content, "basics/02-second.md", "title: Lesson second\n", "")
    assert problems_of(content) == [f"{SECOND}:3: 'title' is empty in lesson front matter"]


def test_an_empty_outcome_text_is_one_problem_on_its_line(content):
    content.valid()
    edit(content, "basics/02-second.md", "    text: Do a thing.", "    text:")
    assert problems_of(content) == [f"{SECOND}:9: 'text' is empty in outcome"]


def test_an_absent_front_matter_key_is_missing_on_the_first_line(content):
    content.valid()
    edit(content, "basics/02-second.md", "title: Lesson second\n", "")
    assert problems_of(content) == [f"{SECOND}:2: missing required key 'title' in lesson front matter"]


# --------------------------------------------------------------------------- 7. outcome ids


def test_an_outcome_id_must_start_with_the_track_code_and_lesson_order(content):
    content.valid()
    edit(content, "basics/02-second.md", "id: A2.1", "id: Q9.1")
    assert problems_of(content) == [f"{SECOND}:8: outcome id 'Q9.1' should start with 'A2.' (track A, lesson 2)"]


def test_an_outcome_id_must_end_with_a_number_from_1(content):
    content.valid()
    edit(content, "basics/02-second.md", "id: A2.1", "id: A2.0")
    assert problems_of(content) == [f"{SECOND}:8: outcome id 'A2.0' should end with a number from 1, e.g. 'A2.1'"]


def test_a_longer_track_code_is_a_longer_prefix(content):
    content.track("money", code="MB", order=2, title="Money")
    content.glossary()
    content.lesson("coins", track="money", order=3, outcome="MB3.1")
    content.lesson("notes", track="money", order=4, outcome="M4.1")
    assert problems_of(content) == [
        "content/money/04-notes.md:8: outcome id 'M4.1' should start with 'MB4.' (track MB, lesson 4)"
    ]


def test_the_preview_checks_outcome_ids(previewing):
    html = previewing.post("/preview/", {"source": LESSON_HEAD.replace("A9.1", "A8.1")}, **HX).content.decode()
    assert "preview.md:8: outcome id &#x27;A8.1&#x27; should start with &#x27;A9.&#x27; (track A, lesson 9)" in html


def test_the_projects_content_and_the_preview_sample_have_no_problems():
    bundle = load_content(Sources.configured(REPO / "content", REPO / "quizzes", REPO))
    assert [str(p) for p in bundle.problems] == []
    _, problems = check_lesson_text(SAMPLE_LESSON, bundle)
    assert [str(p) for p in problems] == []
