from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from learn.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database's contents with a backup from 'manage.py backup' (stop the app first)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the backup file")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, path: Path, yes: bool = False, **options):
        if not yes and input(f"Replace everything in the database with {path}? Type 'yes': ") != "yes":
            raise CommandError("Nothing restored.")
        try:
            restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored from {path}."))
