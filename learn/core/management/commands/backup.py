from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from learn.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database online to PATH (SQLite: VACUUM INTO; PostgreSQL: pg_dump, custom format)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="a new file for the backup")

    def handle(self, *args, path: Path, **options):
        try:
            written = backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Backed up to {written} ({written.stat().st_size:,} bytes)."))
