from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from learn.publishing.kinds import add_source_arguments
from learn.publishing.sync import sync_content


class Command(BaseCommand):
    help = "Validate content/, then import it in one transaction (nothing is imported if anything is wrong)."

    def add_arguments(self, parser):
        add_source_arguments(parser)

    def handle(self, *args, content_dir: Path | None = None, quizzes_dir: Path | None = None, **options):
        report = sync_content(content_dir, quizzes_dir=quizzes_dir)
        if report.problems:
            for problem in report.problems:
                self.stdout.write(str(problem))
            raise CommandError(
                f"{len(report.problems)} problem(s) found: nothing was imported. Fix them and run again.",
                returncode=1,
            )
        if options["verbosity"] >= 1:  # -v0: the summary line only
            for action in report.actions:
                self.stdout.write(action)
        self.stdout.write(
            self.style.SUCCESS(("Synced: " if report.changed else "Nothing changed: ") + report.summary())
        )
