"""Cloze deletions in a question's prompt, as Anki writes them: ``{{c1::answer}}``, ``{{c1::one|other}}``
or ``{{c1::answer::hint}}``. Pure Python, no Django import."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A deletion: {{c1::answer}}, {{c1::one|other}}, {{c1::answer::hint}}. It may not contain '{{', so an
# unclosed deletion never swallows the next one; LOOSE_DELETION_RE finds what was meant as one.
DELETION_RE = re.compile(r"\{\{c([1-9][0-9]*)::((?:(?!\{\{).)*?)\}\}", re.DOTALL)
LOOSE_DELETION_RE = re.compile(r"\{\{\s*c\s*[0-9]*\s*:", re.IGNORECASE)
# What a deletion becomes in the prompt's Markdown. The underscores are escaped so Markdown never reads
# them as emphasis (``____(1)____(2)`` would turn bold); the rendered HTML holds the literal text
# ``____(N)``, the gap the learner sees; the answer field for it is labelled "Blank (N)".
BLANK_MARKDOWN = r"\_\_\_\_({n})"


@dataclass(frozen=True)
class Deletion:
    n: int
    accepted: list[str]
    hint: str
    start: int  # offset in the prompt


def deletions(prompt: str) -> list[Deletion]:
    """Every {{cN::...}} in the prompt, in the order written (repeated numbers included)."""
    found = []
    for match in DELETION_RE.finditer(prompt):
        answers, _, hint = match.group(2).partition("::")
        found.append(
            Deletion(
                int(match.group(1)), [a.strip() for a in answers.split("|")], hint.strip(), match.start()
            )
        )
    return found


def cloze_blanks(prompt: str) -> list[dict]:
    """The blanks as stored in ``data["blanks"]``: one per deletion number (first use), sorted by number."""
    first: dict[int, Deletion] = {}
    for deletion in deletions(prompt):
        first.setdefault(deletion.n, deletion)
    return [
        {"n": d.n, "accepted": d.accepted, "hint": d.hint} for d in sorted(first.values(), key=lambda d: d.n)
    ]


def render_cloze_prompt(prompt: str) -> str:
    """The prompt's Markdown with each deletion replaced by ``\\_\\_\\_\\_(N)``, which renders as the
    literal text ``____(N)``, matching the label of the answer field for blank N."""
    return DELETION_RE.sub(lambda m: BLANK_MARKDOWN.format(n=int(m.group(1))), prompt)
