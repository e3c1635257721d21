from django.db import migrations, models


class Migration(migrations.Migration):
    """Glossary terms record their source file and renderer version, like every other imported row."""

    dependencies = [("lessons", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="glossaryterm",
            name="source_path",
            field=models.CharField(default="content/glossary.yaml", max_length=500),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="glossaryterm",
            name="renderer_version",
            field=models.PositiveIntegerField(default=0),
        ),
    ]
