"""Shared fixtures: two learners who must never see each other's data, and small content trees."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from django.core.cache import cache

from learn.core import learnercache, pagecache

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.CONTENT_AUTO_SYNC = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MARKET_LIVE = False  # never Yahoo from tests; tests/market turns it on with a fake yfinance
    cache.clear()  # rate-limit counters and cached pages never leak from one test into the next
    pagecache.forget_local()
    learnercache.forget_local()


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", "alice@example.com", "correct-horse-1")


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create_user("bob", "bob@example.com", "battery-staple-2")


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "ines", "ines@example.com", "instructor-pass-3", is_staff=True
    )


class ContentTree:
    """Writes a small, valid content/ folder that a test can then break in one precise place."""

    def __init__(self, root: Path):
        self.root = root
        self.dir = root / "content"
        self.dir.mkdir()

    def write(self, relative: str, text: str) -> Path:
        path = self.dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def track(self, slug: str = "basics", code: str = "A", order: int = 1, title: str = "Basics") -> Path:
        return self.write(
            f"{slug}/_track.md",
            f"""
            ---
            title: {title}
            slug: {slug}
            code: {code}
            order: {order}
            summary: The basics.
            ---
            Welcome to **{title}**.
            """,
        )

    def lesson(
        self,
        slug: str,
        *,
        track: str = "basics",
        order: int = 1,
        outcome: str | None = None,
        prerequisites: str = "[]",
        body: str = "## Intro\n\nHello.\n",
        folder: str | None = None,
    ) -> Path:
        outcome = outcome or f"A{order}.1"
        front = (
            "---\n"
            f"title: Lesson {slug}\n"
            f"slug: {slug}\n"
            f"track: {track}\n"
            f"order: {order}\n"
            "minutes: 10\n"
            "outcomes:\n"
            f"  - id: {outcome}\n"
            "    text: Do a thing.\n"
            f"prerequisites: {prerequisites}\n"
            "---\n"
        )
        path = self.dir / (folder or track) / f"{order:02d}-{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(front + body, encoding="utf-8")
        return path

    def glossary(self, text: str | None = None) -> Path:
        return self.write(
            "glossary.yaml",
            text
            or """
            - term: Working capital
              slug: working-capital
              aliases: [net working capital]
              definition: Current assets minus current liabilities. A liquidity measure.
              engineer: Headroom between what is due soon and what can pay it.
            - term: Current ratio
              slug: current-ratio
              definition: Current assets divided by current liabilities.
              engineer: A capacity-over-demand ratio.
              see_also: [working-capital]
            """,
        )

    def quiz(self, relative: str = "basics/first.yaml", text: str | None = None) -> Path:
        path = self.root / "quizzes" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text or QUIZ).lstrip("\n"), encoding="utf-8")
        return path

    def edit(self, relative: str, old: str, new: str) -> None:
        """Replace the first ``old`` in a content file (which must contain it) by ``new``."""
        path = self.dir / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def problems(self) -> list[str]:
        """Every problem check_content would print for this tree (quizzes/ beside content/)."""
        from learn.publishing.kinds import Sources, load_content

        return [str(p) for p in load_content(Sources.configured(self.dir, root=self.root)).problems]

    def valid(self) -> ContentTree:
        self.track()
        self.glossary()
        self.lesson("first", order=1, body="## Intro\n\nAbout [[working capital]].\n")
        self.lesson(
            "second",
            order=2,
            prerequisites="[first]",
            body="## More\n\nSee [the first lesson](lesson:first) and the [[current ratio|ratio]].\n",
        )
        return self


QUIZ = """
lesson: first
questions:
  - id: q-single
    type: single
    outcomes: [A1.1]
    prompt: Which is a current liability?
    choices: [Goodwill, Commercial paper, Term debt due in four years]
    answer: Commercial paper
    explanation: Commercial paper is short-term borrowing.
  - id: q-numeric
    type: numeric
    outcomes: [A1.1]
    prompt: Current assets 143,566 and current liabilities 145,308. Current ratio?
    answer: 0.988
    tolerance: 0.01
    unit: x
    explanation: 143,566 / 145,308 = 0.988.
  - id: q-truefalse
    type: truefalse
    outcomes: [A1.1]
    prompt: Deposits are a bank's liabilities.
    answer: true
    explanation: The bank owes them to its customers.
"""


@pytest.fixture
def content(tmp_path) -> ContentTree:
    return ContentTree(tmp_path)


@pytest.fixture
def synced_real_content(db):
    """The project's own content/, imported."""
    from learn.publishing.sync import sync_content

    report = sync_content(REPO / "content", root=REPO)
    assert report.ok, [str(p) for p in report.problems]
    return report
