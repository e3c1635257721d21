"""content_stats counts the content files (not the database): tracks, lessons per track, questions by
type and per track, notebooks, glossary terms, and how many outcomes at least two questions test."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from learn.publishing.kinds import Sources
from learn.publishing.stats import content_stats

CREDIT_QUIZ = """
lesson: hazard
questions:
  - id: b-hazard-cloze
    type: cloze
    outcomes: [B1.1]
    prompt: A constant {{c1::hazard}} rate gives an exponential survival curve.
    explanation: Survival to t is exp(-hazard × t).
"""


NOTEBOOK = """\
# ---
# finfluency:
#   title: {title}
#   lesson: first
#   parameters:
#     n: {{type: int, default: 2, min: 1, max: 5, label: N}}
# ---

# %% tags=["parameters"]
n = 2

# %%
print(n * 2)
"""


def small_tree(content):
    """Track A with two lessons (three questions, all on A1.1), track B with one lesson (one question),
    track C with none yet, two notebooks and two glossary terms."""
    content.valid()
    content.quiz()
    content.track(slug="credit", code="B", order=2, title="Credit")
    content.lesson("hazard", track="credit", order=1, outcome="B1.1")
    content.quiz("credit/hazard.yaml", CREDIT_QUIZ)
    content.track(slug="model-risk", code="C", order=3, title="Model risk")
    content.write("notebooks/cds.py", NOTEBOOK.format(title="Price a CDS"))
    content.write("notebooks/irb.py", NOTEBOOK.format(title="IRB capital"))
    content.write("notebooks/README.md", "Not a notebook.\n")
    return content


EXPECTED = """\
Tracks: 3
  A. Basics (basics): 2 lessons, 3 questions
  B. Credit (credit): 1 lesson, 1 question
  C. Model risk (model-risk): 0 lessons, 0 questions
Lessons: 3
Questions: 4 (single 1, multiple 0, numeric 1, truefalse 1, cloze 1)
Notebooks: 2
Glossary terms: 2
Outcomes with at least 2 questions: 1 of 3 (33.3%)
Outcomes with fewer than 2 questions:
  A2.1 (second): 0 questions
  B1.1 (hazard): 1 question
"""


def test_it_counts_the_files_of_a_small_tree(content):
    stats = content_stats(Sources.configured(small_tree(content).dir, root=content.root))
    assert [(t.slug, t.lessons, t.questions) for t in stats.tracks] == [
        ("basics", 2, 3),
        ("credit", 1, 1),
        ("model-risk", 0, 0),
    ]
    assert stats.lessons == 3 and stats.questions == 4
    assert stats.questions_by_type == {"single": 1, "multiple": 0, "numeric": 1, "truefalse": 1, "cloze": 1}
    assert stats.notebooks == 2 and stats.glossary_terms == 2
    assert [(o.id, o.questions) for o in stats.outcomes] == [("A1.1", 3), ("A2.1", 0), ("B1.1", 1)]
    assert [o.id for o in stats.thin_outcomes] == ["A2.1", "B1.1"]
    assert round(stats.covered_share, 4) == 0.3333
    assert stats.problems == 0


def test_the_command_prints_the_counts_and_exits_0_without_touching_the_database(content):
    # no django_db mark: any database query would fail this test
    out = StringIO()
    call_command("content_stats", content_dir=small_tree(content).dir, stdout=out)
    assert out.getvalue() == EXPECTED


def test_it_counts_no_notebooks_without_the_folder_and_every_outcome_covered(content):
    content.valid()
    content.quiz(
        text="""
        lesson: first
        questions:
          - id: q-one
            type: truefalse
            outcomes: [A1.1, A2.1]
            prompt: Deposits are a bank's liabilities.
            answer: true
            explanation: The bank owes them.
          - id: q-two
            type: truefalse
            outcomes: [A1.1, A2.1]
            prompt: Loans are a bank's assets.
            answer: true
            explanation: They are claims on borrowers.
        """
    )
    out = StringIO()
    call_command("content_stats", content_dir=content.dir, stdout=out)
    lines = out.getvalue().splitlines()
    assert "Notebooks: 0" in lines
    assert lines[-1] == "Outcomes with at least 2 questions: 2 of 2 (100.0%)"


def test_it_still_counts_and_exits_0_when_the_content_has_a_problem(content):
    small_tree(content).edit("basics/02-second.md", "title: Lesson second\n", "")
    out, err = StringIO(), StringIO()
    call_command("content_stats", content_dir=content.dir, stdout=out, stderr=err)  # raises on exit != 0
    assert "Lessons: 2" in out.getvalue().splitlines()  # the broken lesson is not counted
    assert "problem(s) in the content" in err.getvalue() and "check_content" in err.getvalue()
