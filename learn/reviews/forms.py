from __future__ import annotations

from django import forms

from learn.reviews.models import ReviewSettings


class ReviewSettingsForm(forms.ModelForm):
    desired_retention = forms.FloatField(
        min_value=0.80, max_value=0.97, label="Desired retention",
        help_text="0.80 to 0.97. At 0.90 you should remember about 9 cards in 10 when they come back; "
        "each step higher costs noticeably more reviews.",
    )
    new_per_day = forms.IntegerField(min_value=0, max_value=500, label="New cards per day",
                                     help_text="Rule of thumb: 20 new cards a day leads to about 200 reviews a day.")
    max_reviews_per_day = forms.IntegerField(min_value=1, max_value=5000, label="Maximum reviews per day")
    day_start_hour = forms.IntegerField(min_value=0, max_value=23, label="Day starts at (hour)",
                                        help_text="In your time zone (set on your account settings). Anki's default is 4 am.")
    exam_date = forms.DateField(required=False, label="Exam date", widget=forms.DateInput(attrs={"type": "date"}),
                                help_text="Optional: the dashboard then predicts your recall on that day.")

    class Meta:
        model = ReviewSettings
        fields = ("desired_retention", "new_per_day", "max_reviews_per_day", "day_start_hour", "exam_date")
