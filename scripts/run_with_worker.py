"""`make run`: the development server and one notebook worker (``manage.py db_worker``) side by side.

Ctrl-C stops both; so does the server ending. The worker runs in its own process group, so stopping it
also stops the child its auto-reloader starts; it gets SIGTERM first (it finishes the run in hand, at
most NOTEBOOK_TIMEOUT_SECONDS), then SIGKILL. If the worker ends on its own, the server keeps serving
and notebook runs off the precomputed grid wait until a worker runs again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

STOP_WAIT = 30  # seconds for the worker to finish the run in hand


def _stop_group(proc: subprocess.Popen, wait: float) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(wait)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str]) -> int:
    # Ctrl-C and a plain kill both stop everything, even if the shell started us with SIGINT ignored.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    python = sys.executable
    worker = subprocess.Popen([python, "manage.py", "db_worker", "--interval", "0.5"], start_new_session=True)
    server = subprocess.Popen([python, "manage.py", "runserver", *argv])
    warned = False
    try:
        while server.poll() is None:
            if worker.poll() is not None and not warned:
                print(f"The notebook worker ended (status {worker.returncode}); the server keeps running.",
                      file=sys.stderr)  # fmt: skip
                warned = True
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass  # the server got the same Ctrl-C (same process group)
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):  # a second Ctrl-C must not cut the shutdown short
            signal.signal(sig, signal.SIG_IGN)
        _stop_group(worker, STOP_WAIT)
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
    return server.returncode or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
