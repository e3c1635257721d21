from __future__ import annotations

import zoneinfo

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User

from learn.accounts.models import Profile

COMMON_ZONES = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})


class SignupForm(UserCreationForm):
    email = forms.EmailField(required=True, help_text="Used only to reset your password.")

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this e-mail already exists. Try resetting your password."
            )
        return email


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        choices=[(z, z) for z in COMMON_ZONES], help_text="Your day and dates follow it."
    )
    daily_goal_minutes = forms.IntegerField(min_value=5, max_value=240, label="Daily goal (minutes)")

    class Meta:
        model = Profile
        fields = ("time_zone", "daily_goal_minutes")
