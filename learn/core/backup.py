"""Online backups of the site's database, and restoring one: every learner's cards, reviews and exams.

SQLite: SQLite's own online backup (``VACUUM INTO``), never a file copy, which could catch the database
mid-write in WAL mode; restore copies a backup into the live database with SQLite's backup API, page by
page, under its lock. PostgreSQL: ``pg_dump`` in its custom format and ``pg_restore --clean``, with the
connection settings Django uses (the password through ``PGPASSWORD``, never on the command line).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections

from learn.core.models import ContentVersion


class BackupError(Exception):
    """Why a backup or restore could not run, in words an operator can act on."""


def backup(path: Path, *, using: str = "default") -> Path:
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} exists: choose a new file name (a backup never overwrites one).")
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(path)])
    elif connection.vendor == "postgresql":
        _run(
            ["pg_dump", "--format=custom", "--no-owner", f"--file={path}", *_pg_args(connection)], connection
        )
    else:  # pragma: no cover - the site supports SQLite and PostgreSQL only
        raise BackupError(f"No backup method for the {connection.vendor} database.")
    return path


def restore(path: Path, *, using: str = "default") -> None:
    """Replace the database's contents with the backup's (the schema comes with it)."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} is not a file: give the path of a backup made with 'manage.py backup'.")
    connection = connections[using]
    if connection.vendor == "sqlite":
        try:
            source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            source.execute("PRAGMA schema_version").fetchone()  # fails on a file that is not a database
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{path} is not a SQLite backup ({exc}).") from None
        connection.ensure_connection()
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        connection.close()  # pg_restore --clean drops tables: no session of ours may hold a lock on them
        args = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
        _run([*args, *_pg_args(connection, flag="--dbname"), str(path)], connection)
    else:  # pragma: no cover
        raise BackupError(f"No restore method for the {connection.vendor} database.")
    # Pages cached before the restore (in Redis, say) must not be served for the restored data.
    ContentVersion.bump()


def _pg_args(connection, *, flag: str = "--dbname") -> list[str]:
    settings = connection.settings_dict
    args = [f"{flag}={settings['NAME']}"]
    if settings.get("HOST"):
        args.append(f"--host={settings['HOST']}")
    if settings.get("PORT"):
        args.append(f"--port={settings['PORT']}")
    if settings.get("USER"):
        args.append(f"--username={settings['USER']}")
    return args


def _run(command: list[str], connection) -> None:
    env = {**os.environ, "PGPASSWORD": connection.settings_dict.get("PASSWORD") or ""}
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed: install the PostgreSQL client tools.") from None
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip() or result.returncode}")
