"""Exports of a track's questions: an Anki deck (.apkg) or CSV.

A learner's own review history is exported by the reviews app.
"""

from __future__ import annotations

import hashlib
import io
import re
import tempfile
from pathlib import Path

import genanki
from django.utils.html import escape, strip_tags

from learn.core.spreadsheet import SafeWriter
from learn.quizzes.grading import grade
from learn.quizzes.models import Question

# Stable ids, so re-importing an updated deck updates the same notes in Anki instead of duplicating them.
ANKI_MODEL_ID = 1_607_392_319
ANKI_CSS = (
    ".card { font-family: system-ui, sans-serif; font-size: 18px; text-align: left; } .choices "
    "{ margin: 8px 0; }"
)


def expected_answer(question: Question) -> str:
    return grade(question.type, question.data, None).expected


_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r'\balt="([^"]*)"')


def without_images(html: str) -> str:
    """The HTML with each image replaced by its alt text: Anki loads a card's images with no content
    policy, so a remote one would tell a tracker when the learner reviews (and they are not part of the
    deck anyway)."""

    def replace(match: re.Match[str]) -> str:
        alt = _ALT.search(match.group(0))
        return f"[image: {alt.group(1)}]" if alt and alt.group(1) else ""

    return _IMG.sub(replace, html)


def _front(question: Question) -> str:
    html = without_images(question.prompt_html)
    if question.choices:
        # The list itself letters the choices (A, B, C): writing "A. " in each item as well showed
        # "A. A. ...".
        items = "".join(f"<li>{escape(c)}</li>" for c in question.choices)
        html += f'<ol class="choices" type="A">{items}</ol>'
    return html


def _back(question: Question) -> str:
    answer = escape(expected_answer(question))
    return f"<p><b>Answer:</b> {answer}</p>{without_images(question.explanation_html)}"


def _stable_id(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:12], 16) % (1 << 31) + (1 << 30)


def anki_package(track, questions: list[Question]) -> bytes:
    model = genanki.Model(
        ANKI_MODEL_ID,
        "finfluency question",
        fields=[{"name": "Question"}, {"name": "Answer"}, {"name": "Id"}],
        templates=[
            {"name": "Card 1", "qfmt": "{{Question}}", "afmt": "{{FrontSide}}<hr id=answer>{{Answer}}"}
        ],
        css=ANKI_CSS,
    )
    deck = genanki.Deck(_stable_id(f"finfluency:{track.slug}"), f"finfluency::{track.code}. {track.title}")
    for q in questions:
        tags = [f"lesson::{q.lesson.slug}", *[f"outcome::{o.code}" for o in q.outcomes.all()]]
        deck.add_note(
            genanki.Note(
                model=model, fields=[_front(q), _back(q), q.qid], guid=genanki.guid_for(q.qid), tags=tags
            )
        )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "deck.apkg"
        genanki.Package(deck).write_to_file(str(path))
        return path.read_bytes()


def questions_csv(questions: list[Question]) -> str:
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(
        ["id", "lesson", "type", "outcomes", "difficulty", "question", "choices", "answer", "explanation"]
    )
    for q in questions:
        writer.writerow(
            [
                q.qid,
                q.lesson.slug,
                q.type,
                " ".join(o.code for o in q.outcomes.all()),
                q.difficulty,
                _text(q.prompt_html),
                " | ".join(q.choices),
                expected_answer(q),
                _text(q.explanation_html),
            ]
        )
    return out.getvalue()


def _text(html: str) -> str:
    return " ".join(strip_tags(html).split())
