from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from learn.publishing.kinds import Sources, add_source_arguments
from learn.publishing.stats import content_stats


class Command(BaseCommand):
    help = (
        "Count what the content files hold (read like check_content, not from the database): tracks, "
        "lessons per track, questions by type and per track, notebooks, glossary terms, and the share of "
        "learning outcomes tested by at least two questions, listing those with fewer."
    )

    def add_arguments(self, parser):
        add_source_arguments(parser)

    def handle(self, *args, content_dir: Path | None = None, quizzes_dir: Path | None = None, **options):
        stats = content_stats(Sources.configured(content_dir, quizzes_dir))
        for line in stats.lines():
            self.stdout.write(line)
        if stats.problems:  # still exit 0: counting is not validating
            self.stderr.write(
                f"Note: {stats.problems} problem(s) in the content; the counts cover what could be read. "
                "Run check_content for the list."
            )
