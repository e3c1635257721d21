from django.db import migrations


class Migration(migrations.Migration):
    """One word for content that left the files: a removed question is "archived", like a lesson."""

    dependencies = [("quizzes", "0001_initial")]

    operations = [migrations.RenameField(model_name="question", old_name="retired", new_name="archived")]
