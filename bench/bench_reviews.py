"""How review pages scale with a learner's history.

One learner ("heavy") has N cards and M review logs; another ("light") has the same N cards and 1,000
logs. Both live in one database, measured in one run. For the review-queue fetch, a whole review
(show, answer, rate) and the dashboard, the script prints the median time for each learner and the
ratio heavy/light. The goal is a ratio under 2x: every query is indexed and nothing scans a learner's
whole history per request.

    .venv/bin/python bench/bench_reviews.py            # 100,000 cards, 1,000,000 logs (builds once, ~minutes)
    .venv/bin/python bench/bench_reviews.py --quick    # 10,000 cards, 100,000 logs
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/finfluency_bench .venv/bin/python bench/bench_reviews.py

SQLite data goes to /tmp/finfluency-bench-<size>.sqlite3 and is reused by later runs.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fakehistory import review_logs  # bench/, the script's folder, is on the path


def setup_django(cards: int, logs: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learn.settings")
    os.environ["CONTENT_AUTO_SYNC"] = "False"
    if not os.environ.get("DATABASE_URL"):
        os.environ["SQLITE_PATH"] = f"/tmp/finfluency-bench-{cards}-{logs}.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(cards: int, logs: int, light_logs: int = 1000) -> tuple:
    from django.contrib.auth.models import User
    from django.db import transaction

    from learn.lessons.models import Lesson, Track
    from learn.quizzes.models import Question
    from learn.reviews.models import Card, ReviewDay, ReviewLog, ReviewSettings

    heavy, created = User.objects.get_or_create(username="bench-heavy")
    light, _ = User.objects.get_or_create(username="bench-light")
    for user in (heavy, light):  # a learner with a big backlog raises the daily review limit
        ReviewSettings.objects.update_or_create(user=user, defaults={"max_reviews_per_day": 5000})
    if not created and Card.objects.filter(user=heavy).count() == cards:
        print(f"reusing the data set ({cards:,} cards each; {logs:,} and {light_logs:,} logs)")
        return heavy, light
    print(
        f"building: {cards:,} questions, {cards:,} cards for each learner, {logs:,} + {light_logs:,} logs ..."
    )
    started = time.perf_counter()
    with transaction.atomic():
        track, _ = Track.objects.get_or_create(
            slug="bench", defaults={"code": "Z", "title": "Bench", "source_path": "-", "source_hash": "-"}
        )
        lesson, _ = Lesson.objects.get_or_create(
            slug="bench", defaults={"track": track, "title": "Bench", "source_path": "-", "source_hash": "-"}
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
                for i in range(cards)
            ],
            batch_size=5000,
            ignore_conflicts=True,
        )
    rng = random.Random(7)
    now = datetime.now(UTC)
    question_ids = list(Question.objects.filter(lesson=lesson).values_list("pk", flat=True))
    for user, n_logs in ((heavy, logs), (light, light_logs)):
        with transaction.atomic():
            Card.objects.filter(user=user).delete()
            ReviewDay.objects.filter(user=user).delete()
            Card.objects.bulk_create(
                [
                    Card(
                        user=user,
                        question_id=q,
                        state=2,
                        step=None,
                        stability=rng.uniform(1, 200),
                        difficulty=rng.uniform(1, 10),
                        due=now + timedelta(days=rng.uniform(-5, 60)),
                        last_review=now - timedelta(days=rng.uniform(1, 30)),
                        reps=5,
                        created_at=now - timedelta(days=400),
                    )
                    for q in question_ids
                ],
                batch_size=5000,
            )
            card_ids = list(Card.objects.filter(user=user).values_list("pk", "question_id"))
            logs = review_logs(user, card_ids, n_logs, now)
            while batch := list(itertools.islice(logs, 10_000)):
                ReviewLog.objects.bulk_create(batch)
            per_day = max(1, n_logs // 365)
            ReviewDay.objects.bulk_create(
                ReviewDay(
                    user=user,
                    day=(now - timedelta(days=d)).date(),
                    reviews=per_day,
                    young_total=per_day // 2,
                    young_passed=per_day // 3,
                    mature_total=per_day // 2,
                    mature_passed=per_day // 2,
                )
                for d in range(365)
            )
    print(f"built in {time.perf_counter() - started:.0f} s")
    return heavy, light


def timed(fn, repeat: int) -> float:
    fn()  # warm caches and connections
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def one_review(user):
    from django.utils import timezone

    from learn.reviews import services
    from learn.reviews.models import PendingReview

    now = timezone.now()
    queue = services.review_queue(user, now)
    pending = PendingReview.objects.open_for(queue.card, now)
    services.submit_answer(pending, "true", now)
    result = services.rate(user, pending.token, 3, now)
    assert result.status is services.RateStatus.RECORDED, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--logs", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="10,000 cards and 100,000 logs")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    if args.quick:
        args.cards, args.logs = 10_000, 100_000
    setup_django(args.cards, args.logs)
    from django.db import connection
    from django.utils import timezone

    from learn.reviews.dashboard import build_dashboard
    from learn.reviews.services import review_queue

    heavy, light = build(args.cards, args.logs)
    print(f"database: {connection.vendor}; median of {args.repeat} runs each\n")
    print(f"{'operation':<18}{'light (1k logs)':>18}{'heavy':>14}{'heavy/light':>14}")
    worst = 0.0
    for name, fn in (
        ("review queue", lambda u: review_queue(u, timezone.now())),
        ("review (3 steps)", one_review),
        ("dashboard", lambda u: build_dashboard(u, timezone.now())),
    ):
        t_light = timed(lambda fn=fn: fn(light), args.repeat)
        t_heavy = timed(lambda fn=fn: fn(heavy), args.repeat)
        ratio = t_heavy / t_light
        worst = max(worst, ratio)
        print(f"{name:<18}{t_light * 1000:>15.1f} ms{t_heavy * 1000:>11.1f} ms{ratio:>13.2f}x")
    print(f"\nworst ratio {worst:.2f}x (goal: under 2x)")


if __name__ == "__main__":
    main()
