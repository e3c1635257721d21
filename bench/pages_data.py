"""The learners bench_pages.py measures, built in its database: prints a session key for each.

- bench-light: a dozen cards on real questions and 30 reviews;
- bench-heavy: 2,000 cards and 20,000 reviews over a year (the dashboard goal's learner);
- bench-rater-N: a due card on every real question, for the review-submission timing.

The heavy learner's 2,000 cards need 2,000 questions: those beyond the real ones come from a lesson of
generated true/false questions, archived so that no page lists it.

Run by bench_pages.py with its environment:  python bench/pages_data.py RATERS
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta

import django
from fakehistory import review_logs


def main(raters: int) -> None:
    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.db import transaction
    from django.utils.module_loading import import_string

    from learn.lessons.models import Lesson, Track
    from learn.quizzes.models import Question
    from learn.reviews.models import Card, ReviewDay, ReviewLog, ReviewSettings

    rng = random.Random(7)
    now = datetime.now(UTC)
    session_store = import_string(settings.SESSION_ENGINE + ".SessionStore")

    def session(user) -> str:
        s = session_store()
        s[SESSION_KEY] = str(user.pk)
        s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        s[HASH_SESSION_KEY] = user.get_session_auth_hash()
        s.create()
        return s.session_key

    def card(user, question: int, due_days: float, stability: float) -> Card:
        return Card(
            user=user,
            question_id=question,
            state=2,
            step=None,
            stability=stability,
            difficulty=rng.uniform(1, 10),
            due=now + timedelta(days=due_days),
            last_review=now - timedelta(days=rng.uniform(1, 30)),
            reps=5,
            created_at=now - timedelta(days=400),
        )

    def history(user, n: int) -> None:
        cards = list(Card.objects.filter(user=user).values_list("pk", "question_id"))
        logs, days = list(review_logs(user, cards, n, now)), {}
        for log in logs:
            days[log.day] = days.get(log.day, 0) + 1
        ReviewLog.objects.bulk_create(logs, batch_size=5000)
        ReviewDay.objects.bulk_create(
            [
                ReviewDay(user=user, day=d, reviews=c, review_cards=c, time_ms=c * 5000)
                for d, c in days.items()
            ]
        )

    with transaction.atomic():
        real = list(Question.objects.filter(archived=False).values_list("pk", flat=True))
        track = Track.objects.create(
            slug="bench", code="Z", title="Bench", source_path="-", source_hash="-", archived=True
        )
        lesson = Lesson.objects.create(
            slug="bench", track=track, title="Bench", source_path="-", source_hash="-", archived=True
        )
        Question.objects.bulk_create(
            [
                Question(
                    qid=f"bench-{i}",
                    lesson=lesson,
                    type="truefalse",
                    prompt_html="<p>True?</p>",
                    explanation_html="<p>Yes.</p>",
                    data={"answer": True},
                    position=i,
                    source_path="-",
                    source_hash="-",
                )
                for i in range(2000)
            ]
        )
        generated = list(Question.objects.filter(lesson=lesson).values_list("pk", flat=True))
        light = User.objects.create_user("bench-light", "light@example.com", "x" * 20)
        heavy = User.objects.create_user("bench-heavy", "heavy@example.com", "x" * 20)
        Card.objects.bulk_create([card(light, q, rng.uniform(-1, 10), rng.uniform(1, 50)) for q in real[:12]])
        history(light, 30)
        heavy_questions = (real + generated)[:2000]
        Card.objects.bulk_create(
            [card(heavy, q, rng.uniform(-5, 60), rng.uniform(1, 200)) for q in heavy_questions],
            batch_size=2000,
        )
        history(heavy, 20_000)
        rating = []
        for i in range(raters):
            user = User.objects.create_user(f"bench-rater-{i}", f"r{i}@example.com", "x" * 20)
            ReviewSettings.objects.update_or_create(user=user, defaults={"max_reviews_per_day": 5000})
            Card.objects.bulk_create([card(user, q, -1, 10.0) for q in real])  # every real question, due
            rating.append(user)
    for user in (light, heavy, *rating):
        print("SESSION", user.username.removeprefix("bench-"), session(user))


if __name__ == "__main__":
    main(int(sys.argv[1]))
