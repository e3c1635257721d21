"""The review settings form and page: an exam date is today or later in the learner's own day, or empty."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from learn.accounts.models import Profile
from learn.reviews.forms import ReviewSettingsForm
from learn.reviews.models import ReviewSettings

pytestmark = pytest.mark.django_db


def _settings_post(**changes) -> dict:
    data = {
        "desired_retention": "0.9",
        "new_per_day": "20",
        "max_reviews_per_day": "200",
        "day_start_hour": "4",
        "exam_date": "",
    }
    return {**data, **changes}


def test_the_settings_form_rejects_an_exam_date_before_today(alice):
    settings = ReviewSettings.for_user(alice)
    now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    past = ReviewSettingsForm(_settings_post(exam_date="2026-11-19"), instance=settings, now=now)
    assert not past.is_valid()
    assert past.errors["exam_date"] == [
        "The exam date must be today (20 November 2026) or later. Pick a later date, or leave the field "
        "empty to clear it."
    ]
    assert ReviewSettingsForm(_settings_post(exam_date="2026-11-20"), instance=settings, now=now).is_valid()
    assert ReviewSettingsForm(_settings_post(exam_date="2027-06-05"), instance=settings, now=now).is_valid()
    assert ReviewSettingsForm(_settings_post(exam_date=""), instance=settings, now=now).is_valid()
    assert 'min="2026-11-20"' in str(ReviewSettingsForm(instance=settings, now=now)["exam_date"])


def test_today_is_the_learners_day_not_utcs(alice):
    Profile.objects.create(user=alice, time_zone="Pacific/Auckland")  # UTC+13 in November
    settings = ReviewSettings.for_user(alice)
    now = datetime(
        2026, 11, 20, 12, 0, tzinfo=UTC
    )  # 21 November, 01:00 in Auckland: still the 20th (day starts 4 am)
    assert ReviewSettingsForm(_settings_post(exam_date="2026-11-20"), instance=settings, now=now).is_valid()
    later = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)  # 21 November, 05:00 in Auckland
    form = ReviewSettingsForm(_settings_post(exam_date="2026-11-20"), instance=settings, now=later)
    assert not form.is_valid() and "21 November 2026" in form.errors["exam_date"][0]
    # The day-start hour being saved counts: with midnight, 01:00 on the 21st is already the 21st.
    form = ReviewSettingsForm(
        _settings_post(exam_date="2026-11-20", day_start_hour="0"), instance=settings, now=now
    )
    assert not form.is_valid()


def test_the_settings_page_refuses_a_past_date_and_clears_with_an_empty_one(client, alice):
    client.force_login(alice)
    yesterday = (timezone.now() - timedelta(days=2)).date().isoformat()
    response = client.post("/review/settings/", _settings_post(exam_date=yesterday))
    assert response.status_code == 200
    assert "The exam date must be today" in response.content.decode()
    assert ReviewSettings.for_user(alice).exam_date is None

    future = (timezone.now() + timedelta(days=30)).date()
    assert client.post("/review/settings/", _settings_post(exam_date=future.isoformat())).status_code == 302
    assert ReviewSettings.for_user(alice).exam_date == future
    assert client.post("/review/settings/", _settings_post(exam_date="")).status_code == 302
    assert ReviewSettings.for_user(alice).exam_date is None


def test_the_settings_page_shows_a_saved_exam_date_as_the_date_input_reads_it(client, alice):
    """<input type="date"> reads only YYYY-MM-DD: in the site's locale (20/02/2027) it shows empty, and
    the next save of any other setting would erase the date."""
    ReviewSettings.objects.create(user=alice, exam_date=date(2027, 2, 20), max_reviews_per_day=1500)
    client.force_login(alice)
    page = client.get("/review/settings/").content.decode()
    assert re.search(r'<input type="date" name="exam_date" value="2027-02-20"', page)
    # Number inputs read only plain numbers: no locale separators either.
    assert re.search(r'<input type="number" name="max_reviews_per_day" value="1500"', page)
    assert re.search(r'<input type="number" name="desired_retention" value="0.9"', page)
