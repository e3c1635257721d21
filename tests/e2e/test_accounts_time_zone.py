"""In Chromium: the time-zone field takes the browser's zone while it holds the default (UTC), says so,
and leaves a zone the learner chose alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from learn.accounts.models import Profile
from tests.accounts.signup_flow import activation_link

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tokyo(browser: Browser):
    context = browser.new_context(timezone_id="Asia/Tokyo")
    yield context.new_page()
    context.close()


def _log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/?next=/accounts/settings/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("a-long-pass-phrase-9")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/accounts/settings/")


def test_sign_up_takes_the_browsers_zone(live_server, tokyo):
    page = tokyo
    page.goto(f"{live_server.url}/accounts/signup/")
    expect(page.get_by_label("Time zone")).to_have_value("Asia/Tokyo")
    expect(page.get_by_test_id("zone-note")).to_have_text("Set from this browser: Asia/Tokyo.")
    page.get_by_label("Username").fill("carol")
    page.get_by_label("Email").fill("carol@example.com")
    page.get_by_label("Password", exact=True).fill("a-long-pass-phrase-9")
    page.get_by_label("Password confirmation").fill("a-long-pass-phrase-9")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    page.goto(live_server.url + activation_link("carol@example.com"))
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_text("Welcome!")).to_be_visible()
    assert Profile.objects.get(user__username="carol").time_zone == "Asia/Tokyo"


def test_settings_offer_the_browsers_zone_over_the_default_only(live_server, tokyo, django_user_model):
    page = tokyo
    for username, zone in (("utc-learner", "UTC"), ("london-learner", "Europe/London")):
        user = django_user_model.objects.create_user(
            username, f"{username}@example.com", "a-long-pass-phrase-9"
        )
        Profile.objects.create(user=user, time_zone=zone)
    _log_in(page, live_server.url, "utc-learner")
    expect(page.get_by_label("Time zone")).to_have_value("Asia/Tokyo")
    expect(page.get_by_test_id("zone-note")).to_have_text(
        "Set from this browser: Asia/Tokyo. Save to keep it."
    )
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()
    assert Profile.objects.get(user__username="utc-learner").time_zone == "Asia/Tokyo"
    # Saved: the field now holds the learner's zone, and the note is gone.
    expect(page.get_by_test_id("zone-note")).to_have_count(0)

    page.context.clear_cookies()
    _log_in(page, live_server.url, "london-learner")
    expect(page.get_by_label("Time zone")).to_have_value("Europe/London")
    expect(page.get_by_test_id("zone-note")).to_have_count(0)
