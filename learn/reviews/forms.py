from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone

from learn.accounts.models import Profile
from learn.reviews.models import ReviewSettings
from learn.reviews.scheduling import learning_day


class ReviewSettingsForm(forms.ModelForm):
    desired_retention = forms.FloatField(
        min_value=0.80,
        max_value=0.97,
        label="Desired retention",
        help_text="0.80 to 0.97. At 0.90 you should remember about 9 cards in 10 when they come back; "
        "each step higher costs noticeably more reviews.",
    )
    new_per_day = forms.IntegerField(
        min_value=0,
        max_value=500,
        label="New cards per day",
        help_text="Rule of thumb: 20 new cards a day leads to about 200 reviews a day.",
    )
    max_reviews_per_day = forms.IntegerField(min_value=1, max_value=5000, label="Maximum reviews per day")
    day_start_hour = forms.IntegerField(
        min_value=0,
        max_value=23,
        label="Day starts at (hour)",
        help_text="In your time zone (set on your account settings). Anki's default is 4 am.",
    )
    exam_date = forms.DateField(
        required=False,
        label="Exam date",
        # <input type="date"> takes only YYYY-MM-DD: a value in the site's locale (20/02/2027) shows as
        # empty, and the next save of any other setting would erase the date.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Optional: the dashboard then predicts your recall on that day. "
        "Leave it empty to clear it.",
    )

    class Meta:
        model = ReviewSettings
        fields = ("desired_retention", "new_per_day", "max_reviews_per_day", "day_start_hour", "exam_date")

    def __init__(self, *args, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now or timezone.now()
        self.fields["exam_date"].widget.attrs["min"] = self.learner_today().isoformat()

    def learner_today(self) -> date:
        """Today in the learner's time zone and day (with the day-start hour being saved, when valid)."""
        tz = ZoneInfo(Profile.for_user(self.instance.user).time_zone if self.instance.user_id else "UTC")
        hour = self.instance.day_start_hour
        if (
            self.is_bound
            and hasattr(self, "cleaned_data")
            and self.cleaned_data.get("day_start_hour") is not None
        ):
            hour = self.cleaned_data["day_start_hour"]
        return learning_day(self.now, tz, hour)

    def clean(self):
        data = super().clean()
        exam_date = data.get("exam_date")
        if exam_date is not None:
            today = self.learner_today()
            if exam_date < today:
                self.add_error(
                    "exam_date",
                    f"The exam date must be today ({today.day} {today:%B %Y}) or later. "
                    "Pick a later date, or leave the field empty to clear it.",
                )
        return data
