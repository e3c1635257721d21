"""On SQLite, an FTS5 index over SearchDocument (external content, rebuilt by rebuild_search_index).

PostgreSQL needs no extra table: the search query uses its built-in full-text functions.
"""

from django.db import migrations

CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, body, content='search_searchdocument', content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
)


def create_fts(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(CREATE)


def drop_fts(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(create_fts, drop_fts)]
