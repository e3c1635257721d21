"""Scheduling maths: previews agree with fsrs, fuzz is drawn once, learner days are DST-correct."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import fsrs
import pytest
import time_machine

from learn.reviews.scheduling import (
    MemoryState,
    Rating,
    SchedulerSettings,
    day_bounds,
    format_interval,
    is_due,
    learning_day,
    next_day_start,
    preview,
)

CARD_ID = 4242
T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
NY = ZoneInfo("America/New_York")
LEARNING, REVIEW, RELEARNING = 1, 2, 3


def fsrs_review(state: MemoryState, rating: int, now: datetime, settings: SchedulerSettings):
    return settings.scheduler().review_card(state.to_fsrs(CARD_ID), fsrs.Rating(rating), review_datetime=now)


def assert_same_as_fsrs(outcomes, state: MemoryState, now: datetime, settings: SchedulerSettings) -> None:
    """Every field of every outcome equals what ``review_card`` returns for that rating."""
    assert sorted(outcomes) == [1, 2, 3, 4]
    for rating, outcome in outcomes.items():
        card, log = fsrs_review(state, rating, now, settings)
        assert outcome.rating == rating
        assert outcome.state == MemoryState.from_fsrs(card)
        assert (
            outcome.state.to_fsrs(CARD_ID).to_dict() == card.to_dict()
        )  # state, step, S, D, due, last_review
        assert outcome.log == log.to_dict()
        assert outcome.interval == card.due - now
        assert outcome.label == format_interval(card.due - now)


def kind(state: MemoryState) -> str:
    if state.last_review is None:
        return "new"
    return {LEARNING: "learning", REVIEW: "review", RELEARNING: "relearning"}[state.state]


# --- preview versus fsrs -----------------------------------------------------------------------------

SIMULATED_SETTINGS = [
    SchedulerSettings(enable_fuzzing=False),
    SchedulerSettings(
        enable_fuzzing=False,
        desired_retention=0.85,
        maximum_interval=60,
        learning_steps=(timedelta(minutes=1), timedelta(minutes=5), timedelta(hours=1)),
        relearning_steps=(timedelta(minutes=10), timedelta(hours=1)),
    ),
    SchedulerSettings(
        enable_fuzzing=False,
        desired_retention=0.97,
        learning_steps=(timedelta(minutes=10),),
        relearning_steps=(),
    ),
    SchedulerSettings(enable_fuzzing=False, learning_steps=(), relearning_steps=()),
]


@pytest.mark.parametrize("sched", SIMULATED_SETTINGS)  # not "settings": pytest-django owns that name
@pytest.mark.parametrize("seed", range(6))
def test_it_previews_exactly_what_fsrs_review_card_does_over_a_simulated_history(sched, seed):
    settings = sched
    rng = random.Random(seed)
    now = T0
    state = MemoryState.new(now)
    seen = set()
    script = [1, 3, 3, 3, 1, 2, 3]  # visits learning, review and relearning early, then a random walk
    for i in range(60):
        seen.add(kind(state))
        outcomes = preview(state, card_id=CARD_ID, now=now, settings=settings)
        assert_same_as_fsrs(outcomes, state, now, settings)
        rating = script[i] if i < len(script) else rng.choices([1, 2, 3, 4], weights=[2, 1, 6, 1])[0]
        state = outcomes[rating].state
        # come back on time, early (same day: short-term stability) or late (days overdue)
        lateness = rng.choice(
            [timedelta(0), timedelta(minutes=-3), timedelta(hours=7), timedelta(days=rng.randint(1, 9))]
        )
        now = max(state.due + lateness, now + timedelta(seconds=1))
    assert "new" in seen and "review" in seen
    if settings.learning_steps:
        assert "learning" in seen
    if settings.relearning_steps:
        assert "relearning" in seen


def test_it_previews_a_new_card_with_anki_labels():
    outcomes = preview(
        MemoryState.new(T0), card_id=CARD_ID, now=T0, settings=SchedulerSettings(enable_fuzzing=False)
    )
    assert {r: o.label for r, o in outcomes.items()} == {
        1: "1m",
        2: "6m",
        3: "10m",
        4: "8d",
    }  # Hard: (1+10)/2 min
    assert outcomes[4].state.state == REVIEW and outcomes[4].state.step is None
    assert outcomes[3].state.state == LEARNING and outcomes[3].state.step == 1
    assert outcomes[1].log == {
        "card_id": CARD_ID,
        "rating": 1,
        "review_datetime": T0.isoformat(),
        "review_duration": None,
    }
    json.dumps([o.log for o in outcomes.values()])


def review_card_state(stability: float = 40.0, days_ago: int = 40) -> MemoryState:
    return MemoryState(
        state=REVIEW,
        step=None,
        stability=stability,
        difficulty=5.0,
        due=T0,
        last_review=T0 - timedelta(days=days_ago),
    )


@pytest.mark.parametrize(
    "state",
    [MemoryState.new(T0), review_card_state(), review_card_state(3.0, 3), review_card_state(30000.0, 20000)],
)
def test_it_draws_fuzz_exactly_as_successive_review_card_calls_would(state):
    """random.seed(s) then review_card for Again..Easy gives what preview(rng_seed=s) shows: same
    formula, one independent draw per rating, in the same order."""
    settings = SchedulerSettings(maximum_interval=36500)
    saved = random.getstate()
    try:
        for seed in range(40):
            outcomes = preview(state, card_id=CARD_ID, now=T0, settings=settings, rng_seed=seed)
            random.seed(seed)
            for rating in (1, 2, 3, 4):
                card, _ = settings.scheduler().review_card(
                    state.to_fsrs(CARD_ID), fsrs.Rating(rating), review_datetime=T0
                )
                assert outcomes[rating].state == MemoryState.from_fsrs(card), (seed, rating)
    finally:
        random.setstate(saved)


def test_it_applies_the_previewed_fuzzed_interval_and_repeats_it_for_the_same_seed():
    state, settings = review_card_state(), SchedulerSettings()
    plain = preview(state, card_id=CARD_ID, now=T0, settings=SchedulerSettings(enable_fuzzing=False))
    first = preview(state, card_id=CARD_ID, now=T0, settings=settings, rng_seed=7)
    assert first == preview(state, card_id=CARD_ID, now=T0, settings=settings, rng_seed=7)
    # Without fuzz, fsrs 6.3.2 with its default parameters and 0.90 retention schedules this card (S=40,
    # D=5, last reviewed 40 days ago) 10 minutes out for Again (a relearning step), then 82, 110, 171 days.
    assert {r: o.interval for r, o in plain.items()} == {
        1: timedelta(minutes=10),
        2: timedelta(days=82),
        3: timedelta(days=110),
        4: timedelta(days=171),
    }
    # Seed 7: what fsrs.Scheduler().review_card returns for Again, Hard, Good, Easy in turn after
    # random.seed(7) (read once from fsrs 6.3.2 itself), labelled as Anki does (a month is 30 days).
    assert {r: (o.interval, o.label) for r, o in first.items()} == {
        1: (timedelta(minutes=10), "10m"),
        2: (timedelta(days=80), "2.7mo"),
        3: (timedelta(days=105), "3.5mo"),
        4: (timedelta(days=175), "5.8mo"),
    }
    # fsrs's fuzz range (FUZZ_RANGES in fsrs/scheduler.py), worked by hand: d +/- (1 + 0.15 * 4.5 + 0.1 * 13
    # + 0.05 * (d - 20)) days, rounded, inclusive; e.g. 82 +/- 6.075 gives 76..88.
    fuzz_bounds = {2: (76, 88), 3: (103, 117), 4: (160, 182)}
    for rating, outcome in first.items():
        assert outcome.interval == outcome.state.due - T0  # the interval shown is the due date stored
        assert (
            MemoryState.from_json(outcome.state.to_json()) == outcome.state
        )  # the JSON round trip the caller makes
        # fuzz moves only the due date, within fsrs's range
        expected = plain[rating].state
        assert (
            outcome.state.stability,
            outcome.state.difficulty,
            outcome.state.state,
            outcome.state.step,
        ) == (expected.stability, expected.difficulty, expected.state, expected.step)
        if rating in fuzz_bounds:
            low, high = fuzz_bounds[rating]
            assert low <= outcome.interval.days <= high + 1  # fsrs rounds up to max+1 on a draw near 1.0
    draws = {
        tuple(
            o.interval
            for o in preview(state, card_id=CARD_ID, now=T0, settings=settings, rng_seed=s).values()
        )
        for s in range(30)
    }
    assert len(draws) > 1


def test_a_memory_state_is_stored_as_json_with_fixed_keys():
    state = MemoryState(
        state=REVIEW,
        step=None,
        stability=40.0,
        difficulty=5.0,
        due=T0,
        last_review=datetime(2026, 1, 21, 12, 0, tzinfo=UTC),
    )
    assert state.to_json() == {
        "state": 2,
        "step": None,
        "stability": 40.0,
        "difficulty": 5.0,
        "due": "2026-03-02T12:00:00+00:00",
        "last_review": "2026-01-21T12:00:00+00:00",
    }
    assert MemoryState.from_json(json.loads(json.dumps(state.to_json()))) == state
    assert MemoryState.new(T0).to_json() == {
        "state": 1,
        "step": 0,
        "stability": None,
        "difficulty": None,
        "due": "2026-03-02T12:00:00+00:00",
        "last_review": None,
    }
    # any offset reads back as the same instant
    assert MemoryState.from_json({**state.to_json(), "due": "2026-03-02T13:00:00+01:00"}) == state


def test_an_outcome_reviewed_later_keeps_its_interval():
    outcome = MemoryState(
        state=LEARNING, step=1, stability=2.3, difficulty=2.1, due=T0 + timedelta(minutes=10), last_review=T0
    )
    later = outcome.reviewed_at(T0 + timedelta(seconds=45))
    assert (later.last_review, later.due) == (
        datetime(2026, 3, 2, 12, 0, 45, tzinfo=UTC),
        datetime(2026, 3, 2, 12, 10, 45, tzinfo=UTC),
    )
    assert (later.state, later.step, later.stability, later.difficulty) == (LEARNING, 1, 2.3, 2.1)
    assert MemoryState.new(T0).reviewed_at(T0 + timedelta(hours=1)) == MemoryState.new(T0)  # never reviewed


def test_ratings_are_fsrs_numbers_with_anki_names():
    assert [(int(r), r.label) for r in Rating] == [(1, "Again"), (2, "Hard"), (3, "Good"), (4, "Easy")]
    assert Rating.choices() == [(1, "Again"), (2, "Hard"), (3, "Good"), (4, "Easy")]
    assert [int(fsrs.Rating(r)) for r in Rating] == [1, 2, 3, 4]
    assert [fsrs.Rating(r).name for r in Rating] == ["Again", "Hard", "Good", "Easy"]


def test_it_leaves_the_global_random_generator_alone():
    saved = random.getstate()
    preview(review_card_state(), card_id=CARD_ID, now=T0, settings=SchedulerSettings(), rng_seed=3)
    preview(review_card_state(), card_id=CARD_ID, now=T0, settings=SchedulerSettings())
    assert random.getstate() == saved


def test_it_accepts_any_aware_clock_and_rejects_naive_datetimes():
    tokyo_now = T0.astimezone(ZoneInfo("Asia/Tokyo"))
    settings = SchedulerSettings(enable_fuzzing=False)
    assert preview(MemoryState.new(T0), card_id=1, now=tokyo_now, settings=settings) == preview(
        MemoryState.new(T0), card_id=1, now=T0, settings=settings
    )
    with pytest.raises(ValueError, match="timezone-aware"):
        preview(MemoryState.new(T0), card_id=1, now=datetime(2026, 3, 2, 12), settings=settings)
    with pytest.raises(ValueError, match="timezone-aware"):
        MemoryState.new(datetime(2026, 3, 2, 12))
    with pytest.raises(ValueError, match="timezone-aware"):
        learning_day(datetime(2026, 3, 2, 12), NY, 4)
    with pytest.raises(ValueError, match="timezone-aware"):
        is_due(MemoryState.new(T0), now=datetime(2026, 3, 2, 12), day_end=T0)


def test_it_round_trips_memory_state_through_fsrs():
    state = MemoryState(
        state=RELEARNING,
        step=0,
        stability=2.5,
        difficulty=7.1,
        due=T0.astimezone(NY),
        last_review=T0 - timedelta(hours=1),
    )
    assert state.due.tzinfo is UTC
    assert MemoryState.from_fsrs(state.to_fsrs(9)) == state
    assert MemoryState.new(T0) == MemoryState.from_fsrs(fsrs.Card(card_id=9, due=T0))


@pytest.mark.parametrize("retention", [0.79, 0.975, 0.5, 1.0, float("nan"), True])
def test_it_rejects_a_desired_retention_outside_080_to_097(retention):
    with pytest.raises(ValueError, match=r"between 0\.80 and 0\.97"):
        SchedulerSettings(desired_retention=retention)


def test_it_accepts_the_retention_bounds_and_checks_parameters():
    assert SchedulerSettings(desired_retention=0.80).scheduler().desired_retention == 0.80
    assert SchedulerSettings(desired_retention=0.97).scheduler().desired_retention == 0.97
    custom = tuple(fsrs.scheduler.DEFAULT_PARAMETERS[:20]) + (0.3,)
    assert SchedulerSettings(parameters=list(custom)).scheduler().parameters == custom
    with pytest.raises(ValueError, match="21 parameters"):
        SchedulerSettings(parameters=(1.0, 2.0))
    with pytest.raises(ValueError):
        SchedulerSettings(learning_steps=(timedelta(0),))


@pytest.mark.parametrize(
    ("delta", "label"),
    [
        (timedelta(seconds=0), "0s"),
        (timedelta(seconds=30), "30s"),
        (timedelta(minutes=1), "1m"),
        (timedelta(minutes=5, seconds=30), "6m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(hours=1), "1h"),
        (timedelta(hours=23), "23h"),
        (timedelta(days=1), "1d"),
        (timedelta(days=3), "3d"),
        (timedelta(days=29), "29d"),
        (timedelta(days=30), "1mo"),
        (timedelta(days=75), "2.5mo"),
        (timedelta(days=364), "12.1mo"),
        (timedelta(days=365), "1y"),
        (timedelta(days=438), "1.2y"),
        (timedelta(days=36500), "100y"),
        (timedelta(minutes=-10), "-10m"),
    ],
)
def test_it_labels_intervals_like_anki(delta, label):
    assert format_interval(delta) == label


# --- learner days ------------------------------------------------------------------------------------

ZONES = [
    "UTC",
    "America/New_York",
    "Asia/Tokyo",
    "Pacific/Auckland",
    "America/Los_Angeles",
    "Pacific/Honolulu",
    "America/St_Johns",
    "Asia/Kolkata",
]


@pytest.mark.parametrize(
    ("zone", "utc_at_359"),
    [
        ("UTC", datetime(2026, 1, 15, 3, 59, tzinfo=UTC)),
        ("America/New_York", datetime(2026, 1, 15, 8, 59, tzinfo=UTC)),  # EST, UTC-5
        ("Asia/Tokyo", datetime(2026, 1, 14, 18, 59, tzinfo=UTC)),  # JST, UTC+9
        ("Pacific/Auckland", datetime(2026, 1, 14, 14, 59, tzinfo=UTC)),  # NZDT, UTC+13
        ("Pacific/Honolulu", datetime(2026, 1, 15, 13, 59, tzinfo=UTC)),  # HST, UTC-10
        ("America/St_Johns", datetime(2026, 1, 15, 7, 29, tzinfo=UTC)),  # NST, UTC-3:30
    ],
)
def test_it_keeps_359_local_on_yesterday_with_a_4am_day_start(zone, utc_at_359):
    tz = ZoneInfo(zone)
    assert utc_at_359.astimezone(tz).strftime("%Y-%m-%d %H:%M") == "2026-01-15 03:59"
    assert learning_day(utc_at_359, tz, 4) == date(2026, 1, 14)
    assert learning_day(utc_at_359 + timedelta(minutes=1), tz, 4) == date(2026, 1, 15)
    assert learning_day(utc_at_359, tz, 0) == date(2026, 1, 15)
    start, end = day_bounds(date(2026, 1, 15), tz, 4)
    assert start == utc_at_359 + timedelta(minutes=1) and end - start == timedelta(hours=24)
    assert next_day_start(utc_at_359, tz, 4) == start


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("hour", [0, 2, 4, 23])
def test_it_tiles_every_day_of_the_year_without_gaps(zone, hour):
    """Each learning day is [start, end), the next starts where it ends, and learning_day agrees."""
    tz = ZoneInfo(zone)
    lengths = []
    day = date(2025, 1, 1)
    while day.year == 2025:
        start, end = day_bounds(day, tz, hour)
        assert start.tzinfo is UTC
        assert learning_day(start, tz, hour) == day
        assert learning_day(end - timedelta(microseconds=1), tz, hour) == day
        assert learning_day(end, tz, hour) == day + timedelta(days=1)
        assert day_bounds(day + timedelta(days=1), tz, hour)[0] == end
        lengths.append((end - start) / timedelta(hours=1))
        day += timedelta(days=1)
    dst = zone in ("America/New_York", "Pacific/Auckland", "America/Los_Angeles", "America/St_Johns")
    assert lengths.count(23) == lengths.count(25) == (1 if dst else 0)
    assert lengths.count(24) == len(lengths) - 2 * lengths.count(23)


def test_it_gives_new_york_a_23_hour_day_in_march_and_a_25_hour_day_in_november():
    # clocks jump 02:00 EST -> 03:00 EDT on 9 March 2025 and fall back 02:00 EDT -> 01:00 EST on 2 November
    assert day_bounds(date(2025, 3, 8), NY, 4) == (
        datetime(2025, 3, 8, 9, tzinfo=UTC),
        datetime(2025, 3, 9, 8, tzinfo=UTC),
    )
    assert day_bounds(date(2025, 11, 1), NY, 4) == (
        datetime(2025, 11, 1, 8, tzinfo=UTC),
        datetime(2025, 11, 2, 9, tzinfo=UTC),
    )
    start, end = day_bounds(date(2025, 3, 9), NY, 0)
    assert end - start == timedelta(hours=23)
    # a day starting at 02:00, an hour that does not exist on 9 March: the day begins when clocks jump
    assert day_bounds(date(2025, 3, 9), NY, 2)[0] == datetime(2025, 3, 9, 7, tzinfo=UTC)
    assert learning_day(datetime(2025, 3, 9, 6, 59, tzinfo=UTC), NY, 2) == date(2025, 3, 8)  # 01:59 EST
    # a day starting at 01:00, an hour that happens twice on 2 November: the first one
    assert day_bounds(date(2025, 11, 2), NY, 1)[0] == datetime(2025, 11, 2, 5, tzinfo=UTC)
    assert learning_day(datetime(2025, 11, 2, 6, 30, tzinfo=UTC), NY, 1) == date(2025, 11, 2)  # 01:30 EST


def test_it_uses_the_clock_it_is_given_under_time_machine():
    with time_machine.travel(datetime(2025, 3, 9, 7, 59, tzinfo=UTC), tick=False):  # 03:59 EDT
        now = datetime.now(UTC)
        assert learning_day(now, NY, 4) == date(2025, 3, 8)
        assert next_day_start(now, NY, 4) == datetime(2025, 3, 9, 8, tzinfo=UTC)
    with time_machine.travel(datetime(2025, 3, 9, 8, 0, tzinfo=UTC), tick=False):
        assert learning_day(datetime.now(UTC), NY, 4) == date(2025, 3, 9)


def test_it_rejects_an_impossible_day_start_hour():
    with pytest.raises(ValueError):
        learning_day(T0, NY, 24)
    with pytest.raises(ValueError):
        day_bounds(date(2026, 1, 1), NY, -1)


# --- due cards -----------------------------------------------------------------------------------


def test_it_counts_review_cards_due_anywhere_before_the_day_ends():
    day_end = datetime(2026, 3, 3, 9, tzinfo=UTC)

    def review_due(due):
        return MemoryState(
            state=REVIEW,
            step=None,
            stability=10.0,
            difficulty=5.0,
            due=due,
            last_review=T0 - timedelta(days=10),
        )

    assert is_due(review_due(day_end - timedelta(microseconds=1)), now=T0, day_end=day_end)
    assert not is_due(review_due(day_end), now=T0, day_end=day_end)
    assert is_due(review_due(T0 - timedelta(days=30)), now=T0, day_end=day_end)


@pytest.mark.parametrize("state", [LEARNING, RELEARNING])
def test_it_shows_learning_cards_only_within_the_learn_ahead_window(state):
    day_end = datetime(2026, 3, 3, 9, tzinfo=UTC)

    def learning_due(due):
        return MemoryState(
            state=state, step=0, stability=1.0, difficulty=5.0, due=due, last_review=T0 - timedelta(minutes=1)
        )

    assert is_due(learning_due(T0 + timedelta(minutes=20)), now=T0, day_end=day_end)
    assert not is_due(learning_due(T0 + timedelta(minutes=20, microseconds=1)), now=T0, day_end=day_end)
    assert is_due(learning_due(T0), now=T0, day_end=day_end, learn_ahead=timedelta(0))
    assert not is_due(
        learning_due(T0 + timedelta(seconds=1)), now=T0, day_end=day_end, learn_ahead=timedelta(0)
    )
    assert is_due(MemoryState.new(T0), now=T0, day_end=day_end)
