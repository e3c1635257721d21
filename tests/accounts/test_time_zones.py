"""The time-zone field: grouped by region, every valid zone accepted and nothing else, the browser's zone
offered while the field holds the default, and chosen at sign-up."""

from __future__ import annotations

import pytest

from learn.accounts.forms import COMMON_ZONES, ProfileForm, SignupForm
from learn.accounts.models import Profile

pytestmark = pytest.mark.django_db


def test_zones_are_grouped_by_region_with_utc_first(client, alice):
    client.force_login(alice)
    html = client.get("/accounts/settings/").content.decode()
    select = html.split('<select name="time_zone"', 1)[1].split("</select>", 1)[0]
    assert select.index('<option value="UTC" selected>UTC</option>') < select.index("<optgroup")
    for region in ("Africa", "America", "Asia", "Australia", "Europe", "Pacific", "Other"):
        assert f'<optgroup label="{region}">' in select
    europe = select.split('<optgroup label="Europe">', 1)[1].split("</optgroup>", 1)[0]
    assert '<option value="Europe/London">London</option>' in europe
    america = select.split('<optgroup label="America">', 1)[1].split("</optgroup>", 1)[0]
    assert '<option value="America/New_York">New York</option>' in america
    assert '<option value="America/Argentina/Buenos_Aires">Argentina / Buenos Aires</option>' in america
    assert select.count("<option") == len(COMMON_ZONES)


def test_every_valid_zone_is_accepted_and_nothing_else(alice):
    profile = Profile.for_user(alice)
    for zone in COMMON_ZONES:
        assert ProfileForm({"time_zone": zone, "daily_goal_minutes": 20}, instance=profile).is_valid(), zone
    for bad in ("Mars/Olympus", "Europe", "europe/london", "localtime", "", "Europe/London "):
        form = ProfileForm({"time_zone": bad, "daily_goal_minutes": 20}, instance=profile)
        assert not form.is_valid() and "time_zone" in form.errors, bad


def test_the_browser_zone_is_offered_only_while_the_field_holds_the_default(alice):
    profile = Profile.for_user(alice)
    assert 'data-default-zone="UTC"' in str(ProfileForm(instance=profile)["time_zone"])
    profile.time_zone = "Asia/Tokyo"
    profile.save()
    chosen = str(ProfileForm(instance=profile)["time_zone"])
    assert "data-default-zone" not in chosen and '<option value="Asia/Tokyo" selected>' in chosen
    assert 'data-default-zone="UTC"' in str(SignupForm()["time_zone"])


def test_the_accounts_pages_load_the_time_zone_script(client, alice):
    assert (
        '<script src="/static/js/timezone.js" defer></script>'
        in client.get("/accounts/signup/").content.decode()
    )
    client.force_login(alice)
    assert (
        '<script src="/static/js/timezone.js" defer></script>'
        in client.get("/accounts/settings/").content.decode()
    )


def _signup(client, **extra):
    data = {"username": "carol", "email": "carol@example.com", "password1": "a-long-pass-phrase-9"}
    return client.post("/accounts/signup/", {**data, "password2": data["password1"], **extra})


def test_sign_up_keeps_the_chosen_zone(client):
    assert _signup(client, time_zone="America/Sao_Paulo").status_code == 302  # kept while pending
    assert Profile.objects.get(user__username="carol").time_zone == "America/Sao_Paulo"


def test_sign_up_refuses_an_unknown_zone(client):
    response = _signup(client, time_zone="Mars/Olympus")
    assert response.status_code == 200 and "Select a valid choice." in response.content.decode()
    assert not Profile.objects.exists()
