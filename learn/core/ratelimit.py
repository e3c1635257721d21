"""Fixed-window rate limits in the cache, for actions that send e-mail (sign-up, password reset).

``allow("signup-ip", address, limit=10)`` counts one attempt under that key in the current window and says
whether it is within the limit. The counter lives in the default cache, so with Redis (``REDIS_URL``) every
app server shares it; with the per-process local-memory cache of a laptop install each process counts on
its own, which is enough for one learner. Keys are hashed, so an e-mail address never sits in the cache.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache

HOUR = 3600


def allow(scope: str, key: str, *, limit: int, period: int = HOUR) -> bool:
    """Count an attempt by ``key`` in ``scope``; False once more than ``limit`` fall in one window."""
    if limit <= 0:
        return True  # 0 turns the limit off
    digest = hashlib.sha256(f"{scope}\0{key}".encode()).hexdigest()[:32]
    window = int(time.time() // period)
    name = f"ratelimit:{scope}:{digest}:{window}"
    cache.add(name, 0, timeout=period + 60)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr: this is the window's first attempt
        cache.set(name, 1, timeout=period + 60)
        count = 1
    return count <= limit
