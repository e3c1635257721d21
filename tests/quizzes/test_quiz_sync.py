"""Questions in quizzes/ are validated with the content and imported by stable id; history survives edits."""

from __future__ import annotations

import pytest
from django.utils import timezone

from learn.publishing.kinds import Sources, load_content
from learn.publishing.sync import sync_content
from learn.quizzes.models import Question
from learn.reviews.models import Card

pytestmark = pytest.mark.django_db


def sync(tree):
    return sync_content(tree.dir, root=tree.root)


def test_it_imports_questions_with_their_outcomes(content):
    content.valid()
    content.quiz()
    report = sync(content)
    assert report.ok, [str(p) for p in report.problems]
    assert list(Question.objects.values_list("qid", "type", "position")) == [
        ("q-single", "single", 0),
        ("q-numeric", "numeric", 1),
        ("q-truefalse", "truefalse", 2),
    ]
    single = Question.objects.get(qid="q-single")
    assert single.lesson.slug == "first"
    assert list(single.outcomes.values_list("code", flat=True)) == ["A1.1"]
    assert "Which is a current liability?" in single.prompt_html
    assert sync(content).actions == []  # idempotent


def test_a_broken_quiz_file_is_named_by_file_and_line_and_blocks_the_import(content):
    content.valid()
    path = content.quiz()
    path.write_text(
        path.read_text().replace("answer: Commercial paper", "answer: Commercial papers"), encoding="utf-8"
    )
    bundle = load_content(Sources.configured(content.dir, content.root / "quizzes", content.root))
    [problem] = [str(p) for p in bundle.problems]
    assert problem.startswith("quizzes/basics/first.yaml:8:")
    assert sync(content).problems and not Question.objects.exists()


def test_check_content_reports_quiz_problems(content, capsys, monkeypatch):
    from django.core.management import CommandError, call_command

    monkeypatch.chdir(content.root)
    content.valid()
    path = content.quiz()
    path.write_text(
        path.read_text().replace(
            "outcomes: [A1.1]\n    prompt: Deposits", "outcomes: [Z9.9]\n    prompt: Deposits"
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError):
        call_command("check_content", content_dir=content.dir)
    out = capsys.readouterr().out
    assert out.startswith("quizzes/basics/first.yaml:") and "Z9.9" in out


def test_editing_a_question_keeps_learners_cards(content, alice):
    content.valid()
    path = content.quiz()
    sync(content)
    Card.objects.add_for(alice, list(Question.objects.all()), timezone.now())
    card = Card.objects.get(user=alice, question__qid="q-numeric")
    path.write_text(
        path.read_text().replace("Current ratio?", "What is the current ratio?"), encoding="utf-8"
    )
    report = sync(content)
    assert report.actions == ["updated question q-numeric"]
    card.refresh_from_db()
    assert "What is the current ratio?" in card.question.prompt_html
    assert Card.objects.filter(user=alice).count() == 3


def test_removing_a_question_retires_it_and_keeps_history(content, alice):
    content.valid()
    path = content.quiz()
    sync(content)
    Card.objects.add_for(alice, list(Question.objects.all()), timezone.now())
    text = path.read_text()
    path.write_text(text[: text.index("  - id: q-truefalse")], encoding="utf-8")
    report = sync(content)
    assert report.actions == ["archived question q-truefalse"]
    retired = Question.objects.get(qid="q-truefalse")
    assert retired.archived and Card.objects.filter(question=retired).exists()
    assert not Question.objects.active().filter(qid="q-truefalse").exists()
    path.write_text(text, encoding="utf-8")
    assert sync(content).actions == ["restored question q-truefalse"]


def test_the_projects_own_questions_import(synced_real_content):
    assert Question.objects.active().count() >= 36
    assert set(Question.objects.values_list("type", flat=True)) == {
        "single",
        "multiple",
        "numeric",
        "truefalse",
        "cloze",
    }
