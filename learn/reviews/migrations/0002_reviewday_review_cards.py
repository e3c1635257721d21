"""Count reviews of review-state cards per day: the daily review limit applies to those only, as in Anki
(learning steps of today's new cards no longer use up the limit)."""

import datetime

from django.db import migrations, models
from django.db.models import Count


def backfill_recent_days(apps, schema_editor):
    """Only the current learning day matters for the limit; fill the last few days from the log."""
    ReviewDay = apps.get_model("reviews", "ReviewDay")
    ReviewLog = apps.get_model("reviews", "ReviewLog")
    since = datetime.date.today() - datetime.timedelta(days=2)
    rows = (
        ReviewLog.objects.filter(day__gte=since, was_new=False, card_before__state=2)
        .values("user_id", "day")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        ReviewDay.objects.filter(user_id=row["user_id"], day=row["day"]).update(review_cards=row["n"])


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="reviewday",
            name="review_cards",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(backfill_recent_days, migrations.RunPython.noop),
    ]
