"""Page throughput against a trivial Django view served by the same server in the same run (issue 13).

It builds its own database (the real content plus generated learners), starts gunicorn (2 sync workers,
DEBUG=False, a free loopback port) with bench/pages_site.py, which adds a trivial "ok" view for this run
only, drives every page with wrk for a bounded time, and prints each page's requests per second as a share
of the trivial view's (anonymous pages against the anonymous trivial view, signed-in pages against the
signed-in one), with p50/p99 latency, errors, the goal and whether it is met. Review submissions are
timed from client threads (p99 against a trivial POST through the same CSRF and session middleware).
A signed-in learner's pages come from their own cache until they post something; the time of each
signed-in page rendered afresh, right after a post, is printed too (report only: no goal).
Each gunicorn worker's peak memory (VmHWM) is printed at the end.

    .venv/bin/python bench/bench_pages.py                   # SQLite (a temporary file), 10 s a page
    .venv/bin/python bench/bench_pages.py --postgres        # PostgreSQL + Redis (see PG_URL, REDIS_URL)
    .venv/bin/python bench/bench_pages.py --seconds 5 --connections 32 --repeat 2

Needs wrk (Debian: apt-get install wrk). The goals are ratios, never absolute times: two runs on one
machine can differ by 10-20% in absolute terms, much less in ratio. Exit status 1 if a goal is
missed or any request failed.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
PG_URL = "postgres://postgres@127.0.0.1:5432/finfluency_bench_pages"
REDIS_URL = "redis://127.0.0.1:6379/14"

# (name, path, signed in as, goal as a share of the trivial view of the same kind; None: report only)
PAGES = [
    ("trivial view", "/__bench__/ok", None, None),
    ("home", "/", None, 0.8),
    ("track", "/tracks/balance-sheet/", None, 0.8),
    ("lesson", "/lessons/liquidity-ratios/", None, 0.8),
    ("glossary", "/glossary/", None, 0.8),
    ("trivial view, signed in", "/__bench__/ok", "light", None),
    ("lesson, signed in", "/lessons/liquidity-ratios/", "light", 0.5),
    ("review page, signed in", "/review/", "light", 0.4),
    ("dashboard, 2,000 cards / 20,000 reviews", "/dashboard/", "heavy", 0.25),
]


@dataclass
class Result:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(args, workdir: Path) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pages_site",
        "PYTHONPATH": os.pathsep.join([str(BENCH), str(ROOT)]),
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "SESSION_COOKIE_SECURE": "False",
        "CSRF_COOKIE_SECURE": "False",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_MANIFEST": "False",
        "CONTENT_AUTO_SYNC": "False",
        "MARKET_LIVE": "False",
        "LOG_LEVEL": "WARNING",
        "RATELIMIT_SIGNUP_PER_IP": "0",
    }
    if args.postgres:
        env["DATABASE_URL"], env["REDIS_URL"] = args.database_url, args.redis_url
    else:
        env.pop("DATABASE_URL", None)
        env.pop("REDIS_URL", None)
        env["SQLITE_PATH"] = str(workdir / "bench.sqlite3")
    return env


def manage(env: dict, *command: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *command], env=env, check=True, cwd=ROOT)


def prepare_postgres(url: str, redis_url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    import redis

    redis.Redis.from_url(redis_url).flushdb()


def build(env: dict, raters: int) -> dict[str, str]:
    out = subprocess.run(
        [sys.executable, str(BENCH / "pages_data.py"), str(raters)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {m[1]: m[2] for m in re.finditer(r"^SESSION (\S+) (\S+)$", out, re.M)}


def start_server(env: dict, port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "learn.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--worker-class=sync",
            "--access-logfile=-" if os.environ.get("BENCH_ACCESS_LOG") else "--log-level=warning",
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


def fetch(port: int, path: str, cookie: str = "") -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = conn.getresponse()
    return response.status, response.read().decode("utf-8", "replace")


def wrk(port: int, path: str, cookie: str, seconds: int, connections: int) -> Result:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout

    def latency(pct: str) -> float:
        value, unit = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return Result(
        name=path,
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        p50_ms=latency("50"),
        p99_ms=latency("99"),
        errors=errors,
        requests=int(re.search(r"(\d+) requests in", out).group(1)),
    )


def drain(port: int, limit: float = 120.0) -> None:
    """Wait until the server has worked off the requests wrk left queued when it stopped (their connections
    are gone, but the workers still render them), so that they do not count against the next page."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        started = time.perf_counter()
        fetch(port, "/__bench__/ok")
        if time.perf_counter() - started < 0.05:
            return
        time.sleep(0.2)


class Browser:
    """One keep-alive connection with its own cookies, like one learner's tab."""

    def __init__(self, port: int, session: str) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies = {"sessionid": session}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, float]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            from urllib.parse import urlencode

            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        elapsed = (time.perf_counter() - started) * 1000
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, text, elapsed


def field(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]+)"', html)
    if not match:
        raise RuntimeError(f"no {name} field in the page")
    return match.group(1)


def submissions(port: int, sessions: list[str], per_learner: int) -> tuple[list[float], list[float], int]:
    """Each thread is one learner answering and rating due cards; also times a trivial POST each round."""
    rate_ms: list[float] = []
    trivial_ms: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def learner(session: str) -> None:
        tab = Browser(port, session)
        for _ in range(per_learner):
            status, page, _ = tab.request("GET", "/review/")
            try:
                token, csrf = field(page, "token"), field(page, "csrfmiddlewaretoken")
            except RuntimeError:
                with lock:
                    errors[0] += 1
                return
            status_a, _, _ = tab.request(
                "POST", "/review/answer", {"token": token, "response": "true", "csrfmiddlewaretoken": csrf}
            )
            status_r, _, rate = tab.request(
                "POST", "/review/rate", {"token": token, "rating": "3", "csrfmiddlewaretoken": csrf}
            )
            status_t, _, trivial = tab.request("POST", "/__bench__/ok", {"csrfmiddlewaretoken": csrf})
            with lock:
                rate_ms.append(rate)
                trivial_ms.append(trivial)
                errors[0] += sum(s >= 400 for s in (status, status_a, status_r, status_t))

    threads = [threading.Thread(target=learner, args=(s,)) for s in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return rate_ms, trivial_ms, errors[0]


def after_change(port: int, session: str, path: str, rounds: int) -> float:
    """Median ms of a GET of ``path`` right after the learner posted something (so their cached pages are
    old and this one is rendered afresh), one request at a time: what a learner waits for the first
    time they open the page after a review."""
    tab = Browser(port, session)
    _, page, _ = tab.request("GET", "/review/settings/")
    csrf = field(page, "csrfmiddlewaretoken")
    times = []
    for _ in range(rounds):
        tab.request("POST", "/__bench__/ok", {"csrfmiddlewaretoken": csrf})
        status, _, elapsed = tab.request("GET", path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        times.append(elapsed)
    return statistics.median(times)


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98] if len(values) >= 2 else float("nan")


def peak_memory(server: subprocess.Popen) -> list[tuple[int, int]]:
    """(pid, VmHWM in KiB) of each gunicorn worker."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    pids = [int(p) for p in children.read_text().split()] if children.exists() else []
    found = []
    for pid in pids:
        status = Path(f"/proc/{pid}/status").read_text()
        found.append((pid, int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="per page (default 10)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--repeat", type=int, default=1, help="measure every page this many times, keep the best"
    )
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL + Redis instead of SQLite")
    parser.add_argument("--database-url", default=PG_URL)
    parser.add_argument("--redis-url", default=REDIS_URL)
    parser.add_argument("--raters", type=int, default=8, help="concurrent learners rating cards")
    parser.add_argument("--reviews", type=int, default=30, help="reviews each of them submits (<= questions)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed (Debian: apt-get install wrk)", file=sys.stderr)
        return 2

    workdir = Path(tempfile.mkdtemp(prefix="finfluency-bench-pages-"))
    env = environment(args, workdir)
    if args.postgres:
        prepare_postgres(args.database_url, args.redis_url)
    print(f"database: {'PostgreSQL + Redis' if args.postgres else 'SQLite ' + env['SQLITE_PATH']}")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "sync_content", "-v0")
    sessions = build(env, args.raters)
    cookies = {who: f"sessionid={key}" for who, key in sessions.items()}
    port = free_port()
    server = start_server(env, port, args.workers)
    failed = False
    try:
        for name, path, who, _ in PAGES:  # every page answers 200, signed-in pages as that learner
            status, html = fetch(port, path, cookies.get(who, ""))
            if status != 200 or (who and f"bench-{who}" not in html and path != "/__bench__/ok"):
                print(f"{name}: {path} answered {status}" + (" (not signed in)" if status == 200 else ""))
                return 1
        for _, path, who, _ in PAGES:  # warm both workers' caches and imports
            wrk(port, path, cookies.get(who, ""), 1, 4)
            drain(port)

        results: dict[str, Result] = {}
        for _ in range(args.repeat):
            for name, path, who, _ in PAGES:
                result = wrk(port, path, cookies.get(who, ""), args.seconds, args.connections)
                drain(port)
                if name not in results or result.rps > results[name].rps:
                    results[name] = result
        anon, signed = results["trivial view"], results["trivial view, signed in"]
        print(f"\n{args.workers} gunicorn sync workers, wrk -c{args.connections}, {args.seconds} s a page")
        print(f"{'page':42} {'req/s':>8} {'ratio':>6} {'goal':>6} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
        for name, _, who, goal in PAGES:
            r = results[name]
            base = signed if who else anon
            ratio = r.rps / base.rps if base.rps else 0.0
            ok = goal is None or ratio >= goal
            failed |= not ok or r.errors > 0
            mark = "" if goal is None else ("  ok" if ok else "  MISSED")
            goal_text = f"{goal:.2f}" if goal else "-"
            figures = (
                f"{r.rps:8.0f} {ratio:6.2f} {goal_text:>6} {r.p50_ms:8.1f} {r.p99_ms:8.1f} {r.errors:7d}"
            )
            print(f"{name:42} {figures}{mark}")

        raters = [key for who, key in sessions.items() if who.startswith("rater")]
        rates, trivial_posts, errors = submissions(port, raters, args.reviews)
        ratio = p99(rates) / p99(trivial_posts) if len(rates) > 1 else float("inf")
        failed |= ratio > 3 or errors > 0
        print(
            f"\nreview submissions ({len(raters)} learners at once, {len(rates)} ratings): "
            f"p99 {p99(rates):.1f} ms vs trivial POST p99 {p99(trivial_posts):.1f} ms = {ratio:.2f}x "
            f"(goal at most 3x), errors {errors}" + ("" if ratio <= 3 else "  MISSED")
        )
        print("\nfirst view after a change (a post, so not from the learner's cache), one request at a time:")
        trivial_ms = after_change(port, sessions["light"], "/__bench__/ok", 30)
        for name, path, who, _ in PAGES:
            if who and path != "/__bench__/ok":
                ms = after_change(port, sessions[who], path, 30)
                print(f"  {name:42} median {ms:7.1f} ms = {ms / trivial_ms:5.1f}x the trivial view's")
        print(f"  {'trivial view, signed in':42} median {trivial_ms:7.1f} ms")
        print(
            "\npeak memory per worker: "
            + ", ".join(f"pid {pid} {kib / 1024:.0f} MiB" for pid, kib in peak_memory(server))
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
