"""Notebooks under load (issue 11), each figure against a baseline measured in the same run.

It builds its own database (the real content, whose notebooks are run at publish time), starts gunicorn
(2 sync workers, DEBUG=False) and one notebook worker (``manage.py db_worker``), then prints:

1. a notebook's default view against a plain lesson page: requests per second with wrk, for a visitor
   and for a signed-in learner (goal: the notebook within 1.5x, i.e. at least 1/1.5 of the lesson's);
2. the latency of a run off the published grid with a warm worker: from the request that queues it to
   the response that shows its outputs, polling as the page does;
3. an ordinary page's latency (the lesson) during a burst of 20 concurrent parameter changes, against the
   same page at rest (goal: p50 and p90 within 2x): notebooks run in the worker's children, so the web
   processes stay responsive.

    .venv/bin/python bench/bench_notebooks.py [--seconds 5] [--burst 20] [--postgres]

Needs wrk (Debian: apt-get install wrk). Exit status 1 if a goal is missed or a request failed.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pages import (  # noqa: E402 - the shared set-up of bench_pages.py
    ROOT,
    Browser,
    build,
    drain,
    environment,
    fetch,
    free_port,
    manage,
    prepare_postgres,
    start_server,
    wrk,
)

NOTEBOOK = "/notebooks/returns-volatility-drawdown/"
LESSON = "/lessons/liquidity-ratios/"


def off_grid(window: int, ticker: str = "MSFT") -> str:
    return f"{NOTEBOOK}?ticker={ticker}&start=2005-01-03&end=2009-12-31&window={window}"


def until_done(port: int, path: str, timeout: float = 60.0, poll: float = 0.05) -> tuple[float, str]:
    """Ask for a page until it shows finished outputs (the page itself polls every second; the latency
    measurement polls faster, to see when the run ends); (seconds, status)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        status, html = fetch(port, path)
        state = re.search(r'id="nb-outputs"[^>]*data-status="([a-z]+)"', html)
        state = state.group(1) if state else f"http {status}"
        if state not in ("queued", "running"):
            return time.perf_counter() - started, state
        time.sleep(poll)
    return time.perf_counter() - started, "timed out"


def latencies(port: int, path: str, stop: threading.Event | None = None, count: int = 60) -> list[float]:
    tab = Browser(port, "")
    tab.cookies.clear()
    found = []
    while (stop is None and len(found) < count) or (stop is not None and not stop.is_set()):
        status, _, elapsed = tab.request("GET", path)
        if status == 200:
            found.append(elapsed)
        time.sleep(0.02)
    return found


def p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--burst", type=int, default=20)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/finfluency_bench_notebooks"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed (Debian: apt-get install wrk)", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="finfluency-bench-notebooks-"))
    env = environment(args, workdir)
    env.update(NOTEBOOK_RUNS_PER_HOUR="100000", NOTEBOOK_MAX_QUEUED="1000")
    if args.postgres:
        prepare_postgres(args.database_url, args.redis_url)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "sync_content", "-v0")
    sessions = build(env, 0)
    cookie = f"sessionid={sessions['light']}"
    port = free_port()
    server = start_server(env, port, 2)
    worker = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "db_worker",
            "--interval",
            "0.1",
            "--no-reload",
            "--no-startup-delay",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    failed = False
    try:
        for path in (LESSON, NOTEBOOK):
            status, html = fetch(port, path)
            assert status == 200 and 'data-status="ok"' in html or path == LESSON, f"{path}: {status}"
            wrk(port, path, "", 1, 4)
            wrk(port, path, cookie, 1, 4)
            drain(port)

        print(f"\n1. default view vs lesson page (wrk -c{args.connections}, {args.seconds} s each)")
        for who, jar in (("visitor", ""), ("signed in", cookie)):
            lesson = wrk(port, LESSON, jar, args.seconds, args.connections)
            drain(port)
            notebook = wrk(port, NOTEBOOK, jar, args.seconds, args.connections)
            drain(port)
            ratio = lesson.rps / notebook.rps if notebook.rps else float("inf")
            ok = ratio <= 1.5 and not (lesson.errors or notebook.errors)
            failed |= not ok
            print(
                f"   {who:9}: lesson {lesson.rps:7.0f} req/s (p50 {lesson.p50_ms:.1f} ms), notebook "
                f"{notebook.rps:7.0f} req/s (p50 {notebook.p50_ms:.1f} ms): the notebook costs {ratio:.2f}x "
                f"(goal at most 1.5x){'' if ok else '  MISSED'}"
            )

        print("\n2. a run off the published grid, warm worker (request to outputs, polling as the page does)")
        times = []
        for window in (23, 29, 37, 41, 47):
            seconds, state = until_done(port, off_grid(window))
            failed |= state != "ok"
            times.append(seconds)
        print(f"   {len(times)} runs: median {statistics.median(times):.2f} s, slowest {max(times):.2f} s")

        print(f"\n3. the lesson page during a burst of {args.burst} concurrent parameter changes")
        rest = latencies(port, LESSON)
        stop = threading.Event()
        during: list[float] = []
        probe = threading.Thread(target=lambda: during.extend(latencies(port, LESSON, stop)))
        probe.start()
        results: list[tuple[float, str]] = []
        burst = [
            threading.Thread(target=lambda w=w: results.append(until_done(port, off_grid(w, "IBM"), 180, 1)))
            for w in range(60, 60 + args.burst)
        ]
        started = time.perf_counter()
        for thread in burst:
            thread.start()
        for thread in burst:
            thread.join()
        burst_seconds = time.perf_counter() - started
        stop.set()
        probe.join()
        states = [state for _, state in results]
        failed |= any(state != "ok" for state in states)
        ratio50, ratio90 = p(during, 50) / p(rest, 50), p(during, 90) / p(rest, 90)
        ok = ratio50 <= 2 and ratio90 <= 2
        failed |= not ok
        print(
            f"   burst: {states.count('ok')} of {len(states)} runs ok in {burst_seconds:.1f} s; "
            f"lesson at rest p50 {p(rest, 50):.1f} ms p90 {p(rest, 90):.1f} ms, "
            f"during the burst p50 {p(during, 50):.1f} ms p90 {p(during, 90):.1f} ms "
            f"({len(during)} requests): {ratio50:.2f}x / {ratio90:.2f}x "
            f"(goal at most 2x){'' if ok else '  MISSED'}"
        )
    finally:
        worker.terminate()
        server.terminate()
        for process in (worker, server):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
