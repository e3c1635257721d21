"""A card's own writes (review, bury, suspend, undo), the queue's QuerySet methods and a shown question's
record: unit tests with literal expectations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from learn.publishing.sync import sync_content
from learn.quizzes.grading import Grade
from learn.quizzes.models import Question
from learn.reviews.models import Card, PendingReview
from learn.reviews.scheduling import MemoryState, Rating, SchedulerSettings, preview

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
LEARNING, REVIEW, RELEARNING = 1, 2, 3


@pytest.fixture
def cards(content, alice):
    content.valid()
    content.quiz()
    assert sync_content(content.dir, root=content.root).ok
    assert Card.objects.add_for(alice, Question.objects.all(), T0) == 3
    return {c.question.qid: c for c in Card.objects.filter(user=alice).select_related("question")}


def in_review(card: Card, *, lapses: int = 0, leech: bool = False, suspended: bool = False) -> Card:
    """The card graduated: reviewed five times, last 10 days ago, due now."""
    Card.objects.filter(pk=card.pk).update(
        state=REVIEW,
        step=None,
        stability=10.0,
        difficulty=5.0,
        due=T0,
        last_review=T0 - timedelta(days=10),
        reps=5,
        lapses=lapses,
        leech=leech,
        suspended=suspended,
    )
    card.refresh_from_db()
    return card


AGAIN_OUTCOME = MemoryState(
    state=RELEARNING, step=0, stability=1.5, difficulty=6.0, due=T0 + timedelta(minutes=10), last_review=T0
)


def test_record_review_applies_the_outcome_from_the_moment_of_rating(cards):
    card = cards["q-single"]
    outcome = MemoryState(
        state=LEARNING, step=1, stability=2.3, difficulty=2.1, due=T0 + timedelta(minutes=10), last_review=T0
    )
    card.record_review(rating=Rating.GOOD, outcome=outcome, now=T0 + timedelta(seconds=45))
    card.refresh_from_db()
    assert (card.state, card.step, card.stability, card.difficulty) == (LEARNING, 1, 2.3, 2.1)
    assert card.last_review == datetime(2026, 3, 2, 12, 0, 45, tzinfo=UTC)
    assert card.due == datetime(2026, 3, 2, 12, 10, 45, tzinfo=UTC)  # ten minutes from the rating
    assert (card.reps, card.lapses, card.leech, card.suspended, card.version) == (1, 0, False, False, 1)


def test_record_review_counts_a_lapse_only_for_a_card_in_review(cards):
    learning = cards["q-single"]
    learning.record_review(rating=Rating.AGAIN, outcome=AGAIN_OUTCOME, now=T0)
    assert (learning.reps, learning.lapses) == (1, 0)
    graduated = in_review(cards["q-numeric"], lapses=2)
    graduated.record_review(rating=Rating.AGAIN, outcome=AGAIN_OUTCOME, now=T0)
    graduated.refresh_from_db()
    assert (graduated.reps, graduated.lapses, graduated.state) == (6, 3, RELEARNING)


def test_record_review_makes_the_eighth_lapse_a_suspended_leech(cards):
    card = in_review(cards["q-single"], lapses=7)
    card.record_review(rating=Rating.AGAIN, outcome=AGAIN_OUTCOME, now=T0)
    card.refresh_from_db()
    assert (card.lapses, card.leech, card.suspended) == (8, True, True)


def test_record_review_does_not_suspend_again_a_leech_the_learner_unsuspended(cards):
    card = in_review(cards["q-single"], lapses=8, leech=True, suspended=False)
    card.record_review(rating=Rating.AGAIN, outcome=AGAIN_OUTCOME, now=T0)
    card.refresh_from_db()
    assert (card.lapses, card.leech, card.suspended) == (9, True, False)


def test_record_review_brings_a_buried_card_back(cards):
    card = cards["q-single"]
    card.bury(until=T0 + timedelta(hours=16))
    card.record_review(rating=Rating.AGAIN, outcome=AGAIN_OUTCOME, now=T0)
    card.refresh_from_db()
    assert card.buried_until is None and card.version == 2


def test_bury_hides_the_card_until_the_given_time_and_changes_nothing_else(cards):
    card = cards["q-single"]
    card.bury(until=datetime(2026, 3, 3, 4, 0, tzinfo=UTC))
    card.refresh_from_db()
    assert card.buried_until == datetime(2026, 3, 3, 4, 0, tzinfo=UTC)
    assert (card.version, card.reps, card.state, card.due) == (1, 0, LEARNING, T0)


def test_set_suspended_bumps_the_version_each_time(cards):
    card = cards["q-single"]
    card.set_suspended(True)
    card.refresh_from_db()
    assert (card.suspended, card.version) == (True, 1)
    card.set_suspended(False)
    card.refresh_from_db()
    assert (card.suspended, card.version) == (False, 2)


def test_a_snapshot_holds_everything_a_review_changes(cards):
    card = in_review(cards["q-single"], lapses=1)
    assert card.snapshot() == {
        "state": 2,
        "step": None,
        "stability": 10.0,
        "difficulty": 5.0,
        "due": "2026-03-02T12:00:00+00:00",
        "last_review": "2026-02-20T12:00:00+00:00",
        "reps": 5,
        "lapses": 1,
        "suspended": False,
        "leech": False,
        "buried_until": None,
        "version": 0,
    }


def test_restore_puts_back_the_snapshot_and_moves_the_version_on(cards):
    card = in_review(cards["q-single"], lapses=7)
    before = card.snapshot()
    card.record_review(rating=Rating.AGAIN, outcome=AGAIN_OUTCOME, now=T0)
    assert card.leech
    card.restore(before)
    card.refresh_from_db()
    assert card.snapshot() == {**before, "version": 2}  # a review previewed before the undo is stale


def test_restore_reads_a_snapshot_stored_before_this_code(cards):
    """The JSON of ReviewLog.card_before as already written in the database (same keys, any UTC offset)."""
    card = cards["q-single"]
    card.restore(
        {
            "state": 3,
            "step": 0,
            "stability": 1.25,
            "difficulty": 7.5,
            "due": "2026-03-02T13:10:00+01:00",
            "last_review": "2026-03-01T09:00:00+00:00",
            "reps": 9,
            "lapses": 2,
            "suspended": True,
            "leech": False,
            "buried_until": "2026-03-03T04:00:00+00:00",
            "version": 4,
        }
    )
    card.refresh_from_db()
    assert (card.state, card.step, card.stability, card.difficulty) == (RELEARNING, 0, 1.25, 7.5)
    assert (card.due, card.last_review) == (
        datetime(2026, 3, 2, 12, 10, tzinfo=UTC),
        datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
    )
    assert (card.reps, card.lapses, card.suspended, card.leech) == (9, 2, True, False)
    assert card.buried_until == datetime(2026, 3, 3, 4, 0, tzinfo=UTC)
    assert card.version == 1  # its own counter moves on; the stored one is history


def _qids(queryset) -> set[str]:
    return set(queryset.values_list("question__qid", flat=True))


def test_the_queue_filters_sort_cards_by_what_is_due(alice, cards):
    learning, review = cards["q-single"], cards["q-numeric"]
    Card.objects.filter(pk=learning.pk).update(reps=1, state=LEARNING, due=T0 + timedelta(minutes=15))
    in_review(review)
    Card.objects.filter(pk=review.pk).update(due=datetime(2026, 3, 3, 3, 0, tzinfo=UTC))
    mine = Card.objects.for_user(alice)
    assert _qids(mine.new()) == {"q-truefalse"}
    assert _qids(mine.reviewed()) == {"q-single", "q-numeric"}
    assert _qids(mine.learning_due(T0)) == {"q-single"}  # due in 15 minutes: within the 20-minute learn-ahead
    assert _qids(mine.learning_due(T0, learn_ahead=timedelta(0))) == set()
    assert _qids(mine.review_due(datetime(2026, 3, 3, 4, 0, tzinfo=UTC))) == {
        "q-numeric"
    }  # before the day ends
    assert _qids(mine.review_due(datetime(2026, 3, 3, 3, 0, tzinfo=UTC))) == set()


def test_buried_cards_and_leeches_have_their_own_filters(alice, cards):
    cards["q-single"].bury(until=T0 + timedelta(hours=1))
    Card.objects.filter(pk=cards["q-numeric"].pk).update(leech=True)
    mine = Card.objects.for_user(alice)
    assert _qids(mine.not_buried(T0)) == {"q-numeric", "q-truefalse"}
    assert _qids(mine.not_buried(T0 + timedelta(hours=1))) == {"q-single", "q-numeric", "q-truefalse"}
    assert _qids(mine.leeches()) == {"q-numeric"}


def test_add_for_creates_only_missing_cards_and_leaves_the_others_alone(alice, bob, cards):
    card = in_review(cards["q-single"], lapses=3)
    assert Card.objects.add_for(alice, Question.objects.all(), T0 + timedelta(days=1)) == 0
    card.refresh_from_db()
    assert (card.reps, card.lapses, card.due) == (5, 3, T0)
    assert Card.objects.add_for(bob, Question.objects.filter(qid="q-numeric"), T0) == 1
    assert _qids(Card.objects.for_user(bob)) == {"q-numeric"}


def test_showing_a_card_forgets_questions_left_open_for_two_days(alice, cards):
    old = PendingReview.objects.open_for(cards["q-single"], T0 - timedelta(days=2, seconds=1))
    recent = PendingReview.objects.open_for(cards["q-numeric"], T0 - timedelta(days=1))
    shown = PendingReview.objects.open_for(cards["q-truefalse"], T0)
    assert set(PendingReview.objects.values_list("token", flat=True)) == {recent.token, shown.token}
    assert old.pk not in set(PendingReview.objects.values_list("pk", flat=True))
    assert (shown.user, shown.card_version, shown.shown_at, shown.answered_at) == (alice, 0, T0, None)


def test_a_shown_question_keeps_its_answer_and_the_four_outcomes(cards):
    card = cards["q-truefalse"]
    pending = PendingReview.objects.open_for(card, T0)
    outcomes = preview(
        card.memory(), card_id=card.pk, now=T0, settings=SchedulerSettings(enable_fuzzing=False)
    )
    wrong = Grade(valid=True, correct=False, message="Not quite.", given="False", expected="True")
    pending.record_answer(wrong, outcomes, T0 + timedelta(seconds=5))
    pending.refresh_from_db()
    assert (pending.answer, pending.correct, pending.feedback) == ("False", False, "Not quite.")
    assert sorted(pending.outcomes) == ["1", "2", "3", "4"]
    assert [pending.interval_label(r) for r in Rating] == [
        "1m",
        "6m",
        "10m",
        "8d",
    ]  # fsrs 6 defaults, new card
    assert pending.outcomes["1"]["seconds"] == 60
    assert pending.outcome(Rating.EASY) == outcomes[Rating.EASY].state
    assert [pending.allows(r) for r in Rating] == [True, False, False, False]  # wrong: only Again
    pending.correct = True
    assert [pending.allows(r) for r in Rating] == [True, True, True, True]
