from __future__ import annotations

import zoneinfo

from django import forms
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm, UserCreationForm
from django.contrib.auth.models import User

from learn.accounts.models import DEFAULT_TIME_ZONE, Profile

COMMON_ZONES = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


def time_zone_choices() -> list:
    """UTC first, then every zone in an <optgroup> of its region, named by its place ("New York"); the
    old and administrative names (US/Eastern, Etc/GMT+5, Cuba) last, under "Other"."""
    groups: dict[str, list[tuple[str, str]]] = {region: [] for region in (*REGIONS, "Other")}
    for zone in COMMON_ZONES:
        region, _, place = zone.partition("/")
        if zone == DEFAULT_TIME_ZONE:
            continue
        if region in REGIONS and place:
            groups[region].append((zone, place.replace("_", " ").replace("/", " / ")))
        else:
            groups["Other"].append((zone, zone.replace("_", " ")))
    return [(DEFAULT_TIME_ZONE, DEFAULT_TIME_ZONE), *((region, zones) for region, zones in groups.items())]


class TimeZoneField(forms.ChoiceField):
    """A time zone, grouped by region. While it holds the default (UTC), static/js/timezone.js selects
    the browser's own zone and says so; without JavaScript the default stays."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Your day and dates follow it.")
        super().__init__(choices=time_zone_choices, **kwargs)

    def offer_browser_zone(self, note: str) -> None:
        self.widget.attrs.update({"data-default-zone": DEFAULT_TIME_ZONE, "data-zone-note": note})


class PasswordErrorsUnderPassword:
    """Django checks a new password (too short, too common, ...) on its confirmation field, so those
    errors showed under "Password confirmation". They are about the password: show them under it. A
    mismatch of the two fields stays under the confirmation."""

    password_field = "password1"

    def validate_password_for_user(self, user, password_field_name=None, **kwargs):
        super().validate_password_for_user(user, password_field_name=self.password_field, **kwargs)


class SignupForm(PasswordErrorsUnderPassword, UserCreationForm):
    """Checks only what the learner typed; :func:`learn.accounts.signup.start_signup` does the rest."""

    email = forms.EmailField(required=True, help_text="Used only to reset your password.")
    time_zone = TimeZoneField(
        required=False, help_text="Your day and dates follow it; settings can change it."
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].initial = DEFAULT_TIME_ZONE
        if not self.is_bound:  # shown again with errors, the form keeps what was sent, UTC included
            self.fields["time_zone"].offer_browser_zone("Set from this browser: {zone}.")

    def clean_username(self):
        # Whether a username is taken is told only to the inbox (learn.accounts.signup), never on the page.
        return self.cleaned_data.get("username")

    def validate_unique(self):
        pass  # as above: uniqueness is settled by learn.accounts.signup.start_signup

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class NewPasswordForm(PasswordErrorsUnderPassword, SetPasswordForm):
    """Setting a new password after a reset e-mail."""

    password_field = "new_password1"


class ChangePasswordForm(PasswordErrorsUnderPassword, PasswordChangeForm):
    password_field = "new_password1"


class ProfileForm(forms.ModelForm):
    time_zone = TimeZoneField()
    daily_goal_minutes = forms.IntegerField(min_value=5, max_value=240, label="Daily goal (minutes)")

    class Meta:
        model = Profile
        fields = ("time_zone", "daily_goal_minutes")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.time_zone == DEFAULT_TIME_ZONE:
            self.fields["time_zone"].offer_browser_zone("Set from this browser: {zone}. Save to keep it.")
