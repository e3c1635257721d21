"""Index title, aliases and body as separate, weighted columns on both backends.

* ``aliases`` (glossary aliases, no longer part of the body) and ``names`` (title and aliases as
  normalized words, for exact matches) are new columns.
* SQLite: ``search_fts`` is recreated with an ``aliases`` column between title and body.
* PostgreSQL: a ``search_vector`` tsvector column (title A, aliases B, body C) with a GIN index; it is
  not part of the Django model, rebuild_search_index fills it.

The existing documents are deleted: they were built the old way (aliases and MathML in the body), and
``sync_content`` rebuilds the index whenever it finds it empty, so the next sync fills it again.
"""

from django.db import migrations, models

OLD_FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, body, content='search_searchdocument', content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
)
NEW_FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, aliases, body, content='search_searchdocument', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')"
)


def empty_index(apps, schema_editor):
    apps.get_model("search", "SearchDocument").objects.all().delete()
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")


def restore_old_fts(apps, schema_editor):
    apps.get_model("search", "SearchDocument").objects.all().delete()
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(OLD_FTS)


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(NEW_FTS)
    elif vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE search_searchdocument ADD COLUMN IF NOT EXISTS search_vector tsvector"
        )
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS search_document_vector ON search_searchdocument USING gin (search_vector)"
        )


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")
    elif vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_sqlite_fts5")]
    operations = [
        migrations.RunPython(empty_index, restore_old_fts),
        migrations.AddField(
            model_name="searchdocument",
            name="aliases",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="names",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(create_index, drop_index),
    ]
