"""What every lesson of every track has (issue 12): learning outcomes, an "In the meeting" section, and at
least eight questions, with every outcome tested by at least two. Plain files, no database."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted(p for p in (ROOT / "content").glob("*/[0-9]*.md"))


def _front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def _questions(slug: str) -> list[dict]:
    found = []
    for quiz in (ROOT / "quizzes").rglob("*.yaml"):
        data = yaml.safe_load(quiz.read_text(encoding="utf-8"))
        if data.get("lesson") == slug:
            found += data.get("questions") or []
    return found


def test_there_are_three_tracks_and_at_least_twenty_lessons():
    assert {p.parent.name for p in LESSONS} >= {"balance-sheet", "credit", "model-risk"}
    assert len(LESSONS) >= 20


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_each_lesson_has_outcomes_a_meeting_and_eight_questions_covering_every_outcome(path):
    front = _front(path)
    outcomes = [o["id"] for o in front["outcomes"]]
    assert outcomes, "learning outcomes"
    body = path.read_text(encoding="utf-8")
    meeting = re.search(r"^## In the meeting\n(.+?)(?=^## |\Z)", body, re.M | re.S)
    assert meeting and len(meeting.group(1).split()) >= 120, "an 'In the meeting' section of substance"
    questions = _questions(front["slug"])
    assert len(questions) >= 8, f"{len(questions)} questions"
    tested = Counter(o for q in questions for o in q.get("outcomes") or [])
    assert all(tested[o] >= 2 for o in outcomes), {o: tested[o] for o in outcomes}
    assert len({q["type"] for q in questions}) >= 2, "a mix of question types"
