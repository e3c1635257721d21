"""Calculators become search documents of a new kind, "calculator".

The index is emptied, so that the next ``sync_content`` (which rebuilds it whenever it finds it empty)
adds the calculators even when no content file has changed.
"""

from django.db import migrations, models


def empty_index(apps, schema_editor):
    apps.get_model("search", "SearchDocument").objects.all().delete()
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("INSERT INTO search_fts(search_fts) VALUES('rebuild')")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_weighted_index")]

    operations = [
        migrations.AlterField(
            model_name="searchdocument",
            name="kind",
            field=models.CharField(
                choices=[("lesson", "Lesson"), ("glossary", "Glossary"), ("calculator", "Calculator")],
                max_length=16,
            ),
        ),
        migrations.RunPython(empty_index, migrations.RunPython.noop),
    ]
