from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from learn.calculators.companies import load_catalogue
from learn.lessons.loader import load_content
from learn.lessons.sync import default_quizzes_dir


class Command(BaseCommand):
    help = "Validate content/ and print every problem as path:line: message. Exit status 1 if any."

    def add_arguments(self, parser):
        parser.add_argument("--content-dir", type=Path, default=None, help="default: settings.CONTENT_DIR")
        parser.add_argument(
            "--quizzes-dir", type=Path, default=None, help="default: quizzes/ beside --content-dir, else settings.QUIZZES_DIR"
        )

    def handle(self, *args, content_dir: Path | None = None, quizzes_dir: Path | None = None, **options):
        quizzes_dir = quizzes_dir or default_quizzes_dir(content_dir)
        content_dir = content_dir or settings.CONTENT_DIR
        bundle = load_content(content_dir, root=Path.cwd(), quizzes_dir=quizzes_dir)
        # company statements (content/companies/*.yaml) are read by the ratio calculator, not imported
        companies = load_catalogue(Path(content_dir) / "companies")
        problems = [str(problem) for problem in bundle.problems] + companies.problems
        for problem in problems:
            self.stdout.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} problem(s) found in the content.", returncode=1)
        self.stdout.write(
            self.style.SUCCESS(
                f"OK: {len(bundle.tracks)} tracks, {len(bundle.lessons)} lessons, "
                f"{len(bundle.glossary)} glossary terms, {len(bundle.questions)} questions, no problems."
            )
        )
