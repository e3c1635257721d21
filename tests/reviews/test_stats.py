"""Dashboard statistics: retrievability matches fsrs, streaks, true retention, forecast, exam pace."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import fsrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from learn.reviews.scheduling import (
    elapsed_days,
    forecast,
    is_leech,
    leech_warning,
    new_cards_per_day_needed,
    predicted_recall,
    retrievability,
    streak,
    true_retention,
)

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
DEFAULTS = fsrs.scheduler.DEFAULT_PARAMETERS


def fsrs_recall(stability: float, last_review: datetime, when: datetime, parameters=DEFAULTS) -> float:
    card = fsrs.Card(
        card_id=1,
        state=fsrs.State.Review,
        step=None,
        stability=stability,
        difficulty=5.0,
        due=when,
        last_review=last_review,
    )
    return fsrs.Scheduler(parameters=parameters).get_card_retrievability(card, current_datetime=when)


aware = st.datetimes(min_value=datetime(2015, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC))


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    stability=st.floats(min_value=0.001, max_value=36500),
    last_review=aware,
    gap=st.timedeltas(min_value=timedelta(days=-3), max_value=timedelta(days=4000)),
    decay=st.floats(min_value=0.1, max_value=0.8),
)
def test_it_computes_the_same_retrievability_as_fsrs(stability, last_review, gap, decay):
    parameters = DEFAULTS[:20] + (decay,)
    when = last_review + gap
    ours = retrievability(np.array([stability]), np.array([elapsed_days(last_review, when)]), parameters)
    assert ours.shape == (1,)
    assert ours[0] == pytest.approx(fsrs_recall(stability, last_review, when, parameters), rel=1e-12, abs=0)


def test_it_vectorises_retrievability_over_many_cards():
    rng = np.random.default_rng(1)
    stability = rng.uniform(0.001, 400, 500)
    ages = rng.uniform(0, 800 * 86400, 500)
    last = [T0 - timedelta(seconds=float(a)) for a in ages]
    ours = retrievability(stability, np.array([elapsed_days(lr, T0) for lr in last]))
    theirs = np.array([fsrs_recall(s, lr, T0) for s, lr in zip(stability, last, strict=True)])
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=0)
    assert ((ours > 0) & (ours <= 1)).all()


def test_it_gives_zero_retrievability_to_cards_never_reviewed():
    r = retrievability(np.array([np.nan, 5.0, None], dtype=float), np.array([3, 0, 3]))
    assert r.tolist() == [0.0, 1.0, 0.0]
    assert fsrs.Scheduler().get_card_retrievability(fsrs.Card(card_id=1), T0) == 0


def test_it_counts_elapsed_time_in_whole_days_like_fsrs():
    assert elapsed_days(T0, T0 + timedelta(hours=23, minutes=59)) == 0
    assert elapsed_days(T0, T0 + timedelta(days=1)) == 1
    assert elapsed_days(T0, T0 + timedelta(days=2, hours=23)) == 2
    assert elapsed_days(T0, T0 - timedelta(days=2)) == 0  # a clock skew never gives negative time
    assert retrievability(np.array([10.0]), np.array([-4]))[0] == 1.0
    with pytest.raises(ValueError):
        elapsed_days(datetime(2026, 1, 1), T0)


def test_it_predicts_mean_recall_with_unseen_cards_as_zero():
    when = T0 + timedelta(days=10)
    expected = (fsrs_recall(5.0, T0, when) + fsrs_recall(50.0, T0 - timedelta(days=3), when)) / 4
    got = predicted_recall([5.0, 50.0, None], [T0, T0 - timedelta(days=3), None], when, n_unseen=1)
    assert got == pytest.approx(expected, rel=1e-12)
    assert predicted_recall([], [], when, n_unseen=3) == 0.0
    assert predicted_recall([], [], when, n_unseen=0) == 0.0
    assert predicted_recall([2.0], [when], when, n_unseen=0) == 1.0
    with pytest.raises(ValueError):
        predicted_recall([1.0, 2.0], [T0], when, n_unseen=0)


def test_it_counts_a_streak_ending_today_or_yesterday():
    today = date(2026, 3, 10)
    run = {today - timedelta(days=i) for i in range(5)}
    assert streak(run, today) == 5
    assert streak(run - {today}, today) == 4  # not broken until today is over
    assert streak(run - {today, today - timedelta(days=1)}, today) == 0
    assert streak(run - {today - timedelta(days=2)}, today) == 2
    assert streak(set(), today) == 0
    assert streak({today + timedelta(days=1)}, today) == 0


def test_it_computes_true_retention_for_young_and_mature_cards():
    result = true_retention([(3, True), (1, True), (4, True), (2, False), (1, False)])
    assert result["mature"] == (2, 3, pytest.approx(2 / 3))
    assert result["young"] == (1, 2, 0.5)
    assert result["all"] == (3, 5, 0.6)
    assert true_retention([]) == {"mature": (0, 0, None), "young": (0, 0, None), "all": (0, 0, None)}
    with pytest.raises(ValueError):
        true_retention([(0, False)])


def test_it_forecasts_from_cumulative_counts():
    today = date(2026, 3, 10)
    # due before the end of day 0 (overdue included): 3; day 1: still 3; day 2: 4
    series = forecast([3, 3, 4], today)
    assert series == [(today, 3), (today + timedelta(days=1), 0), (today + timedelta(days=2), 1)]
    assert forecast([], today) == []
    with pytest.raises(ValueError):
        forecast([3, 2], today)


@pytest.mark.parametrize(
    ("remaining", "days_to_exam", "buffer", "expected"),
    [
        (30, 37, 7, 1),  # 30 study days before the last week
        (31, 37, 7, 2),
        (10, 10, 7, 4),  # 3 study days: ceil(10 / 3)
        (10, 8, 7, 10),  # the last study day is today
        (10, 7, 7, None),  # the final week has begun
        (10, 1, 7, None),  # exam tomorrow
        (10, 1, 0, 10),  # exam tomorrow, no buffer: everything today
        (10, 0, 0, None),  # exam today
        (10, -5, 7, None),  # exam passed
        (0, 60, 7, 0),  # nothing left to learn
    ],
)
def test_it_paces_new_cards_before_the_exam(remaining, days_to_exam, buffer, expected):
    today = date(2026, 3, 10)
    assert (
        new_cards_per_day_needed(remaining, today, today + timedelta(days=days_to_exam), buffer) == expected
    )


def test_it_flags_leeches_at_eight_lapses_and_warns_every_four_after():
    assert not is_leech(7) and is_leech(8) and is_leech(20)
    assert [n for n in range(25) if leech_warning(n)] == [8, 12, 16, 20, 24]
    assert is_leech(3, threshold=3)


def test_retrievability_is_decay_shaped():
    """At t = S, R is 0.9 by FSRS's definition of stability, whatever the decay."""
    for decay in (0.1, 0.1542, 0.8):
        r = retrievability(np.array([7.0]), np.array([7]), DEFAULTS[:20] + (decay,))
        assert math.isclose(r[0], 0.9, rel_tol=1e-12)
