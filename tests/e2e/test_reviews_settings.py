"""Review settings in Chromium: a saved exam date shows again in the date input and survives the next
save of another setting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from learn.reviews.models import ReviewSettings

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_exam_date_survives_saving_another_setting(live_server, django_user_model, page: Page):
    user = django_user_model.objects.create_user("erin", "erin@example.com", "a-long-pass-phrase-9")
    warnings = []
    page.on("console", lambda message: warnings.append(message.text))
    page.goto(f"{live_server.url}/accounts/login/?next=/review/settings/")
    page.get_by_label("Username").fill("erin")
    page.get_by_label("Password").fill("a-long-pass-phrase-9")
    page.keyboard.press("Enter")
    exam = (timezone.now() + timedelta(days=60)).date()

    page.get_by_label("Exam date").fill(exam.isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Review settings saved.")).to_be_visible()
    assert ReviewSettings.for_user(user).exam_date == exam

    page.goto(f"{live_server.url}/review/settings/")  # reopen
    expect(page.get_by_label("Exam date")).to_have_value(exam.isoformat())
    page.get_by_label("New cards per day").fill("15")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Review settings saved.")).to_be_visible()
    settings = ReviewSettings.for_user(user)
    assert (settings.new_per_day, settings.exam_date) == (15, exam)
    assert not [w for w in warnings if "does not conform" in w], warnings
