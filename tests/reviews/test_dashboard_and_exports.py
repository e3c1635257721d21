"""The dashboard reflects reviews; exports give Anki decks, CSV, and only your own history."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from learn.publishing.sync import sync_content
from learn.reviews.dashboard import build_dashboard
from learn.reviews.models import Card, ReviewSettings

pytestmark = pytest.mark.django_db


def test_the_dashboard_counts_todays_work(alice, reviewed):
    board = build_dashboard(alice, timezone.now())
    assert board.reviews_today == 1
    assert board.streak == 1
    assert board.new_available == 2
    assert board.heatmap.total == 1 and board.heatmap.cells[-1]["count"] == 1
    assert sum(b["count"] for b in board.forecast.bars) == 1
    [track] = board.tracks
    assert track.reviewed == 1 and track.questions == 3 and 0 < track.recall < 1 / 3 + 1e-9


def test_the_dashboard_page_changes_after_a_review(client, alice, reviewed):
    client.force_login(alice)
    html = client.get("/dashboard/").content.decode()
    assert '<span class="stat-value" data-testid="reviews-today">1</span>' in html
    assert '<svg class="heatmap"' in html and '<svg class="forecast"' in html


def test_a_new_learners_dashboard_says_where_to_start(client, alice, content):
    content.valid()
    content.quiz()
    assert sync_content(content.dir, root=content.root).ok
    client.force_login(alice)
    html = client.get("/dashboard/").content.decode()
    assert "No review cards yet" in html
    assert "Review now" not in html
    assert 'Next up: <a href="/lessons/' in html


def test_a_learner_with_nothing_due_is_told_so(client, alice, reviewed):
    Card.objects.filter(user=alice, reps=0).update(suspended=True)
    client.force_login(alice)
    html = client.get("/dashboard/").content.decode()
    assert "Nothing to review right now" in html
    assert "Review now" not in html


def test_the_exam_date_predicts_recall_and_the_pace_needed(client, alice, reviewed):
    settings = ReviewSettings.for_user(alice)
    settings.exam_date = date.today() + timedelta(days=37)
    settings.save()
    board = build_dashboard(alice, timezone.now())
    assert board.remaining_new == 2
    assert board.new_per_day_needed == 1
    [track] = board.tracks
    assert track.predicted is not None and track.predicted < track.recall
    client.force_login(alice)
    assert "Predicted recall on exam day" in client.get("/dashboard/").content.decode()


def test_a_track_exports_as_an_anki_deck(client, reviewed):
    response = client.get("/export/tracks/basics.apkg")
    assert response.status_code == 200
    assert 'filename="finfluency-basics.apkg"' in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        assert "collection.anki2" in package.namelist()


def test_a_track_exports_as_csv(client, reviewed):
    text = client.get("/export/tracks/basics.csv").content.decode()
    header, *rows = text.strip().splitlines()
    assert header.startswith("id,lesson,type,outcomes")
    assert len(rows) == 3 and any(r.startswith("q-single,first,single,A1.1") for r in rows)
    assert client.get("/export/tracks/basics.exe").status_code == 404


def test_my_review_history_exports_only_my_reviews(client, alice, bob, reviewed):
    client.force_login(alice)
    lines = b"".join(client.get("/export/my-reviews.csv").streaming_content).decode().strip().splitlines()
    assert len(lines) == 2 and ",q-truefalse,4,1," in lines[1]
    client.force_login(bob)
    lines = b"".join(client.get("/export/my-reviews.csv").streaming_content).decode().strip().splitlines()
    assert len(lines) == 1


def test_my_review_history_is_a_csv_download_at_a_stable_address(client, alice, reviewed):
    assert reverse("reviews:export-reviews") == "/export/my-reviews.csv"
    client.force_login(alice)
    response = client.get("/export/my-reviews.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="finfluency-my-reviews.csv"'
    header, row = b"".join(response.streaming_content).decode().strip().splitlines()
    assert header == "reviewed_at_utc,learning_day,question,rating,correct,answer,duration_ms"
    assert row.split(",")[2:] == [
        "q-truefalse",
        "4",
        "1",
        "True",
        "0",
    ]  # the answer as the grader displays it


def test_my_review_history_needs_an_account(client):
    assert client.get("/export/my-reviews.csv")["Location"].startswith("/accounts/login/")


def test_the_forecast_puts_overdue_cards_on_today_and_stops_after_30_days(alice, reviewed):
    now = timezone.now()
    day = build_dashboard(alice, now).today
    cards = list(Card.objects.filter(user=alice).order_by("pk"))
    dues = [now - timedelta(days=40), now + timedelta(days=3), now + timedelta(days=45)]
    for card, due in zip(cards, dues, strict=True):
        Card.objects.filter(pk=card.pk).update(due=due, reps=max(card.reps, 1))
    board = build_dashboard(alice, now)
    counts = {bar["date"]: bar["count"] for bar in board.forecast.bars}
    assert len(board.forecast.bars) == 30 and board.forecast.bars[0]["date"] == day
    assert counts[day] == 1
    assert sum(counts.values()) == 2  # the card due in 45 days is beyond the chart
    assert sum(n for d, n in counts.items() if d >= day + timedelta(days=2)) == 1


def test_mastery_is_the_fsrs_recall_of_each_reviewed_card_at_the_time(alice, reviewed):
    from learn.reviews.scheduling import retrievability

    card = Card.objects.get(user=alice, question__qid="q-truefalse")
    later = card.last_review + timedelta(days=10, hours=5)
    [track] = build_dashboard(alice, later).tracks
    expected = float(retrievability(card.stability, 10)) / 3  # whole days elapsed, as fsrs counts them
    assert track.recall == pytest.approx(expected, rel=1e-12)


def test_the_dashboard_links_my_review_history(client, alice, reviewed):
    client.force_login(alice)
    page = client.get("/dashboard/").content.decode()
    assert '<a href="/export/my-reviews.csv" download>Download your review history (CSV)</a>' in page
