"""The Anki deck letters each choice once: the <ol type="A"> does it, the text does not repeat it."""

from __future__ import annotations

import io
import re
import sqlite3
import zipfile

import pytest

from learn.lessons.models import Track
from learn.publishing.sync import sync_content
from learn.quizzes import export
from learn.quizzes.models import Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank(content):
    content.valid()
    content.quiz()
    assert sync_content(content.dir, root=content.root).ok


def _notes(package: bytes, tmp_path) -> dict[str, list[str]]:
    """The deck's notes as Anki stores them: fields joined by \\x1f, keyed by the Id field."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        (tmp_path / "collection.anki2").write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        rows = db.execute("SELECT flds FROM notes").fetchall()
    notes = {}
    for (flds,) in rows:
        fields = flds.split("\x1f")
        notes[fields[2]] = fields
    return notes


def test_the_anki_deck_letters_each_choice_once(bank, tmp_path):
    track = Track.objects.get(slug="basics")
    questions = list(Question.objects.active().filter(lesson__track=track).select_related("lesson"))
    notes = _notes(export.anki_package(track, questions), tmp_path)
    assert set(notes) == {"q-single", "q-numeric", "q-truefalse"}

    front, back, _ = notes["q-single"]
    assert '<ol class="choices" type="A">' in front
    items = re.findall(r"<li>(.*?)</li>", front)
    assert items == ["Goodwill", "Commercial paper", "Term debt due in four years"]
    assert not re.search(r"<li>\s*[A-Z]\.\s", front)
    assert "A. " not in front and "B. " not in front
    assert "<b>Answer:</b> B. Commercial paper" in back  # the answer names its letter once

    front, _, _ = notes["q-numeric"]
    assert "<ol" not in front  # no choices, no list


def test_the_front_escapes_choice_text(bank):
    question = Question.objects.get(qid="q-single")
    question.data = {**question.data, "choices": ["<b>x</b> & y", "z"]}
    assert "<li>&lt;b&gt;x&lt;/b&gt; &amp; y</li><li>z</li>" in export._front(question)
