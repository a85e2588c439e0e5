"""Fixed-window rate limits on the shared cache (file cache by default, Redis in production, so
every server process counts together)."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache


def _key(scope: str, ident: str, window: int) -> str:
    bucket = int(time.time() // window)
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]  # no raw IPs or identifiers in keys
    return f"rl:{scope}:{digest}:{bucket}"


def hit(scope: str, ident: str, *, limit: int, window: int) -> bool:
    """Count one attempt; True while within ``limit`` attempts per ``window`` seconds."""
    key = _key(scope, ident, window)
    if cache.add(key, 1, timeout=window + 5):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        return True


def exceeded(scope: str, ident: str, *, limit: int, window: int) -> bool:
    """Whether the limit is already reached, without counting."""
    return (cache.get(_key(scope, ident, window)) or 0) >= limit


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")
