from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from learn.publishing.kinds import KINDS, Sources, add_source_arguments, load_content


class Command(BaseCommand):
    help = "Validate every content kind and print every problem as path:line: message. Exit status 1 if any."

    def add_arguments(self, parser):
        add_source_arguments(parser)

    def handle(self, *args, content_dir: Path | None = None, quizzes_dir: Path | None = None, **options):
        content = load_content(Sources.configured(content_dir, quizzes_dir))
        for problem in content.problems:
            self.stdout.write(str(problem))
        if content.problems:
            raise CommandError(f"{len(content.problems)} problem(s) found in the content.", returncode=1)
        companies = len(content.companies.statements) if content.companies else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"OK: {len(content.tracks)} tracks, {len(content.lessons)} lessons, "
                f"{len(content.glossary)} glossary terms, {len(content.questions)} questions, "
                f"{len(content.notebooks.specs)} notebooks, {companies} company statements "
                f"({', '.join(kind.name for kind in KINDS)} checked), no "
                f"problems."
            )
        )
